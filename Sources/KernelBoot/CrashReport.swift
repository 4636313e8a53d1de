import KernelArch
import KernelMemory
import KernelPlatform
import KernelPosix
import KernelScheduler
import PageTables
import SyscallTrace

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
        let fault = FaultKind(frame)
        Log.line(.error) { line in
            line.text("crash: ")
            if let words = fault.words {
                line.text(words)
                if fault == .stackOverflow, let thread = Scheduler.current {
                    line.decimal(thread.id)
                } else if fault == .stackSmashing {
                    line.hex(smashedCallSite(frame), digits: 16)
                } else {
                    line.text(" at ")
                    line.hex(frame.value, digits: 16)
                }
                line.text(": ")
            }
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
        if fault == .stackSmashing {
            // The frames above the smashed one are not to be trusted.
            logBacktraceHeading(.info)
            logFrame(0, frame.pc)
            logFrame(1, smashedCallSite(frame))
        } else {
            backtrace(pc: frame.pc, framePointer: frame.register(8), returnAddress: frame.register(1))
        }
        // A fault in the program leaves the kernel's state sound: the
        // program ends as its fatal signal would end it, its files written.
        // A fault in the kernel stops the machine at once.
        let status = 128 + signal(forException: frame.code)
        if frame.interruptedProgram { endProgram(status: status) }
        Board.powerOff(status: status)
    }

    /// Where the function whose canary failed called __stack_chk_fail: just
    /// before the return address, which may already lie in the next function
    /// since the call never returns (a call is 4 or 8 bytes; c.jalr is 2,
    /// and 4 back from it is still in the caller).
    static func smashedCallSite(_ frame: TrapFrame) -> UInt64 {
        frame.register(1) &- 4
    }

    /// Follows the frame-pointer chain (RISC-V psABI: the return address at
    /// fp - 8, the caller's fp at fp - 16), as long as UserMemory can read it.
    static func backtrace(pc: UInt64, framePointer: UInt64, returnAddress: UInt64) {
        logBacktraceHeading(.error)
        logFrame(0, pc)
        var fp = framePointer
        var depth = 1
        // Stacks are in RAM or in the image (the boot and first trap
        // stacks): program memory to UserMemory, which checks both.
        while depth < 32, fp % 8 == 0, fp >= 16,
              let (savedFramePointer, savedReturn) = UserMemory.peek(Int(bitPattern: UInt(fp - 16)), as: (UInt64, UInt64).self) {
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

    /// The line `runikraft run` needs to find the frames in the image file
    /// (how far the image was moved from where it was linked), then the
    /// heading.
    static func logBacktraceHeading(_ level: Log.Level) {
        Log.line(level) { line in
            line.text("image offset ")
            line.hex(UInt64(ImageLayout.offset), digits: 16)
        }
        Log.line(level, "backtrace:")
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

/// A signal whose default action dumps core ends the program (Signals):
/// abort(), a failed assert, raise(SIGSEGV). The report has the signal
/// and the call chain from where the program was, like a fault's.
@_cdecl("rk_crash_report_signal")
public func rk_crash_report_signal(_ signal: Int, _ frameAddress: UnsafeMutableRawPointer) {
    guard !CrashReport.reporting else { return }
    let frame = frameAddress.bindMemory(to: TrapFrame.self, capacity: 1)
    CrashReport.reporting = true
    Log.line { line in
        line.text("crash: ")
        if let name = SymbolSet.signalName(signal) { line.text(name) }
        line.text(" (signal ")
        line.decimal(signal)
        line.text(") at pc ")
        line.hex(frame.pointee.pc, digits: 16)
    }
    CrashReport.backtrace(
        pc: frame.pointee.pc, framePointer: frame.pointee.register(8), returnAddress: frame.pointee.register(1))
}

/// What a fault was, in words, from where it hit (the address space's
/// layout) and how (the exception code).
enum FaultKind: Equatable {
    case nullDereference
    case writeToText
    case writeToReadOnlyData
    case executeFromStack
    case executeFromData
    case executeFromHeap
    case stackOverflow
    case kernelStackOverflow
    /// musl's `__stack_chk_fail` found a smashed canary and crashed on purpose.
    case stackSmashing
    /// A page munmap freed (or never mapped for the program).
    case unmapped
    case unknown

    init(_ frame: TrapFrame) {
        let address = UInt(frame.value)
        let stackPointer = UInt(frame.register(2))
        let store = frame.code == ExceptionCode.storePageFault || frame.code == ExceptionCode.storeAccessFault
        let execute = frame.code == ExceptionCode.instructionPageFault || frame.code == ExceptionCode.instructionAccessFault
        let load = frame.code == ExceptionCode.loadPageFault || frame.code == ExceptionCode.loadAccessFault
        guard store || execute || load else { self = .unknown; return }
        let page = address & ~4095
        let main = ProgramStart.mainStack
        let checkFailure = ImageLayout.stackCheckFailure
        if checkFailure != 0, frame.pc >= checkFailure, frame.pc < checkFailure + 64 {
            self = .stackSmashing
        } else if let (entry, _) = AddressSpace.entry(for: page), entry.isGuard {
            self = .kernelStackOverflow
        } else if address < AddressSpace.lowestMapped {
            self = .nullDereference
        } else if !execute, address >= main.bottom - 4096, address < main.bottom {
            self = .stackOverflow
        } else if !execute, let (entry, _) = AddressSpace.entry(for: address), entry.isAnonymous, entry.access.isEmpty,
                  address &+ 65536 >= stackPointer, address <= stackPointer &+ 65536 {
            // A page no access reaches, next to the stack pointer: the guard
            // below a thread's stack (musl maps it PROT_NONE).
            self = .stackOverflow
        } else if store, address >= ImageLayout.start, address < ImageLayout.rodataStart {
            self = .writeToText
        } else if store, address >= ImageLayout.rodataStart, address < ImageLayout.dataStart {
            self = .writeToReadOnlyData
        } else if execute, Self.onStack(address, stackPointer: stackPointer) {
            self = .executeFromStack
        } else if execute, address >= ImageLayout.dataStart, address < ImageLayout.end {
            self = .executeFromData
        } else if let (entry, _) = AddressSpace.entry(for: address), entry.isReleased {
            self = .unmapped
        } else if execute, address >= ImageLayout.physicalEnd, address < Board.memory.base + Board.memory.size {
            self = .executeFromHeap
        } else {
            self = .unknown
        }
    }

    /// Whether `address` lies on the stack `stackPointer` is on: the main
    /// stack, or the thread stack (one mmap'd run of program pages, at most
    /// 8 MiB) that holds both.
    static func onStack(_ address: UInt, stackPointer: UInt) -> Bool {
        let main = ProgramStart.mainStack
        if stackPointer >= main.bottom, stackPointer <= main.top {
            return address >= main.bottom && address < main.top
        }
        let low = min(address, stackPointer) & ~4095
        let high = max(address, stackPointer) & ~4095
        guard high - low <= 8 << 20 else { return false }
        return AddressSpace.isProgramMemory(low, pages: Int((high - low) / 4096) + 1)
    }

    /// The report's words; a stack overflow is followed by the thread's id.
    var words: StaticString? {
        switch self {
        case .nullDereference: "NULL pointer dereference"
        case .writeToText: "write to read-only text"
        case .writeToReadOnlyData: "write to read-only data"
        case .executeFromStack: "execute from non-executable stack"
        case .executeFromData: "execute from non-executable data"
        case .executeFromHeap: "execute from non-executable heap"
        case .stackOverflow: "stack overflow into guard page of thread "
        case .kernelStackOverflow: "kernel stack overflow into guard page"
        case .stackSmashing: "stack smashing detected in function at "
        case .unmapped: "access to unmapped memory (after munmap?)"
        case .unknown: nil
        }
    }
}

/// Called by trap.S on the emergency stack when a trap handler ran its trap
/// stack into the guard page below it; no frame could be saved.
@_cdecl("rk_trap_stack_overflow")
public func rk_trap_stack_overflow(_ address: UInt, _ pc: UInt) -> Never {
    Log.line { line in
        line.text("crash: kernel stack overflow into guard page at ")
        line.hex(address, digits: 16)
        line.text(" (pc ")
        line.hex(pc, digits: 16)
        line.text(")")
    }
    Board.powerOff(status: 128 + 11)
}

/// Called by the trap vector with the saved registers. Returning resumes
/// the frame, which signal delivery may have redirected to a handler.
@_cdecl("rk_trap")
public func rk_trap(_ frameAddress: UnsafeMutableRawPointer) {
    let frame = frameAddress.bindMemory(to: TrapFrame.self, capacity: 1)
    // First touch of demand-zero memory, from the program or the kernel.
    switch frame.pointee.cause {
    case ExceptionCode.loadPageFault: if AddressSpace.populate(UInt(frame.pointee.value), for: .read) { return }
    case ExceptionCode.storePageFault: if AddressSpace.populate(UInt(frame.pointee.value), for: .write) { return }
    case ExceptionCode.instructionPageFault: if AddressSpace.populate(UInt(frame.pointee.value), for: .execute) { return }
    default: break
    }
    // Kernel code touching a page freed by munmap that is kernel memory again.
    if !frame.pointee.interruptedProgram, frame.pointee.cause == ExceptionCode.loadPageFault
        || frame.pointee.cause == ExceptionCode.storePageFault,
       AddressSpace.restoreKernelPage(UInt(frame.pointee.value)) {
        return
    }
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
