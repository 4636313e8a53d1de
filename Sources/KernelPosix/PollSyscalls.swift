import KernelFiles
import KernelPlatform
import KernelScheduler
import LinuxABI

// Waiting on descriptors: ppoll(2) and pselect6(2) (musl's poll and select
// call these). Each open file reports its readiness (Vnode.readiness); a
// poller that finds nothing ready sleeps on the one poll queue
// (Waiting.pollers), which any file wakes when its readiness changes.

/// `struct pollfd`.
struct PollDescriptor {
    var descriptor: Int32
    var events: Int16
    var returnedEvents: Int16
}

/// The events `descriptor` has now, out of those asked for (error, hang-up
/// and invalid are always reported, as poll(2) says). A file with none of
/// them is told that the poller may sleep (`Vnode.willWait`).
private func readiness(_ descriptor: Int, _ requested: Int16) -> Int16 {
    guard let file = try? FileDescriptorTable.current.file(descriptor) else { return PollEvents.invalid }
    if file.isPathOnly { return PollEvents.invalid }
    let ready = file.vnode.readiness(file) & (requested | PollEvents.error | PollEvents.hangUp)
    if ready == 0 { file.vnode.willWait(for: requested, file: file) }
    return ready
}

/// Repeats `scan` until it finds something ready or `deadline` passes,
/// sleeping on the poll queue in between. A signal ends the wait with EINTR.
private func waitUntilReady(deadline: Int64?, _ scan: () throws(Errno) -> Int) throws(Errno) -> Int {
    while true {
        let ready = try scan()
        if ready > 0 { return ready }
        if let deadline, deadline <= Clock.monotonicNanoseconds { return 0 }
        if Scheduler.block(on: Waiting.pollers, until: deadline) == .interrupted { throw .EINTR }
    }
}

/// ppoll/pselect's temporary signal mask: in force for the wait, then put
/// back — after the handler when a signal ends the wait, as rt_sigsuspend
/// does, so the handler still runs.
private func waitingWithMask(
    _ mask: UInt64?, _ body: () throws(Errno) -> Int
) throws(Errno) -> Int {
    guard let mask, let thread = Scheduler.current else { return try body() }
    let saved = thread.blockedSignals
    thread.blockedSignals = mask & ~Signals.unblockable
    do {
        let result = try body()
        thread.blockedSignals = saved
        return result
    } catch {
        if error == .EINTR { thread.maskAfterHandler = saved } else { thread.blockedSignals = saved }
        Scheduler.refreshSignalFlag()
        throw error
    }
}

/// A timeout argument as a deadline on the monotonic clock; nil waits for ever.
private func deadline(fromTimeout address: Int) throws(Errno) -> Int64? {
    guard address != 0 else { return nil }
    guard let length = try UserMemory.load(address, as: Timespec.self).totalNanoseconds else { throw .EINVAL }
    return Clock.deadline(after: length)
}

@_cdecl("rk_sys_ppoll") @inline(never)
public func rk_sys_ppoll(_ descriptors: Int, _ count: Int, _ timeout: Int, _ signalMask: Int, _ signalSetSize: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard count >= 0, count <= ResourceLimits.openFilesLimit else { throw .EINVAL }
        if signalMask != 0, signalSetSize != 8 { throw .EINVAL }
        let mask = signalMask != 0 ? try UserMemory.load(signalMask, as: UInt64.self) : nil
        // Read for the requests and written for the results (`revents`):
        // a read-only array is EFAULT, as Linux's put_user of revents is.
        let bytes = try UserMemory.output(descriptors, count * MemoryLayout<PollDescriptor>.stride)
        let entries = bytes.bindMemory(to: PollDescriptor.self)
        let scan = { () throws(Errno) -> Int in
            // Again on every scan: after a sleep another thread may have
            // unmapped or protected the array.
            guard UserMemory.isWritable(descriptors, bytes.count) else { throw Errno.EFAULT }
            var ready = 0
            for index in 0..<count {
                let descriptor = Int(entries[index].descriptor)
                entries[index].returnedEvents = descriptor < 0 ? 0 : readiness(descriptor, entries[index].events)
                if entries[index].returnedEvents != 0 { ready += 1 }
            }
            return ready
        }
        let limit = try deadline(fromTimeout: timeout)
        return try waitingWithMask(mask) { () throws(Errno) in
            try waitUntilReady(deadline: limit, scan)
        }
    }
}

