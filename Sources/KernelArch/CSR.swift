import CRISCV

/// Supervisor control and status registers this kernel touches, with the
/// bits it uses (RISC-V privileged spec, chapter 4.1).
public enum CSR {
    /// sstatus bits.
    public enum Status {
        public static let interruptsEnabled: UInt64 = 1 << 1   // SIE
        public static let previousPrivilegeSupervisor: UInt64 = 1 << 8  // SPP
        public static let floatingPointMask: UInt64 = 3 << 13   // FS
    }

    /// sie/sip bits.
    public enum Interrupt {
        public static let software: UInt64 = 1 << 1   // SSIE
        public static let timer: UInt64 = 1 << 5      // STIE
        public static let external: UInt64 = 1 << 9   // SEIE
        /// The same bits in sip: STIP, SEIP.
        public static let timerPending: UInt64 = 1 << 5
        public static let externalPending: UInt64 = 1 << 9
    }

    public static func enableInterrupts(_ bits: UInt64) { rk_csr_set_sie(bits) }
    public static func disableInterrupts(_ bits: UInt64) { rk_csr_clear_sie(bits) }
    public static var pendingInterrupts: UInt64 { rk_csr_read_sip() }

    /// The boot thread's trap stack, in the image (trap.S).
    public static var bootTrapStackTop: UInt { rk_symbol__trap_stack_top() }

    /// Moves the running thread's trap stack top (sscratch) down to `top`:
    /// a frame being built above it in memory (rt_sigreturn) is then safe
    /// from a trap taken meanwhile (a page fault on demand-zero memory),
    /// whose frame goes below. rk_trap_resume puts the top back.
    public static func lowerTrapStackTop(to top: UInt) {
        rk_csr_write_sscratch(UInt64(top))
    }

    /// Points stvec at the trap vector and sscratch at the trap stack.
    public static func installTrapVector() {
        rk_csr_write_sscratch(UInt64(rk_symbol__trap_stack_top()))
        rk_csr_write_stvec(UInt64(rk_symbolrk_trap_vector()))
    }
}
