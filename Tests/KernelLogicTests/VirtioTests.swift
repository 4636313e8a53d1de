import Testing
import Virtio

/// Ring memory in the host's own address space: addresses are pointers.
enum HostMemory: SharedMemory {
    static func load16(_ address: UInt) -> UInt16 { UnsafePointer<UInt16>(bitPattern: address)!.pointee }
    static func load32(_ address: UInt) -> UInt32 { UnsafePointer<UInt32>(bitPattern: address)!.pointee }
    static func store16(_ address: UInt, _ value: UInt16) { UnsafeMutablePointer<UInt16>(bitPattern: address)!.pointee = value }
    static func store32(_ address: UInt, _ value: UInt32) { UnsafeMutablePointer<UInt32>(bitPattern: address)!.pointee = value }
    static func store64(_ address: UInt, _ value: UInt64) { UnsafeMutablePointer<UInt64>(bitPattern: address)!.pointee = value }
    static func fence() {}
}

/// The device's side of a split queue, read straight from the rings as a
/// device would (virtio 1.2 §2.7.7–2.7.8).
struct FakeDeviceSide {
    let queue: SplitVirtqueue<HostMemory>
    var nextAvailable: UInt16 = 0
    var nextUsed: UInt16 = 0

    struct Descriptor: Equatable {
        var address: UInt64, length: UInt32, deviceWrites: Bool
    }

    /// Takes the next available chain, if any: its head and its buffers.
    mutating func takeAvailable() -> (head: UInt16, chain: [Descriptor])? {
        let published = HostMemory.load16(queue.availableRing + 2)
        guard published != nextAvailable else { return nil }
        let head = HostMemory.load16(queue.availableRing + 4 + 2 * UInt(nextAvailable % queue.size))
        nextAvailable &+= 1
        var chain: [Descriptor] = []
        var index = head
        var table = queue.descriptorTable
        let first = queue.descriptorTable + 16 * UInt(head)
        if HostMemory.load16(first + 12) & 4 != 0 {
            // An indirect table (§2.7.5.3): the chain starts at its entry 0.
            table = UInt(UnsafePointer<UInt64>(bitPattern: first)!.pointee)
            index = 0
        }
        while true {
            let entry = table + 16 * UInt(index)
            let flags = HostMemory.load16(entry + 12)
            chain.append(Descriptor(
                address: UnsafePointer<UInt64>(bitPattern: entry)!.pointee,
                length: HostMemory.load32(entry + 8), deviceWrites: flags & 2 != 0))
            guard flags & 1 != 0 else { break }
            index = HostMemory.load16(entry + 14)
        }
        return (head, chain)
    }

    mutating func complete(head: UInt16, written: UInt32) {
        let entry = queue.usedRing + 4 + 8 * UInt(nextUsed % queue.size)
        HostMemory.store32(entry, UInt32(head))
        HostMemory.store32(entry + 4, written)
        nextUsed &+= 1
        HostMemory.store16(queue.usedRing + 2, nextUsed)
    }
}

/// A zeroed, page-aligned block for a queue of `size` entries.
func withQueueMemory<R>(size: UInt16, _ body: (UInt) -> R) -> R {
    let count = SplitVirtqueue<HostMemory>.byteCount(size: size)
    let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: Int(VirtqueueLayout.alignment))
    block.initializeMemory(as: UInt8.self, repeating: 0, count: count)
    defer { block.deallocate() }
    return body(UInt(bitPattern: block))
}

struct SplitVirtqueueTests {
    /// §2.7.2's legacy layout: descriptors, then the available ring, then
    /// the used ring on the next 4096-byte boundary.
    @Test func layoutFollowsTheLegacyFormula() {
        #expect(SplitVirtqueue<HostMemory>.byteCount(size: 8) == 8192)
        #expect(SplitVirtqueue<HostMemory>.byteCount(size: 256) == 3 * 4096)
        withQueueMemory(size: 256) { base in
            let queue = SplitVirtqueue<HostMemory>(size: 256, base: base, interrupts: true)
            #expect(queue.availableRing == base + 4096)
            #expect(queue.usedRing == base + 8192)
        }
    }

