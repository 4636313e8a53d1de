/// 32-bit access to a virtio-mmio register window, by byte offset
/// (virtio 1.2 §4.2.2). The kernel implements it with volatile MMIO; host
/// tests implement it with a model of a device.
public protocol VirtioRegisters {
    func read32(_ offset: UInt) -> UInt32
    func write32(_ offset: UInt, _ value: UInt32)
}
