/// A set of pages in one span of memory, one bit each. The bits live in
/// storage the caller provides, so a set works before any heap exists.
public struct PageSet {
    public static let pageShift = 12

    /// Address of the first page the set covers.
    public let base: UInt
    /// Pages the set covers.
    public let pageCount: Int
    private let words: UnsafeMutablePointer<UInt64>

    /// Words of storage needed for `pageCount` pages.
    public static func words(for pageCount: Int) -> Int { (pageCount + 63) / 64 }

    /// A set over `pageCount` pages from `base`, holding every page when
    /// `full` is true and none otherwise.
    public init(base: UInt, pageCount: Int, storage: UnsafeMutablePointer<UInt64>, full: Bool) {
        self.base = base
        self.pageCount = pageCount
        words = storage
        storage.initialize(repeating: full ? ~0 : 0, count: Self.words(for: pageCount))
    }

    /// Index of the page holding `address`, or nil outside the span.
    public func index(of address: UInt) -> Int? {
        guard address >= base else { return nil }
        let index = Int((address - base) >> UInt(Self.pageShift))
        return index < pageCount ? index : nil
    }

    public func address(of index: Int) -> UInt {
        base + UInt(index) << UInt(Self.pageShift)
    }

    public func contains(_ index: Int) -> Bool {
        words[index / 64] & (1 << UInt64(index % 64)) != 0
    }

    /// Whether all 64 pages sharing `index`'s word are in the set.
    public func wordIsFull(_ index: Int) -> Bool { words[index / 64] == ~0 }

    /// Whether none of the 64 pages sharing `index`'s word is in the set.
    public func wordIsEmpty(_ index: Int) -> Bool { words[index / 64] == 0 }

    public mutating func insert(_ index: Int) { words[index / 64] |= 1 << UInt64(index % 64) }

    public mutating func remove(_ index: Int) { words[index / 64] &= ~(1 << UInt64(index % 64)) }

    /// Adds every page of `range`, a word at a time where it can.
    public mutating func insert(_ range: Range<Int>) {
        forEachWord(of: range) { word, mask in words[word] |= mask }
    }

    /// Removes every page of `range`, a word at a time where it can.
    public mutating func remove(_ range: Range<Int>) {
        forEachWord(of: range) { word, mask in words[word] &= ~mask }
    }

    /// How many pages of `range` are in the set.
    public func count(in range: Range<Int>) -> Int {
        var total = 0
        forEachWord(of: range) { word, mask in
            let bits = words[word] & mask
            // Whole words (all in, or all out) are the common case; rv64gc
            // has no popcount instruction.
            total += bits == 0 ? 0 : bits == ~0 ? 64 : bits.nonzeroBitCount
        }
        return total
    }

    /// Calls `body(word, mask)` for each storage word `range` touches, with
    /// the bits of that word that lie inside `range`: a partial first and
    /// last word, whole words between.
    @inline(__always)
    private func forEachWord(of range: Range<Int>, _ body: (Int, UInt64) -> Void) {
        guard !range.isEmpty else { return }
        let firstWord = range.lowerBound >> 6
        let lastWord = (range.upperBound - 1) >> 6
        let headMask: UInt64 = ~0 << UInt64(range.lowerBound & 63)
        let tailBits = range.upperBound & 63
        let tailMask: UInt64 = tailBits == 0 ? ~0 : (1 << UInt64(tailBits)) - 1
        if firstWord == lastWord {
            body(firstWord, headMask & tailMask)
            return
        }
        body(firstWord, headMask)
        var word = firstWord + 1
        while word < lastWord {
            body(word, ~0)
            word += 1
        }
        body(lastWord, tailMask)
    }

    /// Indices of the pages in `[address, address + count pages)` that lie
    /// inside the span.
    public func indices(_ address: UInt, pages count: Int) -> Range<Int> {
        guard count > 0 else { return 0..<0 }
        let end = address &+ UInt(count) << UInt(Self.pageShift)
        let first = address <= base ? 0 : min(pageCount, Int((address - base) >> UInt(Self.pageShift)))
        let last = end <= base ? 0 : min(pageCount, Int((end - base + (1 << UInt(Self.pageShift)) - 1) >> UInt(Self.pageShift)))
        return first..<max(first, last)
    }
}
