import CpioArchive
import Testing

struct CpioArchiveTests {
    func entries(_ archive: [UInt8]) throws -> [(name: [UInt8], mode: UInt32, time: UInt32, data: [UInt8])] {
        try archive.withUnsafeBytes { bytes in
            var reader = CpioReader(bytes)
            var result: [(name: [UInt8], mode: UInt32, time: UInt32, data: [UInt8])] = []
            while let entry = try reader.next() {
                result.append((Array(entry.name), entry.mode, entry.modificationTime, Array(entry.data)))
            }
            return result
        }
    }

    @Test func writtenEntriesReadBackInOrder() throws {
        var writer = CpioWriter()
        writer.append(name: Array("etc".utf8), mode: 0o040755, modificationTime: 1_000_000_000)
        writer.append(name: Array("etc/motd".utf8), mode: 0o100644, modificationTime: 42, data: Array("hello\n".utf8))
        writer.append(name: Array("etc/link".utf8), mode: 0o120777, data: Array("motd".utf8))
        writer.append(name: Array("empty".utf8), mode: 0o100600)
        writer.finish()
        #expect(writer.bytes.count % 4 == 0)
        let read = try entries(writer.bytes)
        #expect(read.map { String(decoding: $0.name, as: UTF8.self) } == ["etc", "etc/motd", "etc/link", "empty"])
        #expect(read[0].mode == 0o040755 && read[0].time == 1_000_000_000)
        #expect(read[1].data == Array("hello\n".utf8) && read[1].time == 42)
        #expect(read[2].data == Array("motd".utf8))
        #expect(read[3].data.isEmpty)
    }

    @Test func headerFieldsAreEightHexDigits() {
        var writer = CpioWriter()
        writer.append(name: Array("a".utf8), mode: 0o100644, data: [1, 2, 3])
        let header = String(decoding: writer.bytes[0..<110], as: UTF8.self)
        #expect(header.hasPrefix("070701"))
        // c_mode is the second field, c_filesize the seventh, c_namesize the twelfth.
        #expect(header.dropFirst(6 + 8).prefix(8) == "000081a4")
        #expect(header.dropFirst(6 + 6 * 8).prefix(8) == "00000003")
        #expect(header.dropFirst(6 + 11 * 8).prefix(8) == "00000002")
    }

    @Test func truncatedAndMalformedArchivesAreRejected() throws {
        var writer = CpioWriter()
        writer.append(name: Array("file".utf8), mode: 0o100644, data: Array(repeating: 7, count: 100))
        writer.finish()
        #expect(throws: CpioError.truncated) { try entries(Array(writer.bytes[0..<150])) }
        var bad = writer.bytes
        bad[0] = UInt8(ascii: "x")
        #expect(throws: CpioError.malformed) { try entries(bad) }
        bad = writer.bytes
        bad[20] = UInt8(ascii: "g")
        #expect(throws: CpioError.malformed) { try entries(bad) }
    }

    @Test func paddingBetweenArchivesIsSkipped() throws {
        var first = CpioWriter()
        first.append(name: Array("a".utf8), mode: 0o100644, data: [1])
        first.finish()
        var second = CpioWriter()
        second.append(name: Array("b".utf8), mode: 0o100644, data: [2])
        second.finish()
        // The trailer ends the first archive: what follows is not read.
        let read = try entries(first.bytes + [0, 0, 0, 0] + second.bytes)
        #expect(read.map(\.data) == [[1]])
    }
}
