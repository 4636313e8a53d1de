/// Writes the initial process stack that Linux's ELF loader builds and that
/// musl's `__libc_start_main` and `__init_libc` read (System V ABI, RISC-V
/// psABI "Process Initialization"):
///
///     sp -> argc
///           argv[0] ... argv[argc-1], NULL
///           envp[0] ... envp[n-1], NULL
///           auxv pairs ..., AT_NULL
///           (padding)
///           AT_RANDOM bytes, strings          <- top of the stack region
///
/// The builder works on any memory region, so host tests check the layout
/// byte for byte.
public struct InitialStack {
    /// The region's lowest address; the stack grows down from `top`.
    private let bottom: UInt
    private var cursor: UInt

    /// Prepares to build in `[bottom, top)`; `top` is rounded down to 16.
    public init(bottom: UInt, top: UInt) {
        self.bottom = bottom
        self.cursor = top & ~15
    }

    /// Copies `bytes` plus a terminating NUL below the data placed so far and
    /// returns the copy's address.
    public mutating func pushString(_ bytes: UnsafeRawBufferPointer) throws(Errno) -> UInt {
        let address = try reserve(bytes.count + 1, alignment: 1)
        let destination = UnsafeMutableRawPointer(bitPattern: address)!
        if let source = bytes.baseAddress, bytes.count > 0 {
            destination.copyMemory(from: source, byteCount: bytes.count)
        }
        destination.storeBytes(of: 0, toByteOffset: bytes.count, as: UInt8.self)
        return address
    }

    /// Copies raw bytes (e.g. AT_RANDOM's 16 bytes) and returns their address.
    public mutating func pushBytes(_ bytes: UnsafeRawBufferPointer) throws(Errno) -> UInt {
        let address = try reserve(bytes.count, alignment: 16)
        if let source = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(bitPattern: address)!.copyMemory(from: source, byteCount: bytes.count)
        }
        return address
    }

    /// Writes argc, the argv and envp vectors and the auxiliary vector, and
    /// returns the stack pointer to start the program with (16-byte aligned,
    /// pointing at argc).
    public mutating func finish(
        arguments: [UInt], environment: [UInt], auxiliary: [AuxiliaryEntry]
    ) throws(Errno) -> UInt {
        let words = 1 + (arguments.count + 1) + (environment.count + 1) + 2 * (auxiliary.count + 1)
        let stackPointer = try reserve(words * 8, alignment: 16)
        var slot = UnsafeMutablePointer<UInt64>(bitPattern: stackPointer)!
        func put(_ value: UInt64) {
            slot.pointee = value
            slot += 1
        }
        put(UInt64(arguments.count))
        for address in arguments { put(UInt64(address)) }
        put(0)
        for address in environment { put(UInt64(address)) }
        put(0)
        for entry in auxiliary where entry.tag != .null {
            put(entry.tag.rawValue)
            put(entry.value)
        }
        put(AuxiliaryVectorTag.null.rawValue)
        put(0)
        return stackPointer
    }

    /// Moves the cursor down by `size` bytes, aligned; fails with E2BIG (as
    /// execve does) when the arguments do not fit.
    private mutating func reserve(_ size: Int, alignment: UInt) throws(Errno) -> UInt {
        let needed = UInt(size)
        guard cursor >= bottom + needed else { throw .E2BIG }
        let address = (cursor - needed) & ~(alignment - 1)
        guard address >= bottom else { throw .E2BIG }
        cursor = address
        return address
    }
}