    @Test func chainReachesTheDeviceInOrderWithFlags() {
        withQueueMemory(size: 8) { base in
            var queue = SplitVirtqueue<HostMemory>(size: 8, base: base, interrupts: false)
            #expect(HostMemory.load16(queue.availableRing) == 1)   // VIRTQ_AVAIL_F_NO_INTERRUPT
            let buffers: [SplitVirtqueue<HostMemory>.Buffer] = [
                .init(address: 0x1000, length: 16, deviceWrites: false),
                .init(address: 0x2000, length: 512, deviceWrites: true),
                .init(address: 0x3000, length: 1, deviceWrites: true),
            ]
            let head = queue.submit(count: 3) { buffers[$0] }
            #expect(head == 0)
            #expect(queue.freeCount == 5)
            var device = FakeDeviceSide(queue: queue)
            let taken = device.takeAvailable()
            #expect(taken?.head == 0)
            #expect(taken?.chain == [
                .init(address: 0x1000, length: 16, deviceWrites: false),
                .init(address: 0x2000, length: 512, deviceWrites: true),
                .init(address: 0x3000, length: 1, deviceWrites: true),
            ])
            #expect(device.takeAvailable() == nil)
            #expect(!queue.hasCompletion)
            device.complete(head: 0, written: 513)
            #expect(queue.takeCompletion() == .init(head: 0, writtenLength: 513))
            #expect(queue.takeCompletion() == nil)
            #expect(queue.freeCount == 8)
        }
    }

    @Test func refusesAChainLongerThanTheFreeDescriptors() {
        withQueueMemory(size: 4) { base in
            var queue = SplitVirtqueue<HostMemory>(size: 4, base: base, interrupts: true)
            let buffer = SplitVirtqueue<HostMemory>.Buffer(address: 0x1000, length: 8, deviceWrites: false)
            #expect(queue.submit(count: 3) { _ in buffer } != nil)
            #expect(queue.submit(count: 2) { _ in buffer } == nil)
            #expect(queue.submit(count: 1) { _ in buffer } != nil)
            #expect(queue.submit(count: 1) { _ in buffer } == nil)
            #expect(queue.submit(count: 0) { _ in buffer } == nil)
        }
    }

    /// An indirect chain takes one ring descriptor however long it is; the
    /// device finds the buffers in the table, in order.
    @Test func indirectChainTakesOneDescriptor() {
        withQueueMemory(size: 4) { base in
            var queue = SplitVirtqueue<HostMemory>(size: 4, base: base, interrupts: true)
            let table = UnsafeMutableRawPointer.allocate(byteCount: 4 * 16, alignment: 16)
            defer { table.deallocate() }
            let head = queue.submitIndirect(table: UInt(bitPattern: table), count: 4) { part in
                .init(address: 0x1000 * UInt(part + 1), length: UInt32(part + 1), deviceWrites: part >= 2)
            }
            #expect(head == 0)
            #expect(queue.freeCount == 3)
            #expect(HostMemory.load16(queue.descriptorTable + 12) == 4)   // INDIRECT alone
            #expect(HostMemory.load32(queue.descriptorTable + 8) == 64)
            var device = FakeDeviceSide(queue: queue)
            #expect(device.takeAvailable()?.chain == [
                .init(address: 0x1000, length: 1, deviceWrites: false),
                .init(address: 0x2000, length: 2, deviceWrites: false),
                .init(address: 0x3000, length: 3, deviceWrites: true),
                .init(address: 0x4000, length: 4, deviceWrites: true),
            ])
            // Longer than the queue (§2.7.5.3.1 limits a chain to its size).
            #expect(queue.submitIndirect(table: UInt(bitPattern: table), count: 5) { _ in
                .init(address: 0, length: 0, deviceWrites: false) } == nil)
            device.complete(head: 0, written: 7)
            #expect(queue.takeCompletion() == .init(head: 0, writtenLength: 7))
            #expect(queue.freeCount == 4)
        }
    }

    /// Chains finished out of order return their descriptors; over 70 000
    /// requests the 16-bit indexes wrap and every ring slot is reused.
    @Test func descriptorsAreReusedAcrossIndexWraparound() {
        withQueueMemory(size: 8) { base in
            var queue = SplitVirtqueue<HostMemory>(size: 8, base: base, interrupts: true)
            var device = FakeDeviceSide(queue: queue)
            var outstanding: [UInt16] = []
            for request in 0..<70_000 {
                let length = request % 3 + 1
                guard let head = queue.submit(count: length, { part in
                    .init(address: UInt(request * 16 + part), length: UInt32(part), deviceWrites: part > 0)
                }) else {
                    Issue.record("no descriptors free at request \(request)")
                    return
                }
                let taken = device.takeAvailable()
                #expect(taken?.head == head)
                #expect(taken?.chain.count == length)
                #expect(taken?.chain.first?.address == UInt64(request * 16))
                outstanding.append(head)
                if outstanding.count == 2 {
                    // Finish the newer first.
                    device.complete(head: outstanding[1], written: 7)
                    device.complete(head: outstanding[0], written: 9)
                    #expect(queue.takeCompletion() == .init(head: outstanding[1], writtenLength: 7))
                    #expect(queue.takeCompletion() == .init(head: outstanding[0], writtenLength: 9))
                    outstanding.removeAll()
                    #expect(queue.freeCount == 8)
                }
            }
        }
    }
}

/// A virtio-mmio register window with a scripted device behind it, which
/// records the driver's writes (virtio 1.2 §4.2.2).
final class FakeRegisters: VirtioRegisters {
    var version: UInt32
    var offered: UInt64
    var acceptsFeatures = true
    var status: UInt32 = 0
    var selectedFeatureWord: UInt32 = 0
    var writes: [(UInt, UInt32)] = []

    init(version: UInt32, offered: UInt64) {
        self.version = version
        self.offered = offered
    }

