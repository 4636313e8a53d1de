import KernelArch
import KernelMemory
import KernelPlatform
import KernelScheduler
import LinuxABI

// Threads: clone(2) as musl's pthread_create uses it, futex(2), and thread
// exit with the clear-and-wake of the child tid.

/// clone(2) flags (linux/sched.h).
enum CloneFlags {
    static let vm = 0x100
    static let fs = 0x200
    static let files = 0x400
    static let sighand = 0x800
    static let thread = 0x10000
    static let sysvsem = 0x40000
    static let setTLS = 0x80000
    static let parentSetTID = 0x100000
    static let childClearTID = 0x200000
    static let detached = 0x400000
    static let childSetTID = 0x1000000
    /// What a thread in this address space must share: everything.
    static let threadRequired = vm | fs | files | sighand | thread | sysvsem
    static let threadOptional = setTLS | parentSetTID | childClearTID | detached | childSetTID
}

/// Called by our replacement of musl's `__clone`: a new thread running
/// `function(argument)` on `stack`. Only thread-style clones exist; a
/// fork-like clone fails with EINVAL and a notice, once.
@_cdecl("__rk_clone")
public func rk_clone(_ function: Int, _ stack: Int, _ flags: Int, _ argument: Int, _ parentTID: Int, _ tls: Int, _ childTID: Int) -> Int {
    let interrupts = Interrupts.disable()
    defer { Interrupts.restore(interrupts) }
    return syscallResult { () throws(Errno) in
        let options = flags & ~0xff   // the low byte is the exit signal
        guard options & CloneFlags.threadRequired == CloneFlags.threadRequired,
              options & ~(CloneFlags.threadRequired | CloneFlags.threadOptional) == 0 else {
            UnsupportedFeature.report("clone without CLONE_VM|CLONE_THREAD (a new process)")
            throw .EINVAL
        }
        guard UserMemory.contains(stack - 16, 16) else { throw .EINVAL }
        // Checked before the thread exists, so that a bad one leaves none.
        let parentSlot = options & CloneFlags.parentSetTID != 0 ? try UserMemory.output(parentTID, 4) : nil
        let childSlot = options & CloneFlags.childSetTID != 0 ? try UserMemory.output(childTID, 4) : nil
        // A thread is kernel memory for good (its trap stack): EAGAIN, as
        // Linux's clone(2) when threads run out, once half the kernel's
        // reserve is gone (architecture decision 48).
        guard PhysicalMemory.kernelMayTake(KernelThread.pages) else { throw .EAGAIN }
        let threadPointer = options & CloneFlags.setTLS != 0 ? UInt(bitPattern: tls) : Processor.threadPointer
        let thread = Scheduler.spawn(
            function: UInt(bitPattern: function), argument: UInt(bitPattern: argument),
            stack: UInt(bitPattern: stack), threadPointer: threadPointer)
        if options & CloneFlags.childClearTID != 0 { thread.clearChildThreadID = childTID }
        parentSlot?.storeBytes(of: Int32(thread.id), as: Int32.self)
        childSlot?.storeBytes(of: Int32(thread.id), as: Int32.self)
        return thread.id
    }
}

/// Ends the calling thread: clears and futex-wakes its clear-child-tid word
/// (pthread_join waits on it), then leaves the processor for good. The
/// last thread's exit ends the program.
func exitThread(status: Int) -> Never {
    if Scheduler.allThreads.count <= 1 { endProgram(status: status) }
    if let thread = Scheduler.current, thread.clearChildThreadID != 0 {
        let address = thread.clearChildThreadID
        if (try? UserMemory.store(Int32(0), to: address)) != nil {
            Futex.wake(address: address, count: 1)
        }
    }
    Scheduler.exitCurrent(status: status)
}

@_cdecl("rk_sys_exit") @inline(never)
public func rk_sys_exit(_ status: Int) -> Int {
    exitThread(status: status)
}

/// Where a thread lands if its start function returns (rk_arch_thread_entry).
@_cdecl("rk_thread_return")
public func rk_thread_return(_ status: Int) -> Never {
    _ = Interrupts.disable()
    exitThread(status: status)
}

