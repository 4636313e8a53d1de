import Foundation

/// `runikraft doctor`: whether each piece a build or a run needs is there,
/// and how to install what is missing.
public struct Doctor {
    public struct Check: Equatable, Sendable {
        public var name: String
        /// What was found (a path), nil when missing.
        public var found: String?
        /// How to get it, shown when missing.
        public var remedy: String
        /// Needed for building and running images, or only for one feature.
        public var isRequired: Bool
        /// The Debian package that provides it, when one does.
        public var package: String? = nil
    }

    public var checks: [Check]

    public init(checkout: Checkout, toolchain: Toolchain, path: [String], fileExists: (String) -> Bool) {
        let swift = "install the Swift 6.3 toolchain at \(Toolchain.expectedDirectory)"
        let make = "run: make -C \(checkout.root.shellQuoted) sysroot"
        func program(_ name: String) -> String? { Toolchain.executable(named: name, in: path) }
        func file(_ path: String) -> String? { fileExists(path) ? path : nil }
        let symbolizer = toolchain.tool(named: "llvm-symbolizer")
        checks = [
            Check(name: "clang", found: toolchain.clang, remedy: swift, isRequired: true),
            Check(name: "ld.lld", found: toolchain.linker, remedy: swift, isRequired: true),
            Check(name: "llvm-symbolizer (crash reports)", found: file(symbolizer), remedy: swift, isRequired: false),
            Check(name: "sysroot headers", found: file(checkout.sysroot.includeDirectory), remedy: make, isRequired: true),
            Check(name: "libc", found: file(checkout.sysroot.archive(named: "c")), remedy: make, isRequired: true),
            Check(name: "kernel archive", found: file(checkout.sysroot.archive(named: "runikraft")), remedy: make, isRequired: true),
            Check(name: "linker script", found: file(checkout.sysroot.linkerScript), remedy: make, isRequired: true),
            Check(name: VirtualMachine.qemuName, found: program(VirtualMachine.qemuName),
                  remedy: "apt-get install qemu-system-misc", isRequired: true, package: "qemu-system-misc"),
            Check(name: "OpenSBI firmware", found: file("/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin")
                    ?? file("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"),
                  remedy: "apt-get install opensbi", isRequired: true, package: "opensbi"),
            Check(name: "gdb-multiarch (run --gdb)", found: program("gdb-multiarch"),
                  remedy: "apt-get install gdb-multiarch", isRequired: false, package: "gdb-multiarch"),
            Check(name: "pkg-config (runikraft-pkg-config)", found: program("pkg-config"),
                  remedy: "apt-get install pkgconf", isRequired: false, package: "pkgconf"),
            Check(name: "cmake (the sysroot's toolchain file)", found: program("cmake"),
                  remedy: "apt-get install cmake", isRequired: false, package: "cmake"),
        ]
    }

    /// The Debian packages that would provide what is missing.
    public var missingPackages: [String] {
        checks.filter { $0.found == nil }.compactMap(\.package)
    }

    /// The command that installs them (through sudo unless run as root).
    public func installCommand(asRoot: Bool) -> Command? {
        let packages = missingPackages
        guard !packages.isEmpty else { return nil }
        let apt = ["apt-get", "install", "-y", "--no-install-recommends"] + packages
        return asRoot ? Command("/usr/bin/apt-get", Array(apt.dropFirst())) : Command("/usr/bin/sudo", apt)
    }

    /// Whether everything required is there.
    public var isHealthy: Bool { checks.allSatisfy { $0.found != nil || !$0.isRequired } }

    public func report() -> String {
        checks.map { check in
            let mark = check.found != nil ? "ok     " : (check.isRequired ? "MISSING" : "missing")
            let detail = check.found ?? (check.isRequired ? "" : "(optional) ") + check.remedy
            return "\(mark) \(check.name): \(detail)"
        }.joined(separator: "\n") + "\n"
    }
}
