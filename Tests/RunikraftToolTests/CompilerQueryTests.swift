import Testing
@testable import RunikraftTool

/// What configure scripts and build systems ask the compiler about itself.
struct CompilerQueryTests {
    @Test(arguments: [
        ("cc -dumpmachine", "riscv64-unknown-linux-musl\n"),
        ("cc -print-target-triple", "riscv64-unknown-linux-musl\n"),
        ("cc -dumpversion", "21.0.0\n"),
        ("cc -print-prog-name=ld", "/rk/wrappers/runikraft-ld\n"),
        ("cc -print-prog-name=ar", "llvm-ar\n"),
        ("cc -print-prog-name=ranlib", "llvm-ranlib\n"),
        ("cc -print-prog-name=nm", "llvm-nm\n"),
        ("cc -print-prog-name=objcopy", "llvm-objcopy\n"),
        ("cc -print-prog-name=strip", "llvm-strip\n"),
        ("cc --print-prog-name=ld", "/rk/wrappers/runikraft-ld\n"),
        ("cc -print-file-name=libc.a", "/rk/sysroot/riscv64/lib/libc.a\n"),
        ("cc -print-libgcc-file-name", "/rk/sysroot/riscv64/lib/libgcc.a\n"),
        ("cc -print-sysroot", "/rk/sysroot/riscv64\n"),
        ("cc -print-multi-os-directory", ".\n"),
        ("cc -print-search-dirs", "install: /clang/21/\nprograms: =/rk/wrappers/\nlibraries: =/rk/sysroot/riscv64/lib/\n"),
    ])
    func answers(commandLine: String, answer: String) throws {
        let plan = try DriverFixture.plan(commandLine)
        #expect(plan.answer == answer)
        #expect(plan.steps.isEmpty)
    }

    @Test func versionNamesRunikraftClangAndTheTarget() throws {
        let lines = try DriverFixture.plan("cc --version").answer.split(separator: "\n")
        #expect(lines.first == "runikraft-cc (Runikraft 0.1.0) clang version 21.0.0")
        #expect(lines.dropFirst().first == "Target: riscv64-unknown-linux-musl")
    }

    @Test func fileNameNotInTheSysrootIsEchoed() throws {
        let plan = try DriverFixture.plan("cc -print-file-name=crtbegin.o", fileExists: { _ in false })
        #expect(plan.answer == "crtbegin.o\n")
    }

    @Test func otherProgramNamesAreClangs() throws {
        let plan = try DriverFixture.plan("cc -print-prog-name=cc1")
        #expect(plan.steps.map(\.description) == ["clang -print-prog-name=cc1"])
    }

    @Test func aQueryWinsOverFiles() throws {
        let plan = try DriverFixture.plan("cc -O2 -dumpmachine x.c")
        #expect(plan.answer == "riscv64-unknown-linux-musl\n")
        #expect(plan.steps.isEmpty)
    }
}