/// musl's `__unmapself` for a detached thread: frees the thread's own stack
/// and ends the thread, with interrupts off throughout so nothing can reuse
/// the stack while it is still underfoot.
@_cdecl("__rk_unmapself")
public func rk_unmapself(_ base: Int, _ size: Int) -> Never {
    _ = Interrupts.disable()
    // The last thread ends the program while its stack is still there:
    // the end's disk writes run on it.
    if Scheduler.allThreads.count <= 1 { endProgram(status: 0) }
    try? AnonymousMemory.unmap(address: UInt(bitPattern: base), length: size)
    exitThread(status: 0)
}

@_cdecl("rk_sys_set_tid_address") @inline(never)
public func rk_sys_set_tid_address(_ address: Int) -> Int {
    guard let thread = Scheduler.current else { return ProcessIdentity.processID }
    thread.clearChildThreadID = address
    return thread.id
}

/// The size of `struct robust_list_head` on riscv64: three pointers.
private let robustListHeadSize = 24

@_cdecl("rk_sys_set_robust_list") @inline(never)
public func rk_sys_set_robust_list(_ head: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard length == robustListHeadSize else { throw .EINVAL }
        Scheduler.current?.robustList = (head, length)
        return 0
    }
}

@_cdecl("rk_sys_get_robust_list") @inline(never)
public func rk_sys_get_robust_list(_ thread: Int, _ head: Int, _ length: Int) -> Int {
    syscallResult { () throws(Errno) in
        guard let target = thread == 0 ? Scheduler.current : Scheduler.thread(withID: thread) else { throw .ESRCH }
        try UserMemory.store(target.robustList.head, to: head)
        try UserMemory.store(target.robustList.length, to: length)
        return 0
    }
}

@_cdecl("rk_sys_gettid") @inline(never)
public func rk_sys_gettid() -> Int { Scheduler.current?.id ?? ProcessIdentity.processID }

@_cdecl("rk_sys_sched_yield") @inline(never)
public func rk_sys_sched_yield() -> Int {
    Scheduler.yield()
    return 0
}

/// futex(2) operations and flags (linux/futex.h).
enum FutexOperation {
    static let wait = 0
    static let wake = 1
    static let requeue = 3
    static let compareRequeue = 4
    static let wakeOp = 5
    static let waitBitset = 9
    static let wakeBitset = 10
    static let privateFlag = 128
    static let realtimeFlag = 256
}

/// Checks a futex word that the operation uses only as a key. A private
/// futex's key is its address alone, so Linux never touches the word
/// (get_futex_key: alignment, then access_ok); a shared one's key is the
/// page behind it, which must be readable (get_user_pages).
@inline(__always)
private func checkFutexKey(_ address: Int, _ operation: Int) throws(Errno) {
    guard address & 3 == 0 else { throw .EINVAL }
    if operation & FutexOperation.privateFlag != 0 {
        guard UserMemory.isAddressable(address, 4) else { throw .EFAULT }
    } else {
        guard UserMemory.isReadable(address, 4) else { throw .EFAULT }
    }
}

@_cdecl("rk_sys_futex") @inline(never)
public func rk_sys_futex(_ address: Int, _ operation: Int, _ value: Int, _ timeout: Int, _ address2: Int, _ value3: Int) -> Int {
    // The common wake first: it is what unlocking a contended mutex costs.
    if operation == FutexOperation.wake | FutexOperation.privateFlag, address & 3 == 0,
       UserMemory.isAddressable(address, 4) {
        return Futex.wakeAndHandOff(address: address, count: max(value, 0), bitset: ~0)
    }
    return futexOperation(address, operation, value, timeout, address2, value3)
}

