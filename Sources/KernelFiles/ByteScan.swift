/// Finding a byte in memory a doubleword at a time, as path strings are
/// scanned: for their NUL (`UserMemory.string`) and their slashes
/// (`PathResolver`). Loads are aligned doublewords, so a scan that starts
/// inside a page's doublewords never touches another page before it
/// reaches that page's bytes.
public enum ByteScan {
    /// The index of the first zero byte of a little-endian doubleword.
    /// The lowest byte the classic test flags is exact (a flag above a real
    /// zero may be false); its bit is multiplied into a byte index, as
    /// rv64gc has no count-trailing-zeros instruction.
    @inline(__always)
    public static func firstZeroByte(_ value: UInt64) -> Int? {
        let flags = (value &- 0x0101_0101_0101_0101) & ~value & 0x8080_8080_8080_8080
        guard flags != 0 else { return nil }
        let lowest = (flags & (0 &- flags)) &>> 7    // 1 << (8 * index)
        return Int(truncatingIfNeeded: (lowest &* 0x0001_0203_0405_0607) &>> 56)
    }

    /// The index of the first `byte` in `bytes` at or after `start`;
    /// `bytes.count` when there is none.
    @inline(__always)
    public static func first(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress else { return bytes.count }
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let misalignment = Int(UInt(bitPattern: base + start) & 7)
        // The aligned doubleword holding `start` (it may begin before `base`).
        var word = base + (start &- misalignment)
        // The bytes of the first doubleword before `start` made different.
        var value = (word.load(as: UInt64.self) ^ pattern) | ~(UInt64.max &<< (UInt64(misalignment) &* 8))
        let end = base + bytes.count
        while true {
            if let index = firstZeroByte(value) {
                return Swift.min(base.distance(to: word) &+ index, bytes.count)
            }
            word += 8
            if word >= end { return bytes.count }
            value = word.load(as: UInt64.self) ^ pattern
        }
    }
}