@_cdecl("rk_sys_pselect6") @inline(never)
public func rk_sys_pselect6(_ count: Int, _ readSet: Int, _ writeSet: Int, _ exceptSet: Int, _ timeout: Int, _ signalData: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard count >= 0, count <= 1024 else { throw .EINVAL }   // FD_SETSIZE
        let words = (count + 63) / 64
        func set(_ address: Int) throws(Errno) -> UnsafeMutableBufferPointer<UInt64>? {
            guard address != 0 else { return nil }
            return try UserMemory.output(address, words * 8).bindMemory(to: UInt64.self)   // read, then written back
        }
        let sets = (read: try set(readSet), write: try set(writeSet), except: try set(exceptSet))
        func writable(_ address: Int) -> Bool { address == 0 || UserMemory.isWritable(address, words * 8) }
        // Every descriptor named in a set must be open.
        var wanted = [UInt64](repeating: 0, count: 3 * words)
        for word in 0..<words {
            wanted[word] = sets.read?[word] ?? 0
            wanted[words + word] = sets.write?[word] ?? 0
            wanted[2 * words + word] = sets.except?[word] ?? 0
            let any = wanted[word] | wanted[words + word] | wanted[2 * words + word]
            for bit in 0..<64 where any & (1 << UInt64(bit)) != 0 {
                try FileDescriptors.checkOpen(word * 64 + bit)
            }
        }
        // The sixth argument points at { const sigset_t *set; size_t size; }.
        var mask: UInt64?
        if signalData != 0 {
            let (set, size) = try UserMemory.load(signalData, as: (Int, Int).self)
            if set != 0 {
                guard size == 8 else { throw .EINVAL }
                mask = try UserMemory.load(set, as: UInt64.self)
            }
        }
        let scan = { () throws(Errno) -> Int in
            // Again on every scan: after a sleep another thread may have
            // unmapped or protected a set.
            guard writable(readSet), writable(writeSet), writable(exceptSet) else { throw Errno.EFAULT }
            var ready = 0
            for word in 0..<words {
                var result: (UInt64, UInt64, UInt64) = (0, 0, 0)
                for bit in 0..<64 {
                    let member: UInt64 = 1 << UInt64(bit)
                    let descriptor = word * 64 + bit
                    guard (wanted[word] | wanted[words + word]) & member != 0 else { continue }
                    let events = readiness(descriptor, PollEvents.input | PollEvents.output)
                    if wanted[word] & member != 0, events & (PollEvents.input | PollEvents.hangUp | PollEvents.error) != 0 {
                        result.0 |= member
                        ready += 1
                    }
                    if wanted[words + word] & member != 0, events & (PollEvents.output | PollEvents.error) != 0 {
                        result.1 |= member
                        ready += 1
                    }
                }
                sets.read?[word] = result.0
                sets.write?[word] = result.1
                sets.except?[word] = result.2
            }
            if ready == 0 {
                // Nothing ready yet: put back what was asked for before waiting again.
                for word in 0..<words {
                    sets.read?[word] = wanted[word]
                    sets.write?[word] = wanted[words + word]
                    sets.except?[word] = wanted[2 * words + word]
                }
            }
            return ready
        }
        let limit = try deadline(fromTimeout: timeout)
        return try waitingWithMask(mask) { () throws(Errno) in
            try waitUntilReady(deadline: limit, scan)
        }
    }
}
