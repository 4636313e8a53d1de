import CRISCV

/// Where the parts of the image are (runikraft.ld): at the random virtual
/// base relocate.c moved them to, `offset` above where they were loaded.
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
    public static var tlsAlignment: UInt { rk_tls_alignment() }

    /// How far the image runs above the physical memory it was loaded
    /// into (0 when it was not moved).
    public static var offset: UInt { rk_read_image_offset() }
    /// The image's first byte and the byte after it, in physical memory.
    public static var physicalStart: UInt { start &- offset }
    public static var physicalEnd: UInt { end &- offset }

    /// Whether `address` lies in the image (at its virtual base).
    @inline(__always)
    public static func contains(_ address: UInt) -> Bool { address &- start < end &- start }

    /// The physical address of kernel memory at `address`, as a device
    /// doing DMA needs it: the image's own memory (static buffers, the boot
    /// stack, a program's globals) is moved; everything else is mapped at
    /// its own address.
    @inline(__always)
    public static func physicalAddress(_ address: UInt) -> UInt {
        contains(address) ? address &- offset : address
    }

    /// Why the image was not moved, when it was not.
    public enum UnmovedReason: Int32 {
        case moved = 0
        /// `rk.aslr=off` or `rk.paging=off`.
        case askedNotTo = 1
        /// The device tree had no entropy (`/chosen/rng-seed`, `kaslr-seed`).
        case noEntropy = 2
        /// The image has an absolute relocation other than R_RISCV_RELATIVE.
        case unknownRelocation = 3
        /// The image is larger than the early page table can map.
        case tooLarge = 4
    }

    public static var unmovedReason: UnmovedReason { UnmovedReason(rawValue: rk_read_image_unmoved_reason()) ?? .moved }
}
