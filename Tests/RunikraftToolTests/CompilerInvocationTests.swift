import Testing
@testable import RunikraftTool

struct CompilerInvocationTests {
    @Test func modeIsTheEarliestStageAskedFor() throws {
        #expect(try CompilerInvocation(parsing: ["x.c"]).mode == .link)
        #expect(try CompilerInvocation(parsing: ["-c", "x.c"]).mode == .object)
        #expect(try CompilerInvocation(parsing: ["-S", "-c", "x.c"]).mode == .assembly)
        #expect(try CompilerInvocation(parsing: ["-c", "-E", "x.c"]).mode == .preprocess)
        #expect(try CompilerInvocation(parsing: ["-M", "x.c"]).mode == .preprocess)
        #expect(try CompilerInvocation(parsing: ["-r", "a.o"]).mode == .relocatableLink)
    }

    @Test func filesAreSortedByExtensionUnlessXSaysOtherwise() throws {
        let invocation = try CompilerInvocation(parsing: ["a.c", "b.S", "c.s", "d.i", "e.o", "f.a", "libg.so", "h", "-x", "c", "i.txt"])
        #expect(invocation.sources.map(\.path) == ["a.c", "b.S", "c.s", "d.i", "i.txt"])
        #expect(invocation.linkerFiles == ["e.o", "f.a", "libg.so", "h"])
        #expect(invocation.sources.last?.language == "c")
    }

    @Test func headerSearchSwitches() throws {
        let plain = try CompilerInvocation(parsing: ["-c", "x.c"])
        #expect(plain.searchesCompilerHeaders && plain.searchesSysrootHeaders)
        let noStandard = try CompilerInvocation(parsing: ["-nostdinc", "-c", "x.c"])
        #expect(!noStandard.searchesCompilerHeaders && !noStandard.searchesSysrootHeaders)
        let noLibc = try CompilerInvocation(parsing: ["-nostdlibinc", "-c", "x.c"])
        #expect(noLibc.searchesCompilerHeaders && !noLibc.searchesSysrootHeaders)
    }

    @Test(arguments: [
        ("-march=native", MachineOptions.Verdict.hostOnly),
        ("-march=x86-64-v3", .hostOnly),
        ("-march=armv8-a", .hostOnly),
        ("-mtune=generic", .hostOnly),
        ("-mcpu=cortex-a72", .hostOnly),
        ("-msse4.2", .hostOnly),
        ("-mavx2", .hostOnly),
        ("-mno-sse3", .hostOnly),
        ("-mfpmath=sse", .hostOnly),
        ("-mno-red-zone", .hostOnly),
        ("-mfpu=neon", .hostOnly),
        ("-mcmodel=large", .hostOnly),
        ("-mcmodel=medlow", .hostOnly),
        ("-m64", .hostOnly),
        ("-march=rv64gc", .keep),
        ("-march=rv64imafdc", .keep),
        ("-march=rv64g", .keep),
        ("-march=rv64gcv_zba", .keep),
        ("-mabi=lp64d", .keep),
        ("-mcmodel=medany", .keep),
        ("-mno-relax", .keep),
        ("-mstrict-align", .keep),
        ("-m32", .rejected("-m32 is not supported: Runikraft images are 64-bit RISC-V (rv64gc, lp64d)")),
        ("-mabi=ilp32d", .rejected("-mabi=ilp32d is not supported: Runikraft images use the lp64d ABI")),
    ])
    func machineOptions(option: String, verdict: MachineOptions.Verdict) {
        #expect(MachineOptions.verdict(for: option) == verdict)
    }
}
