/// A file name ready to be found fast: its first 32 bytes packed
/// little-endian into four doublewords (zero past the end), its length and
/// a hash of both. Comparing two names then costs a handful of doubleword
/// compares however their bytes were aligned, instead of a loop over bytes,
/// and an index probe rejects a different name by its hash alone. Linux's
/// dcache likewise hashes and compares names a word at a time and keeps
/// names of up to 32 bytes inline in the dentry.
///
/// Names longer than 32 bytes keep the rest where they are: `longBytes`
/// points at the whole name (the caller's buffer for a name being looked
/// up, a `NameTable`'s own copy for a stored one).
public struct PackedName {
    /// Bytes held in the packed doublewords.
    public static let inlineCount = 32

    public let count: Int
    public let hash: UInt64
    @usableFromInline let word0, word1, word2, word3: UInt64
    /// The whole name when it is longer than `inlineCount`, else nil.
    public let longBytes: UnsafeRawPointer?

    /// A free table slot's name: its length matches no name's.
    static var free: PackedName { PackedName(count: -1) }

    private init(count: Int) {
        self.count = count
        hash = 0
        (word0, word1, word2, word3) = (0, 0, 0, 0)
        longBytes = nil
    }

    /// The same name with its long bytes at `longBytes` (a table's copy).
    init(_ name: PackedName, longBytes: UnsafeRawPointer) {
        count = name.count
        hash = name.hash
        (word0, word1, word2, word3) = (name.word0, name.word1, name.word2, name.word3)
        self.longBytes = longBytes
    }

    /// Packs `name`. The bytes are read with aligned doubleword loads that
    /// stay within the doublewords holding the name's bytes, so they never
    /// touch a page the name does not reach (names come straight from the
    /// program's path strings).
    @inlinable @inline(__always)
    public init(_ name: UnsafeRawBufferPointer) {
        count = name.count
        (word0, word1, word2, word3) = PackedName.pack(name)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9e37_79b9_7f4a_7c15
        hash = (hash ^ word0) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ word1) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ word2) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ word3) &* 0xff51_afd7_ed55_8ccd
        if count > PackedName.inlineCount {
            longBytes = name.baseAddress
            hash = PackedName.hashTail(name, into: hash)
        } else {
            longBytes = nil
        }
        // Multiplying carries only upward; folding the high half down
        // (twice, murmur3's finalizer) lets every byte reach the low bits
        // an index uses.
        hash ^= hash &>> 33
        hash = hash &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash &>> 33
        self.hash = hash
    }

    /// The first `inlineCount` bytes of `name` as four doublewords, zero
    /// past its end.
    @inlinable @inline(__always)
    static func pack(_ name: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        let count = Swift.min(name.count, PackedName.inlineCount)
        guard count > 0, let start = name.baseAddress else { return (0, 0, 0, 0) }
        let address = UInt(bitPattern: start)
        // The aligned doubleword holding the first byte.
        let source = (start - Int(address & 7)).assumingMemoryBound(to: UInt64.self)
        // The aligned doublewords holding the name's bytes are 0...last.
        let last = Int((address & 7) &+ UInt(count) &- 1) &>> 3
        let a0 = source[0]
        let a1 = last >= 1 ? source[1] : 0
        let a2 = last >= 2 ? source[2] : 0
        let a3 = last >= 3 ? source[3] : 0
        var w0 = a0, w1 = a1, w2 = a2, w3 = a3
        let right = UInt64(address & 7) &* 8
        if right != 0 {
            // Little-endian: a name doubleword is the upper bytes of one
            // source doubleword and the lower bytes of the next.
            let a4 = last >= 4 ? source[4] : 0
            let left = 64 &- right
            w0 = (a0 &>> right) | (a1 &<< left)
            w1 = (a1 &>> right) | (a2 &<< left)
            w2 = (a2 &>> right) | (a3 &<< left)
            w3 = (a3 &>> right) | (a4 &<< left)
        }
        // Clear what lies past the name: whole doublewords, then the tail
        // of the one holding its last byte.
        let lastWord = (count &- 1) &>> 3
        if lastWord < 3 { w3 = 0 }
        if lastWord < 2 { w2 = 0 }
        if lastWord < 1 { w1 = 0 }
        let tail = UInt64(count & 7) &* 8
        if tail != 0 {
            let mask = (1 &<< tail) &- 1
            switch lastWord {
            case 0: w0 &= mask
            case 1: w1 &= mask
            case 2: w2 &= mask
            default: w3 &= mask
            }
        }
        return (w0, w1, w2, w3)
    }

    /// `hash` continued over the bytes of `name` past the packed ones.
    @usableFromInline
    static func hashTail(_ name: UnsafeRawBufferPointer, into hash: UInt64) -> UInt64 {
        var hash = hash
        for index in PackedName.inlineCount..<name.count {
            hash = (hash ^ UInt64(name[index])) &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Whether the two names have the same bytes.
    @inlinable
    public func matches(_ other: PackedName) -> Bool {
        guard hash == other.hash, count == other.count,
              word0 == other.word0, word1 == other.word1, word2 == other.word2, word3 == other.word3
        else { return false }
        guard count > PackedName.inlineCount else { return true }
        return PackedName.sameTail(longBytes!, other.longBytes!, count: count)
    }

    @usableFromInline
    static func sameTail(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        for index in inlineCount..<count
        where a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        return true
    }

    /// Calls `body` with the name's bytes.
    public func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        if let longBytes { return body(UnsafeRawBufferPointer(start: longBytes, count: count)) }
        let words = (word0, word1, word2, word3)
        return withUnsafeBytes(of: words) { body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
    }
}
