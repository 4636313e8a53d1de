import Foundation

/// The headers and symbols of a 64-bit little-endian ELF file, read as the
/// ELF specification (System V gABI, "Object Files") lays them out: enough
/// for `runikraft inspect`, not a general ELF library.
public struct ELFImage {
    public struct Section: Equatable, Sendable {
        public var name: String
        public var type: UInt32
        public var flags: UInt64
        public var address: UInt64
        public var size: UInt64
        /// SHF_ALLOC: part of the image in memory.
        public var isLoaded: Bool { flags & 0x2 != 0 }
        public var isWritable: Bool { flags & 0x1 != 0 }
        public var isExecutable: Bool { flags & 0x4 != 0 }
        /// SHT_NOBITS (.bss): memory, not file contents.
        public var occupiesFile: Bool { type != 8 }
    }

    public struct Segment: Equatable, Sendable {
        public var type: UInt32
        public var flags: UInt32
        public var virtualAddress: UInt64
        public var fileSize: UInt64
        public var memorySize: UInt64
        public var alignment: UInt64

        public var typeName: String {
            switch type {
            case 1: "LOAD"
            case 2: "DYNAMIC"
            case 3: "INTERP"
            case 4: "NOTE"
            case 6: "PHDR"
            case 7: "TLS"
            case 0x6474_e550: "GNU_EH_FRAME"
            case 0x6474_e551: "GNU_STACK"
            case 0x6474_e552: "GNU_RELRO"
            case 0x7000_0003: "RISCV_ATTRIBUTES"
            default: String(format: "0x%x", type)
            }
        }

        /// `rwx` as ls(1) writes permissions: PF_R, PF_W, PF_X.
        public var permissions: String {
            (flags & 4 != 0 ? "r" : "-") + (flags & 2 != 0 ? "w" : "-") + (flags & 1 != 0 ? "x" : "-")
        }
    }

    public struct Symbol: Equatable, Sendable {
        public var name: String
        public var value: UInt64
        public var size: UInt64
        /// STT_*: 1 object, 2 function.
        public var type: UInt8
        public var sectionIndex: UInt16
    }

    public var machine: UInt16
    public var entry: UInt64
    public var sections: [Section]
    public var segments: [Segment]
    public var symbols: [Symbol]

    public static let riscv: UInt16 = 243

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ToolError("\(path): cannot read the file")
        }
        try self.init(bytes: [UInt8](data), name: path)
    }

    public init(bytes: [UInt8], name: String) throws {
        let reader = Reader(bytes: bytes)
        guard bytes.count >= 64, bytes[0..<4] == [0x7f, 0x45, 0x4c, 0x46] else {
            throw ToolError("\(name): not an ELF file")
        }
        guard bytes[4] == 2, bytes[5] == 1 else {
            throw ToolError("\(name): not a 64-bit little-endian ELF file, so not a Runikraft image")
        }
        machine = reader.u16(18)
        entry = reader.u64(24)
        // Offsets and counts are the file's word: any of them may point
        // past its end (or past what an Int holds), which is a truncated
        // file, never a trap.
        let programHeaders = reader.u64(32), sectionHeaders = reader.u64(40)
        let programHeaderSize = UInt64(reader.u16(54)), programHeaderCount = Int(reader.u16(56))
        let sectionHeaderSize = UInt64(reader.u16(58)), sectionHeaderCount = Int(reader.u16(60))
        let namesIndex = Int(reader.u16(62))
        // Entries smaller than the structures they hold would overlap
        // (with size 0, 65535 headers from one): not an ELF file's.
        guard programHeaderCount == 0 || programHeaderSize >= 56, sectionHeaderCount == 0 || sectionHeaderSize >= 64 else {
            throw ToolError("\(name): malformed ELF header (entry sizes)")
        }

        segments = try (0..<programHeaderCount).map { index in
            let at = try reader.position(programHeaders, UInt64(index), programHeaderSize, 56, name)
            return Segment(
                type: reader.u32(at), flags: reader.u32(at + 4), virtualAddress: reader.u64(at + 16),
                fileSize: reader.u64(at + 32), memorySize: reader.u64(at + 40), alignment: reader.u64(at + 48))
        }
        struct RawSection { var name: UInt32, type: UInt32, flags: UInt64, address: UInt64, offset: UInt64, size: UInt64, link: UInt32, entrySize: UInt64 }
        let raw: [RawSection] = try (0..<sectionHeaderCount).map { index in
            let at = try reader.position(sectionHeaders, UInt64(index), sectionHeaderSize, 64, name)
            return RawSection(
                name: reader.u32(at), type: reader.u32(at + 4), flags: reader.u64(at + 8), address: reader.u64(at + 16),
                offset: reader.u64(at + 24), size: reader.u64(at + 32), link: reader.u32(at + 40),
                entrySize: reader.u64(at + 56))
        }
        let names = namesIndex < raw.count ? raw[namesIndex] : nil
        sections = raw.map { section in
            Section(
                name: names.map { reader.string($0.offset, plus: UInt64(section.name)) } ?? "",
                type: section.type, flags: section.flags, address: section.address, size: section.size)
        }
        // SHT_SYMTAB, with its string table at sh_link.
        symbols = []
        if let table = raw.first(where: { $0.type == 2 }), Int(table.link) < raw.count, table.entrySize >= 24 {
            let strings = raw[Int(table.link)].offset
            _ = try reader.position(table.offset, 0, 0, table.size, name)
            for index in 1..<max(1, table.size / table.entrySize) {
                let at = try reader.position(table.offset, index, table.entrySize, 24, name)
                symbols.append(Symbol(
                    name: reader.string(strings, plus: UInt64(reader.u32(at))), value: reader.u64(at + 8),
                    size: reader.u64(at + 16), type: reader.bytes[at + 4] & 0xf, sectionIndex: reader.u16(at + 6)))
            }
        }
    }

    /// Little-endian fields at byte offsets.
    struct Reader {
        var bytes: [UInt8]

        /// Where entry `index` of a table at `start`, `stride` bytes
        /// apart, begins, checked to hold `count` bytes inside the file.
        func position(_ start: UInt64, _ index: UInt64, _ stride: UInt64, _ count: UInt64, _ name: String) throws -> Int {
            let (skip, skipOverflow) = index.multipliedReportingOverflow(by: stride)
            let (at, atOverflow) = start.addingReportingOverflow(skip)
            let (end, endOverflow) = at.addingReportingOverflow(count)
            guard !skipOverflow, !atOverflow, !endOverflow, end <= UInt64(bytes.count) else {
                throw ToolError("\(name): truncated ELF file")
            }
            return Int(at)
        }

        func value(_ offset: Int, _ count: Int) -> UInt64 {
            guard offset >= 0, offset + count <= bytes.count else { return 0 }
            var result: UInt64 = 0
            for index in (0..<count).reversed() { result = result << 8 | UInt64(bytes[offset + index]) }
            return result
        }

        func u16(_ offset: Int) -> UInt16 { UInt16(value(offset, 2)) }
        func u32(_ offset: Int) -> UInt32 { UInt32(value(offset, 4)) }
        func u64(_ offset: Int) -> UInt64 { value(offset, 8) }

        /// The NUL-terminated string at `base + offset`; empty when that
        /// is outside the file.
        func string(_ base: UInt64, plus offset: UInt64) -> String {
            let (sum, overflow) = base.addingReportingOverflow(offset)
            guard !overflow, sum < UInt64(bytes.count) else { return "" }
            let offset = Int(sum)
            let end = bytes[offset...].firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[offset..<end], as: UTF8.self)
        }
    }
}
