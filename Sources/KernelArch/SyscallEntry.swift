import CRISCV

/// The switches of `__rk_syscall`, the program's one way into the kernel
/// (syscall_entry.S).
public enum SyscallEntry {
    /// When on, every syscall goes through `rk_syscall_traced` instead of
    /// straight to the dispatcher; off, the entry pays one load and a branch.
    public static var isTracing: Bool {
        get { rk_trace_enabled != 0 }
        set { rk_trace_enabled = newValue ? 1 : 0 }
    }

    /// Turns the syscall trace on for the calls `list` selects; false when
    /// the image was linked without the tracer.
    public static func startTracing(_ list: UnsafeRawBufferPointer) -> Bool {
        rk_syscall_trace_start(list.baseAddress, list.count) != 0
    }
}
