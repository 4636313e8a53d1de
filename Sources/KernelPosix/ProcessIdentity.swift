/// Who the program is. It is the only process, so it is process 1 and its
/// own thread 1, run by root (uid 0) as the first program on a Linux
/// machine is.
public enum ProcessIdentity {
    public static let processID = 1
    public static let parentProcessID = 0
    public static let threadID = 1
    public static let userID = 0
    public static let groupID = 0

    /// Where set_tid_address(2) asked the thread id to be cleared at exit.
    nonisolated(unsafe) static var clearThreadIDAddress = 0
}
