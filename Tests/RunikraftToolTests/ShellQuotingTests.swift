import Testing
@testable import RunikraftTool

struct ShellQuotingTests {
    @Test(arguments: [
        ("-O2", "-O2"),
        ("/usr/bin/clang", "/usr/bin/clang"),
        ("-DX=1", "-DX=1"),
        ("", "''"),
        ("a b", "'a b'"),
        ("it's", #"'it'\''s'"#),
        ("$HOME", "'$HOME'"),
        (#""q""#, #"'"q"'"#),
        ("*.c", "'*.c'"),
    ])
    func quoting(word: String, quoted: String) {
        #expect(word.shellQuoted == quoted)
    }
}
