/// Flags of mmap(2), mprotect(2), mremap(2) and madvise(2)
/// (asm-generic/mman-common.h, linux/mman.h).
public enum MemoryProtection {
    public static let read = 0x1
    public static let write = 0x2
    public static let execute = 0x4
    public static let all = read | write | execute
}

public enum MemoryMapFlags {
    public static let shared = 0x01
    public static let `private` = 0x02
    public static let sharedValidate = 0x03
    public static let typeMask = 0x0f
    public static let fixed = 0x10
    public static let anonymous = 0x20
    public static let noReserve = 0x4000
    public static let populate = 0x8000
    public static let fixedNoReplace = 0x100000
}

public enum RemapFlags {
    public static let mayMove = 1
    public static let fixed = 2
    public static let dontUnmap = 4
}

public enum MemoryAdvice {
    public static let normal = 0
    public static let random = 1
    public static let sequential = 2
    public static let willNeed = 3
    public static let dontNeed = 4
    public static let free = 8
    public static let remove = 9
    public static let dontFork = 10
    public static let doFork = 11
    public static let mergeable = 12
    public static let unmergeable = 13
    public static let hugePage = 14
    public static let noHugePage = 15
    public static let dontDump = 16
    public static let doDump = 17
    public static let wipeOnFork = 18
    public static let keepOnFork = 19
    public static let cold = 20
    public static let pageOut = 21

    /// Advice values Linux 6.1 accepts; anything else is EINVAL.
    public static func isKnown(_ advice: Int) -> Bool {
        switch advice {
        case 0...4, 8...21: true
        default: false
        }
    }
}
