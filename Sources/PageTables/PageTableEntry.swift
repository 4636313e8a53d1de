/// Who may do what with a page: the R, W and X bits of an Sv39 entry, in
/// their bit positions (RISC-V privileged spec 4.3.1, figure 4.18).
public struct PageAccess: OptionSet, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static let read = PageAccess(rawValue: 1 << 1)
    public static let write = PageAccess(rawValue: 1 << 2)
    public static let execute = PageAccess(rawValue: 1 << 3)
    public static let none: PageAccess = []

    /// The access `mmap(2)`/`mprotect(2)` protection bits ask for. Write
    /// implies read: R=0 W=1 is a reserved encoding (spec 4.3.1), and Linux
    /// on RISC-V gives PROT_WRITE pages read access too.
    public init(protection: Int) {
        var access: PageAccess = []
        if protection & 0x1 != 0 { access.insert(.read) }      // PROT_READ
        if protection & 0x2 != 0 { access.formUnion([.read, .write]) }   // PROT_WRITE
        if protection & 0x4 != 0 { access.insert(.execute) }   // PROT_EXEC
        self = access
    }
}

/// One Sv39 page-table entry (privileged spec 4.4.1): valid bit, access
/// bits, global, accessed, dirty, two bits for software, and the physical
/// page number in bits 10-53.
///
/// The kernel uses the software bits for program memory (mmap, brk, the
/// stacks): `anonymous` marks a page of such a mapping and `populated` one
/// that has been zero-filled. A mapping page that was never touched, or has
/// no access at all (PROT_NONE), is invalid to the hardware, but its entry
/// still holds the mapping's access bits (an invalid entry's other bits are
/// free for software, spec 4.3.1), so the fault handler knows what to do.
public struct PageTableEntry: Equatable, Sendable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    static let valid: UInt64 = 1 << 0
    static let accessBits: UInt64 = 0b1110
    static let global: UInt64 = 1 << 5
    static let accessed: UInt64 = 1 << 6
    static let dirty: UInt64 = 1 << 7
    static let anonymousBit: UInt64 = 1 << 8
    static let populatedBit: UInt64 = 1 << 9
    static let flagBits: UInt64 = 0x3ff
    static let numberMask: UInt64 = (1 << 44) - 1

    public static let empty = PageTableEntry(rawValue: 0)

    public var isValid: Bool { rawValue & Self.valid != 0 }
    /// A valid entry with any of R, W, X set maps memory; one without points
    /// to the next level's table.
    public var isLeaf: Bool { isValid && rawValue & Self.accessBits != 0 }
    public var isTable: Bool { isValid && rawValue & Self.accessBits == 0 }
    public var access: PageAccess { PageAccess(rawValue: rawValue & Self.accessBits) }
    public var physicalAddress: UInt { UInt((rawValue >> 10) & Self.numberMask) << 12 }
    public var isAnonymous: Bool { rawValue & Self.anonymousBit != 0 }
    /// A guard page below a kernel stack: never valid; marked so that a
    /// fault there can be named.
    public var isGuard: Bool { rawValue & (Self.valid | Self.anonymousBit | Self.populatedBit) == Self.populatedBit }
    public var isPopulated: Bool { rawValue & Self.populatedBit != 0 }

    /// Maps a page with `access`. Accessed and dirty are preset, so hardware
    /// that does not manage them (Svade) never faults to have them set, and
    /// global, since there is one address space.
    public static func leaf(_ physical: UInt, _ access: PageAccess) -> PageTableEntry {
        var bits = number(physical) | valid | access.rawValue | global | accessed
        if access.contains(.write) { bits |= dirty }
        return PageTableEntry(rawValue: bits)
    }

    public static func table(_ physical: UInt) -> PageTableEntry {
        PageTableEntry(rawValue: number(physical) | valid)
    }

    /// A page of program memory: valid (with `access`) once populated and
    /// when `access` allows anything; otherwise it faults on every use.
    public static func anonymous(_ physical: UInt, _ access: PageAccess, populated: Bool) -> PageTableEntry {
        var entry = populated && !access.isEmpty ? leaf(physical, access) : PageTableEntry(rawValue: number(physical) | access.rawValue)
        entry.rawValue |= anonymousBit | (populated ? populatedBit : 0)
        return entry
    }

    /// A guard page (see `isGuard`).
    public static func guardPage(_ physical: UInt) -> PageTableEntry {
        PageTableEntry(rawValue: number(physical) | populatedBit)
    }

    /// Whether this entry lets an access of kind `wanted` through.
    public func allows(_ wanted: PageAccess) -> Bool {
        access.isSuperset(of: wanted)
    }

    static func number(_ physical: UInt) -> UInt64 { (UInt64(physical) >> 12) << 10 }
}
