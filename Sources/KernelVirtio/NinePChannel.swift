import KernelScheduler
import NineP
import Virtio

/// virtio-9p (virtio 9P transport, virtio 1.2 §5.x "9P"): each 9P exchange
/// is one chain — the request, which the device reads, then room for the
/// reply, which it writes. The device's mount tag (configuration: length
/// then bytes) says which host folder it serves. One exchange is in
/// flight at a time; the thread sleeps until the completion interrupt.
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
        while busy { Scheduler.block(on: idle) }
        busy = true
        defer {
            busy = false
            idle.wake(limit: 1)
        }
        let (requestAddress, replyAddress) = (UInt(bitPattern: request.baseAddress), UInt(bitPattern: reply.baseAddress))
        let replyLength = UInt32(reply.count)
        guard queue.submit(count: 2, { part in
            part == 0
                ? .init(address: requestAddress, length: UInt32(length), deviceWrites: false)
                : .init(address: replyAddress, length: replyLength, deviceWrites: true)
        }) else { return 0 }
        return Int(queue.waitForCompletion().writtenLength)
    }
}
