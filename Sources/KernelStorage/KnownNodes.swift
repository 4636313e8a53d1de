import NameIndex
import NineP

/// The vnodes of the server files a 9p mount has seen, found by qid path
/// in numbered slots (reused once freed) through a `NameIndex` of a hash
/// of the path: a mount that has seen thousands of files finds one
/// without a search. (A Dictionary would pull Swift's seeded hashing into
/// the kernel.)
struct KnownNodes {
    private var slots: [NinePNode?] = []
    private var freeSlots: [Int] = []
    private var index = NameIndex()

    /// qid paths are often sequential (inode numbers): multiplying spreads
    /// them, folding brings the high bits to the low ones the index uses.
    private static func hash(_ path: UInt64) -> UInt64 {
        let product = path &* 0x9e37_79b9_7f4a_7c15
        return product ^ (product &>> 29)
    }

    /// The vnode of server file `path`, if one was seen.
    func find(_ path: UInt64) -> NinePNode? {
        index.find(hash: Self.hash(path)) { slots[$0]!.qid.path == path }.map { slots[$0]! }
    }

    mutating func add(_ node: NinePNode) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = node
        } else {
            slot = slots.count
            slots.append(node)
        }
        index.insert(slot, hash: Self.hash(node.qid.path)) { Self.hash(slots[$0]!.qid.path) }
    }

    mutating func remove(_ node: NinePNode) {
        let hash = Self.hash(node.qid.path)
        guard let slot = index.find(hash: hash, matches: { slots[$0]! === node }) else { return }
        index.remove(slot, hash: hash)
        slots[slot] = nil
        freeSlots.append(slot)
    }
}
