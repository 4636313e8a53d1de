import Entropy
import Testing

struct EntropyTests {
    /// RFC 8439, section 2.3.2: the block function test vector.
    @Test func chaCha20BlockMatchesRFC8439() {
        var key = [UInt32](repeating: 0, count: 8)
        for index in 0..<8 {
            let byte = UInt32(4 * index)
            key[index] = byte | (byte + 1) << 8 | (byte + 2) << 16 | (byte + 3) << 24
        }
        var output = [UInt32](repeating: 0, count: 16)
        key.withUnsafeBufferPointer { keyWords in
            output.withUnsafeMutableBufferPointer { out in
                ChaCha20.block(key: keyWords.baseAddress!, counter: 1,
                               nonce: (0x0900_0000, 0x4a00_0000, 0x0000_0000), into: out.baseAddress!)
            }
        }
        #expect(output == [
            0xe4e7_f110, 0x1559_3bd1, 0x1fdd_0f50, 0xc471_20a3, 0xc7f4_d1c7, 0x0368_c033, 0x9aaa_2204, 0x4e6c_d4c3,
            0x4664_82d2, 0x09aa_9f07, 0x05d7_c214, 0xa202_8bd9, 0xd19c_12b5, 0xb94e_16de, 0xe883_d0cb, 0x4e3c_50a2,
        ].map { UInt32($0) })
    }

    func bytes(_ generator: inout RandomGenerator, _ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { generator.fill($0) }
        return out
    }

    @Test func seedsChangeTheStreamAndCallsNeverRepeat() {
        var plain = RandomGenerator()
        var seeded = RandomGenerator()
        [UInt8](repeating: 42, count: 40).withUnsafeBytes { seeded.mix($0) }
        #expect(seeded.seededBytes == 40)
        let a = bytes(&plain, 48)
        let b = bytes(&seeded, 48)
        #expect(a != b)
        #expect(bytes(&seeded, 48) != b)
        // Same seed, same stream: the generator is deterministic given its input.
        var again = RandomGenerator()
        [UInt8](repeating: 42, count: 40).withUnsafeBytes { again.mix($0) }
        #expect(bytes(&again, 48) == b)
    }

    @Test func oddSizedReadsJoinUpIntoTheSameStream() {
        var whole = RandomGenerator()
        var pieces = RandomGenerator()
        let all = bytes(&whole, 100)
        var joined: [UInt8] = []
        for size in [1, 7, 31, 33, 28] { joined += bytes(&pieces, size) }
        #expect(joined == all)
    }
}
