import KernelFiles
import KernelPlatform
import LinuxABI

/// The console as a file: the terminal behind /dev/console, /dev/tty and
/// fds 1 and 2 (and 0, unless the host feeds standard input from a pipe,
/// when fd 0 is a `ConsoleDevice` with `isHostPipe`, a FIFO in stat(2)).
/// Reads, writes and ioctls are ConsoleTerminal's.
final class ConsoleDevice: Vnode {
    let isHostPipe: Bool

    init(fileSystem: FileSystem, isHostPipe: Bool) {
        self.isHostPipe = isHostPipe
        super.init(fileSystem: fileSystem, mode: isHostPipe ? FileMode.fifo | 0o600 : FileMode.characterDevice | 0o620)
    }

    override var isSeekable: Bool { false }

    override func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        if file.isNonBlocking, buffer.count > 0, !ConsoleTerminal.hasInput { throw .EAGAIN }
        return try ConsoleTerminal.read(into: buffer)
    }

    override func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64, file: OpenFile) throws(Errno) -> Int {
        ConsoleTerminal.write(bytes)
    }

    override func control(_ file: OpenFile, request: Int, argument: Int) throws(Errno) -> Int {
        try ConsoleTerminal.control(pipe: isHostPipe, request, argument)
    }

    override func bytesReadable(_ file: OpenFile) throws(Errno) -> Int { 0 }

    override func describe(_ status: inout FileStatus) { status = ConsoleTerminal.status(pipe: isHostPipe) }

    override func setAttributes(_ change: AttributeChange) throws(Errno) {}

    override func willWait(for events: Int16, file: OpenFile) {
        if file.isReadable, events & (PollEvents.input | PollEvents.readNormal) != 0 { Console.armInputInterrupt() }
    }

    override func readiness(_ file: OpenFile) -> Int16 {
        var ready: Int16 = 0
        if file.isReadable, ConsoleTerminal.hasInput { ready |= PollEvents.input | PollEvents.readNormal }
        if isHostPipe {
            if ConsoleTerminal.inputEnded { ready |= PollEvents.hangUp }
        } else {
            ready |= PollEvents.output | PollEvents.writeNormal
        }
        return ready
    }
}