/// Every futex operation but the common wake, out of line: inlined, its
/// register saves would be paid by the wake too.
@inline(never)
private func futexOperation(_ address: Int, _ operation: Int, _ value: Int, _ timeout: Int, _ address2: Int, _ value3: Int) -> Int {
    syscallResult { () throws(Errno) in
        let realtime = operation & FutexOperation.realtimeFlag != 0
        let command = operation & ~(FutexOperation.privateFlag | FutexOperation.realtimeFlag)
        let expected = UInt32(truncatingIfNeeded: value)
        switch command {
        case FutexOperation.wait, FutexOperation.waitBitset:
            let bitset = command == FutexOperation.wait ? ~0 : UInt32(truncatingIfNeeded: value3)
            guard bitset != 0 else { throw .EINVAL }
            var deadline: Int64?
            if timeout != 0 {
                let length = try UserMemory.load(timeout, as: Timespec.self)
                guard let nanoseconds = length.totalNanoseconds else { throw .EINVAL }
                if command == FutexOperation.wait {
                    deadline = Clock.deadline(after: nanoseconds)   // relative
                } else if realtime {
                    deadline = nanoseconds - Clock.realtimeNanoseconds + Clock.monotonicNanoseconds
                } else {
                    deadline = nanoseconds
                }
            }
            // After the timeout, which Linux copies in first (sys_futex).
            guard address & 3 == 0 else { throw .EINVAL }
            guard try UserMemory.load(address, as: UInt32.self) == expected else { throw .EAGAIN }
            try Futex.wait(address: address, bitset: bitset, deadline: deadline)
            return 0
        case FutexOperation.wake, FutexOperation.wakeBitset:
            let bitset = command == FutexOperation.wake ? ~0 : UInt32(truncatingIfNeeded: value3)
            try checkFutexKey(address, operation)
            guard bitset != 0 else { throw .EINVAL }
            return Futex.wakeAndHandOff(address: address, count: max(value, 0), bitset: bitset)
        case FutexOperation.requeue, FutexOperation.compareRequeue:
            try checkFutexKey(address, operation)
            try checkFutexKey(address2, operation)
            if command == FutexOperation.compareRequeue {
                let current = try UserMemory.load(address, as: UInt32.self)
                guard current == UInt32(truncatingIfNeeded: value3) else { throw .EAGAIN }
            }
            // The requeue count travels in the timeout argument.
            return Futex.requeue(address: address, target: address2, wakeCount: max(value, 0), requeueCount: max(timeout, 0))
        case FutexOperation.wakeOp:
            try checkFutexKey(address, operation)
            try checkFutexKey(address2, operation)
            return try wakeOperation(address, value, timeout, address2, UInt32(truncatingIfNeeded: value3))
        default:
            throw .ENOSYS
        }
    }
}

/// FUTEX_WAKE_OP: atomically applies an operation to the word at
/// `address2`, wakes `count` waiters on `address`, and, if the old value
/// passes the comparison, `count2` waiters on `address2` (futex(2)).
private func wakeOperation(_ address: Int, _ count: Int, _ count2: Int, _ address2: Int, _ encoded: UInt32) throws(Errno) -> Int {
    let operation = (encoded >> 28) & 7
    let comparison = (encoded >> 24) & 15
    var argument = (encoded >> 12) & 0xfff
    let comparand = encoded & 0xfff
    if (encoded >> 28) & 8 != 0 { argument = 1 << (argument & 31) }   // FUTEX_OP_OPARG_SHIFT
    guard operation <= 4 else { throw .ENOSYS }
    // The word is read and written in place (futex_atomic_op_inuser): it
    // must be writable, a read-only one is EFAULT.
    let old = try UserMemory.update(address2, as: UInt32.self) { word in
        let old = word
        switch operation {
        case 0: word = argument             // SET
        case 1: word = old &+ argument      // ADD
        case 2: word = old | argument       // OR
        case 3: word = old & ~argument      // ANDN
        default: word = old ^ argument      // XOR
        }
        return old
    }
    let signedOld = Int32(bitPattern: old)
    let signedComparand = Int32(bitPattern: comparand)
    let passes: Bool
    switch comparison {
    case 0: passes = signedOld == signedComparand
    case 1: passes = signedOld != signedComparand
    case 2: passes = signedOld < signedComparand
    case 3: passes = signedOld <= signedComparand
    case 4: passes = signedOld > signedComparand
    case 5: passes = signedOld >= signedComparand
    default: throw .ENOSYS
    }
    var woken = Futex.wake(address: address, count: max(count, 0))
    if passes { woken += Futex.wake(address: address2, count: max(count2, 0)) }
    return woken
}
