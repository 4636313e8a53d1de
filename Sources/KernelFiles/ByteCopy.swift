/// Copying file data between pages and program buffers. musl's C memcpy
/// moves four bytes a step (about 0.75 instructions a byte on rv64); file
/// data is mostly 8-byte aligned on both sides, so whole 64-byte blocks go
/// as eight doubleword loads and stores (about 0.3 instructions a byte),
/// and anything else falls back to memcpy.
enum ByteCopy {
    static func copy(to target: UnsafeMutableRawPointer, from source: UnsafeRawPointer, count: Int) {
        var done = 0
        if (UInt(bitPattern: target) | UInt(bitPattern: source)) & 7 == 0 {
            let blocks = count / 64
            var to = target.assumingMemoryBound(to: UInt64.self)
            var from = source.assumingMemoryBound(to: UInt64.self)
            for _ in 0..<blocks {
                let w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3]
                let w4 = from[4], w5 = from[5], w6 = from[6], w7 = from[7]
                to[0] = w0; to[1] = w1; to[2] = w2; to[3] = w3
                to[4] = w4; to[5] = w5; to[6] = w6; to[7] = w7
                to += 8
                from += 8
            }
            done = blocks * 64
        }
        if done < count { (target + done).copyMemory(from: source + done, byteCount: count - done) }
    }
}
