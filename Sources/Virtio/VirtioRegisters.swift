/// Access to a virtio-mmio register window, by byte offset (virtio 1.2
/// §4.2.2): 32-bit for registers, 8-bit for byte fields of the device
/// configuration. The kernel implements it with volatile MMIO; host tests
/// implement it with a model of a device.
public protocol VirtioRegisters {
    func read8(_ offset: UInt) -> UInt8
    func read32(_ offset: UInt) -> UInt32
    func write32(_ offset: UInt, _ value: UInt32)
}
