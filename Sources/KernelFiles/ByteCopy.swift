/// Copying file data between pages and program buffers. musl's C memcpy
/// moves four bytes a step when both sides share an alignment and one byte
/// a step when they do not (0.75 and about 1.5 instructions a byte on
/// rv64). Here the target is brought to an 8-byte boundary byte by byte,
/// then whole doublewords are stored: loaded directly when the source is
/// aligned too (64-byte blocks, about 0.3 instructions a byte), otherwise
/// each one joined from two aligned source doublewords with shifts (about
/// 0.8), so the hardware never sees a misaligned access.
public enum ByteCopy {
    public static func copy(to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        let head = min(count, Int((8 &- UInt(bitPattern: target)) & 7))
        copyBytes(to: target, from: source, count: head)
        var done = head
        let words = (count - done) / 8
        if words > 0 {
            let to = (target + done).assumingMemoryBound(to: UInt64.self)
            let offset = Int(UInt(bitPattern: source + done) & 7)
            if offset == 0 {
                copyAligned(to: to, from: (source + done).assumingMemoryBound(to: UInt64.self), words: words)
            } else {
                copyShifted(to: to, from: (source + done - offset).assumingMemoryBound(to: UInt64.self),
                            offset: offset, words: words)
            }
            done += words * 8
        }
        copyBytes(to: target + done, from: source + done, count: count - done)
    }

    @inline(__always)
    private static func copyBytes(to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        for i in 0..<count { target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
    }

    @inline(__always)
    private static func copyAligned(to: UnsafeMutablePointer<UInt64>, from: UnsafePointer<UInt64>, words: Int) {
        var to = to, from = from
        for _ in 0..<(words / 8) {
            let w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3]
            let w4 = from[4], w5 = from[5], w6 = from[6], w7 = from[7]
            to[0] = w0; to[1] = w1; to[2] = w2; to[3] = w3
            to[4] = w4; to[5] = w5; to[6] = w6; to[7] = w7
            to += 8
            from += 8
        }
        for i in 0..<(words % 8) { to[i] = from[i] }
    }

    /// `from` is the aligned doubleword holding the first source byte, at
    /// `offset` (1...7) within it. Little-endian: a target doubleword is the
    /// upper bytes of one source doubleword and the lower bytes of the next.
    /// The reads stay within the aligned doublewords that hold source bytes,
    /// so they never reach another page.
    @inline(__always)
    private static func copyShifted(to: UnsafeMutablePointer<UInt64>, from: UnsafePointer<UInt64>, offset: Int, words: Int) {
        let right = UInt64(offset &* 8), left = 64 &- right
        var to = to, from = from
        var low = from.pointee
        for _ in 0..<(words / 4) {
            let w1 = from[1], w2 = from[2], w3 = from[3], w4 = from[4]
            to[0] = (low &>> right) | (w1 &<< left)
            to[1] = (w1 &>> right) | (w2 &<< left)
            to[2] = (w2 &>> right) | (w3 &<< left)
            to[3] = (w3 &>> right) | (w4 &<< left)
            low = w4
            from += 4
            to += 4
        }
        for _ in 0..<(words % 4) {
            from += 1
            let high = from.pointee
            to.pointee = (low &>> right) | (high &<< left)
            to += 1
            low = high
        }
    }
}
