import LinuxABI

/// The disk's blocks in memory, metadata and file data alike (Linux keeps
/// the two in its buffer and page caches; one cache serves both here).
///
/// Writes stay in the cache (write-back): a changed block is dirty until
/// `writeBack`, which the volume calls on sync and which runs by itself
/// once more than `dirtyLimit` blocks are dirty. Dirty blocks go out in
/// block order, each run of consecutive blocks as one request, all
/// requests of a write-back submitted together. Memory is bounded by
/// `capacity` blocks; past it, the least recently used clean block is
/// evicted (a dirty block is written back first). `prefetch` reads many
/// blocks in one batch, which read-ahead uses.
///
/// Entries live in one table allocated up front (no objects, no
/// reference counting, no copy-on-write checks on the hot path): a hash
/// of chains finds a block's entry, and each entry is on one of two
/// lists, clean (least recently used first) or dirty. A block being used
/// inside a `read`/`update`/`replace` closure is pinned: it is neither
/// evicted nor written back until the closure returns.
public final class BlockCache {
    public let blockSize: Int
    let storage: Ext2Storage
    /// Blocks held at most, and dirty blocks past which all are written.
    public let capacity: Int
    public let dirtyLimit: Int
    /// Blocks one request carries at most.
    let maximumRun: Int

    /// One cached block: its number, state, list and hash chain links (-1:
    /// none).
    private struct Entry {
        var block: UInt32 = 0
        var pins: UInt16 = 0
        var isDirty = false
        var older: Int32 = -1
        var newer: Int32 = -1
        var chain: Int32 = -1
    }

    /// The two lists' ends.
    private struct List {
        var oldest: Int32 = -1
        var newest: Int32 = -1
    }

    private let entries: UnsafeMutablePointer<Entry>
    private let buckets: UnsafeMutablePointer<Int32>
    private let bucketShift: UInt32
    /// Entries holding no block, lowest index last (taken first, so the
    /// memory chunks fill in order).
    private var spare: [Int32]
    private var clean = List()
    private var dirty = List()
    /// Block memory, allocated as entries are first used, `chunkBlocks`
    /// blocks at a time.
    private var chunks: [UnsafeMutableRawPointer] = []
    private let chunkBlocks: Int

    public private(set) var dirtyCount = 0
    public private(set) var cachedCount = 0

    /// A cache of `capacity` blocks (at least 16) of `blockSize` bytes;
    /// write-back starts past `dirtyLimit` dirty blocks (default: half).
    public init(storage: Ext2Storage, blockSize: Int, capacity: Int, dirtyLimit: Int? = nil, maximumRunBytes: Int = 1 << 20) {
        self.storage = storage
        self.blockSize = blockSize
        let capacity = max(capacity, 16)
        self.capacity = capacity
        self.dirtyLimit = min(max(dirtyLimit ?? capacity / 2, 1), capacity - 8)
        maximumRun = max(1, min(storage.maximumSegments, maximumRunBytes / blockSize))
        entries = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
        entries.initialize(repeating: Entry(), count: capacity)
        var bits: UInt32 = 4
        while 1 << bits < 2 * capacity { bits += 1 }
        bucketShift = 32 - bits
        buckets = UnsafeMutablePointer<Int32>.allocate(capacity: 1 << Int(bits))
        buckets.initialize(repeating: -1, count: 1 << Int(bits))
        spare = Array((0..<Int32(capacity)).reversed())
        chunkBlocks = max(1, 65536 / blockSize)
    }

    deinit {
        for chunk in chunks { chunk.deallocate() }
        entries.deallocate()
        buckets.deallocate()
    }

    // MARK: Access

