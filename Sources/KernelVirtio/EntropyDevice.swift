import KernelPlatform
import Virtio

/// virtio-rng (virtio 1.2 §5.4): one queue of buffers the device fills with
/// random bytes. Used at boot to seed the kernel's CSPRNG.
enum EntropyDevice {
    /// Bytes taken at boot: a ChaCha20 key's worth.
    static let seedBytes = 32

    /// Fills a seed from the device and mixes it into `Randomness`;
    /// returns how many bytes the device gave.
    static func seed(from device: MMIODevice) -> Int {
        guard device.negotiate(wanted: 0) != nil,
              let queue = Virtqueue(device: device, index: 0, maximumSize: 1, interrupts: false)
        else { return 0 }
        device.setDriverReady()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: seedBytes, alignment: 8)
        defer { buffer.deallocate() }
        var filled = 0
        // The device may return fewer bytes than asked (§5.4.6); a few
        // rounds fill the seed, and a device that gives nothing ends it.
        for _ in 0..<4 where filled < seedBytes {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            guard queue.submit(count: 1, { _ in
                .init(address: UInt(bitPattern: rest.baseAddress), length: UInt32(rest.count), deviceWrites: true)
            }) else { break }
            let written = Int(queue.waitForCompletion().writtenLength)
            guard written > 0 else { break }
            filled += min(written, rest.count)
        }
        Randomness.mix(UnsafeRawBufferPointer(rebasing: buffer[..<filled]))
        // The seed is in the generator; leave no copy behind.
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        // The device stays set up; reset it so it holds no pointer into
        // freed memory.
        device.reset()
        return filled
    }
}
