/// The registers trap.S saves on every trap, in this order.
public struct TrapFrame {
    /// x0...x31; x0's slot is unused, x2 holds the interrupted sp.
    public var registers: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public var pc: UInt64       // sepc
    public var status: UInt64   // sstatus
    public var cause: UInt64    // scause
    public var value: UInt64    // stval: faulting address or instruction
    /// f0...f31, then fcsr.
    public var floatingPoint: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                               UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                               UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                               UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    public var floatingPointStatus: UInt64
    /// What sscratch holds after the frame is restored: the trap stack's
    /// top, or 0 when returning into a handler (trap.S).
    var scratch: UInt64

    public static var size: Int { MemoryLayout<TrapFrame>.size }

    /// The frame slot at the top of the trap stack whose top is `top` (a
    /// thread's `trapStackTop`), where rt_sigreturn builds the frame it
    /// returns through.
    public static func topSlot(ofTrapStack top: UInt) -> UnsafeMutablePointer<TrapFrame> {
        UnsafeMutablePointer<TrapFrame>(bitPattern: top - UInt(size))!
    }

    /// Register `x<index>`.
    public func register(_ index: Int) -> UInt64 {
        withUnsafeBytes(of: registers) { $0.load(fromByteOffset: index * 8, as: UInt64.self) }
    }

    public mutating func setRegister(_ index: Int, _ value: UInt64) {
        withUnsafeMutableBytes(of: &registers) { $0.storeBytes(of: value, toByteOffset: index * 8, as: UInt64.self) }
    }

    /// Register `f<index>` (its 64 bits).
    public func floatingPointRegister(_ index: Int) -> UInt64 {
        withUnsafeBytes(of: floatingPoint) { $0.load(fromByteOffset: index * 8, as: UInt64.self) }
    }

    public mutating func setFloatingPointRegister(_ index: Int, _ value: UInt64) {
        withUnsafeMutableBytes(of: &floatingPoint) { $0.storeBytes(of: value, toByteOffset: index * 8, as: UInt64.self) }
    }

    /// sstatus bits for returning to code that runs with interrupts on,
    /// in S-mode (SPP set, SPIE set).
    public mutating func returnWithInterruptsOn() {
        status |= 1 << 8 | 1 << 5
    }

    /// Whether the trapped code ran with interrupts on: program code (the
    /// kernel runs with them off).
    public var interruptedProgram: Bool { status & (1 << 5) != 0 }


    public var isInterrupt: Bool { cause >> 63 != 0 }

    /// Interrupt codes of scause (priv spec table 4.2).
    public static let timerInterrupt: UInt64 = 5
    public static let externalInterrupt: UInt64 = 9
    public var code: UInt64 { cause & ~(1 << 63) }
}

/// Exception codes of scause (priv spec table 4.2).
public enum ExceptionCode {
    public static let instructionMisaligned: UInt64 = 0
    public static let instructionAccessFault: UInt64 = 1
    public static let illegalInstruction: UInt64 = 2
    public static let breakpoint: UInt64 = 3
    public static let loadMisaligned: UInt64 = 4
    public static let loadAccessFault: UInt64 = 5
    public static let storeMisaligned: UInt64 = 6
    public static let storeAccessFault: UInt64 = 7
    public static let environmentCallFromU: UInt64 = 8
    public static let environmentCallFromS: UInt64 = 9
    public static let instructionPageFault: UInt64 = 12
    public static let loadPageFault: UInt64 = 13
    public static let storePageFault: UInt64 = 15

    /// The spec's name for an exception code.
    public static func name(_ code: UInt64) -> StaticString {
        switch code {
        case instructionMisaligned: "instruction address misaligned"
        case instructionAccessFault: "instruction access fault"
        case illegalInstruction: "illegal instruction"
        case breakpoint: "breakpoint"
        case loadMisaligned: "load address misaligned"
        case loadAccessFault: "load access fault"
        case storeMisaligned: "store address misaligned"
        case storeAccessFault: "store access fault"
        case environmentCallFromU: "environment call from U-mode"
        case environmentCallFromS: "environment call from S-mode"
        case instructionPageFault: "instruction page fault"
        case loadPageFault: "load page fault"
        case storePageFault: "store page fault"
        default: "unknown exception"
        }
    }
}
