/// What the syscall trace knows about one system call: its family (for
/// `rk.trace=file,memory`), how each argument is shown and how the result
/// is read. The table is `SyscallSignature.of(_:)`, one line per call;
/// the name comes from `Syscall.name`.
public struct SyscallSignature {
    public var family: SyscallFamily
    /// The arguments, in order; `count` of them are shown.
    public var arguments: (ArgumentKind, ArgumentKind, ArgumentKind, ArgumentKind, ArgumentKind, ArgumentKind)
    public var count: Int
    public var result: ResultKind

    public init(
        _ family: SyscallFamily,
        _ a0: ArgumentKind? = nil, _ a1: ArgumentKind? = nil, _ a2: ArgumentKind? = nil,
        _ a3: ArgumentKind? = nil, _ a4: ArgumentKind? = nil, _ a5: ArgumentKind? = nil,
        result: ResultKind = .integer
    ) {
        self.family = family
        // Arguments are given in order, so the present ones are a prefix.
        count = Self.present(a0) + Self.present(a1) + Self.present(a2)
            + Self.present(a3) + Self.present(a4) + Self.present(a5)
        arguments = (a0 ?? .integer, a1 ?? .integer, a2 ?? .integer, a3 ?? .integer, a4 ?? .integer, a5 ?? .integer)
        self.result = result
    }

    private static func present(_ kind: ArgumentKind?) -> Int { kind == nil ? 0 : 1 }

    /// The kind of argument `index` (0...5).
    public func argument(_ index: Int) -> ArgumentKind {
        switch index {
        case 0: arguments.0
        case 1: arguments.1
        case 2: arguments.2
        case 3: arguments.3
        case 4: arguments.4
        default: arguments.5
        }
    }
}

/// Groups of system calls a trace can be limited to, as strace's `%file`,
/// `%memory`, ... classes.
public enum SyscallFamily: UInt8, CaseIterable {
    case file, memory, process, time, signal, thread, net, other

    public var name: StaticString {
        switch self {
        case .file: "file"
        case .memory: "memory"
        case .process: "process"
        case .time: "time"
        case .signal: "signal"
        case .thread: "thread"
        case .net: "net"
        case .other: "other"
        }
    }
}

/// How an argument's value is shown.
public enum ArgumentKind: Equatable {
    /// Signed decimal.
    case integer
    /// Unsigned decimal (sizes, counts).
    case size
    /// An address or opaque value, in hexadecimal; 0 is `NULL`.
    case pointer
    /// A file descriptor.
    case descriptor
    /// A directory descriptor of the *at calls: `AT_FDCWD` or a number.
    case directory
    /// A NUL-terminated string the program passes.
    case string
    /// Bytes the program passes; their count is the next argument.
    case inputBuffer
    /// Bytes the kernel fills; their count is the call's result.
    case outputBuffer
    /// A permission mode, in octal.
    case mode
    /// open's mode: shown only when the flags before it create a file
    /// (O_CREAT, O_TMPFILE), as strace does; otherwise the call has no mode.
    case creationMode
    /// A pointer to a 64-bit signal set, shown as `[INT USR1]`.
    case signalSet
    /// A flag word or code shown by name.
    case symbolic(SymbolSet)
}

/// The named constants an argument takes (ArgumentDecoding.swift).
public enum SymbolSet: Equatable {
    case openFlags, atFlags, seekWhence, protection, mapFlags, remapFlags, memoryAdvice, fileAdvice
    case clock, signal, signalMaskHow, futexOperation, ioctlRequest, fcntlCommand
    case resource, randomFlags, accessMode, timerFlags, itimerWhich, rusageWho
}

/// How the result is shown. A result between -4095 and -1 is an error in
/// every case and is shown as `-1 ENAME (message)`, as strace does.
public enum ResultKind: Equatable {
    case integer
    /// An address (mmap, brk).
    case pointer
    /// The call does not return to its caller (exit, rt_sigreturn): the
    /// trace line is written before the call, ending `= ?`.
    case noReturn
}
