/// A directory's names, each with a value (a tmpfs file, an ext2 record's
/// place), in numbered slots: a slot keeps its number while its entry
/// lives, and slots freed by removal are reused, so a listing that walks
/// the slots in order is never shifted by removals. Found by name through
/// a `NameIndex` of `PackedName` hashes. Shared by tmpfs directories and
/// ext2's directory indexes.
public struct NameTable<Value> {
    /// Per slot: the entry's name (long names in a copy the table owns),
    /// or `PackedName.free`; and its value, nil when free. Kept apart so
    /// that probing reads names without touching (or retaining) values.
    private var names: [PackedName] = []
    private var values: [Value?] = []
    private var freeSlots: [Int] = []
    private var index = NameIndex()

    public init() {}

    /// Live entries.
    public var count: Int { index.count }
    /// One past the highest slot number in use.
    public var slotCount: Int { names.count }

    /// Bytes the next entry may allocate at most: each of the table's
    /// arrays doubled (a directory of many entries grows by large steps,
    /// which the kernel checks it has memory for).
    public var growthBytes: Int {
        2 * (names.capacity * MemoryLayout<PackedName>.stride + values.capacity * MemoryLayout<Value?>.stride
            + index.tableBytes)
    }

    /// The slot holding `name`.
    @inline(__always)
    public func find(_ name: PackedName) -> Int? {
        index.find(hash: name.hash) { self.names[$0].matches(name) }
    }

    /// The name in `slot`, nil for a free slot.
    public func name(ofSlot slot: Int) -> PackedName? {
        values[slot] == nil ? nil : names[slot]
    }

    /// The value in `slot`, nil for a free slot.
    public func value(ofSlot slot: Int) -> Value? { values[slot] }

    /// The value of the live entry in `slot`.
    public func value(_ slot: Int) -> Value { values[slot].unsafelyUnwrapped }

    public mutating func setValue(_ value: Value, ofSlot slot: Int) {
        values[slot] = value
    }

    /// Adds `name` (not in the table) with `value`; returns its slot.
    @discardableResult @inline(__always)
    public mutating func insert(_ name: PackedName, _ value: Value) -> Int {
        var stored = name
        if let bytes = name.longBytes {
            let copy = UnsafeMutableRawPointer.allocate(byteCount: name.count, alignment: 1)
            copy.copyMemory(from: bytes, byteCount: name.count)
            stored = PackedName(name, longBytes: copy)
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            names[slot] = stored
            values[slot] = value
        } else {
            slot = names.count
            names.append(stored)
            values.append(value)
        }
        index.insert(slot, hash: name.hash) { self.names[$0].hash }
        return slot
    }

    /// Takes out the entry in `slot` and returns its value.
    @discardableResult
    public mutating func remove(slot: Int) -> Value {
        let value = values[slot].unsafelyUnwrapped
        index.remove(slot, hash: names[slot].hash)
        names[slot].longBytes?.deallocate()
        names[slot] = PackedName.free
        values[slot] = nil
        if slot == names.count - 1 {
            names.removeLast()
            values.removeLast()
        } else {
            freeSlots.append(slot)
        }
        if index.count == 0 {
            names.removeAll()
            values.removeAll()
            freeSlots.removeAll()
        }
        return value
    }

    /// Frees every long name's copy (the table is going away).
    public mutating func removeAll() {
        for name in names { name.longBytes?.deallocate() }
        names = []
        values = []
        freeSlots = []
        index = NameIndex()
    }
}
