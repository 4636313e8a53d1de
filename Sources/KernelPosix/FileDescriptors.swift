import LinuxABI

/// The program's file descriptors. Until the VFS exists, the only open
/// files are 0, 1 and 2 on the console; closing one frees its number.
enum FileDescriptors {
    /// Bit n set: descriptor n is open on the console.
    nonisolated(unsafe) static var openConsole: UInt8 = 0b111

    /// Throws EBADF unless `descriptor` is open.
    static func checkOpen(_ descriptor: Int) throws(Errno) {
        guard descriptor >= 0, descriptor < 8, openConsole & (1 << UInt8(descriptor)) != 0 else { throw .EBADF }
    }

    static func close(_ descriptor: Int) throws(Errno) {
        try checkOpen(descriptor)
        openConsole &= ~(1 << UInt8(descriptor))
    }
}
