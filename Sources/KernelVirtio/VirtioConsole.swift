import KernelPlatform
import Virtio

/// virtio-console (virtio 1.2 §5.3) as the kernel's log channel: port 0's
/// transmit queue (queue 1) without the multiport feature. Bytes collect in
/// one buffer and go to the device a line at a time; each send waits for
/// the device, polled, since logging happens anywhere in the kernel with
/// interrupts off. qemu writes a sent buffer out before the notify returns.
final class VirtioConsole {
    static let transmitQueue: UInt32 = 1
    static let capacity = 1024

    let queue: Virtqueue
    let buffer: UnsafeMutableRawBufferPointer
    var count = 0

    init?(device: MMIODevice) {
        guard device.negotiate(wanted: 0) != nil,
              let queue = Virtqueue(device: device, index: Self.transmitQueue, maximumSize: 1, interrupts: false)
        else { return nil }
        device.setDriverReady()
        self.queue = queue
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.capacity, alignment: 8)
    }

    /// Adds bytes to the line being written; a newline or a full buffer
    /// sends it.
    func write(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            buffer[count] = byte
            count += 1
            if byte == UInt8(ascii: "\n") || count == Self.capacity { send() }
        }
    }

    func send() {
        guard count > 0 else { return }
        let (address, length) = (UInt(bitPattern: buffer.baseAddress), UInt32(count))
        if queue.submit(count: 1, { _ in .init(address: address, length: length, deviceWrites: false) }) {
            _ = queue.waitForCompletion()
        }
        count = 0
    }
}
