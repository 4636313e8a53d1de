import DeviceTree
import Foundation
import Testing

/// The parser against the device tree qemu itself generates for the
/// machine images boot on.
struct DeviceTreeTests {
    /// Asks qemu for the DTB of `virt` with the given options.
    /// (qemu adds `bootargs` only together with `-kernel`, so this tree has none.)
    static func dumpQemuDeviceTree(memory: String = "256M", cpus: Int = 2) throws -> [UInt8] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rk-dtb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("virt.dtb")
        let qemu = Process()
        qemu.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        qemu.arguments = ["qemu-system-riscv64", "-machine", "virt,dumpdtb=\(file.path)", "-m", memory,
                          "-smp", "\(cpus)", "-display", "none"]
        qemu.standardOutput = FileHandle.nullDevice
        qemu.standardError = FileHandle.nullDevice
        try qemu.run()
        qemu.waitUntilExit()
        return Array(try Data(contentsOf: file))
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test func findsWhatTheKernelNeedsInQemusTree() throws {
        let blob = try Self.dumpQemuDeviceTree()
        try blob.withUnsafeBytes { bytes in
            let tree = try #require(DeviceTree(bytes: bytes))

            let memory = try #require(tree.node(atPath: "/memory")?.register())
            #expect(memory.address == 0x8000_0000)
            #expect(memory.size == 256 << 20)

            let chosen = try #require(tree.node(atPath: "/chosen"))
            #expect((chosen.property("rng-seed")?.count ?? 0) >= 32)
            let stdoutPath = try #require(chosen.property("stdout-path"))
            #expect(Self.string(UnsafeRawBufferPointer(rebasing: stdoutPath.dropLast())) == "/soc/serial@10000000")

            let uart = try #require(tree.firstNode(compatibleWith: "ns16550a"))
            #expect(uart.register()?.address == 0x1000_0000)
            #expect(uart.u32("interrupts") == 10)
            #expect(tree.firstNode(compatibleWith: "sifive,test0")?.register()?.address == 0x10_0000)
            #expect(tree.firstNode(compatibleWith: "google,goldfish-rtc")?.register()?.address == 0x10_1000)
            #expect(tree.node(atPath: "/cpus")?.u32("timebase-frequency") == 10_000_000)

            var virtioSlots: [UInt64] = []
            var cpus = 0
            tree.forEachNode { node in
                if node.isCompatible(with: "virtio,mmio"), let reg = node.register() { virtioSlots.append(reg.address) }
                if node.isCompatible(with: "riscv") { cpus += 1 }
                return true
            }
            #expect(virtioSlots.count == 8)
            #expect(virtioSlots.contains(0x1000_1000))
            #expect(cpus == 2)
        }
    }

    @Test func pathComponentsMatchWithOrWithoutUnitAddress() throws {
        let blob = try Self.dumpQemuDeviceTree()
        try blob.withUnsafeBytes { bytes in
            let tree = try #require(DeviceTree(bytes: bytes))
            #expect(tree.node(atPath: "/soc/serial") != nil)
            #expect(tree.node(atPath: "/soc/serial@10000000") != nil)
            #expect(tree.node(atPath: "/soc/serial@10000001") == nil)
            #expect(tree.node(atPath: "/no-such-node") == nil)
        }
    }

    @Test func stopsWalkingWhenAsked() throws {
        let blob = try Self.dumpQemuDeviceTree()
        try blob.withUnsafeBytes { bytes in
            let tree = try #require(DeviceTree(bytes: bytes))
            var visited = 0
            tree.forEachNode { _ in
                visited += 1
                return visited < 3
            }
            #expect(visited == 3)
        }
    }

    @Test func rejectsBlobsThatAreNotDeviceTrees() throws {
        var blob = try Self.dumpQemuDeviceTree()
        blob.withUnsafeBytes { #expect(DeviceTree(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(20))) == nil) }
        // Cut inside the structure block (qemu pads its blob to 1 MiB).
        blob.withUnsafeBytes { #expect(DeviceTree(bytes: UnsafeRawBufferPointer(rebasing: $0.prefix(1000))) == nil) }
        blob[0] = 0
        blob.withUnsafeBytes { #expect(DeviceTree(bytes: $0) == nil) }
    }
}
