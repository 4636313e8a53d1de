/// Request codes and selector values that syscalls take as arguments.

/// ioctl(2) requests on terminals (asm-generic/ioctls.h).
public enum TerminalRequest {
    public static let getAttributes = 0x5401        // TCGETS
    public static let setAttributes = 0x5402        // TCSETS
    public static let setAttributesDrain = 0x5403   // TCSETSW
    public static let setAttributesFlush = 0x5404   // TCSETSF
    public static let getWindowSize = 0x5413        // TIOCGWINSZ
    public static let setWindowSize = 0x5414        // TIOCSWINSZ
    public static let bytesReadable = 0x541B        // FIONREAD
    public static let setNonBlocking = 0x5421       // FIONBIO
    public static let getProcessGroup = 0x540F      // TIOCGPGRP
}

/// Clock ids of clock_gettime(2).
public enum ClockID {
    public static let realtime = 0
    public static let monotonic = 1
    public static let processCPUTime = 2
    public static let threadCPUTime = 3
    public static let monotonicRaw = 4
    public static let realtimeCoarse = 5
    public static let monotonicCoarse = 6
    public static let boottime = 7
    public static let realtimeAlarm = 8
    public static let boottimeAlarm = 9
    public static let tai = 11

    /// TIMER_ABSTIME flag of clock_nanosleep(2).
    public static let absoluteTime = 1
}

/// Resources of prlimit64(2) (asm-generic/resource.h).
public enum Resource {
    public static let cpu = 0
    public static let fileSize = 1
    public static let data = 2
    public static let stack = 3
    public static let core = 4
    public static let residentSet = 5
    public static let processes = 6
    public static let openFiles = 7
    public static let lockedMemory = 8
    public static let addressSpace = 9
    public static let count = 16
}

/// Flags of getrandom(2).
public enum RandomFlags {
    public static let nonBlocking = 0x1
    public static let random = 0x2
    public static let insecure = 0x4
}

/// `how` of rt_sigprocmask(2).
public enum SignalMaskHow {
    public static let block = 0
    public static let unblock = 1
    public static let set = 2
}

/// Signal numbers that the kernel treats specially.
public enum Signal {
    public static let kill = 9
    public static let stop = 19
    public static let count = 64
}
