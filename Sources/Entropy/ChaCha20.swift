/// The ChaCha20 block function (RFC 8439, section 2.3): 20 rounds over a
/// 4x4 matrix of 32-bit words made of a constant, a 256-bit key, a block
/// counter and a nonce.
public enum ChaCha20 {
    /// "expand 32-byte k" as four little-endian words.
    static let constants: (UInt32, UInt32, UInt32, UInt32) = (0x6170_7865, 0x3320_646e, 0x7962_2d32, 0x6b20_6574)

    /// Writes the 64-byte keystream block for `key` (8 words), `counter` and
    /// `nonce` (3 words) to `output` as 16 little-endian words.
    public static func block(
        key: UnsafePointer<UInt32>, counter: UInt32, nonce: (UInt32, UInt32, UInt32),
        into output: UnsafeMutablePointer<UInt32>
    ) {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                    UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
            constants.0, constants.1, constants.2, constants.3,
            key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
            counter, nonce.0, nonce.1, nonce.2)
        withUnsafeMutableBytes(of: &state) { raw in
            let initial = raw.bindMemory(to: UInt32.self)
            let working = output
            for index in 0..<16 { working[index] = initial[index] }
            for _ in 0..<10 {
                quarterRound(working, 0, 4, 8, 12)   // columns
                quarterRound(working, 1, 5, 9, 13)
                quarterRound(working, 2, 6, 10, 14)
                quarterRound(working, 3, 7, 11, 15)
                quarterRound(working, 0, 5, 10, 15) // diagonals
                quarterRound(working, 1, 6, 11, 12)
                quarterRound(working, 2, 7, 8, 13)
                quarterRound(working, 3, 4, 9, 14)
            }
            for index in 0..<16 { working[index] &+= initial[index] }
        }
    }

    /// RFC 8439, section 2.1.
    @inline(__always)
    static func quarterRound(_ x: UnsafeMutablePointer<UInt32>, _ a: Int, _ b: Int, _ c: Int, _ d: Int) {
        x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d].rotatedLeft(16)
        x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b].rotatedLeft(12)
        x[a] &+= x[b]; x[d] ^= x[a]; x[d] = x[d].rotatedLeft(8)
        x[c] &+= x[d]; x[b] ^= x[c]; x[b] = x[b].rotatedLeft(7)
    }
}

extension UInt32 {
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 { self << count | self >> (32 - count) }
}
