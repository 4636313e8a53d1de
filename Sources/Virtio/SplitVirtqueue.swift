/// A split virtqueue (virtio 1.2 §2.7): the descriptor table, the driver's
/// ("available") ring and the device's ("used") ring, laid out in one
/// zeroed block as the legacy interface requires (§2.7.2: the used ring on
/// the next `alignment` boundary), which the modern interface accepts too.
///
/// Free descriptors form a list linked through their own `next` fields, so
/// a chain taken from the head of the list is already linked; a finished
/// chain goes back to the head the same way. Indexes are free-running
/// 16-bit counters, compared for equality and reduced modulo the size only
/// to address a ring slot (§2.7.6, §2.7.8).
public struct SplitVirtqueue<Memory: SharedMemory> {
    /// One buffer of a request: the device reads it, or (`deviceWrites`)
    /// fills it.
    public struct Buffer {
        public var address: UInt
        public var length: UInt32
        public var deviceWrites: Bool

        public init(address: UInt, length: UInt32, deviceWrites: Bool) {
            self.address = address
            self.length = length
            self.deviceWrites = deviceWrites
        }
    }

    /// A chain the device has finished with: its first descriptor and the
    /// bytes the device wrote into it.
    public struct Completion: Equatable {
        public var head: UInt16
        public var writtenLength: UInt32

        public init(head: UInt16, writtenLength: UInt32) {
            self.head = head
            self.writtenLength = writtenLength
        }
    }


    public let size: UInt16
    public let descriptorTable: UInt
    public let availableRing: UInt
    public let usedRing: UInt
    public var rings: VirtqueueRings {
        VirtqueueRings(size: size, descriptorTable: descriptorTable, availableRing: availableRing, usedRing: usedRing)
    }
    public private(set) var freeCount: UInt16
    private var freeHead: UInt16
    /// The driver's next available index, and the next used index it has
    /// not yet consumed.
    private var nextAvailable: UInt16 = 0
    private var nextUsed: UInt16 = 0

    /// Bytes the three parts take for `size` entries (§2.7.2's formula).
    public static func byteCount(size: UInt16) -> Int {
        Int(usedOffset(size: size) + align(6 + 8 * UInt(size)))
    }

    static func usedOffset(size: UInt16) -> UInt {
        align(VirtqueueLayout.descriptorSize * UInt(size) + 6 + 2 * UInt(size))
    }

    static func align(_ value: UInt) -> UInt {
        (value + VirtqueueLayout.alignment - 1) & ~(VirtqueueLayout.alignment - 1)
    }

    /// A queue of `size` entries (a power of two, §2.7) in the zeroed block
    /// at `base` (`byteCount(size:)` bytes, `VirtqueueLayout.alignment`-aligned). Without
    /// `interrupts` the device is asked not to interrupt; the driver polls.
    public init(size: UInt16, base: UInt, interrupts: Bool) {
        self.size = size
        descriptorTable = base
        availableRing = base + VirtqueueLayout.descriptorSize * UInt(size)
        usedRing = base + Self.usedOffset(size: size)
        freeCount = size
        freeHead = 0
        for index in 0..<size {
            Memory.store16(descriptor(index) + 14, index &+ 1)
        }
        Memory.store16(availableRing, interrupts ? 0 : VirtqueueLayout.noInterrupt)
    }

    private func descriptor(_ index: UInt16) -> UInt {
        descriptorTable + VirtqueueLayout.descriptorSize * UInt(index)
    }

    /// Places a chain of `count` buffers (`buffer(i)` gives the i-th, those
    /// the device reads first, §2.7.4.2) and makes it available. Returns
    /// the chain's head, or nil when too few descriptors are free. The
    /// caller notifies the device afterwards.
    public mutating func submit(count: Int, _ buffer: (Int) -> Buffer) -> UInt16? {
        guard count > 0, count <= Int(freeCount) else { return nil }
        let head = freeHead
        var index = head
        for position in 0..<count {
            let part = buffer(position)
            let address = descriptor(index)
            Memory.store64(address, UInt64(Memory.deviceAddress(part.address)))
            Memory.store32(address + 8, part.length)
            var flags: UInt16 = part.deviceWrites ? VirtqueueLayout.DescriptorFlag.write : 0
            if position < count - 1 { flags |= VirtqueueLayout.DescriptorFlag.next }
            Memory.store16(address + 12, flags)
            // The free list's link is the chain's link already.
            index = Memory.load16(address + 14)
        }
        freeHead = index
        freeCount -= UInt16(count)
        publish(head)
        return head
    }

