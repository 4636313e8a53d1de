import LinuxABI
import Testing

struct InitialStackTests {
    @Test func layoutIsWhatMuslReads() throws {
        let size = 4096
        let region = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { region.deallocate() }
        let bottom = UInt(bitPattern: region)
        var stack = InitialStack(bottom: bottom, top: bottom + UInt(size))

        func push(_ text: String) throws -> UInt {
            let bytes = HostBytes(Array(text.utf8))
            defer { bytes.release() }
            return try stack.pushString(bytes.buffer)
        }
        let arguments = [try push("prog"), try push("b c")]
        let environment = [try push("HOME=/")]
        let randomBytes = HostBytes([UInt8](repeating: 7, count: 16))
        defer { randomBytes.release() }
        let random = try stack.pushBytes(randomBytes.buffer)
        let sp = try stack.finish(
            arguments: arguments, environment: environment,
            auxiliary: [AuxiliaryEntry(.pageSize, 4096), AuxiliaryEntry(.random, UInt64(random))])

        #expect(sp % 16 == 0)
        let words = UnsafePointer<UInt64>(bitPattern: sp)!
        #expect(words[0] == 2)                                   // argc
        #expect(words[1] == UInt64(arguments[0]))
        #expect(words[2] == UInt64(arguments[1]))
        #expect(words[3] == 0)
        #expect(words[4] == UInt64(environment[0]))
        #expect(words[5] == 0)
        #expect(words[6] == AuxiliaryVectorTag.pageSize.rawValue)
        #expect(words[7] == 4096)
        #expect(words[8] == AuxiliaryVectorTag.random.rawValue)
        #expect(words[9] == UInt64(random))
        #expect(words[10] == AuxiliaryVectorTag.null.rawValue)
        #expect(String(cString: UnsafePointer<CChar>(bitPattern: arguments[1])!) == "b c")
        #expect(String(cString: UnsafePointer<CChar>(bitPattern: environment[0])!) == "HOME=/")
        #expect(random % 16 == 0)
        #expect(UnsafePointer<UInt8>(bitPattern: random)![15] == 7)
        // Everything lies inside the region.
        #expect(sp >= bottom)
        #expect(arguments.allSatisfy { $0 > sp && $0 < bottom + UInt(size) })
    }

    @Test func argumentsThatDoNotFitAreE2BIG() {
        let region = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { region.deallocate() }
        let bottom = UInt(bitPattern: region)
        var stack = InitialStack(bottom: bottom, top: bottom + 64)
        let long = HostBytes(Array(repeating: UInt8(ascii: "x"), count: 100))
        defer { long.release() }
        #expect(throws: Errno.E2BIG) { _ = try stack.pushString(long.buffer) }
    }
}

/// Bytes in memory the test owns, for APIs that take raw buffers.
struct HostBytes {
    let buffer: UnsafeRawBufferPointer

    init(_ bytes: [UInt8]) {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 16)
        storage.copyBytes(from: bytes)
        buffer = UnsafeRawBufferPointer(storage)
    }

    func release() { buffer.deallocate() }
}
