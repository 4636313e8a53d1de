import Dispatch
import Foundation

/// Boots an image in qemu and relays the console: qemu's output to our standard
/// output, our standard input to the guest. Returns qemu's exit status, which
/// the kernel sets to the program's through the sifive,test0 device.
public struct ImageRunner {
    /// Piped input (kernel option `rk.stdin=pipe`) reaches the guest as its
    /// bytes, with `endOfFile` once it ends; a data byte equal to `endOfFile`
    /// or `literalNext` is sent after a `literalNext`, as a tty's ^V quotes
    /// the next character. So binary input arrives intact.
    public static let endOfFile: UInt8 = 0x04
    public static let literalNext: UInt8 = 0x16

    public var qemu: String
    /// Seconds before qemu is killed; nil waits for ever.
    public var timeout: Double?
    /// Shows OpenSBI's boot banner instead of removing it.
    public var showsFirmwareBanner = false
    /// Where the guest's input comes from; standard input by default.
    public var input: Int32 = 0
    /// Where the guest's output goes; standard output by default.
    public var output: Int32 = 1
    /// Adds function, file and line to crash-report frames, when set.
    public var symbolizer: BacktraceSymbolizer?

    public init(qemu: String, timeout: Double? = nil, showsFirmwareBanner: Bool = false) {
        self.qemu = qemu
        self.timeout = timeout
        self.showsFirmwareBanner = showsFirmwareBanner
    }

    /// How a run ended.
    public enum Outcome: Equatable, Sendable {
        /// qemu exited with this status (the program's, when the kernel ends the VM).
        case exited(status: Int32)
        /// The timeout passed and qemu was killed.
        case timedOut
    }

    public func run(_ machine: VirtualMachine) throws -> Outcome {
        // A guest that stops reading must not kill us through a closed pipe.
        signal(SIGPIPE, SIG_IGN)
        // A terminal goes to qemu as it is: qemu puts it in raw mode, so keys
        // reach the guest as typed, and restores it on exit.
        let (input, output, showsBanner) = (self.input, self.output, showsFirmwareBanner)
        let inputPipe = isatty(input) == 1 ? nil : try PipeEnds.closingOnExec()
        let outputPipe = showsFirmwareBanner && symbolizer == nil ? nil : try PipeEnds.closingOnExec()
        let pid = try ProcessRunner.spawn(
            machine.qemuCommand(qemu: qemu),
            standardInput: inputPipe?.readEnd ?? input,
            standardOutput: outputPipe?.writeEnd ?? output)
        // Input waits until the kernel has started: the firmware reads (and
        // drops) what the UART holds when it sets the UART up.
        let kernelStarted = DispatchSemaphore(value: 0)
        if let inputPipe {
            close(inputPipe.readEnd)
            Thread.detachNewThread {
                if outputPipe != nil, !showsBanner { kernelStarted.wait() }
                Self.forwardInput(from: input, to: inputPipe.writeEnd)
            }
        }
        let outputDone = DispatchSemaphore(value: 0)
        if let outputPipe {
            close(outputPipe.writeEnd)
            let symbolizer = symbolizer
            Thread.detachNewThread {
                Self.relayOutput(
                    from: outputPipe.readEnd, to: output, qemu: pid, showsBanner: showsBanner, symbolizer: symbolizer
                ) { kernelStarted.signal() }
                outputDone.signal()
            }
        } else {
            outputDone.signal()
        }

        let status = ExitStatus()
        let exited = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            status.value = ProcessRunner.waitForExit(of: pid)
            exited.signal()
        }
        let deadline: DispatchTime = timeout.map { .now() + $0 } ?? .distantFuture
        guard exited.wait(timeout: deadline) == .success else {
            // SIGTERM lets qemu restore a terminal it switched to raw mode; without
            // one, SIGKILL ends it without a "terminating on signal" line.
            kill(pid, inputPipe == nil ? SIGTERM : SIGKILL)
            exited.wait()
            outputDone.wait()
            return .timedOut
        }
        outputDone.wait()
        return .exited(status: status.value)
    }

    /// Copies `source` into the guest's input, escaped, then one end-of-file
    /// character once it runs out (at once for a closed or /dev/null input),
    /// and closes `descriptor`.
    static func forwardInput(from source: Int32, to descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            guard ProcessRunner.writeAll(escaped(buffer[..<count]), to: descriptor) else {
                close(descriptor)
                return
            }
        }
        ProcessRunner.writeAll([endOfFile], to: descriptor)
        close(descriptor)
    }

    /// Input bytes with `endOfFile` and `literalNext` quoted.
    static func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for byte in bytes {
            if byte == endOfFile || byte == literalNext { result.append(literalNext) }
            result.append(byte)
        }
        return result
    }

    /// Copies qemu's output to `destination` without the firmware banner
    /// (see ConsoleStartFilter). If the destination is closed (`| head`), qemu
    /// is stopped, as a program writing there would be.
    static func relayOutput(
        from descriptor: Int32, to destination: Int32, qemu: pid_t, showsBanner: Bool = false,
        symbolizer: BacktraceSymbolizer? = nil, kernelStarted: () -> Void = {}
    ) {
        var filter = ConsoleStartFilter()
        var symbolizer = symbolizer
        var buffer = [UInt8](repeating: 0, count: 65536)
        var writing = true
        func show(_ bytes: [UInt8]) {
            guard writing, !bytes.isEmpty else { return }
            if !ProcessRunner.writeAll(bytes, to: destination) {
                writing = false
                kill(qemu, SIGKILL)
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            let wasStarted = filter.started
            let shown = showsBanner ? Array(buffer[..<count]) : filter.filter(buffer[..<count])
            show(symbolizer?.filter(shown) ?? shown)
            if !wasStarted, filter.started { kernelStarted() }
        }
        var rest = filter.finish()
        if symbolizer != nil { rest = symbolizer!.filter(rest) + symbolizer!.finish() }
        show(rest)
        close(descriptor)
    }
}

/// qemu's exit status, handed from the thread that waits for it.
private final class ExitStatus: @unchecked Sendable {
    // Written once before `exited` is signalled, read after it.
    var value: Int32 = 0
}
