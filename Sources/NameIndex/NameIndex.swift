/// A hash index from name hashes to slot numbers of a table whose entries
/// the caller keeps (`NameTable`): lookups probe with the name's hash and
/// ask the caller whether a slot holds the name, without allocating. Open
/// addressing with linear probing in one flat table, so adding a name
/// allocates nothing until the table doubles. (The standard Dictionary
/// would need a random seed source the kernel does not give it.)
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

    /// Bytes of the table, which doubles as entries come.
    public var tableBytes: Int { cells.count * MemoryLayout<Int>.stride }

    /// The slot, among those whose name hashes to `hash`, that `matches`.
    @inlinable
    public func find(hash: UInt64, matches: (Int) -> Bool) -> Int? {
        guard count > 0 else { return nil }
        let mask = cells.count - 1
        var cell = Int(truncatingIfNeeded: hash) & mask
        while true {
            let value = cells[cell]
            if value == NameIndex.empty { return nil }
            if value != NameIndex.removed, matches(value - 1) { return value - 1 }
            cell = (cell + 1) & mask
        }
    }

    /// Adds `slot` (whose name hashes to `hash` and is not in the index);
    /// `hashOf` gives the other slots' hashes when the table grows.
    @inline(__always)
    public mutating func insert(_ slot: Int, hash: UInt64, hashOf: (Int) -> UInt64) {
        if (occupied + 1) * 2 > cells.count { rebuild(hashOf: hashOf) }
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
    private mutating func rebuild(hashOf: (Int) -> UInt64) {
        let old = cells
        var size = 8
        while size < (count + 1) * 4 { size *= 2 }
        cells = [Int](repeating: NameIndex.empty, count: size)
        occupied = 0
        count = 0
        for value in old where value > 0 {
            insert(value - 1, hash: hashOf(value - 1), hashOf: hashOf)
        }
    }
}