    func read8(_ offset: UInt) -> UInt8 {
        UInt8(truncatingIfNeeded: read32(offset & ~3) >> (8 * UInt32(offset & 3)))
    }

    func read32(_ offset: UInt) -> UInt32 {
        switch offset {
        case 0x000: return 0x7472_6976
        case 0x004: return version
        case 0x008: return 2
        case 0x010: return UInt32(truncatingIfNeeded: offered >> (32 * UInt64(selectedFeatureWord)))
        case 0x034: return 128
        case 0x044: return 0
        case 0x070: return status
        case 0x100: return 0x1234_5678
        case 0x104: return 0x9
        default: return 0
        }
    }

    func write32(_ offset: UInt, _ value: UInt32) {
        writes.append((offset, value))
        switch offset {
        case 0x014: selectedFeatureWord = value
        case 0x070: status = value & 8 != 0 && !acceptsFeatures ? value & ~8 : value
        default: break
        }
    }

    func written(_ offset: UInt) -> [UInt32] { writes.filter { $0.0 == offset }.map(\.1) }
}

struct VirtioMMIODeviceTests {
    @Test func legacyNegotiatesThirtyTwoBitsWithoutFeaturesOK() {
        let registers = FakeRegisters(version: 1, offered: 0x0000_0001_0000_0240)
        let device = VirtioMMIODevice(registers: registers)!
        #expect(device.isLegacy)
        #expect(device.negotiate(wanted: 0x200) == 0x200)
        #expect(registers.written(0x070) == [0, 1, 3])
        #expect(registers.written(0x020) == [0x200])
        #expect(registers.written(0x028) == [4096])        // GuestPageSize
        device.setDriverReady()
        #expect(registers.status == 7)
    }

    @Test func modernAcceptsVersionOneAndChecksFeaturesOK() {
        let registers = FakeRegisters(version: 2, offered: 0x0000_0001_0000_0240)
        let device = VirtioMMIODevice(registers: registers)!
        #expect(device.negotiate(wanted: 0x200) == 0x1_0000_0200)
        #expect(registers.written(0x020) == [0x200, 1])
        #expect(registers.written(0x070) == [0, 1, 3, 11])
        #expect(registers.written(0x028).isEmpty)
        device.setDriverReady()
        #expect(registers.status == 15)
    }

    @Test func modernDeviceWithoutVersionOneOrRefusingFails() {
        let old = FakeRegisters(version: 2, offered: 0x200)
        #expect(VirtioMMIODevice(registers: old)!.negotiate(wanted: 0x200) == nil)
        #expect(old.status & 128 != 0)
        let refusing = FakeRegisters(version: 2, offered: 0x1_0000_0000)
        refusing.acceptsFeatures = false
        #expect(VirtioMMIODevice(registers: refusing)!.negotiate(wanted: 0) == nil)
        #expect(refusing.status & 128 != 0)
    }

    @Test func emptySlotAndUnknownVersionAreNotDevices() {
        #expect(VirtioMMIODevice(registers: FakeRegisters(version: 3, offered: 0)) == nil)
    }

    @Test func queueMemoryIsGivenPerLayout() {
        let rings = VirtqueueRings(
            size: 8, descriptorTable: 0x8765_4000, availableRing: 0x8765_4080, usedRing: 0x8765_5000)
        let legacy = FakeRegisters(version: 1, offered: 0)
        #expect(VirtioMMIODevice(registers: legacy)!.activate(queue: 0, rings))
        #expect(legacy.written(0x038) == [8])
        #expect(legacy.written(0x03c) == [4096])
        #expect(legacy.written(0x040) == [0x87654])
        let modern = FakeRegisters(version: 2, offered: 0)
        let high = VirtqueueRings(
            size: 8, descriptorTable: 0x12_0000_0000, availableRing: 0x12_0000_0080, usedRing: 0x12_0000_1000)
        #expect(VirtioMMIODevice(registers: modern)!.activate(queue: 0, high))
        #expect(modern.written(0x080) == [0])
        #expect(modern.written(0x084) == [0x12])
        #expect(modern.written(0x090) == [0x80])
        #expect(modern.written(0x0a0) == [0x1000])
        #expect(modern.written(0x0a4) == [0x12])
        #expect(modern.written(0x044) == [1])
        // A legacy device counts 4 KiB page frames in 32 bits: 16 TiB.
        let beyond = VirtqueueRings(
            size: 8, descriptorTable: 0x1000_0000_0000, availableRing: 0x1000_0000_0080, usedRing: 0x1000_0000_1000)
        #expect(!VirtioMMIODevice(registers: FakeRegisters(version: 1, offered: 0))!.activate(queue: 0, beyond))
    }

    @Test func configurationWordsCombine() {
        let device = VirtioMMIODevice(registers: FakeRegisters(version: 2, offered: 0))!
        #expect(device.config64(0) == 0x9_1234_5678)
        #expect(device.config8(1) == 0x56)
    }
}
