import CRISCV

/// Instructions that act on this hart.
public enum Processor {
    /// Ticks of the `time` CSR, which counts at the FDT's
    /// `timebase-frequency` (10 MHz on qemu virt) from reset.
    @inline(__always)
    public static var time: UInt64 { rk_read_time() }

    /// The running thread's tp register (its TLS pointer).
    @inline(__always)
    public static var threadPointer: UInt { rk_read_thread_pointer() }

    /// Stalls until an interrupt enabled in `sie` is pending, whether or not
    /// sstatus.SIE lets it trap (priv spec 3.3.3).
    @inline(__always)
    public static func waitForInterrupt() { rk_wait_for_interrupt() }

    /// Orders all earlier memory accesses before later ones.
    @inline(__always)
    public static func fence() { rk_fence() }

    /// Zero-fills `count` whole pages at `address` (page aligned).
    public static func zeroPages(_ address: UnsafeMutableRawPointer, count: Int) {
        rk_arch_zero_pages(address, UInt(count) << 12)
    }

    /// Turns on Sv39 translation with the root table at `root` (satp, priv
    /// spec 4.1.11: MODE 8, ASID 0) and drops stale translations.
    public static func enableTranslation(root: UInt) {
        rk_csr_write_satp(8 << 60 | UInt64(root >> 12))
        rk_sfence_vma_all()
    }

    /// Drops cached translations of the page at `address` after its entry
    /// changed.
    @inline(__always)
    public static func flushTranslation(_ address: UInt) { rk_sfence_vma_page(address) }

    /// Drops all cached translations (cheaper than page by page for large ranges).
    public static func flushAllTranslations() { rk_sfence_vma_all() }

    /// The address of the code of `function`, a `@convention(c)` function
    /// (one pointer wide), to start or jump to.
    public static func codeAddress<Function>(of function: Function) -> UInt {
        UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self))
    }

    /// Continues the context saved in `frame`, which must lie at the top of
    /// the running thread's trap stack.
    public static func resume(_ frame: UnsafeMutableRawPointer) -> Never {
        rk_trap_resume(frame)
    }

    /// Tells `__rk_syscall` whether to return through the signal path.
    public static func setSignalPending(_ pending: Bool) {
        rk_signal_pending = pending ? 1 : 0
    }

    /// Leaves the kernel for the program: switches to `stack` and calls
    /// musl's `__libc_start_main(main, argc, argv)`.
    public static func startProgram(stack: UInt, main: UInt, argc: Int, argv: UInt) -> Never {
        rk_arch_start_program(stack, main, argc, argv)
    }
}
