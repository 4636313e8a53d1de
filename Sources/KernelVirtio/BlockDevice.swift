import LinuxABI

/// A disk as a filesystem sees it: numbered sectors of `sectorSize` bytes,
/// read and written whole, and a flush that returns once everything
/// written before it is on stable storage.
public protocol BlockDevice: AnyObject {
    var sectorSize: Int { get }
    var sectorCount: UInt64 { get }
    var isReadOnly: Bool { get }
    /// Reads `buffer.count / sectorSize` sectors starting at `sector`.
    func read(sector: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno)
    /// Writes `buffer.count / sectorSize` sectors starting at `sector`.
    func write(sector: UInt64, from buffer: UnsafeRawBufferPointer) throws(Errno)
    func flush() throws(Errno)
}