    /// Places a chain of `count` buffers as an indirect table (§2.7.5.3):
    /// the buffers' descriptors go into `table` (room for `count` entries
    /// of 16 bytes, 16-byte aligned, the driver's until the chain
    /// completes) and the ring takes one descriptor pointing at it. Returns
    /// the head, or nil when no descriptor is free. Needs
    /// VIRTIO_F_INDIRECT_DESC; `count` may not exceed the queue's size.
    public mutating func submitIndirect(table: UInt, count: Int, _ buffer: (Int) -> Buffer) -> UInt16? {
        guard count > 0, count <= Int(size), freeCount > 0 else { return nil }
        for position in 0..<count {
            let part = buffer(position)
            let address = table + VirtqueueLayout.descriptorSize * UInt(position)
            Memory.store64(address, UInt64(Memory.deviceAddress(part.address)))
            Memory.store32(address + 8, part.length)
            var flags: UInt16 = part.deviceWrites ? VirtqueueLayout.DescriptorFlag.write : 0
            if position < count - 1 { flags |= VirtqueueLayout.DescriptorFlag.next }
            Memory.store16(address + 12, flags)
            Memory.store16(address + 14, UInt16(position + 1))
        }
        let head = freeHead
        let address = descriptor(head)
        Memory.store64(address, UInt64(Memory.deviceAddress(table)))
        Memory.store32(address + 8, UInt32(count) * UInt32(VirtqueueLayout.descriptorSize))
        // §2.7.5.3.1: INDIRECT alone, never with NEXT or WRITE.
        Memory.store16(address + 12, VirtqueueLayout.DescriptorFlag.indirect)
        freeHead = Memory.load16(address + 14)
        freeCount -= 1
        publish(head)
        return head
    }

    /// Makes the chain at `head` available to the device.
    private mutating func publish(_ head: UInt16) {
        Memory.store16(availableRing + 4 + 2 * UInt(nextAvailable % size), head)
        nextAvailable &+= 1
        // The device must see the ring entry before the index that covers it.
        Memory.fence()
        Memory.store16(availableRing + 2, nextAvailable)
        Memory.fence()
    }

    /// Whether the device has finished a chain not yet taken.
    public var hasCompletion: Bool {
        Memory.load16(usedRing + 2) != nextUsed
    }

    /// Takes the next finished chain and frees its descriptors; nil when
    /// the device has finished none since the last call.
    public mutating func takeCompletion() -> Completion? {
        guard hasCompletion else { return nil }
        // The entry is read only after the index that covers it.
        Memory.fence()
        let entry = usedRing + 4 + 8 * UInt(nextUsed % size)
        let head = UInt16(truncatingIfNeeded: Memory.load32(entry))
        let length = Memory.load32(entry + 4)
        nextUsed &+= 1
        release(chainAt: head)
        return Completion(head: head, writtenLength: length)
    }

    private mutating func release(chainAt head: UInt16) {
        var last = head
        var count: UInt16 = 1
        while Memory.load16(descriptor(last) + 12) & VirtqueueLayout.DescriptorFlag.next != 0 {
            last = Memory.load16(descriptor(last) + 14)
            count += 1
        }
        Memory.store16(descriptor(last) + 14, freeHead)
        freeHead = head
        freeCount += count
    }
}

public enum VirtqueueLayout {
    /// Where the used ring starts and how queue blocks are aligned: the
    /// legacy interface's QueueAlign and GuestPageSize, written as this.
    public static let alignment: UInt = 4096
    static let descriptorSize: UInt = 16
    /// §6 (reserved feature bits): VIRTIO_F_INDIRECT_DESC, which
    /// `submitIndirect` needs.
    public static let indirectDescriptorsFeature: UInt64 = 1 << 28
    /// §2.7.6: VIRTQ_AVAIL_F_NO_INTERRUPT.
    static let noInterrupt: UInt16 = 1

    /// §2.7.5: descriptor flags.
    enum DescriptorFlag {
        static let next: UInt16 = 1
        static let write: UInt16 = 2
        static let indirect: UInt16 = 4
    }
}

/// Where a queue's three parts are, as the transport tells the device.
public struct VirtqueueRings {
    public var size: UInt16
    public var descriptorTable: UInt
    public var availableRing: UInt
    public var usedRing: UInt

    public init(size: UInt16, descriptorTable: UInt, availableRing: UInt, usedRing: UInt) {
        self.size = size
        self.descriptorTable = descriptorTable
        self.availableRing = availableRing
        self.usedRing = usedRing
    }
}
