import LinuxABI

/// Runs a handler body and encodes its outcome the way the Linux syscall
/// ABI does: the result, or `-errno`.
@inline(__always)
func syscallResult(_ body: () throws(Errno) -> Int) -> Int {
    do {
        return try body()
    } catch {
        return -Int(error.rawValue)
    }
}
