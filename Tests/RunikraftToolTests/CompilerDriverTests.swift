import Testing
@testable import RunikraftTool

/// Command lines as build systems write them, and the commands they become.
struct CompilerDriverTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var origin: String
        var commandLine: String
        var expected: [String]
        var testDescription: String { origin }
    }

    static let cases: [Case] = [
        Case(origin: "autoconf: whether the C compiler works",
             commandLine: "gcc -o conftest -g -O2 conftest.c",
             expected: ["CLANG -g -O2 INCLUDES -c conftest.c -o TMP/conftest-0.o",
                        "LDLLD TMP/conftest-0.o LIBS -o conftest"]),
        Case(origin: "autoconf: object suffix",
             commandLine: "gcc -c -g -O2 conftest.c",
             expected: ["CLANG -g -O2 INCLUDES -c conftest.c -o conftest.o"]),
        Case(origin: "autoconf: C preprocessor",
             commandLine: "gcc -E conftest.c",
             expected: ["CLANG INCLUDES -E conftest.c"]),
        Case(origin: "automake: depcomp gcc3 mode",
             commandLine: "gcc -DHAVE_CONFIG_H -I. -I.. -g -O2 -MT foo.o -MD -MP -MF .deps/foo.Tpo -c -o foo.o foo.c",
             expected: ["CLANG -DHAVE_CONFIG_H -I. -I.. -g -O2 -MT foo.o -MD -MP -MF .deps/foo.Tpo INCLUDES -c foo.c -o foo.o"]),
        Case(origin: "libtool: PIC object",
             commandLine: "gcc -DHAVE_CONFIG_H -I. -g -O2 -c foo.c -fPIC -DPIC -o .libs/foo.o",
             expected: ["CLANG -DHAVE_CONFIG_H -I. -g -O2 -fPIC -DPIC INCLUDES -c foo.c -o .libs/foo.o"]),
        Case(origin: "cmake: compile with depfile",
             commandLine: "cc -DNDEBUG -I/src/include -O3 -std=gnu11 -MD -MT CMakeFiles/app.dir/main.c.o -MF CMakeFiles/app.dir/main.c.o.d -o CMakeFiles/app.dir/main.c.o -c /src/main.c",
             expected: ["CLANG -DNDEBUG -I/src/include -O3 -std=gnu11 -MD -MT CMakeFiles/app.dir/main.c.o -MF CMakeFiles/app.dir/main.c.o.d INCLUDES -c /src/main.c -o CMakeFiles/app.dir/main.c.o"]),
        Case(origin: "cmake: link",
             commandLine: "cc -O3 -DNDEBUG CMakeFiles/app.dir/main.c.o -o app libutil.a -lm",
             expected: ["LDLLD CMakeFiles/app.dir/main.c.o libutil.a -lm LIBS -o app"]),
        Case(origin: "Linux-style Makefile: own headers only",
             commandLine: "gcc -Wp,-MMD,./.foo.o.d -nostdinc -Iinclude -D__KERNEL__ -Wall -O2 -c -o foo.o foo.c",
             expected: ["CLANG -Wp,-MMD,./.foo.o.d -Iinclude -D__KERNEL__ -Wall -O2 -c foo.c -o foo.o"]),
        Case(origin: "make: compile and link two sources at once",
             commandLine: "cc -O2 -Wall -o hello hello.c lib/util.c -lm",
             expected: ["CLANG -O2 -Wall INCLUDES -c hello.c -o TMP/hello-0.o",
                        "CLANG -O2 -Wall INCLUDES -c lib/util.c -o TMP/util-1.o",
                        "LDLLD TMP/hello-0.o TMP/util-1.o -lm LIBS -o hello"]),
        Case(origin: "link order: objects, archives, -L, -l, -Wl, -Xlinker as given",
             commandLine: "cc main.o -Lbuild -lfoo util.o -Wl,--whole-archive libbar.a -Wl,--no-whole-archive -Xlinker --no-undefined -L /opt/lib -l z",
             expected: ["LDLLD main.o -Lbuild -lfoo util.o --whole-archive libbar.a --no-whole-archive --no-undefined -L/opt/lib -lz LIBS -o a.out"]),
        Case(origin: "sources and objects mixed keep their places",
             commandLine: "cc first.o second.c third.a -o prog",
             expected: ["CLANG INCLUDES -c second.c -o TMP/second-0.o",
                        "LDLLD first.o TMP/second-0.o third.a LIBS -o prog"]),
        Case(origin: "assembly with the preprocessor",
             commandLine: "cc -c start.S",
             expected: ["CLANG INCLUDES -c start.S -o start.o"]),
        Case(origin: "-x applies to the files after it, -x none ends it",
             commandLine: "cc -c -x assembler-with-cpp boot.asm -x none main.c",
             expected: ["CLANG INCLUDES -c -x assembler-with-cpp boot.asm -o boot.o",
                        "CLANG INCLUDES -c main.c -o main.o"]),
        Case(origin: "hardening: the user turns the stack protector off",
             commandLine: "cc -O2 -fno-stack-protector -c x.c",
             expected: ["BARECLANG -O2 -fno-stack-protector INCLUDES -c x.c -o x.o"]),
        Case(origin: "hardening: the user's own stack protector level replaces the default",
             commandLine: "cc -fstack-protector-all -c x.c",
             expected: ["BARECLANG -fstack-protector-all INCLUDES -c x.c -o x.o"]),
        Case(origin: "hardening: plain -fstack-protector replaces the default too",
             commandLine: "cc -c -fstack-protector x.c",
             expected: ["BARECLANG -fstack-protector INCLUDES -c x.c -o x.o"]),
        Case(origin: "predefined macros from standard input",
             commandLine: "cc -x c -E -dM -",
             expected: ["CLANG -dM INCLUDES -E -x c -"]),
        Case(origin: "assembly output",
             commandLine: "cc -S -O2 src/f.c",
             expected: ["CLANG -O2 INCLUDES -S src/f.c -o f.s"]),
        Case(origin: "dependency rules only",
             commandLine: "cc -MM -Iinclude main.c",
             expected: ["CLANG -MM -Iinclude INCLUDES -E main.c"]),
        Case(origin: "-MD while compiling and linking names the rule after the output",
             commandLine: "cc -MD -o bin/prog main.c",
             expected: ["CLANG -MD -MF bin/prog.d -MT bin/prog INCLUDES -c main.c -o TMP/main-0.o",
                        "LDLLD TMP/main-0.o LIBS -o bin/prog"]),
        Case(origin: "include options keep their order; the system directories come last",
             commandLine: "cc -include config.h -iquote src -isystem /opt/inc -idirafter /late -I inc -D FOO=1 -U BAR -c x.c",
             expected: ["CLANG -include config.h -iquote src -isystem /opt/inc -idirafter /late -I inc -D FOO=1 -U BAR INCLUDES -c x.c -o x.o"]),
        Case(origin: "-nostdlib: the user brings kernel and libc",
             commandLine: "cc -nostdlib -static -o payload start.S",
             expected: ["CLANG INCLUDES -c start.S -o TMP/start-0.o",
                        "LDBARE TMP/start-0.o -L /rk/sysroot/riscv64/lib -o payload"]),
        Case(origin: "-nodefaultlibs keeps the kernel",
             commandLine: "cc -nodefaultlibs main.o mylibc.a",
             expected: ["LDLLD main.o mylibc.a -L /rk/sysroot/riscv64/lib --start-group -lrunikraft --end-group -o a.out"]),
        Case(origin: "-nostartfiles keeps libc",
             commandLine: "cc -nostartfiles mykernel.o main.o",
             expected: ["LDBARE mykernel.o main.o -L /rk/sysroot/riscv64/lib --start-group -lc -lgcc --end-group -o a.out"]),
        Case(origin: "a linker script of the user's own replaces Runikraft's",
             commandLine: "cc -T board.ld -o fw start.o",
             expected: ["ld.lld -m elf64lriscv -static --gc-sections --discard-locals -u _start -u rk_syscall_trace_enable -T board.ld start.o LIBS -o fw"]),
        Case(origin: "-r joins objects",
             commandLine: "cc -r -nostdlib -o built-in.o a.o b.o",
             expected: ["ld.lld -m elf64lriscv -r a.o b.o -o built-in.o"]),
        Case(origin: "static, threads and pipes change nothing at link time",
             commandLine: "cc -pthread -static -pipe -static-libgcc -no-pie -o srv srv.o",
             expected: ["LDLLD srv.o LIBS -o srv"]),
        Case(origin: "-pthread still reaches the compiler",
             commandLine: "cc -pthread -c srv.c",
             expected: ["CLANG -pthread INCLUDES -c srv.c -o srv.o"]),
        Case(origin: "-s strips, -rdynamic is meaningless in a static image",
             commandLine: "cc -s -rdynamic -o p p.o",
             expected: ["LDLLD -s p.o LIBS -o p"]),
        Case(origin: "Lua's -Wl,-E: nothing looks symbols up in an image, and exporting keeps them all",
             commandLine: "cc -o lua lua.o liblua.a -lm -Wl,-E -ldl",
             expected: ["LDLLD lua.o liblua.a -lm -ldl LIBS -o lua"]),
        Case(origin: "-u and -e reach the linker",
             commandLine: "cc -u keep_me -e entry -z noexecstack -o p p.o",
             expected: ["LDLLD -u keep_me -e entry -z noexecstack p.o LIBS -o p"]),
        Case(origin: "RISC-V options that fit the ABI are kept",
             commandLine: "cc -march=rv64gc_zba_zbb -mabi=lp64d -mno-relax -mcmodel=medany -c x.c",
             expected: ["CLANG -march=rv64gc_zba_zbb -mabi=lp64d -mno-relax -mcmodel=medany INCLUDES -c x.c -o x.o"]),
        Case(origin: "joined -o",
             commandLine: "cc -c -ofoo.o foo.c",
             expected: ["CLANG INCLUDES -c foo.c -o foo.o"]),
        Case(origin: "the earliest stage wins, as in gcc",
             commandLine: "cc -c -S -o f.s f.c",
             expected: ["CLANG INCLUDES -S f.c -o f.s"]),
    ]

    @Test(arguments: cases)
    func commandLineBecomesCommands(_ testCase: Case) throws {
        let plan = try DriverFixture.plan(testCase.commandLine)
        #expect(plan.steps.map(\.description) == testCase.expected.map(DriverFixture.expand))
        #expect(plan.warnings.isEmpty)
    }

    @Test func intermediateObjectsGoToTheScratchDirectory() throws {
        #expect(try DriverFixture.plan("cc -o p a.c").scratchDirectory == "/scratch")
        #expect(try DriverFixture.plan("cc -c a.c").scratchDirectory == nil)
        #expect(try DriverFixture.plan("cc -o p a.o").scratchDirectory == nil)
    }

    @Test func hostOnlyFlagsAreDroppedWithOneWarning() throws {
        let plan = try DriverFixture.plan("cc -O2 -march=native -mtune=generic -msse4.2 -mno-avx -m64 -c x.c")
        #expect(plan.steps.map(\.description) == [DriverFixture.expand("CLANG -O2 INCLUDES -c x.c -o x.o")])
        #expect(plan.warnings == ["ignoring host-only flags: -march=native -mtune=generic -msse4.2 -mno-avx -m64"])
    }

    @Test func anotherSysrootOrTargetIsIgnored() throws {
        let plan = try DriverFixture.plan("cc --sysroot=/usr/x86_64-linux-gnu -target x86_64-linux-gnu -c x.c")
        #expect(plan.steps.map(\.description) == [DriverFixture.expand("CLANG INCLUDES -c x.c -o x.o")])
        #expect(plan.warnings == ["ignoring host-only flags: --sysroot=/usr/x86_64-linux-gnu -target x86_64-linux-gnu"])
    }

    @Test func linkerInputsAreUnusedWithoutLinking() throws {
        let plan = try DriverFixture.plan("cc -c x.c extra.o")
        #expect(plan.warnings == ["extra.o: linker input file unused because linking not done"])
    }

    @Test func verboseShowsTheVersionAndEchoesCommands() throws {
        let plan = try DriverFixture.plan("cc -v -c x.c")
        #expect(plan.echoesCommands)
        #expect(plan.banner.hasPrefix("runikraft-cc (Runikraft 0.1.0) clang version 21.0.0\nTarget: riscv64-unknown-linux-musl\n"))
        #expect(plan.steps.map(\.description) == [DriverFixture.expand("CLANG -v INCLUDES -c x.c -o x.o")])

        let versionOnly = try DriverFixture.plan("cc -v")
        #expect(versionOnly.steps.isEmpty)
        #expect(!versionOnly.banner.isEmpty)
    }

    @Test func dryRunPrintsWithoutRunning() throws {
        let plan = try DriverFixture.plan("cc -### -o p p.c")
        #expect(plan.isDryRun)
        #expect(plan.steps.count == 2)
    }

    @Test func echoedCommandsAreShellQuoted() throws {
        let invocation = try CompilerInvocation(parsing: ["-DGREETING=\"hi there\"", "-c", "it's.c"])
        let plan = try DriverFixture.compilerDriver().plan(for: invocation)
        #expect(plan.steps[0].description.hasSuffix(#"'-DGREETING="hi there"' -isystem /clang/21/include -isystem /rk/sysroot/riscv64/include -c 'it'\''s.c' -o 'it'\''s.o'"#))
    }

    @Test(arguments: [
        ("cc -shared -o libfoo.so foo.o", "-shared is not supported: a Runikraft image is one static executable; build the library as a static archive (.a) instead"),
        ("cc -m32 -c x.c", "-m32 is not supported: Runikraft images are 64-bit RISC-V (rv64gc, lp64d)"),
        ("cc -march=rv32imac -c x.c", "-march=rv32imac is not supported: Runikraft images are 64-bit RISC-V (use rv64gc)"),
        ("cc -march=rv64imac -c x.c", "-march=rv64imac is not supported: Runikraft images use the lp64d ABI, which needs the D extension (use rv64gc or a superset)"),
        ("cc -mabi=lp64 -c x.c", "-mabi=lp64 is not supported: Runikraft images use the lp64d ABI"),
        ("cc", "no input files"),
        ("cc -O2 -lm", "no input files"),
        ("cc -c a.c b.c -o x.o", "cannot specify -o with -c, -S or -E with multiple files"),
        ("cc -c -", "-E or -x required when input is from standard input"),
        ("cc -c x.c -o", "missing argument to '-o'"),
    ])
    func rejectedCommandLines(commandLine: String, message: String) {
        #expect(throws: ToolError(message)) { try DriverFixture.plan(commandLine) }
    }

    @Test(arguments: ["cc -c x.cpp", "cc -o p main.c util.cc", "cc -x c++ -c x.c", "cc -c x.C"])
    func cPlusPlusFailsAtOnceWithOneLine(commandLine: String) {
        #expect(throws: ToolError.self) { try DriverFixture.plan(commandLine) }
        #expect((try? DriverFixture.plan("cc -c x.c")) != nil)
        #expect(throws: Never.self) { try DriverFixture.plan("cc -x c -c x.cpp") }
    }

    @Test func missingSysrootIsNamedOnceWithTheCommandThatBuildsIt() {
        let error = ToolError("sysroot not found at /rk/sysroot/riscv64; build it with: make -C /rk sysroot")
        #expect(throws: error) { try DriverFixture.plan("cc -o p p.c", fileExists: { _ in false }) }
    }

    @Test func missingKernelArchiveIsNamed() {
        let kernel = "/rk/sysroot/riscv64/lib/librunikraft.a"
        let error = ToolError("sysroot is incomplete: \(kernel) is missing; build it with: make -C /rk sysroot")
        #expect(throws: error) { try DriverFixture.plan("cc -o p p.o", fileExists: { $0 != kernel }) }
        // Without the kernel in the link, nothing is missing.
        #expect(throws: Never.self) { try DriverFixture.plan("cc -nostartfiles -o p p.o", fileExists: { $0 != kernel }) }
    }

    @Test func missingToolsNameTheSwiftToolchain() {
        let driver = CompilerDriver(
            checkout: DriverFixture.checkout, toolchain: Toolchain(clang: nil, linker: nil) { _ in "" },
            scratchDirectory: "/scratch", fileExists: { _ in true })
        #expect {
            try driver.plan(for: CompilerInvocation(parsing: ["-o", "p", "p.c"]))
        } throws: { error in
            let messages = (error as? ToolError)?.messages ?? []
            return messages.count == 2
                && messages[0].hasPrefix("clang not found: expected /opt/swift/usr/bin/clang from the Swift toolchain")
                && messages[1].hasPrefix("ld.lld not found: expected /opt/swift/usr/bin/ld.lld from the Swift toolchain")
        }
    }
}
