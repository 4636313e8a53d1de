import KernelScheduler
import LinuxABI

/// A pipe (pipe(7)): a 64 KiB ring buffer between a read end and a write
/// end, each an open file description of this vnode (O_RDONLY and
/// O_WRONLY). Reads wait for data and return 0 once every writer is gone;
/// writes of at most PIPE_BUF bytes are atomic, longer ones may be split;
/// writing with no reader left is EPIPE (the syscall layer raises SIGPIPE).
public final class Pipe: Vnode {
    /// Linux's default pipe capacity (16 pages).
    public static let capacity = 65536
    /// POSIX's atomic write size (PIPE_BUF).
    public static let atomicSize = 4096

    private let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: Pipe.capacity, alignment: 16)
    private var start = 0
    public private(set) var count = 0
    private var readers = 0
    private var writers = 0
    private let readWaiters = WaitQueue()
    private let writeWaiters = WaitQueue()

    /// The file system that anonymous pipes belong to (pipefs).
    nonisolated(unsafe) static let pipeFileSystem = PipeFileSystem()

    public init() {
        super.init(fileSystem: Pipe.pipeFileSystem, mode: FileMode.fifo | 0o600)
    }

    /// A pipe that belongs to a named FIFO of another file system.
    public init(named fileSystem: FileSystem) {
        super.init(fileSystem: fileSystem, mode: FileMode.fifo | 0o600)
    }

    deinit { storage.deallocate() }

    public override var isSeekable: Bool { false }
    public override var size: Int64 { 0 }

    public override func status() -> FileStatus {
        var status = super.status()
        status.blocks = 0
        return status
    }

    public override func opened(_ file: OpenFile) throws(Errno) {
        if file.isReadable { readers += 1 }
        if file.isWritable { writers += 1 }
    }

    public override func released(_ file: OpenFile) {
        if file.isReadable { readers -= 1 }
        if file.isWritable { writers -= 1 }
        readWaiters.wake()
        writeWaiters.wake()
        Waiting.readinessChanged()
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard buffer.count > 0 else { return 0 }
        while count == 0 {
            if writers == 0 { return 0 }
            if file.isNonBlocking { throw .EAGAIN }
            try Waiting.block(on: readWaiters)
        }
        let taken = min(buffer.count, count)
        var done = 0
        while done < taken {
            let chunk = min(taken - done, Pipe.capacity - start)
            (buffer.baseAddress! + done).copyMemory(from: storage.baseAddress! + start, byteCount: chunk)
            start = (start + chunk) % Pipe.capacity
            done += chunk
        }
        count -= taken
        if count == 0 { start = 0 }
        writeWaiters.wake()
        Waiting.readinessChanged()
        return taken
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard bytes.count > 0 else { return 0 }
        var done = 0
        while done < bytes.count {
            guard readers > 0 else {
                if done > 0 { return done }
                throw .EPIPE
            }
            let space = Pipe.capacity - count
            let remaining = bytes.count - done
            // Up to PIPE_BUF bytes go in at once or not at all.
            let fits = remaining <= Pipe.atomicSize ? space >= remaining : space > 0
            if !fits {
                if file.isNonBlocking {
                    if done > 0 { return done }
                    throw .EAGAIN
                }
                do throws(Errno) {
                    try Waiting.block(on: writeWaiters)
                } catch {
                    if done > 0 { return done }
                    throw error
                }
                continue
            }
            let chunk = min(remaining, space)
            var copied = 0
            while copied < chunk {
                let end = (start + count) % Pipe.capacity
                let piece = min(chunk - copied, Pipe.capacity - end)
                (storage.baseAddress! + end).copyMemory(from: bytes.baseAddress! + done + copied, byteCount: piece)
                count += piece
                copied += piece
            }
            done += chunk
            readWaiters.wake()
            Waiting.readinessChanged()
        }
        return done
    }

    public override func readiness(_ file: OpenFile) -> Int16 {
        var events: Int16 = 0
        if file.isReadable {
            if count > 0 { events |= PollEvents.input | PollEvents.readNormal }
            if writers == 0 { events |= PollEvents.hangUp }
        }
        if file.isWritable {
            if readers == 0 {
                events |= PollEvents.error
            } else if Pipe.capacity - count >= Pipe.atomicSize {
                events |= PollEvents.output | PollEvents.writeNormal
            }
        }
        return events
    }

    public override func bytesReadable(_ file: OpenFile) throws(Errno) -> Int { count }
}

/// pipefs: where anonymous pipes live (st_dev of a pipe; statfs PIPEFS_MAGIC).
final class PipeFileSystem: FileSystem {
    init() { super.init(device: 0xc, magic: 0x5049_5045) }
    override var root: Vnode { fatalError() }
}
