import CRISCV

/// What a thread switch saves (context_switch.S, in this order): ra, sp,
/// s0-s11, tp, fs0-fs11, fcsr, sscratch.
public struct ThreadContext {
    public var returnAddress: UInt64 = 0
    public var stackPointer: UInt64 = 0
    /// s0...s11.
    public var saved: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                       UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    public var threadPointer: UInt64 = 0
    /// fs0...fs11.
    public var savedFloatingPoint: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                                    UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    public var floatingPointStatus: UInt64 = 0
    /// sscratch: the thread's trap stack top, or 0 inside a trap handler.
    public var trapScratch: UInt64 = 0

    public init() {}

    /// A context whose first switch calls `function(argument)` on `stack`
    /// with `threadPointer` in tp, interrupts on (rk_arch_thread_entry).
    /// The thread object sets `trapScratch` to its trap stack's top.
    public init(function: UInt, argument: UInt, stack: UInt, threadPointer: UInt) {
        returnAddress = UInt64(rk_symbolrk_arch_thread_entry())
        stackPointer = UInt64(stack & ~15)
        saved.0 = UInt64(function)
        saved.1 = UInt64(argument)
        self.threadPointer = UInt64(threadPointer)
    }

    /// Saves the running thread's registers into `from` and continues the
    /// thread saved in `to`; returns when some thread switches back to `from`.
    public static func switchContext(from: UnsafeMutablePointer<ThreadContext>, to: UnsafePointer<ThreadContext>) {
        rk_arch_switch(from, to)
    }
}

/// The hart's global interrupt enable (sstatus.SIE). The program runs with
/// interrupts on, so a timer can preempt it; the kernel runs with them off,
/// which makes every kernel entry atomic on one hart.
public enum Interrupts {
    /// Turns interrupts off; returns whether they were on, for `restore`.
    @inline(__always)
    public static func disable() -> Bool { rk_interrupts_disable() != 0 }

    @inline(__always)
    public static func restore(_ wereEnabled: Bool) {
        if wereEnabled { rk_interrupts_enable() }
    }
}
