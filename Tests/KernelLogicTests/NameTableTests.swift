@testable import NameIndex
import Testing

/// Runs `body` with `name`'s bytes placed at `offset` (0...7) past an
/// 8-byte boundary, with other bytes (as a path's slashes and the rest of
/// its string would be) before and after them.
private func withPlaced<R>(_ name: [UInt8], offset: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
    let storage = UnsafeMutableRawPointer.allocate(byteCount: name.count + 48, alignment: 8)
    defer { storage.deallocate() }
    storage.initializeMemory(as: UInt8.self, repeating: 0x2f, count: name.count + 48)
    let start = storage + 8 + offset
    name.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: name.count) }
    return body(UnsafeRawBufferPointer(start: start, count: name.count))
}

private func packed(_ text: String, offset: Int = 0) -> PackedName {
    withPlaced(Array(text.utf8), offset: offset) { PackedName($0) }
}

struct PackedNameTests {
    /// Every length up to past the inline part, at every alignment, packs
    /// to the same name with the same bytes.
    @Test func packingDoesNotDependOnAlignment() {
        for length in 0...40 {
            let name = (0..<length).map { UInt8(97 + $0 % 26) }
            let aligned = withPlaced(name, offset: 0) { PackedName($0) }
            for offset in 1...7 {
                let other = withPlaced(name, offset: offset) { PackedName($0) }
                #expect(other.hash == aligned.hash, "length \(length) offset \(offset)")
                withPlaced(name, offset: 0) { first in
                    withPlaced(name, offset: offset) { second in
                        #expect(PackedName(first).matches(PackedName(second)))
                    }
                }
            }
            let bytes = aligned.longBytes == nil ? aligned.withBytes { Array($0) } : name
            #expect(bytes == name)
        }
    }

    /// Names that differ in one byte, anywhere (the last byte of a
    /// doubleword too), or only in length, do not match.
    @Test func differentNamesDoNotMatch() {
        let base = "file0000.extension-and-more-bytes-past-32"
        for length in [1, 7, 8, 9, 16, 31, 32, 33, 41] {
            let name = String(base.prefix(length))
            for position in 0..<length {
                var changed = Array(name.utf8)
                changed[position] ^= 1
                withPlaced(Array(name.utf8), offset: 3) { first in
                    withPlaced(changed, offset: 5) { second in
                        #expect(!PackedName(first).matches(PackedName(second)), "\(name) at \(position)")
                    }
                }
            }
        }
        withPlaced(Array("abc".utf8), offset: 1) { short in
            withPlaced(Array("abc\u{0}".utf8), offset: 1) { longer in
                #expect(!PackedName(short).matches(PackedName(longer)))
            }
        }
    }

    /// Names that differ only in a doubleword's highest byte still land
    /// in different cells of a small index.
    @Test func hashesSpreadTheLastByteOfADoubleword() {
        let cells = Set((0..<8).map { Int(truncatingIfNeeded: packed("file000\($0)").hash) & 15 })
        #expect(cells.count >= 5)
    }
}

struct NameTableTests {
    private func find(_ table: NameTable<Int>, _ text: String, offset: Int = 0) -> Int? {
        withPlaced(Array(text.utf8), offset: offset) { bytes in table.find(PackedName(bytes)).map { table.value($0) } }
    }

    private func insert(_ table: inout NameTable<Int>, _ text: String, _ value: Int) -> Int {
        withPlaced(Array(text.utf8), offset: 6) { bytes in table.insert(PackedName(bytes), value) }
    }

    @Test func findsWhatWasInsertedUntilItIsRemoved() {
        var table = NameTable<Int>()
        let long = String(repeating: "x", count: 200)
        for index in 0..<300 { _ = insert(&table, "name\(index)", index) }
        _ = insert(&table, long, 1000)
        #expect(table.count == 301)
        for index in 0..<300 { #expect(find(table, "name\(index)", offset: index % 8) == index) }
        #expect(find(table, long, offset: 3) == 1000)
        #expect(find(table, String(repeating: "x", count: 199)) == nil)
        #expect(find(table, "name300") == nil)
        let slot = withPlaced(Array("name7".utf8), offset: 0) { table.find(PackedName($0))! }
        #expect(table.remove(slot: slot) == 7)
        #expect(find(table, "name7") == nil)
        #expect(find(table, "name8") == 8)
        #expect(table.name(ofSlot: slot) == nil)
        table.removeAll()
        #expect(table.count == 0)
    }

    /// A freed slot is reused, keeping the other slots' numbers; the last
    /// slot's removal shrinks the table.
    @Test func slotsKeepTheirNumbers() {
        var table = NameTable<Int>()
        let a = insert(&table, "a", 1), b = insert(&table, "b", 2), c = insert(&table, "c", 3)
        #expect([a, b, c] == [0, 1, 2])
        table.remove(slot: b)
        #expect(table.slotCount == 3)
        #expect(insert(&table, "d", 4) == 1)
        #expect(find(table, "c") == 3)
        table.remove(slot: c)
        #expect(table.slotCount == 2)
        let names = (0..<table.slotCount).compactMap { table.name(ofSlot: $0)?.withBytes { String(decoding: $0, as: UTF8.self) } }
        #expect(names == ["a", "d"])
    }
}
