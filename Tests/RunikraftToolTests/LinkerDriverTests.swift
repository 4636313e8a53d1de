import Testing
@testable import RunikraftTool

struct LinkerDriverTests {
    func plan(_ commandLine: String, fileExists: @escaping (String) -> Bool = { _ in true }) throws -> BuildPlan {
        let driver = LinkerDriver(checkout: DriverFixture.checkout, toolchain: DriverFixture.toolchain, fileExists: fileExists)
        return try driver.plan(for: LinkerInvocation(parsing: DriverFixture.words(commandLine)))
    }

    @Test func relocatableLinkGoesStraightToLLD() throws {
        #expect(try plan("ld -r -o built-in.o a.o b.o").steps.map(\.description) == ["ld.lld -m elf64lriscv -r -o built-in.o a.o b.o"])
        #expect(try plan("ld --relocatable a.o -o x.o").steps.map(\.description) == ["ld.lld -m elf64lriscv --relocatable a.o -o x.o"])
    }

    @Test func finalLinkAddsTheSysroot() throws {
        #expect(try plan("ld -o prog main.o -L. -lfoo").steps.map(\.description) == [
            DriverFixture.expand("LDLLD -o prog main.o -L. -lfoo LIBS")
        ])
    }

    @Test func hostEmulationIsDropped() throws {
        let result = try plan("ld -m elf_x86_64 -o prog main.o")
        #expect(result.steps.map(\.description) == [DriverFixture.expand("LDLLD -o prog main.o LIBS")])
        #expect(result.warnings == ["ignoring host-only flags: -m elf_x86_64"])
        #expect(try plan("ld -melf64lriscv -o prog main.o").warnings.isEmpty)
    }

    @Test func dynamicLinkingOptionsAreDropped() throws {
        #expect(try plan("ld -pie -dynamic-linker /lib/ld-musl-riscv64.so.1 -o prog main.o").steps.map(\.description) == [
            DriverFixture.expand("LDLLD -o prog main.o LIBS")
        ])
    }

    @Test func versionQueryIsPassedThrough() throws {
        // libtool runs `$LD -v` and looks for "GNU"; lld says "compatible with GNU linkers".
        #expect(try plan("ld -v").steps.map(\.description) == ["ld.lld -v"])
    }

    @Test func userScriptReplacesRunikrafts() throws {
        #expect(try plan("ld -T my.ld -o fw start.o").steps.map(\.description) == [
            DriverFixture.expand("ld.lld -m elf64lriscv -static --gc-sections --discard-locals -u _start -u rk_syscall_trace_enable -T my.ld -o fw start.o LIBS")
        ])
    }

    @Test func sharedIsRefused() {
        #expect(throws: ToolError("-shared is not supported: a Runikraft image is one static executable; build the library as a static archive (.a) instead")) {
            try plan("ld -shared -o libx.so x.o")
        }
    }

    @Test func missingSysroot() {
        #expect(throws: ToolError("sysroot not found at /rk/sysroot/riscv64; build it with: make -C /rk sysroot")) {
            try plan("ld -o prog main.o", fileExists: { _ in false })
        }
    }
}
