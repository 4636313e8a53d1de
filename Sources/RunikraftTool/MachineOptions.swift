/// Sorts the `-m` options of a command line into those that suit a Runikraft
/// image (rv64gc, lp64d, medany), those written for the build machine, and
/// those that cannot work.
///
/// Makefiles written for x86 or Arm hosts commonly carry `-march=native`,
/// `-msse4.2` and the like; dropping them lets such projects build unmodified.
/// Options that would change the ABI are refused, because the objects would
/// not link with the lp64d sysroot.
public enum MachineOptions {
    public enum Verdict: Equatable, Sendable {
        /// Passed to clang as written.
        case keep
        /// Meant for another machine; dropped with one warning.
        case hostOnly
        /// Cannot produce a working image; the message says why.
        case rejected(String)
    }

    public static func verdict(for option: String) -> Verdict {
        if let value = option.value(after: "-march=") { return verdict(forArchitecture: value, option: option) }
        if let value = option.value(after: "-mabi=") { return verdict(forABI: value, option: option) }
        if let value = option.value(after: "-mcmodel=") {
            // medlow cannot address an image at 0x80200000 (above 2 GiB).
            return value == "medany" || value == "medium" ? .keep : .hostOnly
        }
        switch option {
        case "-m32", "-mx32", "-m16":
            return .rejected("\(option) is not supported: Runikraft images are 64-bit RISC-V (rv64gc, lp64d)")
        case "-m64":
            return .hostOnly
        default:
            break
        }
        if option.hasPrefix("-mcpu=") || option.hasPrefix("-mtune=") { return .hostOnly }
        let name = option.dropFirst(2)
        let bare = name.hasPrefix("no-") ? name.dropFirst(3) : name
        if hostFeatures.contains(where: { bare.hasPrefix($0) })
            || hostOptionsWithValue.contains(where: { name.hasPrefix($0) })
            || hostFlags.contains(String(bare))
        {
            return .hostOnly
        }
        return .keep
    }

    /// `-march=`: rv64 with the D extension (what lp64d needs) is kept, so
    /// `rv64gc_zba_zbb` works; other RISC-V variants are refused; anything else
    /// (`native`, `x86-64-v3`, `armv8-a`) names a host.
    static func verdict(forArchitecture value: String, option: String) -> Verdict {
        let lowercased = value.lowercased()
        if lowercased.hasPrefix("rv32") {
            return .rejected("\(option) is not supported: Runikraft images are 64-bit RISC-V (use rv64gc)")
        }
        guard lowercased.hasPrefix("rv64") else { return .hostOnly }
        let baseExtensions = lowercased.dropFirst(4).prefix { $0 != "_" }
        guard baseExtensions.contains("g") || baseExtensions.contains("d") else {
            return .rejected("\(option) is not supported: Runikraft images use the lp64d ABI, which needs the D extension (use rv64gc or a superset)")
        }
        return .keep
    }

    static func verdict(forABI value: String, option: String) -> Verdict {
        switch value {
        case "lp64d": return .keep
        case "lp64", "lp64f", "lp64e", "ilp32", "ilp32f", "ilp32d", "ilp32e":
            return .rejected("\(option) is not supported: Runikraft images use the lp64d ABI")
        default: return .hostOnly
        }
    }

    /// x86 and Arm instruction-set features, matched with or without `no-`.
    static let hostFeatures = [
        "sse", "avx", "mmx", "3dnow", "fma", "f16c", "popcnt", "bmi", "lzcnt", "aes",
        "pclmul", "sha", "rdrnd", "rdseed", "cx16", "sahf", "movbe", "xsave", "adx",
        "gfni", "vaes", "vpclmulqdq", "crc32", "red-zone", "80387", "fp-ret-in-387",
        "stackrealign", "fentry", "retpoline", "skip-rax-setup", "vzeroupper",
        "outline-atomics", "thumb", "altivec", "vsx",
    ]

    /// Host options that carry a value (`-mfpmath=sse`).
    static let hostOptionsWithValue = [
        "fpmath=", "preferred-stack-boundary=", "incoming-stack-boundary=", "regparm=",
        "indirect-branch=", "function-return=", "fpu=", "float-abi=",
        "branch-protection=", "sve-vector-bits=", "tune-ctrl=",
    ]

    static let hostFlags: Set<String> = [
        "arm", "rtd", "general-regs-only", "soft-float", "hard-float", "long-double-64",
        "long-double-80", "long-double-128", "ieee-fp", "tls-direct-seg-refs",
    ]
}

extension String {
    /// What follows `prefix`, or nil when the string does not start with it.
    func value(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
