/// A hash index from file names to slot numbers of a directory, with the
/// names themselves kept by the caller: lookups hash the name in place
/// (FNV-1a) and compare bytes, without allocating. (The standard
/// Dictionary would need a random seed source the kernel does not give it.)
struct NameIndex {
    /// Slot numbers per bucket; the bucket count is a power of two.
    private var buckets: [[Int]] = []
    private(set) var count = 0

    static func hash(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    private func bucket(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & (buckets.count - 1) }

    /// The slot whose name (`nameOf`) equals `name`.
    func find(_ name: UnsafeRawBufferPointer, nameOf: (Int) -> UnsafeRawBufferPointer) -> Int? {
        guard count > 0 else { return nil }
        for slot in buckets[bucket(NameIndex.hash(name))] {
            let candidate = nameOf(slot)
            if candidate.count == name.count, candidate.elementsEqual(name) { return slot }
        }
        return nil
    }

    mutating func insert(_ slot: Int, name: UnsafeRawBufferPointer, nameOf: (Int) -> UnsafeRawBufferPointer) {
        if count + 1 > buckets.count * 2 { grow(nameOf: nameOf) }
        buckets[bucket(NameIndex.hash(name))].append(slot)
        count += 1
    }

    mutating func remove(_ slot: Int, name: UnsafeRawBufferPointer) {
        let index = bucket(NameIndex.hash(name))
        if let position = buckets[index].firstIndex(of: slot) {
            buckets[index].remove(at: position)
            count -= 1
        }
    }

    private mutating func grow(nameOf: (Int) -> UnsafeRawBufferPointer) {
        let old = buckets
        buckets = [[Int]](repeating: [], count: max(8, old.count * 4))
        for list in old {
            for slot in list { buckets[bucket(NameIndex.hash(nameOf(slot)))].append(slot) }
        }
    }
}
