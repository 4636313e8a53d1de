import CRISCV

/// Where the linker put the parts of the image (runikraft.ld).
public enum ImageLayout {
    public static var start: UInt { rk_symbol__image_start() }
    public static var textEnd: UInt { rk_symbol__text_end() }
    public static var rodataStart: UInt { rk_symbol__rodata_start() }
    public static var dataStart: UInt { rk_symbol__data_start() }
    public static var bssStart: UInt { rk_symbol__bss_start() }
    /// The guard pages below the boot and first trap stacks (boot.S, trap.S).
    public static var bootStackGuard: UInt { rk_symbol__boot_stack_guard() }
    public static var trapStackGuard: UInt { rk_symbol__trap_stack_guard() }
    /// musl's `__stack_chk_fail`, 0 when the image has none.
    public static var stackCheckFailure: UInt { rk_symbol_stack_chk_fail() }
    /// First byte after the image (page aligned).
    public static var end: UInt { rk_symbol__image_end() }

    /// The TLS template: initialised bytes, then zeroed ones.
    public static var tlsStart: UInt { rk_symbol__tdata_start() }
    public static var tlsFileSize: UInt { rk_symbol__tdata_end() - rk_symbol__tdata_start() }
    public static var tlsMemorySize: UInt { rk_symbol__tbss_end() - rk_symbol__tdata_start() }
    /// The linker script stores the alignment as a symbol's value.
    public static var tlsAlignment: UInt { rk_symbol__tls_align() }
}
