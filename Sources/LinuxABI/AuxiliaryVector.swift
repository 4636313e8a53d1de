/// Tags of the ELF auxiliary vector the kernel places above `envp` on the
/// initial stack (include/uapi/linux/auxvec.h). musl reads AT_PHDR/AT_PHNUM/
/// AT_PHENT to find the TLS segment, AT_RANDOM for the stack-protector canary,
/// AT_PAGESZ for the page size and AT_SECURE to decide whether to trust the
/// environment.
public enum AuxiliaryVectorTag: UInt64 {
    case null = 0
    case programHeaders = 3          // AT_PHDR
    case programHeaderSize = 4       // AT_PHENT
    case programHeaderCount = 5      // AT_PHNUM
    case pageSize = 6                // AT_PAGESZ
    case entry = 9                   // AT_ENTRY
    case uid = 11                    // AT_UID
    case euid = 12                   // AT_EUID
    case gid = 13                    // AT_GID
    case egid = 14                   // AT_EGID
    case hardwareCapabilities = 16   // AT_HWCAP
    case clockTicks = 17             // AT_CLKTCK
    case secure = 23                 // AT_SECURE
    case random = 25                 // AT_RANDOM
    case executableName = 31         // AT_EXECFN
}

/// One entry of the auxiliary vector.
public struct AuxiliaryEntry {
    public var tag: AuxiliaryVectorTag
    public var value: UInt64

    public init(_ tag: AuxiliaryVectorTag, _ value: UInt64) {
        self.tag = tag
        self.value = value
    }
}
