import Allocators
import KernelArch
import KernelPlatform

/// The system allocator: malloc and friends for the C program, musl and the
/// Swift runtime alike (musl's own malloc is left out of libc.a). malloc.c
/// gives these functions their C names, which Swift may not define itself.
/// Single-threaded for now; the scheduler will add a lock.

/// Pages for the heap, straight from physical memory.
struct KernelPages: PageSource {
    /// Pages the heap holds (for the self-check's page count). Changed
    /// only with interrupts off (`atomically`).
    nonisolated(unsafe) static var held = 0

    /// Whether the allocation under way is the program's, which may not
    /// take the kernel's reserve (PhysicalMemory.reservePages); the
    /// kernel's own (the Swift runtime's objects) may, since they cannot
    /// fail.
    var forProgram = false

    mutating func allocatePages(_ count: Int) -> UnsafeMutableRawPointer? {
        guard let run = PhysicalMemory.allocate(pages: count, for: .heap, usingReserve: !forProgram) else { return nil }
        KernelPages.held += count
        // The program touches what malloc returns: map it now (a released
        // page would otherwise fault in the program, AddressSpace.release).
        AddressSpace.mapForKernel(run, pages: count)
        return UnsafeMutableRawPointer(bitPattern: run)
    }

    mutating func freePages(_ address: UnsafeMutableRawPointer, _ count: Int) {
        KernelPages.held -= count
        PhysicalMemory.free(UInt(bitPattern: address), pages: count)
    }
}

nonisolated(unsafe) var heap = Heap(pages: KernelPages())

@_extern(c, "__errno_location")
func errnoLocation() -> UnsafeMutablePointer<Int32>

private let ENOMEM: Int32 = 12
private let EINVAL: Int32 = 22

/// Sets errno to ENOMEM when an allocation failed, as malloc(3) requires.
private func reportingExhaustion(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    if pointer == nil { errnoLocation().pointee = ENOMEM }
    return pointer
}

/// Stops the program on a pointer the heap never handed out or freed
/// twice: continuing would corrupt memory. Status 134 is what a program
/// that abort()s ends with on Linux.
private func check(_ misuse: Heap<KernelPages>.Misuse?, _ function: StaticString, _ pointer: UnsafeMutableRawPointer?) {
    guard let misuse else { return }
    Log.line { line in
        line.text(function)
        line.text(misuse == .doubleFree ? ": double free of " : ": invalid pointer ")
        line.hex(UInt(bitPattern: pointer))
    }
    Board.powerOff(status: 134)
}

/// The program calls these directly, not through a syscall, so each turns
/// interrupts off itself: the heap is shared by all threads. Whose call it
/// is follows from the same bit: the program runs with interrupts on, the
/// kernel (the Swift runtime allocating its objects) with them off.
@inline(__always)
private func atomically<Result>(_ body: () -> Result) -> Result {
    let interrupts = Interrupts.disable()
    defer { Interrupts.restore(interrupts) }
    heap.pages.forProgram = interrupts
    return body()
}

@_cdecl("rk_malloc")
public func rk_malloc(_ size: Int) -> UnsafeMutableRawPointer? {
    atomically { reportingExhaustion(heap.allocate(size)) }
}

@_cdecl("rk_calloc")
public func rk_calloc(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer? {
    let (total, overflow) = count.multipliedReportingOverflow(by: size)
    guard !overflow, let pointer = atomically({ heap.allocate(total) }) else { return reportingExhaustion(nil) }
    pointer.initializeMemory(as: UInt8.self, repeating: 0, count: total)
    return pointer
}

@_cdecl("rk_realloc")
public func rk_realloc(_ pointer: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
    let result = atomically { heap.reallocate(pointer, to: size) }
    check(result.misuse, "realloc()", pointer)
    return reportingExhaustion(result.pointer)
}

@_cdecl("rk_free")
public func rk_free(_ pointer: UnsafeMutableRawPointer?) {
    check(atomically { heap.free(pointer) }, "free()", pointer)
}

@_cdecl("rk_posix_memalign")
public func rk_posix_memalign(
    _ result: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ alignment: Int, _ size: Int
) -> Int32 {
    guard alignment >= MemoryLayout<UnsafeRawPointer>.size, alignment & (alignment - 1) == 0 else { return EINVAL }
    guard let pointer = atomically({ heap.allocate(size, alignment: alignment) }) else { return ENOMEM }
    result.pointee = pointer
    return 0
}

@_cdecl("rk_aligned_alloc")
public func rk_aligned_alloc(_ alignment: Int, _ size: Int) -> UnsafeMutableRawPointer? {
    guard alignment > 0, alignment & (alignment - 1) == 0 else {
        errnoLocation().pointee = EINVAL
        return nil
    }
    return reportingExhaustion(atomically { heap.allocate(size, alignment: alignment) })
}

@_cdecl("rk_memalign")
public func rk_memalign(_ alignment: Int, _ size: Int) -> UnsafeMutableRawPointer? {
    rk_aligned_alloc(alignment, size)
}

@_cdecl("rk_malloc_usable_size")
public func rk_malloc_usable_size(_ pointer: UnsafeMutableRawPointer?) -> Int {
    atomically { heap.usableSize(pointer) }
}
