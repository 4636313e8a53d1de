/// A hash index from file names to slot numbers of a directory, with the
/// names themselves kept by the caller: lookups hash the name in place
/// (FNV-1a) and compare bytes, without allocating. Open addressing with
/// linear probing in one flat table, so adding a name allocates nothing
/// until the table doubles. (The standard Dictionary would need a random
/// seed source the kernel does not give it.) Shared by tmpfs directories
/// and ext2's directory indexes; lookups are inlined into their callers.
public struct NameIndex {
    /// Per cell: the slot number + 1, `empty`, or `removed` (a tombstone
    /// that keeps later entries of a probe sequence reachable).
    @usableFromInline var cells: [Int] = []
    public private(set) var count = 0
    /// Cells not empty (entries and tombstones): kept under half the table.
    private var occupied = 0

    @usableFromInline static let empty = 0
    @usableFromInline static let removed = -1

    public init() {}

    @inlinable
    public static func hash(_ name: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Byte equality; names are short, so a plain loop beats a call.
    @inlinable
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        for index in 0..<a.count where a[index] != b[index] { return false }
        return true
    }

    /// The slot whose name (`nameOf`) equals `name`, whose hash is `hash`.
    @inlinable
    public func find(_ name: UnsafeRawBufferPointer, hash: UInt64, nameOf: (Int) -> UnsafeRawBufferPointer) -> Int? {
        guard count > 0 else { return nil }
        let mask = cells.count - 1
        var cell = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = cells[cell]
            if value == NameIndex.empty { return nil }
            if value != NameIndex.removed, NameIndex.equal(nameOf(value - 1), name) { return value - 1 }
            cell = (cell + 1) & mask
        }
    }

    /// Adds `slot` (whose name hashes to `hash` and is not in the index).
    public mutating func insert(_ slot: Int, hash: UInt64, nameOf: (Int) -> UnsafeRawBufferPointer) {
        if (occupied + 1) * 2 > cells.count { rebuild(nameOf: nameOf) }
        let mask = cells.count - 1
        var cell = Int(truncatingIfNeeded: hash) & mask
        while cells[cell] > 0 { cell = (cell + 1) & mask }
        if cells[cell] == NameIndex.empty { occupied += 1 }
        cells[cell] = slot + 1
        count += 1
    }

    /// Takes `slot` (whose name hashes to `hash`) out.
    public mutating func remove(_ slot: Int, hash: UInt64) {
        guard count > 0 else { return }
        let mask = cells.count - 1
        var cell = Int(truncatingIfNeeded: hash) & mask
        while cells[cell] != NameIndex.empty {
            if cells[cell] == slot + 1 {
                cells[cell] = NameIndex.removed
                count -= 1
                return
            }
            cell = (cell + 1) & mask
        }
    }

    /// A table for the current entries with room to grow, without tombstones.
    private mutating func rebuild(nameOf: (Int) -> UnsafeRawBufferPointer) {
        let old = cells
        var size = 8
        while size < (count + 1) * 4 { size *= 2 }
        cells = [Int](repeating: NameIndex.empty, count: size)
        occupied = 0
        count = 0
        for value in old where value > 0 {
            insert(value - 1, hash: NameIndex.hash(nameOf(value - 1)), nameOf: nameOf)
        }
    }
}
