import KernelPlatform
import LinuxABI

/// The serial console seen as a terminal, the way a Linux program sees its
/// controlling tty: reads in canonical mode deliver one line at a time,
/// carriage returns become newlines (ICRNL) and ^D at the start of a read
/// is end of file. Output passes through unchanged; the host terminal
/// already maps newlines. Input is not echoed, so piped input never
/// appears in the program's output.
enum ConsoleTerminal {
    static let endOfFile: UInt8 = 0x04   // ^D, VEOF

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

    /// read(2) on the console.
    static func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard buffer.count > 0 else { return 0 }
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
                byte = Console.readByte()
            }
            if isCanonical, byte == endOfFile {
                if count > 0 { pendingEndOfFile = true }
                break
            }
            let translated = byte == UInt8(ascii: "\r")
                && attributes.inputFlags & TerminalAttributes.inputMapCRToNL != 0 ? UInt8(ascii: "\n") : byte
            buffer[count] = translated
            count += 1
            if isCanonical, translated == UInt8(ascii: "\n") { break }
        }
        return count
    }

    static func write(_ bytes: UnsafeRawBufferPointer) -> Int {
        Console.write(bytes)
        return bytes.count
    }

    /// ioctl(2) requests a terminal answers.
    static func control(_ request: Int, _ argument: Int) throws(Errno) -> Int {
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

    /// fstat(2) of the console: a character device, ttyS0 (major 4, minor 64).
    static var status: FileStatus {
        var status = FileStatus()
        status.device = 0x16
        status.inode = 3
        status.mode = FileMode.characterDevice | 0o620
        status.linkCount = 1
        status.specialDevice = 4 << 8 | 64
        status.blockSize = 1024
        return status
    }
}
