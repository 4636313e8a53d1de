import LinuxABI

/// Which syscalls a trace shows: the value of `rk.trace=` (and of
/// `runikraft run --trace=`), a comma-separated list of families
/// (`file`, `memory`, `process`, `time`, `signal`, `thread`, `net`,
/// `other`) and syscall names; empty or `all` selects every call.
public struct TraceSelection {
    /// One bit per syscall number below `limit`.
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    public static let limit = 512
    /// Whether numbers at or above `limit` (none is defined today) are shown.
    private var beyondLimit = false

    /// The empty selection.
    public init() {}

    /// Every syscall.
    public static var all: TraceSelection {
        var selection = TraceSelection()
        selection.words = (~0, ~0, ~0, ~0, ~0, ~0, ~0, ~0)
        selection.beyondLimit = true
        return selection
    }

    /// Parses `list`; `unknown` is called with each word that is neither a
    /// family nor a syscall name (the kernel names it on the console).
    public init(parsing list: UnsafeRawBufferPointer, unknown: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        var sawWord = false
        while start <= list.count {
            var end = start
            while end < list.count, list[end] != UInt8(ascii: ",") { end += 1 }
            let word = UnsafeRawBufferPointer(rebasing: list[start..<end])
            if !word.isEmpty {
                sawWord = true
                if !select(word) { unknown(word) }
            }
            start = end + 1
        }
        if !sawWord { self = .all }
    }

    /// Adds the family or syscall `word` names; false if it names neither.
    private mutating func select(_ word: UnsafeRawBufferPointer) -> Bool {
        if Self.equal(word, "all") {
            self = .all
            return true
        }
        for family in SyscallFamily.allCases where Self.equal(word, family.name) {
            for number in 0..<Self.limit where Self.family(of: number) == family { insert(number) }
            if family == .other { beyondLimit = true }
            return true
        }
        for number in 0..<Self.limit {
            if let call = Syscall(rawValue: number), Self.equal(word, call.name) {
                insert(number)
                return true
            }
        }
        return false
    }

    /// The family a syscall belongs to; calls without a signature are `other`.
    public static func family(of number: Int) -> SyscallFamily {
        SyscallSignature.of(number)?.family ?? .other
    }

    public mutating func insert(_ number: Int) {
        guard number >= 0, number < Self.limit else { return }
        withUnsafeMutableBytes(of: &words) { bytes in
            bytes.bindMemory(to: UInt64.self)[number / 64] |= 1 << UInt64(number % 64)
        }
    }

    public func contains(_ number: Int) -> Bool {
        guard number >= 0, number < Self.limit else { return beyondLimit }
        return withUnsafeBytes(of: words) { bytes in
            bytes.load(fromByteOffset: number / 64 * 8, as: UInt64.self) & (1 << UInt64(number % 64)) != 0
        }
    }

    static func equal(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != text.utf8Start[index] { return false }
        return true
    }
}
