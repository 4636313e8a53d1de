import Allocators
import Foundation
import Testing

/// Pages from the host, so the heap's policy runs unchanged.
struct HostPages: PageSource {
    var outstanding = 0
    var limit = Int.max

    mutating func allocatePages(_ count: Int) -> UnsafeMutableRawPointer? {
        guard outstanding + count <= limit else { return nil }
        outstanding += count
        return UnsafeMutableRawPointer.allocate(byteCount: count * 4096, alignment: 4096)
    }

    mutating func freePages(_ address: UnsafeMutableRawPointer, _ count: Int) {
        outstanding -= count
        address.deallocate()
    }
}

struct PageAllocatorTests {
    func withAllocator(pages: Int, _ body: (inout PageAllocator, UInt) -> Void) {
        let bitmap = UnsafeMutablePointer<UInt64>.allocate(capacity: PageAllocator.bitmapWords(for: pages))
        defer { bitmap.deallocate() }
        let base: UInt = 0x8020_0000
        var allocator = PageAllocator(base: base, pageCount: pages, bitmap: bitmap)
        body(&allocator, base)
    }

    @Test func limitPlacesRunsBelowIt() {
        withAllocator(pages: 256) { allocator, base in
            allocator.release(base, pages: 256)
            let limit = base + 100 * 4096
            #expect(allocator.allocate(pages: 10, below: limit) == base + 90 * 4096)
            #expect(allocator.allocate(pages: 10, below: limit) == base + 80 * 4096)
            // Without room below the limit, the highest run anywhere.
            #expect(allocator.allocate(pages: 100, below: limit) == base + 156 * 4096)
            // A limit outside the span is no limit.
            #expect(allocator.allocate(pages: 1, below: base + 1000 * 4096) == base + 155 * 4096)
        }
    }


    @Test func allocatesFromTheTopAndReusesFreedRuns() {
        withAllocator(pages: 300) { allocator, base in
            allocator.release(base, pages: 300)
            #expect(allocator.freePageCount == 300)
            let first = allocator.allocate(pages: 10)
            #expect(first == base + 290 * 4096)
            let second = allocator.allocate(pages: 100)
            #expect(second == base + 190 * 4096)
            #expect(allocator.freePageCount == 190)
            allocator.release(first!, pages: 10)
            let result1 = allocator.allocate(pages: 10)
            #expect(result1 == first)
            let result2 = allocator.allocate(pages: 191)
            #expect(result2 == nil)
            let result3 = allocator.allocate(pages: 190)
            #expect(result3 == base)
            #expect(allocator.freePageCount == 0)
        }
    }

    @Test func claimsOnlyFreePages() {
        withAllocator(pages: 128) { allocator, base in
            allocator.release(base + 4096, pages: 127)
            let result4 = allocator.claim(base, pages: 2)          // page 0 was never released
            #expect(!result4)
            let result5 = allocator.claim(base + 4096, pages: 70)   // crosses a word boundary
            #expect(result5)
            #expect(!allocator.isFree(base + 64 * 4096))
            #expect(allocator.isFree(base + 71 * 4096))
            #expect(allocator.freePageCount == 57)
            let result6 = allocator.claim(base + 70 * 4096, pages: 2)
            #expect(!result6)
        }
    }

    @Test func ignoresRangesOutsideItsSpan() {
        withAllocator(pages: 64) { allocator, base in
            allocator.release(base - 8 * 4096, pages: 16)
            #expect(allocator.freePageCount == 8)
            allocator.release(base + 60 * 4096, pages: 100)
            #expect(allocator.freePageCount == 12)
        }
    }
}

