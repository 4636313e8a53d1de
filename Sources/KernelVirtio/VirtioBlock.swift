import KernelScheduler
import LinuxABI
import Virtio

/// virtio-blk (virtio 1.2 §5.2): requests on queue 0, each a chain of a
/// header the device reads, the data buffers, and a status byte it
/// writes. Up to `slotCount` requests are in flight at once, each with its
/// own slot (header, status, indirect table); a whole batch is submitted,
/// the device told once, and the caller sleeps until the completions come.
/// A chain is one indirect descriptor where the device offers them
/// (§2.7.5.3), else a direct chain. Whichever waiter runs first takes the
/// completions off the used ring and marks their slots finished.
public final class VirtioBlock: BlockDevice {
    /// §5.2.3 feature bits.
    enum Feature {
        static let sizeMax: UInt64 = 1 << 1
        static let segmentMax: UInt64 = 1 << 2
        static let readOnly: UInt64 = 1 << 5
        static let flush: UInt64 = 1 << 9
    }

    /// §5.2.4 configuration offsets.
    enum Config {
        static let capacity: UInt = 0
        static let sizeMax: UInt = 8
        static let segmentMax: UInt = 12
    }

    /// §5.2.6 request types and status values.
    enum Request {
        static let read: UInt32 = 0
        static let write: UInt32 = 1
        static let flush: UInt32 = 4
        static let getID: UInt32 = 8
        static let idSize = 20
        static let headerSize = 16
        static let statusOK: UInt8 = 0
        static let statusUnsupported: UInt8 = 2
    }

    /// One data descriptor: an address and a length.
    struct Piece {
        var address: UInt
        var length: UInt32
    }

    static let queueSize: UInt16 = 128
    static let slotCount = 32
    /// Where a slot's status byte and indirect table start.
    static let statusOffset = Request.headerSize
    static let tableOffset = 32

    public let sectorSize = 512
    public let sectorCount: UInt64
    public let isReadOnly: Bool
    /// The device's serial number (qemu's `serial=`), without padding.
    public private(set) var serial: [UInt8] = []
    /// seg_max and size_max (§5.2.4), within what a chain may hold: a chain
    /// is no longer than the queue (§2.7.5.3.1, §2.7.4).
    public let maximumSegments: Int
    public let maximumSegmentBytes: Int
    let hasFlush: Bool
    let indirect: Bool
    let queue: Virtqueue
    let slots: UnsafeMutableRawPointer
    let slotBytes: Int
    var freeSlots: [Int]
    /// Per slot: whether the device has finished its request.
    var finished: [Bool]
    /// The slot of each chain in flight, by its head descriptor.
    var slotOfHead: [Int]
    /// Submitted chains the device has not been told of yet.
    var unannounced = false
    /// Threads waiting for another's slot (or descriptors) to come free.
    let slotFreed = WaitQueue()

    init?(device: MMIODevice, interrupts: Bool) {
        let wanted = Feature.readOnly | Feature.flush | Feature.segmentMax | Feature.sizeMax
            | VirtqueueLayout.indirectDescriptorsFeature
        // A request is at least three descriptors: header, data, status.
        guard let features = device.negotiate(wanted: wanted),
              let queue = Virtqueue(device: device, index: 0, maximumSize: Self.queueSize, interrupts: interrupts),
              queue.rings.size >= 3
        else { return nil }
        device.setDriverReady()
        sectorCount = device.config64(Config.capacity)
        isReadOnly = features & Feature.readOnly != 0
        hasFlush = features & Feature.flush != 0
        indirect = features & VirtqueueLayout.indirectDescriptorsFeature != 0
        // Without SEG_MAX a request has one data buffer (as Linux assumes).
        let offeredSegments = features & Feature.segmentMax != 0 ? Int(device.config32(Config.segmentMax)) : 1
        maximumSegments = max(1, min(offeredSegments, Int(queue.rings.size) - 2))
        let offeredBytes = features & Feature.sizeMax != 0 ? Int(device.config32(Config.sizeMax)) : Int(Int32.max)
        maximumSegmentBytes = max(sectorSize, offeredBytes / sectorSize * sectorSize)
        self.queue = queue
        slotBytes = (Self.tableOffset + (maximumSegments + 2) * 16 + 15) & ~15
        slots = UnsafeMutableRawPointer.allocate(byteCount: slotBytes * Self.slotCount, alignment: 16)
        freeSlots = Array(0..<Self.slotCount)
        finished = [Bool](repeating: false, count: Self.slotCount)
        slotOfHead = [Int](repeating: 0, count: Int(queue.rings.size))
        let id = UnsafeMutableRawBufferPointer.allocate(byteCount: Request.idSize, alignment: 8)
        defer { id.deallocate() }
        id.initializeMemory(as: UInt8.self, repeating: 0)
        // A device without GET_ID (§5.2.6: optional) has no serial.
        let piece = Piece(address: UInt(bitPattern: id.baseAddress), length: UInt32(Request.idSize))
        if performOne(Request.getID, sector: 0, [piece], deviceWrites: true) == nil {
            serial = Array(id.prefix { $0 != 0 })
        }
    }

