import KernelScheduler
import LinuxABI
import Virtio

/// virtio-blk (virtio 1.2 §5.2): requests on queue 0, each a chain of a
/// header the device reads, the data, and a status byte it writes. One
/// request is in flight at a time; its thread sleeps until the completion
/// interrupt.
public final class VirtioBlock: BlockDevice {
    /// §5.2.3 feature bits.
    enum Feature {
        static let readOnly: UInt64 = 1 << 5
        static let flush: UInt64 = 1 << 9
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

    public let sectorSize = 512
    public let sectorCount: UInt64
    public let isReadOnly: Bool
    /// The device's serial number (qemu's `serial=`), without padding.
    public private(set) var serial: [UInt8] = []
    let hasFlush: Bool
    let queue: Virtqueue
    /// Header (16 bytes) and status byte of the request in flight.
    let request: UnsafeMutableRawBufferPointer
    var busy = false
    /// Threads waiting for the request in flight to finish.
    let idle = WaitQueue()

    init?(device: MMIODevice, interrupts: Bool) {
        guard let features = device.negotiate(wanted: Feature.readOnly | Feature.flush),
              let queue = Virtqueue(device: device, index: 0, maximumSize: 16, interrupts: interrupts)
        else { return nil }
        device.setDriverReady()
        sectorCount = device.config64(0)    // capacity, in 512-byte sectors
        isReadOnly = features & Feature.readOnly != 0
        hasFlush = features & Feature.flush != 0
        self.queue = queue
        request = UnsafeMutableRawBufferPointer.allocate(byteCount: Request.headerSize + 8, alignment: 8)
        let id = UnsafeMutableRawBufferPointer.allocate(byteCount: Request.idSize, alignment: 8)
        defer { id.deallocate() }
        id.initializeMemory(as: UInt8.self, repeating: 0)
        // A device without GET_ID (§5.2.6: optional) has no serial.
        if (try? perform(Request.getID, sector: 0, data: UnsafeRawBufferPointer(id), deviceWrites: true)) != nil {
            serial = Array(id.prefix { $0 != 0 })
        }
    }

    public func read(sector: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) {
        try transfer(Request.read, sector: sector, UnsafeRawBufferPointer(buffer), deviceWrites: true)
    }

    public func write(sector: UInt64, from buffer: UnsafeRawBufferPointer) throws(Errno) {
        guard !isReadOnly else { throw .EROFS }
        try transfer(Request.write, sector: sector, buffer, deviceWrites: false)
    }

    /// Without the flush feature the device writes through (§5.2.6.2), so
    /// a finished write is already stable.
    public func flush() throws(Errno) {
        guard hasFlush else { return }
        try perform(Request.flush, sector: 0, data: nil, deviceWrites: false)
    }

    private func transfer(_ type: UInt32, sector: UInt64, _ buffer: UnsafeRawBufferPointer, deviceWrites: Bool) throws(Errno) {
        guard buffer.count % sectorSize == 0, buffer.count <= Int(UInt32.max) else { throw .EINVAL }
        let sectors = UInt64(buffer.count / sectorSize)
        guard sector <= sectorCount, sectors <= sectorCount - sector else { throw .EIO }
        guard sectors > 0 else { return }
        try perform(type, sector: sector, data: buffer, deviceWrites: deviceWrites)
    }

    private func perform(_ type: UInt32, sector: UInt64, data: UnsafeRawBufferPointer?, deviceWrites: Bool) throws(Errno) {
        while busy { Scheduler.block(on: idle) }
        busy = true
        defer {
            busy = false
            idle.wake(limit: 1)
        }
        request.storeBytes(of: type, toByteOffset: 0, as: UInt32.self)
        request.storeBytes(of: 0, toByteOffset: 4, as: UInt32.self)
        request.storeBytes(of: sector, toByteOffset: 8, as: UInt64.self)
        request[Request.headerSize] = 0xff
        let base = UInt(bitPattern: request.baseAddress)
        let header = SplitVirtqueue<DeviceMemory>.Buffer(address: base, length: UInt32(Request.headerSize), deviceWrites: false)
        let status = SplitVirtqueue<DeviceMemory>.Buffer(address: base + UInt(Request.headerSize), length: 1, deviceWrites: true)
        let submitted: Bool
        if let data {
            let payload = SplitVirtqueue<DeviceMemory>.Buffer(
                address: UInt(bitPattern: data.baseAddress), length: UInt32(data.count), deviceWrites: deviceWrites)
            submitted = queue.submit(count: 3) { part in
                switch part {
                case 0: header
                case 1: payload
                default: status
                }
            }
        } else {
            submitted = queue.submit(count: 2) { $0 == 0 ? header : status }
        }
        guard submitted else { throw .EIO }
        _ = queue.waitForCompletion()
        switch request[Request.headerSize] {
        case Request.statusOK: return
        case Request.statusUnsupported: throw .EOPNOTSUPP
        default: throw .EIO
        }
    }
}
