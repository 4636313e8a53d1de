import KernelArch
import KernelPlatform
import KernelPosix
import KernelScheduler
import LinuxABI
import SyscallTrace

/// The syscall trace (kernel option `rk.trace[=FAMILIES,NAMES]`): every
/// selected call is written on the console as strace writes it, after it
/// returns (before, for calls that do not return). The decoding is in the
/// hardware-free SyscallTrace module; this is the kernel's side: the
/// selection, the program's memory and the console.
///
/// The module is its own archive member, which only `-u
/// rk_syscall_trace_enable` on the link line pulls in (the default);
/// `__rk_syscall` and the boot refer to it weakly (syscall_entry.S), so an
/// image linked without it has none of its code.
public enum SyscallTracer {
    nonisolated(unsafe) static var selection = TraceSelection()
}

/// Turns the trace on for the calls the `count` bytes at `list` select
/// (none: all). Reached through `SyscallEntry.startTracing`; returns 1.
@_cdecl("rk_syscall_trace_enable")
public func rk_syscall_trace_enable(_ list: UnsafeRawPointer?, _ count: Int) -> Int {
    SyscallTracer.selection = TraceSelection(parsing: UnsafeRawBufferPointer(start: list, count: count)) { word in
        Log.line { line in
            line.text("rk.trace: no syscall or family \"")
            line.bytes(word)
            line.text("\"")
        }
    }
    SyscallEntry.isTracing = true
    return 1
}

extension SyscallTracer {
    static func write(_ number: Int, _ arguments: SyscallArguments, result: Int?) {
        Log.line { line in
            if let thread = Scheduler.current, thread.id != ProcessIdentity.processID {
                line.text("[pid ")
                line.decimal(thread.id)
                line.text("] ")
            }
            var output = ConsoleOutput()
            SyscallFormatter(memory: ProgramMemory()).write(
                number: number, arguments: arguments, result: result, to: &output)
        }
    }
}

/// Reached from `__rk_syscall` instead of the dispatcher while the trace is on.
@_cdecl("rk_syscall_traced")
public func rk_syscall_traced(_ number: Int, _ a0: Int, _ a1: Int, _ a2: Int, _ a3: Int, _ a4: Int, _ a5: Int) -> Int {
    guard SyscallTracer.selection.contains(number) else {
        return rk_syscall_dispatch(number, a0, a1, a2, a3, a4, a5)
    }
    let arguments = SyscallArguments(a0, a1, a2, a3, a4, a5)
    if SyscallSignature.of(number)?.result == .noReturn {
        SyscallTracer.write(number, arguments, result: nil)
        return rk_syscall_dispatch(number, a0, a1, a2, a3, a4, a5)
    }
    let result = rk_syscall_dispatch(number, a0, a1, a2, a3, a4, a5)
    SyscallTracer.write(number, arguments, result: result)
    return result
}

/// The program's memory, as far as a syscall may pass it (UserMemory).
struct ProgramMemory: TraceMemory {
    func byte(at address: Int) -> UInt8? {
        UserMemory.peek(address, as: UInt8.self)
    }
}

/// The rest of a console line (inside `Log.line`).
struct ConsoleOutput: TraceOutput {
    mutating func write(_ text: StaticString) { Console.write(text) }
    mutating func write(byte: UInt8) { Console.write(byte) }
}
