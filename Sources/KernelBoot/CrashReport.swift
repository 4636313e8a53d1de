import KernelArch
import KernelPlatform
import KernelPosix
import KernelScheduler

/// The trap handler. An interrupt goes to the scheduler (the timer) or to
/// the device that raised it; any other trap is a fault: the program (or
/// the kernel) did something the hardware refused. The report names the fault, the registers and the
/// call chain, then the machine stops with the status a shell shows for a
/// process killed by the matching signal (128 + signal number).
enum CrashReport {
    nonisolated(unsafe) static var reporting = false

    /// The signal Linux raises for an exception: SIGSEGV (11) for access and
    /// page faults, SIGILL (4), SIGBUS (7) for misalignment, SIGTRAP (5) for
    /// ebreak. The exit status is 128 + that signal.
    static func signal(forException code: UInt64) -> Int {
        switch code {
        case ExceptionCode.illegalInstruction: 4
        case ExceptionCode.breakpoint: 5
        case ExceptionCode.instructionMisaligned, ExceptionCode.loadMisaligned, ExceptionCode.storeMisaligned: 7
        default: 11
        }
    }

    static let registerNames: (StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
                               StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
                               StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
                               StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
                               StaticString, StaticString, StaticString, StaticString, StaticString, StaticString,
                               StaticString, StaticString) =
        ("zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
         "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6")

    static func registerName(_ index: Int) -> StaticString {
        withUnsafeBytes(of: registerNames) {
            $0.load(fromByteOffset: index * MemoryLayout<StaticString>.stride, as: StaticString.self)
        }
    }

    static func report(_ frame: TrapFrame) -> Never {
        if reporting {
            // A fault while reporting one: say only that, and stop.
            Log.line(.error, "fault inside the crash report; stopping")
            Board.powerOff(status: 128 + 11)
        }
        reporting = true
        Log.line(.error) { line in
            line.text("crash: ")
            line.text(ExceptionCode.name(frame.code))
            line.text(" at pc ")
            line.hex(frame.pc, digits: 16)
            line.text(", address ")
            line.hex(frame.value, digits: 16)
        }
        for row in 0..<8 {
            Log.line(.error) { line in
                for column in 0..<4 {
                    let index = row * 4 + column
                    if index == 0 {
                        line.text("  pc ")
                        line.hex(frame.pc, digits: 16)
                        continue
                    }
                    line.text("  ")
                    line.text(registerName(index))
                    line.text(" ")
                    line.hex(frame.register(index), digits: 16)
                }
            }
        }
        backtrace(pc: frame.pc, framePointer: frame.register(8), returnAddress: frame.register(1))
        Board.powerOff(status: 128 + signal(forException: frame.code))
    }

    /// Follows the frame-pointer chain (RISC-V psABI: the return address at
    /// fp - 8, the caller's fp at fp - 16), as long as it stays in RAM.
    static func backtrace(pc: UInt64, framePointer: UInt64, returnAddress: UInt64) {
        Log.line(.error, "backtrace:")
        logFrame(0, pc)
        let ram = Board.memory
        var fp = framePointer
        var depth = 1
        while depth < 32, fp % 8 == 0, fp >= UInt64(ram.base) + 16, fp <= UInt64(ram.base + ram.size) {
            let savedReturn = UnsafePointer<UInt64>(bitPattern: UInt(fp - 8))!.pointee
            let savedFramePointer = UnsafePointer<UInt64>(bitPattern: UInt(fp - 16))!.pointee
            guard savedReturn != 0 else { break }
            logFrame(depth, savedReturn)
            guard savedFramePointer > fp else { break }   // the chain must climb the stack
            fp = savedFramePointer
            depth += 1
        }
        if depth == 1 {
            logFrame(1, returnAddress)   // a leaf function: only ra is known
        }
    }

    static func logFrame(_ depth: Int, _ address: UInt64) {
        Log.line(.error) { line in
            line.text("  #")
            line.decimal(depth)
            line.text(" ")
            line.hex(address, digits: 16)
        }
    }
}

/// Called by the trap vector with the saved registers. Returning resumes
/// the frame, which signal delivery may have redirected to a handler.
@_cdecl("rk_trap")
public func rk_trap(_ frameAddress: UnsafeMutableRawPointer) {
    let frame = frameAddress.bindMemory(to: TrapFrame.self, capacity: 1)
    if frame.pointee.isInterrupt {
        switch frame.pointee.code {
        case TrapFrame.timerInterrupt: Scheduler.timerInterrupt()
        case TrapFrame.externalInterrupt: Scheduler.externalInterrupt()
        default: break
        }
        if frame.pointee.interruptedProgram { Signals.deliver(into: frame) }
        return
    }
    // A fault in the program goes to its handler if it has one for the
    // signal and does not block it; otherwise, and in the kernel, it is a crash.
    let signal = CrashReport.signal(forException: frame.pointee.code)
    if frame.pointee.interruptedProgram, Signals.catches(signal) {
        Signals.deliver(into: frame, fault: (signal, 1, frame.pointee.value))
        return
    }
    CrashReport.report(frame.pointee)
}
