import Testing
@testable import RunikraftTool

/// `runikraft inspect` on a small ELF file assembled here: one r-x LOAD
/// segment, .text and .bss, and a symbol table with a kernel, a libc and a
/// program function.
struct ImageInspectionTests {
    static func little(_ value: UInt64, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
    }

    /// Sections: null, .text, .bss, .symtab, .strtab, .shstrtab.
    static func image() -> [UInt8] {
        let names: [UInt8] = Array("\0.text\0.bss\0.symtab\0.strtab\0.shstrtab\0".utf8)
        let strings: [UInt8] = Array("\0_start\0main\0write\0$x\0".utf8)
        func symbol(_ name: UInt32, _ value: UInt64, _ size: UInt64, type: UInt8, section: UInt16) -> [UInt8] {
            little(UInt64(name), 4) + [0x10 | type, 0] + little(UInt64(section), 2) + little(value, 8) + little(size, 8)
        }
        let symbols = [UInt8](repeating: 0, count: 24)
            + symbol(1, 0x8020_0000, 0x40, type: 2, section: 1)    // _start: kernel
            + symbol(19, 0x8020_0000, 0, type: 0, section: 1)       // $x: a mapping symbol
            + symbol(8, 0x8020_0040, 0x20, type: 2, section: 1)     // main: the program
            + symbol(13, 0x8020_0060, 0x10, type: 2, section: 1)    // write: libc
        let text = [UInt8](repeating: 0x13, count: 0x70)
        // Layout: header, program header, text, symbols, strings, names, section headers.
        let textOffset = 64 + 56
        let symbolsOffset = textOffset + text.count
        let stringsOffset = symbolsOffset + symbols.count
        let namesOffset = stringsOffset + strings.count
        let sectionsOffset = namesOffset + names.count
        func section(_ name: UInt32, _ type: UInt32, _ flags: UInt64, _ address: UInt64, _ offset: Int, _ size: Int,
                     link: UInt32 = 0, entrySize: UInt64 = 0) -> [UInt8] {
            little(UInt64(name), 4) + little(UInt64(type), 4) + little(flags, 8) + little(address, 8)
                + little(UInt64(offset), 8) + little(UInt64(size), 8) + little(UInt64(link), 4) + little(0, 4)
                + little(8, 8) + little(entrySize, 8)
        }
        var header: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        header += little(2, 2) + little(243, 2) + little(1, 4) + little(0x8020_0000, 8)
        header += little(64, 8) + little(UInt64(sectionsOffset), 8) + little(0, 4)
        header += little(64, 2) + little(56, 2) + little(1, 2) + little(64, 2) + little(6, 2) + little(5, 2)
        let load = little(1, 4) + little(5, 4) + little(UInt64(textOffset), 8) + little(0x8020_0000, 8)
            + little(0x8020_0000, 8) + little(UInt64(text.count), 8) + little(UInt64(text.count), 8) + little(0x1000, 8)
        return header + load + text + symbols + strings + names
            + [UInt8](repeating: 0, count: 64)
            + section(1, 1, 0x6, 0x8020_0000, textOffset, text.count)
            + section(7, 8, 0x3, 0x8020_1000, 0, 0x100)
            + section(12, 2, 0, 0, symbolsOffset, symbols.count, link: 4, entrySize: 24)
            + section(20, 3, 0, 0, stringsOffset, strings.count)
            + section(28, 3, 0, 0, namesOffset, names.count)
    }

    @Test func readsHeadersAndSymbols() throws {
        let elf = try ELFImage(bytes: Self.image(), name: "img")
        #expect(elf.machine == ELFImage.riscv)
        #expect(elf.entry == 0x8020_0000)
        #expect(elf.segments.map(\.typeName) == ["LOAD"])
        #expect(elf.segments.first?.permissions == "r-x")
        #expect(elf.sections.map(\.name) == ["", ".text", ".bss", ".symtab", ".strtab", ".shstrtab"])
        #expect(elf.sections[2].occupiesFile == false && elf.sections[2].isWritable)
        #expect(elf.symbols.map(\.name) == ["_start", "$x", "main", "write"])
    }

    @Test func sizesByOriginAndReport() throws {
        let inspection = ImageInspection(
            path: "build/img", image: try ELFImage(bytes: Self.image(), name: "img"),
            origins: [
                "_start": .init(component: "kernel", module: "KernelBoot"),
                "write": .init(component: "libc (musl)"),
            ])
        let sizes = Dictionary(uniqueKeysWithValues: inspection.sizeByOrigin().map { ($0.origin, $0.bytes) })
        #expect(sizes[.init(component: "kernel", module: "KernelBoot")] == 0x40)
        #expect(sizes[.application] == 0x20)
        #expect(sizes[.init(component: "libc (musl)")] == 0x10)
        let report = inspection.report()
        #expect(report.contains("  entry point: 0x80200000 (_start)\n"))
        #expect(report.contains("  runikraft run passes: rk.marker -- img\n"))
        #expect(report.contains(".bss              rw-   0x80201000             256  (zero-filled)"))
    }

    @Test func rejectsOtherFiles() {
        #expect(throws: ToolError("x: not an ELF file")) { try ELFImage(bytes: Array("#!/bin/sh\n".utf8), name: "x") }
        var thirtyTwoBit = Self.image()
        thirtyTwoBit[4] = 1
        #expect(throws: ToolError("x: not a 64-bit little-endian ELF file, so not a Runikraft image")) {
            try ELFImage(bytes: thirtyTwoBit, name: "x")
        }
    }

    /// Found by the host fuzzer (Fuzz/ELFImageFuzzer.swift): header
    /// offsets past what an Int holds trapped when converted.
    @Test func offsetsPastTheFileAreATruncatedFile() {
        for field in [32, 40] {   // e_phoff, e_shoff
            var image = Self.image()
            image.replaceSubrange(field..<(field + 8), with: Self.little(0xffff_ffff_ffff_ff00, 8))
            #expect(throws: ToolError("x: truncated ELF file")) { try ELFImage(bytes: image, name: "x") }
        }
    }

    /// Found by the host fuzzer: section and symbol sizes whose sum
    /// overflows trapped in the report; the totals stay at the maximum.
    @Test func sizesPastUInt64StillReport() throws {
        var image = Self.image()
        let text = image.count - 5 * 64   // .text's section header
        image.replaceSubrange((text + 32)..<(text + 40), with: Self.little(.max, 8))
        let inspection = ImageInspection(path: "img", image: try ELFImage(bytes: image, name: "img"), origins: [:])
        #expect(inspection.report().contains("  loaded: \(UInt64.max) bytes from the file, \(UInt64.max) bytes in memory\n"))
    }

    /// Found by the host fuzzer: 65535 program headers of size 0 made
    /// 65535 segments of one 56-byte header (inspect slowed to a crawl).
    @Test func entriesSmallerThanTheirHeadersAreMalformed() {
        var image = Self.image()
        image.replaceSubrange(54..<58, with: Self.little(0, 2) + Self.little(0xffff, 2))   // e_phentsize, e_phnum
        #expect(throws: ToolError("x: malformed ELF header (entry sizes)")) { try ELFImage(bytes: image, name: "x") }
    }
}
