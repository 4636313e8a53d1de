import KernelScheduler
import LinuxABI
import PageTables

/// A pipe (pipe(7)): a read end and a write end, each an open file
/// description of this vnode (O_RDONLY and O_WRONLY). Reads wait for data
/// and return 0 once every writer is gone; writing with no reader left is
/// EPIPE (the syscall layer raises SIGPIPE).
///
/// The buffer is Linux's: a ring of 16 page-sized slots. A write puts the
/// part of its length beyond whole pages (`count % 4096`) at the end of the
/// last slot when it fits there, and the rest into fresh slots; a slot is
/// free again only once read to its end. So capacity, partial writes and
/// EAGAIN come out exactly as on Linux, and a write of at most PIPE_BUF
/// bytes is atomic: it merges into one slot or takes one new one.
public final class Pipe: Vnode {
    public static let slotSize = 4096
    public static let slotCount = 16
    /// Linux's default pipe capacity (16 pages).
    public static let capacity = slotSize * slotCount
    /// POSIX's atomic write size (PIPE_BUF).
    public static let atomicSize = 4096

    private let storage = UnsafeMutableRawPointer.allocate(byteCount: Pipe.capacity, alignment: 16)
    /// Start and length of the data in each slot.
    private var slotStart = [Int](repeating: 0, count: Pipe.slotCount)
    private var slotLength = [Int](repeating: 0, count: Pipe.slotCount)
    /// The oldest slot in use, and how many are.
    private var head = 0
    private var used = 0
    /// Bytes in the pipe.
    public private(set) var count = 0
    private var readers = 0
    private var writers = 0
    private let readWaiters = WaitQueue()
    private let writeWaiters = WaitQueue()

    /// The file system that anonymous pipes belong to (pipefs).
    nonisolated(unsafe) static var pipeFileSystem = PipeFileSystem()

    public init() {
        super.init(fileSystem: Pipe.pipeFileSystem, mode: FileMode.fifo | 0o600)
    }

    /// A pipe that belongs to a named FIFO of another file system.
    public init(named fileSystem: FileSystem) {
        isNamed = true
        super.init(fileSystem: fileSystem, mode: FileMode.fifo | 0o600)
    }

    /// A named FIFO's opens wait for the other end (fifo(7)).
    private var isNamed = false
    /// The FIFO whose pipe this is, told when the pipe's last end closes
    /// (it then forgets the pipe, and what it held, as Linux frees a FIFO's
    /// pipe at its last close). The FIFO clears it when it goes first.
    unowned(unsafe) var fifo: TmpfsSpecialFile?
    /// Opens of each end so far: a waiting open returns once the other end
    /// was opened, even if it was closed again since.
    private var readerOpens = 0
    private var writerOpens = 0
    private let openWaiters = WaitQueue()

    deinit { storage.deallocate() }

    public override var isSeekable: Bool { false }
    public override var size: Int64 { 0 }

    public override var allocatedBlocks: Int64 { 0 }

    /// Counts the new end. Opening a named FIFO for reading only waits for
    /// a writer, for writing only waits for a reader, or with O_NONBLOCK a
    /// write-only open without a reader is ENXIO; O_RDWR never waits.
    public override func opened(_ file: OpenFile) throws(Errno) {
        let reads = file.isReadable, writes = file.isWritable
        if isNamed, writes, !reads, readers == 0, file.isNonBlocking {
            forgetIfClosed()
            throw .ENXIO
        }
        if reads {
            readers += 1
            readerOpens += 1
        }
        if writes {
            writers += 1
            writerOpens += 1
        }
        openWaiters.wake()
        readWaiters.wake()
        writeWaiters.wake()
        Waiting.readinessChanged()
        guard isNamed, reads != writes, !file.isNonBlocking else { return }
        let seen = reads ? writerOpens : readerOpens
        while (reads ? writers : readers) == 0, (reads ? writerOpens : readerOpens) == seen {
            do throws(Errno) {
                try Waiting.block(on: openWaiters)
            } catch {
                if reads { readers -= 1 } else { writers -= 1 }
                forgetIfClosed()
                throw error
            }
        }
    }

    /// Lets the FIFO drop this pipe once no end is open.
    private func forgetIfClosed() {
        if readers == 0, writers == 0, let fifo { fifo.forget(self) }
    }

    public override func released(_ file: OpenFile) {
        if file.isReadable { readers -= 1 }
        if file.isWritable { writers -= 1 }
        readWaiters.wake()
        writeWaiters.wake()
        Waiting.readinessChanged()
        forgetIfClosed()
    }

    public override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard buffer.count > 0 else { return 0 }
        while count == 0 {
            if writers == 0 { return 0 }
            if file.isNonBlocking { throw .EAGAIN }
            try Waiting.block(on: readWaiters, thenAccess: UnsafeRawBufferPointer(buffer), .write)
        }
        var done = 0
        while done < buffer.count, used > 0 {
            let slot = head
            let take = min(buffer.count - done, slotLength[slot])
            ByteCopy.copy(to: buffer.baseAddress! + done, from: storage + slot * Pipe.slotSize + slotStart[slot], count: take)
            slotStart[slot] += take
            slotLength[slot] -= take
            done += take
            if slotLength[slot] == 0 {
                head = (head + 1) % Pipe.slotCount
                used -= 1
            }
        }
        count -= done
        writeWaiters.wake()
        Waiting.readinessChanged()
        return done
    }

    public override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        guard bytes.count > 0 else { return 0 }
        guard readers > 0 else { throw .EPIPE }
        var done = 0
        // The part beyond whole pages joins the last slot if it fits there.
        let tail = bytes.count % Pipe.slotSize
        if tail > 0, used > 0 {
            let last = (head + used - 1) % Pipe.slotCount
            let end = slotStart[last] + slotLength[last]
            if end + tail <= Pipe.slotSize {
                (storage + last * Pipe.slotSize + end).copyMemory(from: bytes.baseAddress!, byteCount: tail)
                slotLength[last] += tail
                count += tail
                done = tail
            }
        }
        while done < bytes.count {
            guard readers > 0 else { break }
            if used < Pipe.slotCount {
                let slot = (head + used) % Pipe.slotCount
                let chunk = min(Pipe.slotSize, bytes.count - done)
                ByteCopy.copy(to: storage + slot * Pipe.slotSize, from: bytes.baseAddress! + done, count: chunk)
                slotStart[slot] = 0
                slotLength[slot] = chunk
                used += 1
                count += chunk
                done += chunk
                continue
            }
            // Full: let readers at what is there, then wait for a free slot.
            if done > 0 {
                readWaiters.wake()
                Waiting.readinessChanged()
            }
            if file.isNonBlocking { break }
            do throws(Errno) {
                try Waiting.block(on: writeWaiters, thenAccess: UnsafeRawBufferPointer(rebasing: bytes[done...]), .read)
            } catch {
                if done > 0 { break }
                throw error
            }
        }
        if done > 0 {
            readWaiters.wake()
            Waiting.readinessChanged()
            return done
        }
        throw readers == 0 ? .EPIPE : .EAGAIN
    }

    public override func readiness(_ file: OpenFile) -> Int16 {
        var events: Int16 = 0
        if file.isReadable {
            if count > 0 { events |= PollEvents.input | PollEvents.readNormal }
            if writers == 0 { events |= PollEvents.hangUp }
        }
        if file.isWritable {
            if used < Pipe.slotCount { events |= PollEvents.output | PollEvents.writeNormal }
            if readers == 0 { events |= PollEvents.error }
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
