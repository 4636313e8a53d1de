import KernelPlatform
import LinuxABI

/// Calls this kernel does not provide: they fail with ENOSYS, and the
/// first call of each is named on the console so a porter sees what the
/// program expected.
enum UnimplementedSyscall {
    /// One bit for each syscall number already reported.
    nonisolated(unsafe) static var reported: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) =
        (0, 0, 0, 0, 0, 0, 0, 0)

    static func handle(_ number: Int) -> Int {
        if number >= 0, number < 512, !alreadyReported(number) {
            Log.line(.warn) { line in
                line.text("syscall ")
                if let known = Syscall(rawValue: number) {
                    line.text(known.name)
                } else {
                    line.text("#")
                    line.decimal(number)
                }
                line.text(" (")
                line.decimal(number)
                line.text(") not implemented")
            }
        }
        return -Int(Errno.ENOSYS.rawValue)
    }

    /// Tests and sets the number's bit.
    private static func alreadyReported(_ number: Int) -> Bool {
        withUnsafeMutableBytes(of: &reported) { bytes in
            let words = bytes.bindMemory(to: UInt64.self)
            let bit: UInt64 = 1 << UInt64(number % 64)
            defer { words[number / 64] |= bit }
            return words[number / 64] & bit != 0
        }
    }
}
