/// Who the program is. It is the only process, so it is process 1 (its
/// main thread is thread 1), run by root (uid 0) as the first program on a
/// Linux machine is.
public enum ProcessIdentity {
    public static let processID = 1
    public static let parentProcessID = 0
    public static let userID = 0
    public static let groupID = 0
}
