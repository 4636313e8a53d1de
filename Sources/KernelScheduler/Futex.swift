import KernelPlatform
import LinuxABI

/// Fast user-space mutex waits (futex(2)): threads sleep on a 32-bit word
/// of the program's memory and are woken by address. Waiters hang in one of
/// 64 wait queues picked by the address, so unrelated futexes rarely share
/// a queue. Kernel entries are atomic on this hart, so checking the word
/// and going to sleep cannot miss a wake.
public enum Futex {
    /// The queues live as long as the kernel, so they are held unretained
    /// (created once, never released) and reached without reference counting.
    nonisolated(unsafe) static var buckets: [Unmanaged<WaitQueue>] = []

    /// Calls `body` with the queue that waiters on `address` hang in.
    static func withBucket<Result>(_ address: Int, _ body: (WaitQueue) -> Result) -> Result {
        if buckets.isEmpty {
            for _ in 0..<64 { buckets.append(Unmanaged.passRetained(WaitQueue())) }
        }
        return buckets[(address >> 2) & 63]._withUnsafeGuaranteedRef(body)
    }

    /// Sleeps on `address` until woken by a wake whose bitset meets
    /// `bitset`, or until `deadline` (monotonic ns). The caller has found
    /// the word holding the value the program expected, in this same
    /// kernel entry, so no wake came in between.
    public static func wait(address: Int, bitset: UInt32, deadline: Int64?) throws(Errno) {
        Scheduler.withCurrent { thread in
            thread.futexAddress = address
            thread.futexBitset = bitset
        }
        switch withBucket(address, { Scheduler.block(on: $0, until: deadline) }) {
        case .woken: return
        case .timedOut: throw .ETIMEDOUT
        case .interrupted: throw .EINTR
        }
    }

    /// Wakes up to `count` waiters on `address` whose bitset meets `bitset`.
    @discardableResult
    public static func wake(address: Int, count: Int, bitset: UInt32 = ~0) -> Int {
        guard count > 0 else { return 0 }
        return withBucket(address) { queue in
            queue.wake(limit: count) { $0.futexAddress == address && $0.futexBitset & bitset != 0 }
        }
    }

    /// FUTEX_WAKE from the program: wakes, then hands the processor to the
    /// first thread woken (see Scheduler.handOff).
    public static func wakeAndHandOff(address: Int, count: Int, bitset: UInt32) -> Int {
        guard count > 0 else { return 0 }
        let woken = withBucket(address) { queue in
            queue.wake(limit: count, switchesNext: true) { $0.futexAddress == address && $0.futexBitset & bitset != 0 }
        }
        if woken > 0 { Scheduler.handOff() }
        return woken
    }

    /// FUTEX_REQUEUE: wakes `wakeCount` waiters on `address`, and moves up to
    /// `requeueCount` more to wait on `target`.
    public static func requeue(address: Int, target: Int, wakeCount: Int, requeueCount: Int) -> Int {
        let woken = wake(address: address, count: wakeCount)
        guard requeueCount > 0 else { return woken }
        let moved = withBucket(address) { source in
            withBucket(target) { destination in
                source.move(to: destination, limit: requeueCount) { thread in
                    guard thread.futexAddress == address else { return false }
                    thread.futexAddress = target
                    return true
                }
            }
        }
        return woken + moved
    }
}
