import KernelArch
import KernelMemory
import KernelPlatform

/// `rk.protections`: the memory protections in force, printed at boot just
/// before the program starts (see docs/architecture.md, decisions 22-26).
enum ProtectionReport {
    static func print(mainStack: (bottom: UInt, top: UInt)) {
        guard AddressSpace.isEnabled else {
            Log.line("protections: none (rk.paging=off): all memory read-write-execute, no guard pages")
            printRandomization()
            return
        }
        Log.line("protections: Sv39 paging, nothing writable and executable")
        range(0, AddressSpace.lowestMapped, "---", "unmapped (NULL and small offsets)")
        range(AddressSpace.lowestMapped, Board.memory.base, "rw-", "devices")
        range(ImageLayout.start, ImageLayout.rodataStart, "r-x", "text")
        range(ImageLayout.rodataStart, ImageLayout.dataStart, "r--", "rodata")
        range(ImageLayout.dataStart, ImageLayout.end, "rw-", "data, bss, kernel stacks (guard pages below them)")
        range(mainStack.bottom - 4096, mainStack.bottom, "---", "guard page below the main stack")
        range(mainStack.bottom, mainStack.top, "rw-", "main stack, zero-filled on first touch")
        Log.line("  mmap and brk memory as mapped (PROT_*), zero-filled on first touch; a guard page below every thread stack (musl's PROT_NONE) and trap stack")
        Log.line("  stack protector: musl's canary from AT_RANDOM; runikraft-cc compiles with -fstack-protector-strong")
        printRandomization()
    }

    static func printRandomization() {
        var bits = 0
        while 1 << (bits + 1) <= PhysicalMemory.randomizedPages { bits += 1 }
        Log.line { line in
            line.text("  ASLR: heap, mmap and main stack each below a random limit (")
            line.decimal(bits)
            line.text(" bits each), the stack top 8 more bits, the break start random")
        }
        Log.line { line in
            switch ImageLayout.unmovedReason {
            case .moved:
                line.text("  ASLR: the image (text, data, GOT) at a random 2 MiB step of [128 GiB, 256 GiB) (16 bits), offset ")
                line.hex(UInt64(ImageLayout.offset), digits: 16)
            case .askedNotTo:
                line.text("  ASLR: the image stays where it was linked (rk.aslr=off or rk.paging=off)")
            default:
                line.text("  ASLR: the image stays where it was linked (see the warning above)")
            }
        }
    }

    static func range(_ start: UInt, _ end: UInt, _ access: StaticString, _ what: StaticString) {
        Log.line { line in
            line.text("  ")
            line.hex(start, digits: 16)
            line.text("-")
            line.hex(end, digits: 16)
            line.text(" ")
            line.text(access)
            line.text(" ")
            line.text(what)
        }
    }
}
