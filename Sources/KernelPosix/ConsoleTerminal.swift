import KernelFiles
import KernelPlatform
import KernelScheduler
import LinuxABI

/// The serial console seen as a terminal, the way a Linux program sees its
/// controlling tty: reads in canonical mode deliver one line at a time,
/// carriage returns become newlines (ICRNL) and ^D at the start of a read
/// is end of file. Output passes through unchanged; the host terminal
/// already maps newlines. Input is not echoed, so piped input never
/// appears in the program's output.
///
/// When the host feeds standard input from a pipe or file (kernel option
/// `rk.stdin=pipe`, which `runikraft run` sets), fd 0 is presented as a
/// pipe instead: reads return the bytes as they come, a ^V quotes the byte
/// after it, and ^D is the end of the input, for good.
public enum ConsoleTerminal {
    static let endOfFile: UInt8 = 0x04   // ^D, VEOF
    static let literalNext: UInt8 = 0x16 // ^V, VLNEXT

    /// Whether fd 0 is the read end of a pipe from the host.
    nonisolated(unsafe) public static var inputIsPipe = false
    nonisolated(unsafe) static var inputEnded = false

    nonisolated(unsafe) static var attributes = defaultAttributes
    /// A ^D met after some bytes of a line: it ends that read, and the next
    /// read returns end of file.
    nonisolated(unsafe) static var pendingEndOfFile = false

    static var defaultAttributes: TerminalAttributes {
        var attributes = TerminalAttributes()
        attributes.inputFlags = TerminalAttributes.inputMapCRToNL
        attributes.outputFlags = TerminalAttributes.outputPostProcess | TerminalAttributes.outputMapNLToCRNL
        attributes.controlFlags = TerminalAttributes.controlBaud38400 | TerminalAttributes.controlSize8
            | TerminalAttributes.controlRead
        attributes.localFlags = TerminalAttributes.localCanonical | TerminalAttributes.localSignals
        attributes.controlCharacters.4 = endOfFile   // VEOF
        attributes.controlCharacters.6 = 1           // VMIN
        return attributes
    }

    static var isCanonical: Bool { attributes.localFlags & TerminalAttributes.localCanonical != 0 }

    /// Threads waiting for console input.
    nonisolated(unsafe) static var inputWaiters = WaitQueue()

    /// The next input byte; the thread sleeps until one arrives. Nil when a
    /// signal comes first whose handler does not ask for SA_RESTART.
    static func waitForByte() -> UInt8? {
        while true {
            if let byte = Console.pollByte() { return byte }
            Console.armInputInterrupt()
            if Scheduler.block(on: inputWaiters) == .interrupted, let thread = Scheduler.current,
               !Signals.shouldRestart(thread) {
                return nil
            }
        }
    }

    /// Sleeps until console input may have arrived, or until `deadline`;
    /// false when a signal cut the wait short.
    static func waitForInput(until deadline: Int64?) -> Bool {
        guard !Console.hasInput else { return true }
        Console.armInputInterrupt()
        return Scheduler.block(on: inputWaiters, until: deadline) != .interrupted
    }

    /// Whether a read would not wait.
    static var hasInput: Bool { Console.hasInput || pendingEndOfFile || inputEnded }

    /// The console's interrupt: input arrived for the waiting readers and
    /// for poll(2).
    public static func inputInterrupt() {
        _ = Console.acknowledgeInput()
        inputWaiters.wake()
        Waiting.readinessChanged()
    }

    /// read(2) on the console.
    static func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard buffer.count > 0 else { return 0 }
        if inputIsPipe { return try readPipe(into: buffer) }
        if pendingEndOfFile {
            pendingEndOfFile = false
            return 0
        }
        var count = 0
        while count < buffer.count {
            // Wait only for the first byte in raw mode, and for a whole
            // line in canonical mode.
            let byte: UInt8
            if count > 0, !isCanonical {
                guard let next = Console.pollByte() else { break }
                byte = next
            } else {
                guard let next = waitForByte() else {
                    if count > 0 { break }
                    throw .EINTR
                }
                byte = next
            }
            if isCanonical, byte == endOfFile {
                if count > 0 { pendingEndOfFile = true }
                break
            }
            let translated = byte == UInt8(ascii: "\r")
                && attributes.inputFlags & TerminalAttributes.inputMapCRToNL != 0 ? UInt8(ascii: "\n") : byte
            // Checked before the call waited; another thread may have
            // unmapped or protected the buffer since (Waiting.block).
            guard UserMemory.isWritable(Int(bitPattern: buffer.baseAddress! + count), 1) else {
                if count > 0 { break }
                throw .EFAULT
            }
            buffer[count] = translated
            count += 1
            if isCanonical, translated == UInt8(ascii: "\n") { break }
        }
        return count
    }

    /// read(2) on fd 0 fed from a host pipe: waits for the first byte, then
    /// takes what has arrived.
    static func readPipe(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        var count = 0
        while count < buffer.count, !inputEnded {
            let byte: UInt8
            if count == 0 {
                guard let next = waitForByte() else { throw .EINTR }
                byte = next
            } else {
                guard let next = Console.pollByte() else { break }
                byte = next
            }
            switch byte {
            case literalNext:
                var quoted = waitForByte()   // the quoted byte follows at once
                while quoted == nil { quoted = waitForByte() }
                buffer[count] = quoted!
                count += 1
            case endOfFile:
                inputEnded = true
            default:
                buffer[count] = byte
                count += 1
            }
        }
        return count
    }

    static func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        Console.write(bytes)
        return bytes.count
    }

    /// ioctl(2) requests a terminal answers; a pipe knows only FIONREAD.
    static func control(pipe: Bool, _ request: Int, _ argument: Int) throws(Errno) -> Int {
        if pipe, request != TerminalRequest.bytesReadable, request != TerminalRequest.setNonBlocking {
            throw .ENOTTY
        }
        switch request {
        case TerminalRequest.getAttributes:
            try UserMemory.store(attributes, to: argument)
        case TerminalRequest.setAttributes, TerminalRequest.setAttributesDrain, TerminalRequest.setAttributesFlush:
            attributes = try UserMemory.load(argument, as: TerminalAttributes.self)
        case TerminalRequest.getWindowSize:
            try UserMemory.store(WindowSize(rows: 24, columns: 80), to: argument)
        case TerminalRequest.setWindowSize:
            _ = try UserMemory.load(argument, as: WindowSize.self)
        case TerminalRequest.bytesReadable:
            try UserMemory.store(Int32(0), to: argument)
        case TerminalRequest.setNonBlocking:
            _ = try UserMemory.load(argument, as: Int32.self)
        case TerminalRequest.getProcessGroup:
            try UserMemory.store(Int32(ProcessIdentity.processID), to: argument)
        default:
            throw .ENOTTY
        }
        return 0
    }

    /// fstat(2) of the console: a character device, ttyS0 (major 4, minor
    /// 64); or of the host pipe, a FIFO.
    static func status(pipe: Bool) -> FileStatus {
        var status = FileStatus()
        status.linkCount = 1
        if pipe {
            status.device = 0xc
            status.inode = 2
            status.mode = FileMode.fifo | 0o600
            status.blockSize = 4096
            return status
        }
        status.device = 0x16
        status.inode = 3
        status.mode = FileMode.characterDevice | 0o620
        status.specialDevice = 4 << 8 | 64
        status.blockSize = 1024
        return status
    }
}
