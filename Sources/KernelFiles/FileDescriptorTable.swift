import KernelMemory
import LinuxABI

/// The process's file descriptors: small integers naming open file
/// descriptions, each with its close-on-exec flag. The lowest free number
/// is handed out first (POSIX); RLIMIT_NOFILE bounds the numbers (EMFILE).
///
/// A value in one global, `current` (a unikernel runs one process): the
/// syscalls use it in place, where a shared object would be retained and
/// released around every read and write.
public struct FileDescriptorTable {
    /// Per number: its open file (nil when free) and close-on-exec flag.
    /// Two arrays rather than one of optional pairs, whose payload the
    /// compiler reads and writes a byte at a time.
    private var files: [OpenFile?] = []
    private var closeOnExecFlags: [Bool] = []
    /// No number below this is free (a search hint).
    private var lowestFree = 0

    public init() {}

    /// RLIMIT_NOFILE's soft limit, kept current by setrlimit.
    nonisolated(unsafe) public static var limit = 1024
    /// The process's table.
    nonisolated(unsafe) public static var current = FileDescriptorTable()

    /// The open file `descriptor` names; EBADF if none.
    public func file(_ descriptor: Int) throws(Errno) -> OpenFile {
        guard descriptor >= 0, descriptor < files.count, let file = files[descriptor] else { throw .EBADF }
        return file
    }

    /// The open file, refusing O_PATH descriptors (EBADF), as I/O calls do.
    public func openFile(_ descriptor: Int) throws(Errno) -> OpenFile {
        let file = try file(descriptor)
        guard !file.isPathOnly else { throw .EBADF }
        return file
    }

    public func isOpen(_ descriptor: Int) -> Bool {
        descriptor >= 0 && descriptor < files.count && files[descriptor] != nil
    }

    /// Gives `file` the lowest free number at or above `minimum`. After
    /// `checkRoom` (`roomChecked`), memory is not asked about again: the
    /// call was let in, and what it made is not undone.
    public mutating func install(
        _ file: OpenFile, closeOnExec: Bool, minimum: Int = 0, roomChecked: Bool = false
    ) throws(Errno) -> Int {
        let descriptor = try freeNumber(minimum: minimum, pages: roomChecked ? nil : 0)
        place(file, closeOnExec: closeOnExec, at: descriptor)
        if minimum <= lowestFree { lowestFree = descriptor + 1 }
        return descriptor
    }

    /// The lowest free number at or above `minimum`; EMFILE at the limit.
    /// The system's open files are bounded by memory: none is added once
    /// the kernel's reserve is half gone (ENFILE, as Linux's pipe(2) gives
    /// when its memory runs out; architecture decision 48) — unless
    /// `pages` is nil, for a call whose memory was checked already.
    private func freeNumber(minimum: Int, pages: Int?) throws(Errno) -> Int {
        var descriptor = max(minimum, lowestFree)
        while descriptor < files.count, files[descriptor] != nil { descriptor += 1 }
        guard descriptor < FileDescriptorTable.limit else { throw .EMFILE }
        if let pages, !PhysicalMemory.kernelMayTake(pages) { throw .ENFILE }
        return descriptor
    }

    /// Fails as `install` would for a new number, so that a call can fail
    /// before it changes anything: open(2) takes its descriptor before it
    /// creates a file.
    public func checkRoom() throws(Errno) {
        _ = try freeNumber(minimum: 0, pages: 0)
    }

    /// dup2/dup3: `file` at exactly `descriptor`. Returns what was there,
    /// for the caller to let go of (see `remove`).
    @discardableResult
    public mutating func install(_ file: OpenFile, closeOnExec: Bool, at descriptor: Int) throws(Errno) -> OpenFile? {
        guard descriptor >= 0, descriptor < FileDescriptorTable.limit else { throw .EBADF }
        return place(file, closeOnExec: closeOnExec, at: descriptor)
    }

    @inline(__always) @discardableResult
    private mutating func place(_ file: OpenFile, closeOnExec: Bool, at descriptor: Int) -> OpenFile? {
        if descriptor >= files.count { grow(past: descriptor) }
        let replaced = files[descriptor]
        files[descriptor] = file
        closeOnExecFlags[descriptor] = closeOnExec
        return replaced
    }

    /// Makes room for numbers up to `descriptor`.
    @inline(never)
    private mutating func grow(past descriptor: Int) {
        while files.count <= descriptor {
            files.append(nil)
            closeOnExecFlags.append(false)
        }
    }

    /// close(2): takes `descriptor`'s file out and returns it. The caller
    /// lets go of it once this call, and so its access to the table, is
    /// over: the last release closes the file, which may sleep (a disk
    /// file's blocks freed) while other threads use the table.
    @discardableResult
    public mutating func remove(_ descriptor: Int) throws(Errno) -> OpenFile {
        guard descriptor >= 0, descriptor < files.count, let file = files[descriptor] else { throw .EBADF }
        files[descriptor] = nil
        lowestFree = min(lowestFree, descriptor)
        return file
    }

    public func closeOnExec(_ descriptor: Int) throws(Errno) -> Bool {
        guard isOpen(descriptor) else { throw .EBADF }
        return closeOnExecFlags[descriptor]
    }

    public mutating func setCloseOnExec(_ descriptor: Int, _ value: Bool) throws(Errno) {
        guard isOpen(descriptor) else { throw .EBADF }
        closeOnExecFlags[descriptor] = value
    }

    /// The open descriptors in order (for /proc/self/fd).
    public var openDescriptors: [Int] {
        var result: [Int] = []
        for index in 0..<files.count where files[index] != nil { result.append(index) }
        return result
    }
}
