import Testing
@testable import RunikraftTool

struct BacktraceSymbolizerTests {
    /// Names addresses from a table and records what it was asked.
    final class Lookups: @unchecked Sendable {
        var asked: [UInt64] = []
    }

    func symbolizer(_ lookups: Lookups) -> BacktraceSymbolizer {
        BacktraceSymbolizer { address in
            lookups.asked.append(address)
            return [0x8020_00b8: "g at a.c:8:3", 0x8020_0099: "f at a.c:9:5"][address]
        }
    }

    @Test func framesGetTheirDescription() {
        let lookups = Lookups()
        var filter = symbolizer(lookups)
        let console = """
            hello
            runikraft: backtrace:
            runikraft:   #0 0x00000000802000b8
            runikraft:   #1 0x000000008020009a
            runikraft:   #2 0x0000000080200fff
            bye

            """
        // Byte by byte: lines split anywhere across reads still work.
        var shown: [UInt8] = []
        for byte in console.utf8 { shown += filter.filter([byte]) }
        shown += filter.finish()
        #expect(String(decoding: shown, as: UTF8.self) == """
            hello
            runikraft: backtrace:
            runikraft:   #0 0x00000000802000b8 in g at a.c:8:3
            runikraft:   #1 0x000000008020009a in f at a.c:9:5
            runikraft:   #2 0x0000000080200fff
            bye

            """)
        // Frame 0 is the pc; return addresses are looked up inside the call.
        #expect(lookups.asked == [0x8020_00b8, 0x8020_0099, 0x8020_0ffe])
    }

    @Test func framesOfAMovedImageAreLookedUpWhereTheFileHasThem() {
        let lookups = Lookups()
        var filter = symbolizer(lookups)
        let console = """
            runikraft: image offset 0x0000003412e00000
            runikraft: backtrace:
            runikraft:   #0 0x00000034930000b8
            runikraft:   #1 0x000000349300009a

            """
        var shown: [UInt8] = []
        for byte in console.utf8 { shown += filter.filter([byte]) }
        #expect(String(decoding: shown, as: UTF8.self) == """
            runikraft: image offset 0x0000003412e00000
            runikraft: backtrace:
            runikraft:   #0 0x00000034930000b8 in g at a.c:8:3
            runikraft:   #1 0x000000349300009a in f at a.c:9:5

            """)
        #expect(lookups.asked == [0x8020_00b8, 0x8020_0099])
    }

    @Test func otherOutputIsNotHeld() {
        var filter = symbolizer(Lookups())
        #expect(filter.filter(Array("prompt> ".utf8)) == Array("prompt> ".utf8))
        // A line that begins like a frame is held only until it differs.
        #expect(filter.filter(Array("\nrunik".utf8)) == Array("\n".utf8))
        #expect(filter.filter(Array("raft: hi".utf8)) == Array("runikraft: hi".utf8))
        #expect(filter.finish().isEmpty)
        #expect(filter.filter(Array("\nrunikraft:   #".utf8)) == Array("\n".utf8))
        #expect(filter.finish() == Array("runikraft:   #".utf8))
    }

    @Test func symbolizerOutputWithInlinedFrames() {
        #expect(BacktraceSymbolizer.description(fromSymbolizerOutput: "g\n/src/a.c:8:63\nf\n/src/a.c:9:60\n\n")
            == "g at /src/a.c:8:63, inlined into f at /src/a.c:9:60")
        #expect(BacktraceSymbolizer.description(fromSymbolizerOutput: "main\n??:0:0\n\n") == "main")
        #expect(BacktraceSymbolizer.description(fromSymbolizerOutput: "raise\nraise.c:0:0\n\n") == "raise")
        #expect(BacktraceSymbolizer.description(fromSymbolizerOutput: "??\n??:0:0\n\n") == nil)
    }
}
