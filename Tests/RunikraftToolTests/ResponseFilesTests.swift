import Testing
@testable import RunikraftTool

/// `@file` as GCC reads it (libiberty buildargv).
struct ResponseFilesTests {
    @Test(arguments: [
        ("-O2 -c  main.c\n-o main.o", ["-O2", "-c", "main.c", "-o", "main.o"]),
        (#"-DMSG="hello world" 'it''s'"#, ["-DMSG=hello world", "its"]),
        (#""a b"c 'd "e" f'"#, ["a bc", #"d "e" f"#]),
        (#"path\ with\ spaces -DQ=\"x\""#, ["path with spaces", #"-DQ="x""#]),
        (#""back\\slash" "q\"uote""#, [#"back\slash"#, #"q"uote"#]),
        ("\"\" ''", ["", ""]),
        ("  \t\n", []),
        ("a\r\nb", ["a", "b"]),
    ])
    func words(text: String, expected: [String]) {
        #expect(ResponseFiles.words(in: text) == expected)
    }

    @Test func expandsInPlaceAndRecursively() throws {
        let files = ["objects.rsp": "a.o b.o @more.rsp", "more.rsp": "c.o"]
        let expanded = try ResponseFiles.expand(["-o", "app", "@objects.rsp", "-lm"], reading: { files[$0] })
        #expect(expanded == ["-o", "app", "a.o", "b.o", "c.o", "-lm"])
    }

    @Test func unreadableFileStaysAnArgument() throws {
        #expect(try ResponseFiles.expand(["@missing", "@"], reading: { _ in nil }) == ["@missing", "@"])
    }

    @Test func loopIsAnError() {
        #expect(throws: ToolError.self) { try ResponseFiles.expand(["@self"], reading: { _ in "@self" }) }
    }

    @Test func cmakeLinkWithResponseFiles() throws {
        let files = [
            "CMakeFiles/app.dir/objects1.rsp": "CMakeFiles/app.dir/main.c.o CMakeFiles/app.dir/util.c.o\n",
            "CMakeFiles/app.dir/linkLibs.rsp": " libcore.a -lm\n",
        ]
        let arguments = try ResponseFiles.expand(
            DriverFixture.words("cc -O3 @CMakeFiles/app.dir/objects1.rsp -o app @CMakeFiles/app.dir/linkLibs.rsp"),
            reading: { files[$0] })
        let plan = try DriverFixture.compilerDriver().plan(for: CompilerInvocation(parsing: arguments))
        #expect(plan.steps.map(\.description) == [
            DriverFixture.expand("LDLLD CMakeFiles/app.dir/main.c.o CMakeFiles/app.dir/util.c.o libcore.a -lm LIBS -o app")
        ])
    }
}
