import CMMIO

/// A device's memory-mapped registers, addressed by byte offset from its
/// base. All accesses are volatile and exactly the width asked for.
public struct RegisterBlock {
    public let base: UInt

    public init(base: UInt) { self.base = base }

    @inline(__always) public func read8(_ offset: UInt) -> UInt8 { rk_mmio_read8(base + offset) }
    @inline(__always) public func read32(_ offset: UInt) -> UInt32 { rk_mmio_read32(base + offset) }
    @inline(__always) public func write8(_ offset: UInt, _ value: UInt8) { rk_mmio_write8(base + offset, value) }
    @inline(__always) public func write32(_ offset: UInt, _ value: UInt32) { rk_mmio_write32(base + offset, value) }
}
