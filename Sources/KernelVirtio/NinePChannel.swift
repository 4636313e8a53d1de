import KernelMemory
import KernelScheduler
import LinuxABI
import NineP
import PageTables
import Virtio

/// virtio-9p (virtio 9P transport, virtio 1.2 §5.x "9P"): each 9P exchange
/// is one chain — the request, which the device reads, then room for the
/// reply, which it writes; read and write data are parts of the chain of
/// their own, in the caller's buffer. The device's mount tag
/// (configuration: length then bytes) says which host folder it serves.
/// One exchange is in flight at a time (`exclusively`, which the client
/// holds from building a request to its reply); the thread sleeps until
/// the completion interrupt.
public final class NinePChannel: NinePTransport {
    /// VIRTIO_9P_MOUNT_TAG: the configuration holds a tag.
    static let mountTagFeature: UInt64 = 1
    /// The largest message, request and reply alike (msize offered).
    static let messageSize = 64 * 1024 + 24

    public let request: UnsafeMutableRawBufferPointer
    public let reply: UnsafeMutableRawBufferPointer
    public let tag: [UInt8]
    let queue: Virtqueue
    var busy = false
    let idle = WaitQueue()

    init?(device: MMIODevice, interrupts: Bool) {
        guard let features = device.negotiate(wanted: Self.mountTagFeature),
              let queue = Virtqueue(device: device, index: 0, maximumSize: 4, interrupts: interrupts)
        else { return nil }
        device.setDriverReady()
        var tag: [UInt8] = []
        if features & Self.mountTagFeature != 0 {
            // tag_len (16 bits, little-endian), then the tag's bytes.
            let length = Int(device.config8(0)) | Int(device.config8(1)) << 8
            for index in 0..<length { tag.append(device.config8(UInt(2 + index))) }
        }
        self.tag = tag
        self.queue = queue
        request = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.messageSize, alignment: 8)
        reply = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.messageSize, alignment: 8)
    }

    public func exchange(length: Int) -> Int {
        send(count: 2) { part in
            part == 0 ? reading(request, length) : writing(reply, reply.count)
        }
    }

    /// Twrite's data goes from where it is (a program's buffer, most
    /// often) as the chain's second part, as Linux's zero-copy requests
    /// do: no copy into `request`.
    public func exchange(length: Int, payload: UnsafeRawBufferPointer) throws(Errno) -> Int {
        guard payload.count > 0 else { return exchange(length: length) }
        let data = UnsafeMutableRawBufferPointer(mutating: payload)
        guard AddressSpace.prepareForDevice(UInt(bitPattern: data.baseAddress), data.count, .read) else { throw .EFAULT }
        return send(count: 3) { part in
            switch part {
            case 0: reading(request, length)
            case 1: reading(data, data.count)
            default: writing(reply, reply.count)
            }
        }
    }

    /// Rread's data lands where the caller wants it: the device fills the
    /// chain's parts in order, `header` bytes of `reply` first (virtio 1.2
    /// §2.7.4), so the data starts at `payload`'s first byte.
    public func exchange(length: Int, header: Int, payload: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard payload.count > 0 else { return exchange(length: length) }
        guard AddressSpace.prepareForDevice(UInt(bitPattern: payload.baseAddress), payload.count, .write) else {
            throw .EFAULT
        }
        return send(count: 3) { part in
            switch part {
            case 0: reading(request, length)
            case 1: writing(reply, header)
            default: writing(payload, payload.count)
            }
        }
    }

    public func exclusively<Result>(_ body: () throws(Errno) -> Result) throws(Errno) -> Result {
        while busy { Scheduler.block(on: idle) }
        busy = true
        defer {
            busy = false
            idle.wake(limit: 1)
        }
        return try body()
    }

    private func reading(_ buffer: UnsafeMutableRawBufferPointer, _ length: Int) -> SplitVirtqueue<DeviceMemory>.Buffer {
        .init(address: UInt(bitPattern: buffer.baseAddress), length: UInt32(length), deviceWrites: false)
    }

    private func writing(_ buffer: UnsafeMutableRawBufferPointer, _ length: Int) -> SplitVirtqueue<DeviceMemory>.Buffer {
        .init(address: UInt(bitPattern: buffer.baseAddress), length: UInt32(length), deviceWrites: true)
    }

    /// Submits one exchange's chain of `count` parts and waits for the
    /// device to finish it; the bytes the device wrote (0 when the chain
    /// could not be placed).
    private func send(count: Int, _ part: (Int) -> SplitVirtqueue<DeviceMemory>.Buffer) -> Int {
        guard queue.submit(count: count, part) else { return 0 }
        return Int(queue.waitForCompletion().writtenLength)
    }
}
