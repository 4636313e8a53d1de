import CpioArchive
import Foundation
import Testing
@testable import RunikraftTool

struct RootFilesystemArchiveTests {
    @Test func packsTypesModesAndTimesParentsFirst() throws {
        let root = NSTemporaryDirectory() + "rootfs-test-\(UUID().uuidString)"
        let manager = FileManager.default
        try manager.createDirectory(atPath: root + "/etc/conf.d", withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: root) }
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/motd"))
        try manager.setAttributes(
            [.posixPermissions: 0o640, .modificationDate: Date(timeIntervalSince1970: 1_000_000_000)],
            ofItemAtPath: root + "/etc/motd")
        try manager.createSymbolicLink(atPath: root + "/etc/link", withDestinationPath: "motd")

        let archive = try RootFilesystemArchive.pack(directory: root)
        var found: [(String, UInt32, UInt32, [UInt8])] = []
        try archive.withUnsafeBytes { bytes in
            var reader = CpioReader(bytes)
            while let entry = try reader.next() {
                found.append((String(decoding: entry.name, as: UTF8.self), entry.mode, entry.modificationTime, Array(entry.data)))
            }
        }
        #expect(found.map(\.0) == ["etc", "etc/conf.d", "etc/link", "etc/motd"])
        #expect(found[0].1 & 0o170000 == 0o040000)
        #expect(found[2].1 & 0o170000 == 0o120000 && found[2].3 == Array("motd".utf8))
        #expect(found[3].1 == 0o100640 && found[3].2 == 1_000_000_000 && found[3].3 == Array("hello\n".utf8))
    }

    @Test func refusesAMissingFolder() {
        #expect(throws: ToolError.self) { try RootFilesystemArchive.pack(directory: "/nonexistent/rootfs") }
    }
}
