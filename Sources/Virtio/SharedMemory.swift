/// Memory that a device reads and writes while the driver runs: the
/// virtqueue rings. Every access happens exactly once and at its width
/// (the kernel's conformance uses volatile accesses; host tests use plain
/// memory), and `fence` orders the accesses before it against those after,
/// as virtio 1.2 §2.7.13 asks before the driver publishes or reads an index.
public protocol SharedMemory {
    static func load16(_ address: UInt) -> UInt16
    static func load32(_ address: UInt) -> UInt32
    static func store16(_ address: UInt, _ value: UInt16)
    static func store32(_ address: UInt, _ value: UInt32)
    static func store64(_ address: UInt, _ value: UInt64)
    static func fence()
    /// The address the device must be given for the driver's `address`
    /// (a buffer the driver may reach at a virtual address other than its
    /// physical one). The rings themselves are at their own address.
    static func deviceAddress(_ address: UInt) -> UInt
}

extension SharedMemory {
    /// Memory at its own address: what a device sees is what the driver uses.
    public static func deviceAddress(_ address: UInt) -> UInt { address }
}
