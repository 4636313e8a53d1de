import KernelFiles
import LinuxABI

/// Checks on descriptors for syscalls outside the file layer (mmap).
enum FileDescriptors {
    /// Throws EBADF unless `descriptor` is open.
    static func checkOpen(_ descriptor: Int) throws(Errno) {
        _ = try FileDescriptorTable.current.file(descriptor)
    }
}
