import KernelFiles
import LinuxABI

/// The process's resource limits (getrlimit(2)). They are recorded and
/// reported; the kernel enforces those that mean something here as the
/// subsystems that own them arrive.
public enum ResourceLimits {
    /// Soft and hard value of each of the 16 resources.
    nonisolated(unsafe) static var table: (
        ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit,
        ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit,
        ResourceLimit, ResourceLimit, ResourceLimit, ResourceLimit)?

    /// Linux's defaults for a process started by init; the stack limit is
    /// the size of the stack the kernel really gave the program.
    public static func initialize(stackSize: Int) {
        let unlimited = ResourceLimit(current: ResourceLimit.infinity, maximum: ResourceLimit.infinity)
        let stack = ResourceLimit(current: UInt64(stackSize), maximum: ResourceLimit.infinity)
        let none = ResourceLimit(current: 0, maximum: ResourceLimit.infinity)
        let files = ResourceLimit(current: 1024, maximum: 4096)
        let locked = ResourceLimit(current: 8 << 20, maximum: 8 << 20)
        let signals = ResourceLimit(current: 4096, maximum: 4096)
        let queue = ResourceLimit(current: 819_200, maximum: 819_200)
        let zero = ResourceLimit(current: 0, maximum: 0)
        table = (unlimited, unlimited, unlimited, stack, none, unlimited,
                 signals, files, locked, unlimited, unlimited, signals,
                 queue, zero, zero, unlimited)
        FileDescriptorTable.limit = openFilesLimit
    }

    /// RLIMIT_NOFILE's soft limit, which bounds ppoll's descriptor count.
    static var openFilesLimit: Int { Int(clamping: limit(Resource.openFiles).current) }

    static func limit(_ resource: Int) -> ResourceLimit {
        guard var all = table else { return ResourceLimit(current: ResourceLimit.infinity, maximum: ResourceLimit.infinity) }
        return withUnsafeBytes(of: &all) { $0.load(fromByteOffset: resource * MemoryLayout<ResourceLimit>.stride, as: ResourceLimit.self) }
    }

    /// setrlimit(2): the soft limit may not exceed the hard one. The program
    /// runs as root, so it may raise hard limits too.
    static func set(_ resource: Int, _ limit: ResourceLimit) throws(Errno) {
        guard limit.current <= limit.maximum else { throw .EINVAL }
        // fs.nr_open, Linux's bound on RLIMIT_NOFILE (setrlimit(2): EPERM).
        if resource == Resource.openFiles, limit.maximum > 1 << 20 { throw .EPERM }
        guard var all = table else { return }
        withUnsafeMutableBytes(of: &all) {
            $0.storeBytes(of: limit, toByteOffset: resource * MemoryLayout<ResourceLimit>.stride, as: ResourceLimit.self)
        }
        table = all
        FileDescriptorTable.limit = openFilesLimit
    }
}
