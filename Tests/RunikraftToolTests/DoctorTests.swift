import Testing
@testable import RunikraftTool

struct DoctorTests {
    let toolchain = Toolchain(clang: "/opt/swift/usr/bin/clang", linker: "/opt/swift/usr/bin/ld.lld") { _ in "" }

    @Test func missingOptionalPiecesDoNotMakeItUnhealthy() {
        let doctor = Doctor(
            checkout: Checkout(root: "/rk"), toolchain: toolchain, path: [],
            fileExists: { !$0.hasSuffix("llvm-symbolizer") })
        // qemu is required and not in an empty PATH.
        #expect(!doctor.isHealthy)
        let report = doctor.report()
        #expect(report.contains("MISSING qemu-system-riscv64: apt-get install qemu-system-misc"))
        #expect(report.contains("missing gdb-multiarch (run --gdb): (optional) apt-get install gdb-multiarch"))
        #expect(report.contains("ok      kernel archive: /rk/sysroot/riscv64/lib/librunikraft.a"))
    }

    @Test func missingSysrootSaysHowToBuildIt() {
        let doctor = Doctor(checkout: Checkout(root: "/rk"), toolchain: toolchain, path: [], fileExists: { _ in false })
        #expect(doctor.report().contains("MISSING libc: run: make -C /rk sysroot"))
    }

    @Test func installsWhatIsMissing() {
        let doctor = Doctor(checkout: Checkout(root: "/rk"), toolchain: toolchain, path: [], fileExists: { _ in true })
        #expect(doctor.missingPackages == ["qemu-system-misc", "gdb-multiarch", "pkgconf", "cmake"])
        #expect(doctor.installCommand(asRoot: true)?.description
            == "/usr/bin/apt-get install -y --no-install-recommends qemu-system-misc gdb-multiarch pkgconf cmake")
        #expect(doctor.installCommand(asRoot: false)?.executable == "/usr/bin/sudo")
    }
}