    public func perform(_ requests: [BlockRequest]) throws(Errno) {
        for request in requests {
            guard !request.isWrite || !isReadOnly else { throw .EROFS }
            var bytes = 0
            for buffer in request.buffers {
                guard buffer.count % sectorSize == 0 else { throw .EINVAL }
                bytes += buffer.count
            }
            let sectors = UInt64(bytes / sectorSize)
            guard request.sector <= sectorCount, sectors <= sectorCount - request.sector else { throw .EIO }
        }
        var inFlight: [Int] = []
        var failure: Errno?
        for request in requests {
            let pieces = Self.pieces(of: request.buffers, at: maximumSegmentBytes)
            var sector = request.sector
            var start = 0
            while start < pieces.count {
                let end = min(start + maximumSegments, pieces.count)
                let slot = submit(request.isWrite ? Request.write : Request.read, sector: sector,
                                  pieces[start..<end], deviceWrites: !request.isWrite, inFlight: &inFlight, failure: &failure)
                inFlight.append(slot)
                for piece in pieces[start..<end] { sector += UInt64(piece.length) / UInt64(sectorSize) }
                start = end
            }
        }
        for slot in inFlight {
            if let error = finish(slot), failure == nil { failure = error }
        }
        if let failure { throw failure }
    }

    /// Without the flush feature the device writes through (§5.2.6.2), so
    /// a finished write is already stable.
    public func flush() throws(Errno) {
        guard hasFlush else { return }
        if let error = performOne(Request.flush, sector: 0, [], deviceWrites: false) { throw error }
    }

    /// `buffers` as descriptors of at most `limit` bytes (a multiple of the
    /// sector size, so every piece is whole sectors).
    static func pieces(of buffers: [UnsafeMutableRawBufferPointer], at limit: Int) -> [Piece] {
        var pieces: [Piece] = []
        pieces.reserveCapacity(buffers.count)
        for buffer in buffers {
            var offset = 0
            while offset < buffer.count {
                let length = min(limit, buffer.count - offset)
                pieces.append(Piece(address: UInt(bitPattern: buffer.baseAddress) + UInt(offset), length: UInt32(length)))
                offset += length
            }
        }
        return pieces
    }

    private func performOne(_ type: UInt32, sector: UInt64, _ pieces: [Piece], deviceWrites: Bool) -> Errno? {
        var inFlight: [Int] = []
        var failure: Errno?
        let slot = submit(type, sector: sector, pieces[...], deviceWrites: deviceWrites, inFlight: &inFlight, failure: &failure)
        let error = finish(slot)
        return failure ?? error
    }

    private func slot(_ index: Int) -> UnsafeMutableRawPointer { slots + index * slotBytes }

    /// Places one request in a free slot and makes it available; when no
    /// slot or too few descriptors are free, finishes the caller's oldest
    /// request in flight first (its outcome goes to `failure`) or waits
    /// for another thread's.
    private func submit(
        _ type: UInt32, sector: UInt64, _ pieces: ArraySlice<Piece>, deviceWrites: Bool,
        inFlight: inout [Int], failure: inout Errno?
    ) -> Int {
        let count = pieces.count + 2
        while freeSlots.isEmpty || Int(queue.rings.freeCount) < (indirect ? 1 : count) {
            if !inFlight.isEmpty {
                if let error = finish(inFlight.removeFirst()), failure == nil { failure = error }
            } else {
                waitForRelease()
            }
        }
        let index = freeSlots.removeLast()
        let memory = slot(index)
        memory.storeBytes(of: type, toByteOffset: 0, as: UInt32.self)
        memory.storeBytes(of: 0, toByteOffset: 4, as: UInt32.self)
        memory.storeBytes(of: sector, toByteOffset: 8, as: UInt64.self)
        memory.storeBytes(of: 0xff, toByteOffset: Self.statusOffset, as: UInt8.self)
        finished[index] = false
        let base = UInt(bitPattern: memory)
        let first = pieces.startIndex
        let buffer = { (part: Int) -> SplitVirtqueue<DeviceMemory>.Buffer in
            if part == 0 { return .init(address: base, length: UInt32(Request.headerSize), deviceWrites: false) }
            if part == count - 1 { return .init(address: base + UInt(Self.statusOffset), length: 1, deviceWrites: true) }
            let piece = pieces[first + part - 1]
            return .init(address: piece.address, length: piece.length, deviceWrites: deviceWrites)
        }
        let head = indirect
            ? queue.rings.submitIndirect(table: base + UInt(Self.tableOffset), count: count, buffer)
            : queue.rings.submit(count: count, buffer)
        // The loop above made room for the chain.
        slotOfHead[Int(head!)] = index
        unannounced = true
        return index
    }

    /// Waits for the request in `slot` and frees the slot; returns its
    /// failure, if any.
    private func finish(_ slot: Int) -> Errno? {
        announce()
        queue.wait {
            takeCompletions()
            return finished[slot]
        }
        let status = self.slot(slot).load(fromByteOffset: Self.statusOffset, as: UInt8.self)
        freeSlots.append(slot)
        slotFreed.wake()
        switch status {
        case Request.statusOK: return nil
        case Request.statusUnsupported: return .EOPNOTSUPP
        default: return .EIO
        }
    }

    /// Tells the device of the chains submitted since the last time: one
    /// notification for a whole batch.
    private func announce() {
        guard unannounced else { return }
        unannounced = false
        queue.notifyDevice()
    }

    /// Marks the slots of the chains the device finished. Sleepers are
    /// woken: a completion taken here may be another thread's.
    private func takeCompletions() {
        var any = false
        while let completion = queue.rings.takeCompletion() {
            finished[slotOfHead[Int(completion.head)]] = true
            any = true
        }
        if any { queue.waiters.wake() }
    }

    /// Waits until another thread frees a slot. A pending signal refuses
    /// the sleep: then the completions are taken here and the processor
    /// offered to the slots' owners.
    private func waitForRelease() {
        announce()
        if Scheduler.current != nil, Scheduler.block(on: slotFreed) != .interrupted { return }
        takeCompletions()
        _ = queue.device.acknowledgeInterrupt()
        Scheduler.yield()
    }
}
