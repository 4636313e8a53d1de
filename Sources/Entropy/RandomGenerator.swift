/// The kernel's one CSPRNG, from which getrandom(2), AT_RANDOM and (later)
/// stack canaries and address randomisation draw.
///
/// ChaCha20 in "fast key erasure" form: each refill produces a keystream
/// block, the first 32 bytes of which immediately replace the key, so a
/// later compromise of the state reveals nothing already handed out. Seed
/// material (FDT `rng-seed`, a virtio-rng device, timer jitter) is mixed in
/// by hashing it into the key with another ChaCha20 block.
public struct RandomGenerator {
    private var key: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var available = 0
    private var counter: UInt32 = 0
    /// Bytes of seed material mixed in so far (a measure, not an estimate of
    /// entropy).
    public private(set) var seededBytes = 0

    public init() {}

    /// Folds `seed` into the key: each 32-byte piece is XORed into the key,
    /// then a keystream block under the new key becomes the key.
    public mutating func mix(_ seed: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < seed.count {
            withUnsafeMutableBytes(of: &key) { keyBytes in
                for index in 0..<min(32, seed.count - offset) { keyBytes[index] ^= seed[offset + index] }
            }
            offset += 32
            rekey()
        }
        seededBytes += seed.count
        available = 0
    }

    /// Fills `output` with random bytes.
    public mutating func fill(_ output: UnsafeMutableRawBufferPointer) {
        var offset = 0
        while offset < output.count {
            if available == 0 { refill() }
            let count = min(available, output.count - offset)
            withUnsafeBytes(of: &buffer) { bytes in
                for index in 0..<count { output[offset + index] = bytes[32 - available + index] }
            }
            available -= count
            offset += count
        }
        // Erase what was handed out.
        withUnsafeMutableBytes(of: &buffer) { bytes in
            for index in 0..<(32 - available) { bytes[index] = 0 }
        }
    }

    /// A random 64-bit value.
    public mutating func next() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }

    private mutating func refill() {
        var block = Block()
        generate(&block)
        key = (block.words.0, block.words.1, block.words.2, block.words.3)
        buffer = (block.words.4, block.words.5, block.words.6, block.words.7)
        available = 32
    }

    private mutating func rekey() {
        var block = Block()
        generate(&block)
        key = (block.words.0, block.words.1, block.words.2, block.words.3)
    }

    private struct Block {
        var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    private mutating func generate(_ block: inout Block) {
        counter &+= 1
        let blockCounter = counter
        withUnsafeBytes(of: &key) { keyBytes in
            withUnsafeMutableBytes(of: &block.words) { out in
                ChaCha20.block(
                    key: keyBytes.bindMemory(to: UInt32.self).baseAddress!,
                    counter: blockCounter, nonce: (0, 0, 0),
                    into: out.bindMemory(to: UInt32.self).baseAddress!)
            }
        }
    }
}
