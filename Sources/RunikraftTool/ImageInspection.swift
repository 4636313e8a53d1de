import Foundation

/// What `runikraft inspect IMAGE` reports: entry point, segments and
/// sections with their permissions, the image's size by component, and the
/// kernel command line `runikraft run` gives it. Built from the ELF headers
/// and symbol table; later reports (page protections in force, ...) add
/// their own `Part`.
public struct ImageInspection {
    /// Where a defined symbol comes from: the archive and member of the
    /// sysroot that define it, else the program.
    public struct Origin: Hashable, Sendable {
        public var component: String
        /// The kernel module (archive member), for the kernel.
        public var module: String?

        public init(component: String, module: String? = nil) {
            self.component = component
            self.module = module
        }

        public static let application = Origin(component: "application")
    }

    public var path: String
    public var image: ELFImage
    /// Symbol name to origin, from the sysroot's archives.
    public var origins: [String: Origin]

    public init(path: String, image: ELFImage, origins: [String: Origin]) {
        self.path = path
        self.image = image
        self.origins = origins
    }

    /// Bytes of the loaded image (code, data and zero-filled data) per
    /// origin, from the symbol sizes; each address counts once (aliases).
    public func sizeByOrigin() -> [(origin: Origin, bytes: UInt64)] {
        var seen: Set<UInt64> = []
        var totals: [Origin: UInt64] = [:]
        for symbol in image.symbols where symbol.size > 0 && (symbol.type == 1 || symbol.type == 2) {
            let index = Int(symbol.sectionIndex)
            guard index > 0, index < image.sections.count, image.sections[index].isLoaded,
                  seen.insert(symbol.value).inserted
            else { continue }
            totals[origins[symbol.name] ?? .application, default: 0].addSaturating(symbol.size)
        }
        return totals.map { ($0.key, $0.value) }.sorted { $0.bytes > $1.bytes }
    }

    /// The report, as text.
    public func report() -> String {
        var lines: [String] = []
        // The entry's name: a function's, else any but the assembler's mapping symbols ($x, $d).
        let atEntry = image.symbols.filter { $0.value == image.entry && !$0.name.isEmpty && !$0.name.hasPrefix("$") }
        let entrySymbol = (atEntry.first { $0.type == 2 } ?? atEntry.first)?.name
        lines.append("image: \(path)")
        lines.append("  machine: \(image.machine == ELFImage.riscv ? "RISC-V 64 (ELF64, little-endian), static" : "machine \(image.machine): not a RISC-V image")")
        lines.append("  entry point: " + hex(image.entry) + (entrySymbol.map { " (\($0))" } ?? ""))
        let loaded = image.sections.filter(\.isLoaded)
        let inFile = Self.total(loaded.filter(\.occupiesFile).map(\.size))
        let inMemory = Self.total(loaded.map(\.size))
        lines.append("  loaded: \(inFile) bytes from the file, \(inMemory) bytes in memory")

        lines.append("")
        lines.append("segments:")
        lines.append(row("type", "perm", "address", "file size", "memory size"))
        for segment in image.segments {
            lines.append(row(segment.typeName, segment.permissions, hex(segment.virtualAddress),
                             String(segment.fileSize), String(segment.memorySize)))
        }

        lines.append("")
        lines.append("sections (loaded):")
        lines.append(row("name", "perm", "address", "size", ""))
        for section in loaded {
            let permissions = "r" + (section.isWritable ? "w" : "-") + (section.isExecutable ? "x" : "-")
            lines.append(row(section.name, permissions, hex(section.address), String(section.size), section.occupiesFile ? "" : "(zero-filled)"))
        }

        lines.append("")
        // Code a module inlines from another counts for the module it is in.
        lines.append("size by component (symbol sizes, bytes):")
        let sizes = sizeByOrigin()
        let byComponent = Dictionary(grouping: sizes, by: \.origin.component)
            .map { (component: $0.key, bytes: Self.total($0.value.map(\.bytes))) }
            .sorted { $0.bytes > $1.bytes }
        let attributed = Self.total(byComponent.map(\.bytes))
        for component in byComponent {
            lines.append("  " + pad(component.component, 34) + pad(String(component.bytes), 10, right: true))
            let modules = sizes.filter { $0.origin.component == component.component && $0.origin.module != nil }
            for module in modules {
                lines.append("    " + pad(module.origin.module!, 32) + pad(String(module.bytes), 10, right: true))
            }
        }
        let stacks = Self.total(loaded.filter { $0.name == ".stack" }.map(\.size))
        lines.append("  " + pad("kernel stacks (.stack)", 34) + pad(String(stacks), 10, right: true))
        let counted = Self.total([attributed, stacks])
        if inMemory > counted {
            lines.append("  " + pad("other (strings, tables, padding)", 34)
                + pad(String(inMemory - counted), 10, right: true))
        }

        lines.append("")
        lines.append("kernel command line:")
        let name = URL(fileURLWithPath: path).lastPathComponent
        lines.append("  runikraft run passes: \(ConsoleStartFilter.kernelOption) -- \(name)")
        lines.append("    (with rk.stdin=pipe first when standard input is not a terminal)")
        lines.append("  kernel options:")
        for (option, meaning) in Self.kernelOptions {
            lines.append("    " + pad(option, 20) + meaning)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The options the kernel reads (KernelBoot/Boot.swift).
    public static let kernelOptions = [
        ("rk.trace[=LIST]", "print syscalls, strace style (runikraft run --trace)"),
        ("rk.timing", "at exit, the boot steps and the program's phases in guest ns"),
        ("rk.stdin=pipe", "standard input is a pipe that ends, not a terminal"),
        ("rk.marker", "write the start marker the runner removes the firmware banner by"),
        ("rk.root.size=SIZE", "the root tmpfs holds at most SIZE bytes"),
        ("rk.root.readonly", "the root file system refuses changes"),
    ]

    /// The sum of sizes an image states, which a damaged or hostile file
    /// may make overflow: it then stays at UInt64.max.
    static func total(_ sizes: [UInt64]) -> UInt64 {
        var sum: UInt64 = 0
        for size in sizes { sum.addSaturating(size) }
        return sum
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    private func row(_ a: String, _ b: String, _ c: String, _ d: String, _ e: String) -> String {
        "  " + pad(a, 18) + pad(b, 6) + pad(c, 14) + pad(d, 12, right: true) + "  " + pad(e, 12, right: !e.hasPrefix("("))
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}

extension UInt64 {
    /// Adds `other`, staying at UInt64.max rather than overflowing.
    mutating func addSaturating(_ other: UInt64) {
        let (sum, overflow) = addingReportingOverflow(other)
        self = overflow ? .max : sum
    }
}
