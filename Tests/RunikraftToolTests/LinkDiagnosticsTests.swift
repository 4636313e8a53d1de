import Testing
@testable import RunikraftTool

struct LinkDiagnosticsTests {
    @Test func findsUndefinedSymbolsOnce() {
        let output = """
            ld.lld: error: undefined symbol: deflate
            >>> referenced by a.c
            ld.lld: error: undefined symbol: operator new(unsigned long)
            >>> referenced by b.cc
            ld.lld: error: undefined symbol: deflate
            >>> referenced by c.c
            """
        #expect(LinkDiagnostics.undefinedSymbols(inLinkerOutput: output) == ["deflate", "operator new(unsigned long)"])
    }

    @Test func groupsSymbolsByWhatProvidesThem() {
        let notes = LinkDiagnostics.notes(forUndefined: [
            "deflate", "gzopen", "SSL_new", "operator new(unsigned long)", "__cxa_throw", "__printf_chk",
            "main", "helper_a", "helper_b",
        ])
        #expect(notes.count == 6)
        #expect(notes[0].hasPrefix("deflate, gzopen: zlib (-lz)"))
        #expect(notes[1].hasPrefix("SSL_new: OpenSSL"))
        #expect(notes[2].hasPrefix("operator new(unsigned long), __cxa_throw: the C++ runtime"))
        #expect(notes[3].hasPrefix("__printf_chk: glibc"))
        #expect(notes[4].hasPrefix("main: the program has no main()"))
        #expect(notes[5].hasPrefix("helper_a, helper_b: not in the program's objects"))
    }

    @Test func stackProtectorIsNotGlibcs() {
        // musl provides __stack_chk_fail; if it were missing it would not be a glibc header problem.
        #expect(LinkDiagnostics.notes(forUndefined: ["__stack_chk_fail"]).first?.contains("glibc") == false)
    }

    @Test func longListsAreShortened() {
        let notes = LinkDiagnostics.notes(forUndefined: ["a1", "a2", "a3", "a4", "a5", "a6"])
        #expect(notes == ["a1, a2, a3, a4 and 2 more: not in the program's objects, libc or the kernel; the project expects a library that is not in the link (build it with CC=runikraft-cc and add its archive to the link)"])
    }
}
