import Foundation

/// Starts programs with `posix_spawn` and waits for them; children share our
/// standard streams unless told otherwise, so their output streams through.
public enum ProcessRunner {
    /// Starts `command`, with `standardInput`/`standardOutput` as its fd 0/1 when
    /// given. The descriptors passed should be close-on-exec; the child's copies
    /// are not.
    public static func spawn(
        _ command: Command, standardInput: Int32? = nil, standardOutput: Int32? = nil, standardError: Int32? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput { posix_spawn_file_actions_adddup2(&actions, standardInput, 0) }
        if let standardOutput { posix_spawn_file_actions_adddup2(&actions, standardOutput, 1) }
        if let standardError { posix_spawn_file_actions_adddup2(&actions, standardError, 2) }

        // The tool ignores SIGPIPE so that feeding a child that has exited cannot
        // kill it; the child gets default dispositions and an empty mask back.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([command.executable] + command.arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, command.executable, &actions, &attributes, argv, environ)
        guard error == 0 else {
            throw ToolError("cannot run \(command.executable): \(String(cString: strerror(error)))")
        }
        return pid
    }

    /// Waits for `pid` to end and returns its exit status, or 128 plus the signal
    /// that killed it, as shells report it.
    public static func waitForExit(of pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return 127 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Runs `command` with our standard streams and returns its exit status.
    public static func run(_ command: Command) throws -> Int32 {
        waitForExit(of: try spawn(command))
    }

    /// Runs `command` and returns what it printed on standard output; fails when
    /// it does not exit with status 0.
    @Sendable public static func captureOutput(_ command: Command) throws -> String {
        try captureOutput(command, quiet: false)
    }

    /// The same; when `quiet`, the command's standard error goes to /dev/null
    /// (tools that warn about what they read, where the warnings help nobody).
    public static func captureOutput(_ command: Command, quiet: Bool) throws -> String {
        let pipe = try PipeEnds.closingOnExec()
        let null = quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1
        defer { if null >= 0 { close(null) } }
        let pid: pid_t
        do {
            pid = try spawn(command, standardOutput: pipe.writeEnd, standardError: null >= 0 ? null : nil)
        } catch {
            close(pipe.readEnd)
            close(pipe.writeEnd)
            throw error
        }
        close(pipe.writeEnd)
        let output = readAll(from: pipe.readEnd)
        close(pipe.readEnd)
        let status = waitForExit(of: pid)
        guard status == 0 else {
            throw ToolError("\(command) failed with status \(status)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads `descriptor` to its end.
    static func readAll(from descriptor: Int32) -> [UInt8] {
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                result += buffer[..<count]
            } else if count == 0 || errno != EINTR {
                return result
            }
        }
    }

    /// Writes all of `bytes` to `descriptor`; false when the reader has gone.
    @discardableResult
    static func writeAll(_ bytes: some Collection<UInt8>, to descriptor: Int32) -> Bool {
        var remaining = Array(bytes)[...]
        while !remaining.isEmpty {
            let count = remaining.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                remaining = remaining.dropFirst(count)
            } else if count < 0 && errno != EINTR {
                return false
            }
        }
        return true
    }
}
