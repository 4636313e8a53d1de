import LinuxABI

/// A transfer between a run of sectors and memory: the sectors from
/// `sector` on, as many as `buffers` hold together, each buffer a whole
/// number of sectors and taking the next ones in turn (scatter-gather).
public struct BlockRequest {
    public var isWrite: Bool
    public var sector: UInt64
    public var buffers: [UnsafeMutableRawBufferPointer]

    public init(isWrite: Bool, sector: UInt64, buffers: [UnsafeMutableRawBufferPointer]) {
        self.isWrite = isWrite
        self.sector = sector
        self.buffers = buffers
    }
}

/// A disk as a filesystem sees it: numbered sectors of `sectorSize` bytes,
/// transferred whole, and a flush that returns once everything written
/// before it is on stable storage.
public protocol BlockDevice: AnyObject {
    var sectorSize: Int { get }
    var sectorCount: UInt64 { get }
    var isReadOnly: Bool { get }
    /// The most buffers, each of at most `maximumSegmentBytes`, that one
    /// request carries without the driver splitting it.
    var maximumSegments: Int { get }
    var maximumSegmentBytes: Int { get }
    /// Performs every request, several at once where the device allows,
    /// and returns when all are done; the first failure is thrown then.
    func perform(_ requests: [BlockRequest]) throws(Errno)
    func flush() throws(Errno)
}
