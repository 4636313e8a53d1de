import Testing
@testable import RunikraftTool

struct ConsoleStartFilterTests {
    /// What OpenSBI 1.1 (Debian bookworm) prints on qemu virt before the kernel runs.
    let banner: [UInt8]

    init() throws {
        banner = try Fixtures.bytes("opensbi-1.1-banner.txt")
    }

    func filtered(_ chunks: [[UInt8]]) -> String {
        var filter = ConsoleStartFilter()
        var shown = chunks.flatMap { filter.filter($0) }
        shown += filter.finish()
        return String(decoding: shown, as: UTF8.self)
    }

    @Test(arguments: [
        "",
        "hello world\n",
        "runikraft: syscall inotify_init1 (26) not implemented\n",
        "Boot HART ID : 0\n",
        "no newline at the end",
        "\n\nblank lines first\n",
        "a second \u{1}runikraft\u{2} marker stays\n",
    ])
    func removesEverythingUpToTheMarker(program: String) {
        let output = banner + ConsoleStartFilter.marker + Array(program.utf8)
        #expect(filtered([output]) == program)
        #expect(filtered(output.map { [$0] }) == program, "byte by byte")
    }

    @Test func outputAfterTheMarkerIsShownAtOnce() {
        var filter = ConsoleStartFilter()
        #expect(filter.filter(banner).isEmpty)
        #expect(filter.filter(ConsoleStartFilter.marker + Array("Name? ".utf8)) == Array("Name? ".utf8))
    }

    @Test func withoutAMarkerEverythingIsShownAtTheEnd() {
        var filter = ConsoleStartFilter()
        let partial = Array(ConsoleStartFilter.marker.dropLast())
        #expect(filter.filter(banner + partial).isEmpty)
        #expect(filter.finish() == banner + partial)
    }
}
