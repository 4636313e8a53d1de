import Foundation

/// Both ends of a pipe(2), each closed on exec.
struct PipeEnds {
    var readEnd: Int32
    var writeEnd: Int32

    static func closingOnExec() throws -> PipeEnds {
        var descriptors: [Int32] = [0, 0]
        guard pipe(&descriptors) == 0 else {
            throw ToolError("cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Pipes are made before any child is started, so no exec can slip in
        // between pipe() and FD_CLOEXEC.
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        return PipeEnds(readEnd: descriptors[0], writeEnd: descriptors[1])
    }
}
