import LinuxABI

/// A transfer between bytes of the disk and memory: from byte `offset`
/// on (a whole sector), as many bytes as `buffers` hold together, each
/// buffer whole sectors and taking the next ones in turn.
public struct StorageRequest {
    public var isWrite: Bool
    public var offset: UInt64
    public var buffers: [UnsafeMutableRawBufferPointer]

    public init(isWrite: Bool, offset: UInt64, buffers: [UnsafeMutableRawBufferPointer]) {
        self.isWrite = isWrite
        self.offset = offset
        self.buffers = buffers
    }
}

/// Where an ext2 volume's bytes live: a virtio-blk disk in the kernel,
/// memory in host tests.
public protocol Ext2Storage: AnyObject {
    /// The most buffers one request carries without being split; the
    /// cache makes its runs of blocks no longer.
    var maximumSegments: Int { get }
    /// Performs every request (several at once where the disk allows) and
    /// returns when all are done; the first failure is thrown then.
    func perform(_ requests: [StorageRequest]) throws(Errno)
    /// Returns once everything written is on stable storage.
    func flush() throws(Errno)
    /// Whether the block cache may take `bytes` more memory now; when not,
    /// it reuses the blocks it has (the kernel says no while memory is
    /// short). Always, unless the storage says otherwise.
    func cacheMayGrow(by bytes: Int) -> Bool
}

extension Ext2Storage {
    public func cacheMayGrow(by bytes: Int) -> Bool { true }

    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(Errno) {
        try perform([StorageRequest(isWrite: false, offset: offset, buffers: [buffer])])
    }
}