    /// Calls `body` with block `block`'s bytes, read from the disk first
    /// unless cached.
    public func read<Result>(
        _ block: UInt32, _ body: (UnsafeRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        try reading(try load(block), body)
    }

    /// Calls `body` with block `block`'s bytes if the block is cached;
    /// nil (and nothing read) if it is not.
    public func readIfCached<Result>(
        _ block: UInt32, _ body: (UnsafeRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result? {
        guard let entry = find(block) else { return nil }
        touch(entry)
        return try reading(entry, body)
    }

    private func reading<Result>(
        _ entry: Int, _ body: (UnsafeRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        entries[entry].pins += 1
        defer { entries[entry].pins -= 1 }
        return try body(UnsafeRawBufferPointer(start: memory(entry), count: blockSize))
    }

    /// Calls `body` with block `block`'s bytes to change; the block is
    /// dirty afterwards if `body` says it changed them.
    public func update<Result>(
        _ block: UInt32, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> (Result, changed: Bool)
    ) throws(Errno) -> Result {
        let entry = try load(block)
        return try change(entry, body)
    }

    /// Calls `body` with block `block`'s bytes to change; the block is
    /// dirty afterwards.
    public func modify<Result>(
        _ block: UInt32, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        try update(block) { bytes throws(Errno) in (try body(bytes), true) }
    }

    /// Like `modify` for a block whose old contents do not matter (just
    /// allocated, or about to be overwritten whole): nothing is read, and
    /// `body` sees zeros with `zeroed`, else whatever the memory held.
    public func replace<Result>(
        _ block: UInt32, zeroed: Bool, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> Result
    ) throws(Errno) -> Result {
        let entry: Int
        if let found = find(block) {
            entry = found
        } else {
            entry = try take()
            insert(entry, block)
            append(entry, to: &clean)
        }
        if zeroed { memory(entry).initializeMemory(as: UInt8.self, repeating: 0, count: blockSize) }
        return try change(entry) { bytes throws(Errno) in (try body(bytes), true) }
    }

    /// Whether block `block` is in the cache.
    public func contains(_ block: UInt32) -> Bool { find(block) != nil }

    /// Reads every block of `blocks` not cached yet, in runs of
    /// consecutive blocks, all requests at once — half the cache at a
    /// time, should there be more. A cache that cannot grow (memory is
    /// short) reads as many as it has room for, and the rest are read
    /// when used.
    public func prefetch(_ blocks: [UInt32]) throws(Errno) {
        var start = 0
        while start < blocks.count {
            let end = min(start + capacity / 2, blocks.count)
            guard try loadBatch(blocks[start..<end]) else { return }
            start = end
        }
    }

    /// Loads the blocks of `blocks` not cached yet; false when the cache
    /// had room for only some of them.
    private func loadBatch(_ blocks: ArraySlice<UInt32>) throws(Errno) -> Bool {
        var loading: [(block: UInt32, entry: Int32)] = []
        var complete = true
        for block in blocks where find(block) == nil {
            let entry: Int
            do throws(Errno) {
                entry = try take()
            } catch {
                guard error == .ENOMEM, !loading.isEmpty else {
                    abandon(loading)
                    throw error
                }
                complete = false
                break
            }
            // In the hash at once (a repeated block is loaded once), on no
            // list until its bytes are in.
            insert(entry, block)
            entries[entry].pins += 1
            loading.append((block, Int32(entry)))
        }
        guard !loading.isEmpty else { return complete }
        loading.sort { $0.block < $1.block }
        do throws(Errno) {
            try transfer(loading, isWrite: false)
        } catch {
            abandon(loading)
            throw error
        }
        for (_, entry) in loading {
            entries[Int(entry)].pins -= 1
            append(Int(entry), to: &clean)
        }
        return complete
    }

    /// Writes every dirty block that is not in use: runs of consecutive
    /// blocks as one request each, all requests at once.
    public func writeBack() throws(Errno) {
        var pending: [(block: UInt32, entry: Int32)] = []
        pending.reserveCapacity(dirtyCount)
        var cursor = dirty.oldest
        while cursor >= 0 {
            let entry = entries[Int(cursor)]
            if entry.pins == 0 { pending.append((entry.block, cursor)) }
            cursor = entry.newer
        }
        guard !pending.isEmpty else { return }
        pending.sort { $0.block < $1.block }
        try transfer(pending, isWrite: true)
        for (_, entry) in pending {
            unlink(Int(entry), from: &dirty)
            entries[Int(entry)].isDirty = false
            dirtyCount -= 1
            append(Int(entry), to: &clean)
        }
    }

    /// Block `block` was freed: its bytes, dirty or not, are dropped
    /// unwritten.
    public func forget(_ block: UInt32) {
        guard let entry = find(block), entries[entry].pins == 0 else { return }
        discard(entry)
    }

    /// Drops block `block` if it is cached, clean and not in use (dirty
    /// blocks stay: write them back first).
    public func dropIfClean(_ block: UInt32) {
        guard let entry = find(block), !entries[entry].isDirty, entries[entry].pins == 0 else { return }
        discard(entry)
    }

    // MARK: Entries

    private func memory(_ entry: Int) -> UnsafeMutableRawPointer {
        chunks[entry / chunkBlocks] + (entry % chunkBlocks) * blockSize
    }

    private func bucket(_ block: UInt32) -> Int {
        Int((block &* 0x9e37_79b1) >> bucketShift)
    }

    private func find(_ block: UInt32) -> Int? {
        var cursor = buckets[bucket(block)]
        while cursor >= 0 {
            if entries[Int(cursor)].block == block { return Int(cursor) }
            cursor = entries[Int(cursor)].chain
        }
        return nil
    }

    private func insert(_ entry: Int, _ block: UInt32) {
        let index = bucket(block)
        entries[entry].block = block
        entries[entry].chain = buckets[index]
        buckets[index] = Int32(entry)
        cachedCount += 1
    }

    private func removeFromHash(_ entry: Int) {
        let index = bucket(entries[entry].block)
        if buckets[index] == Int32(entry) {
            buckets[index] = entries[entry].chain
        } else {
            var cursor = Int(buckets[index])
            while entries[cursor].chain != Int32(entry) { cursor = Int(entries[cursor].chain) }
            entries[cursor].chain = entries[entry].chain
        }
        entries[entry].chain = -1
        cachedCount -= 1
    }

    private func append(_ entry: Int, to list: inout List) {
        entries[entry].older = list.newest
        entries[entry].newer = -1
        if list.newest >= 0 { entries[Int(list.newest)].newer = Int32(entry) } else { list.oldest = Int32(entry) }
        list.newest = Int32(entry)
    }

    private func unlink(_ entry: Int, from list: inout List) {
        let before = entries[entry].older, after = entries[entry].newer
        if before >= 0 { entries[Int(before)].newer = after } else { list.oldest = after }
        if after >= 0 { entries[Int(after)].older = before } else { list.newest = before }
        entries[entry].older = -1
        entries[entry].newer = -1
    }

    /// The entry holding `block`, read in first if need be; a clean entry
    /// becomes the most recently used.
    private func load(_ block: UInt32) throws(Errno) -> Int {
        if let entry = find(block) {
            touch(entry)
            return entry
        }
        try prefetch([block])
        return find(block)!
    }

    /// A clean entry becomes the most recently used.
    private func touch(_ entry: Int) {
        if !entries[entry].isDirty, clean.newest != Int32(entry) {
            unlink(entry, from: &clean)
            append(entry, to: &clean)
        }
    }

    /// An entry holding no block: a spare one, else the least recently
    /// used clean one not in use; when every entry is dirty or in use,
    /// the dirty ones are written back first.
    private func take() throws(Errno) -> Int {
        // A spare entry whose memory is not there yet needs a new chunk,
        // which the storage may refuse while memory is short; the first
        // two always come, so that the cache can work at all.
        if let entry = spare.last, Int(entry) / chunkBlocks < max(chunks.count, 2)
            || storage.cacheMayGrow(by: chunkBlocks * blockSize) {
            spare.removeLast()
            let index = Int(entry)
            while chunks.count <= index / chunkBlocks {
                chunks.append(UnsafeMutableRawPointer.allocate(byteCount: chunkBlocks * blockSize, alignment: 64))
            }
            return index
        }
        for attempt in 0..<2 {
            var cursor = clean.oldest
            while cursor >= 0, entries[Int(cursor)].pins > 0 { cursor = entries[Int(cursor)].newer }
            if cursor >= 0 {
                let entry = Int(cursor)
                unlink(entry, from: &clean)
                removeFromHash(entry)
                return entry
            }
            if attempt == 0 { try writeBack() }
        }
        throw .ENOMEM
    }

    /// Takes `entry` out of the cache; its memory is kept for reuse.
    private func discard(_ entry: Int) {
        if entries[entry].isDirty {
            unlink(entry, from: &dirty)
            entries[entry].isDirty = false
            dirtyCount -= 1
        } else {
            unlink(entry, from: &clean)
        }
        removeFromHash(entry)
        spare.append(Int32(entry))
    }

    /// Entries a failed prefetch had taken go back, unfilled.
    private func abandon(_ loading: [(block: UInt32, entry: Int32)]) {
        for (_, entry) in loading {
            entries[Int(entry)].pins -= 1
            removeFromHash(Int(entry))
            spare.append(entry)
        }
    }

    /// Runs `body` on the pinned entry's bytes; marks it dirty if they
    /// changed (even when `body` failed part way), then writes back if
    /// too many blocks are dirty.
    private func change<Result>(
        _ entry: Int, _ body: (UnsafeMutableRawBufferPointer) throws(Errno) -> (Result, changed: Bool)
    ) throws(Errno) -> Result {
        entries[entry].pins += 1
        let outcome: (Result, changed: Bool)
        do throws(Errno) {
            outcome = try body(UnsafeMutableRawBufferPointer(start: memory(entry), count: blockSize))
        } catch {
            entries[entry].pins -= 1
            markDirty(entry)
            throw error
        }
        entries[entry].pins -= 1
        if outcome.changed {
            markDirty(entry)
            if dirtyCount > dirtyLimit { try writeBack() }
        }
        return outcome.0
    }

    private func markDirty(_ entry: Int) {
        guard !entries[entry].isDirty else { return }
        unlink(entry, from: &clean)
        entries[entry].isDirty = true
        dirtyCount += 1
        append(entry, to: &dirty)
    }

    /// Moves the blocks of `blocks` (sorted by block) between the disk
    /// and their memory: each run of consecutive blocks, up to
    /// `maximumRun`, is one request.
    private func transfer(_ blocks: [(block: UInt32, entry: Int32)], isWrite: Bool) throws(Errno) {
        var requests: [StorageRequest] = []
        var index = 0
        while index < blocks.count {
            let first = blocks[index].block
            var buffers: [UnsafeMutableRawBufferPointer] = []
            while index < blocks.count, buffers.count < maximumRun,
                  blocks[index].block == first &+ UInt32(buffers.count) {
                buffers.append(UnsafeMutableRawBufferPointer(start: memory(Int(blocks[index].entry)), count: blockSize))
                index += 1
            }
            requests.append(StorageRequest(isWrite: isWrite, offset: UInt64(first) * UInt64(blockSize), buffers: buffers))
        }
        try storage.perform(requests)
    }
}