struct HeapTests {
    @Test func blocksAreAlignedDisjointAndKeepTheirContents() {
        var heap = Heap(pages: HostPages())
        var blocks: [(UnsafeMutableRawPointer, Int)] = []
        for size in [0, 1, 15, 16, 17, 100, 2048, 2049, 5000, 70_000] {
            let block = heap.allocate(size)!
            #expect(UInt(bitPattern: block) % 16 == 0)
            #expect(heap.usableSize(block) >= size)
            block.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: size), count: size)
            blocks.append((block, size))
        }
        for (block, size) in blocks {
            let bytes = UnsafeRawBufferPointer(start: block, count: size)
            #expect(bytes.allSatisfy { $0 == UInt8(truncatingIfNeeded: size) })
            let result7 = heap.free(block)
            #expect(result7 == nil)
        }
        #expect(heap.pages.outstanding > 0)   // small-block chunks stay cached
    }

    @Test func smallBlocksTakeTheSmallestClassThatHoldsThem() {
        var heap = Heap(pages: HostPages())
        let classes = [16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]
        for size in 0...2048 {
            let block = heap.allocate(size)!
            #expect(heap.usableSize(block) == classes.first { $0 >= size }!, "size \(size)")
            _ = heap.free(block)
        }
        let large = heap.allocate(2049)!
        #expect(heap.usableSize(large) == 4096 - 16)
        _ = heap.free(large)
    }

    @Test func freedSmallBlocksAreReused() {
        var heap = Heap(pages: HostPages())
        let a = heap.allocate(40)!
        let result8 = heap.free(a)
        #expect(result8 == nil)
        let result9 = heap.allocate(40)
        #expect(result9 == a)
    }

    /// The heap counts the small blocks it holds free, and stops counting
    /// at the limit asked for.
    @Test func countsIdleSmallBlocks() {
        var heap = Heap(pages: HostPages())
        #expect(heap.idleBytes(upTo: 1 << 20) == 0)
        let blocks = (0..<1000).map { _ in heap.allocate(100)! }   // class 128, blocks of 144 bytes
        let carved = heap.idleBytes(upTo: 1 << 20)   // what the chunks hold beyond those blocks
        for block in blocks { _ = heap.free(block) }
        #expect(heap.idleBytes(upTo: 1 << 20) == carved + 1000 * 144)
        #expect(heap.idleBytes(upTo: 4096) < 4096 + 144 + 4 * 4096)
        _ = heap.allocate(100)
        #expect(heap.idleBytes(upTo: 1 << 20) == carved + 999 * 144)
    }

    @Test func largeBlocksReturnTheirPages() {
        var heap = Heap(pages: HostPages())
        _ = heap.allocate(8)   // the free-list page
        let before = heap.pages.outstanding
        let big = heap.allocate(100_000)!
        #expect(heap.pages.outstanding == before + 25)
        let result10 = heap.free(big)
        #expect(result10 == nil)
        #expect(heap.pages.outstanding == before)
    }

    @Test func honoursLargeAlignments() {
        var heap = Heap(pages: HostPages())
        for alignment in [32, 64, 4096, 65536] {
            let block = heap.allocate(123, alignment: alignment)!
            #expect(UInt(bitPattern: block) % UInt(alignment) == 0)
            #expect(heap.usableSize(block) >= 123)
            let result11 = heap.free(block)
            #expect(result11 == nil)
        }
        let result12 = heap.allocate(8, alignment: 24)
        #expect(result12 == nil)
    }

    @Test func reallocateKeepsContents() {
        var heap = Heap(pages: HostPages())
        let block = heap.allocate(10)!
        for index in 0..<10 { block.storeBytes(of: UInt8(index), toByteOffset: index, as: UInt8.self) }
        let grown = heap.reallocate(block, to: 10_000)
        #expect(grown.misuse == nil)
        let bytes = UnsafeRawBufferPointer(start: grown.pointer, count: 10)
        #expect(Array(bytes) == Array(0..<10))
        let same = heap.reallocate(grown.pointer, to: 9_000)
        #expect(same.pointer == grown.pointer)
    }

    @Test func detectsDoubleAndInvalidFrees() {
        var heap = Heap(pages: HostPages())
        let block = heap.allocate(64)!
        let result13 = heap.free(block)
        #expect(result13 == nil)
        let result14 = heap.free(block)
        #expect(result14 == .doubleFree)
        let foreign = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        defer { foreign.deallocate() }
        foreign.initializeMemory(as: UInt8.self, repeating: 0, count: 64)
        let result15 = heap.free(foreign + 32)
        #expect(result15 == .invalidPointer)
        let result16 = heap.free(nil)
        #expect(result16 == nil)
    }

    @Test func exhaustionIsNil() {
        var heap = Heap(pages: HostPages(limit: 4))
        let result17 = heap.allocate(1 << 20)
        #expect(result17 == nil)
    }
}

struct PageSetTests {
    /// Every range shape (inside one word, across words, on word edges)
    /// against a page-by-page model.
    @Test func rangeOperationsMatchPageByPage() {
        let pages = 300
        let storage = UnsafeMutablePointer<UInt64>.allocate(capacity: PageSet.words(for: pages))
        defer { storage.deallocate() }
        var set = PageSet(base: 0, pageCount: pages, storage: storage, full: false)
        var model = [Bool](repeating: false, count: pages)
        let ranges = [0..<1, 3..<60, 63..<65, 64..<128, 5..<5, 120..<250, 0..<300, 129..<130, 191..<193]
        for (step, range) in ranges.enumerated() {
            let expected = range.filter { model[$0] }.count
            #expect(set.count(in: range) == expected, "count \(range)")
            if step % 2 == 0 {
                set.insert(range)
                for index in range { model[index] = true }
            } else {
                set.remove(range)
                for index in range { model[index] = false }
            }
            for index in 0..<pages { #expect(set.contains(index) == model[index], "page \(index) after \(range)") }
        }
    }
}
