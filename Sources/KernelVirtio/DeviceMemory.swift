import CMMIO
import KernelArch
import Virtio

/// Virtqueue memory as the kernel sees it: RAM the device reads and writes
/// by DMA. The rings are kernel heap, at their physical address; a buffer
/// may also lie in the image (a program's global array, the boot stack),
/// which runs at a virtual base of its own, so buffers are given to the
/// device at `ImageLayout.physicalAddress`. Volatile accesses keep the
/// compiler from caching or merging what the device changes; `fence rw, rw`
/// orders them against each other and against the MMIO notify write.
enum DeviceMemory: SharedMemory {
    static func load16(_ address: UInt) -> UInt16 { rk_mmio_read16(address) }
    static func load32(_ address: UInt) -> UInt32 { rk_mmio_read32(address) }
    static func store16(_ address: UInt, _ value: UInt16) { rk_mmio_write16(address, value) }
    static func store32(_ address: UInt, _ value: UInt32) { rk_mmio_write32(address, value) }
    static func store64(_ address: UInt, _ value: UInt64) { rk_mmio_write64(address, value) }
    static func fence() { Processor.fence() }
    static func deviceAddress(_ address: UInt) -> UInt { ImageLayout.physicalAddress(address) }
}

/// A virtio-mmio register window at its physical address.
struct MMIOWindow: VirtioRegisters {
    let base: UInt

    func read8(_ offset: UInt) -> UInt8 { rk_mmio_read8(base + offset) }
    func read32(_ offset: UInt) -> UInt32 { rk_mmio_read32(base + offset) }
    func write32(_ offset: UInt, _ value: UInt32) { rk_mmio_write32(base + offset, value) }
}

typealias MMIODevice = VirtioMMIODevice<MMIOWindow>
