import KernelArch
import KernelMemory
import SchedulingPolicy

/// One thread of the program. All threads share the one address space;
/// each has its own registers (saved in `context` while it is off the
/// processor), its own trap stack, and its own thread id.
public final class KernelThread: DeadlineHeapElement {
    public enum State {
        case runnable
        case running
        case blocked
        case exited
    }

    /// Why a blocked thread runs again.
    public enum WakeReason {
        case woken
        case timedOut
        /// A signal arrived for it (the syscall returns EINTR or restarts).
        case interrupted
    }

    /// The Linux thread id (gettid); the first thread's equals the pid.
    public private(set) var id: Int
    let context: UnsafeMutablePointer<ThreadContext>
    /// This thread's trap stack (nil for the first thread, which uses the
    /// one in the image) and its top, for sscratch.
    private var trapStack: UnsafeMutableRawPointer?
    public private(set) var trapStackTop: UInt

    public internal(set) var state = State.runnable
    /// set_tid_address(2)/CLONE_CHILD_CLEARTID: zeroed and futex-woken at exit.
    public var clearChildThreadID = 0
    /// set_robust_list(2): the head of the thread's robust mutex list and
    /// its size. musl walks the list itself when a thread exits; the kernel
    /// keeps it for get_robust_list(2).
    public var robustList = (head: 0, length: 0)
    /// sched_setscheduler(2) policy and priority, recorded and reported.
    public var schedulingPolicy = (policy: 0, priority: 0)

    // Queue membership.
    var next: Unmanaged<KernelThread>?
    unowned(unsafe) var waitQueue: WaitQueue?
    public var heapSlot = -1
    var wakeReason = WakeReason.woken

    /// What the thread waits for in a futex (address and bitset).
    var futexAddress = 0
    var futexBitset: UInt32 = 0

    // Signals (bit n - 1 stands for signal n).
    public var blockedSignals: UInt64 = 0
    public var pendingSignals: UInt64 = 0
    /// Pending signals sent with tkill/tgkill (si_code SI_TKILL).
    public var threadDirectedSignals: UInt64 = 0
    /// How many of each real-time signal (32 and up) wait: they queue.
    public var queuedRealtime = [UInt16](repeating: 0, count: 33)
    /// Signals rt_sigtimedwait(2) is waiting for.
    public var awaitedSignals: UInt64 = 0
    /// The mask to put back after the next handler (rt_sigsuspend(2)).
    public var maskAfterHandler: UInt64?
    /// sigaltstack(2): base, size and flags (SS_DISABLE = 2 when none).
    public var alternateStack = (base: UInt(0), size: 0, flags: Int32(2))
    /// Signal frames the thread stands in, innermost last (rt_sigreturn).
    public var signalFrames: [UInt] = []

    /// Ticks spent running, up to its last switch away.
    var runTicks: UInt64 = 0

    static let trapStackSize = 16 * 1024
    static let guardSize = 4096
    /// Pages a new thread takes at most: its trap stack with the guard
    /// page and the heap's alignment slack, and the object.
    public static let pages = (trapStackSize + 2 * guardSize) / guardSize + 1

    /// Thread objects in memory, for the self-check (`rk.selfcheck`): each
    /// must be one the scheduler holds. Changed only with interrupts off.
    nonisolated(unsafe) public private(set) static var liveCount = 0

    init(id: Int, context: ThreadContext, ownTrapStack: Bool) {
        KernelThread.liveCount += 1
        self.id = id
        self.context = UnsafeMutablePointer<ThreadContext>.allocate(capacity: 1)
        self.context.initialize(to: context)
        trapStack = nil
        trapStackTop = CSR.bootTrapStackTop
        if ownTrapStack { takeTrapStack() }
        self.context.pointee.trapScratch = UInt64(trapStackTop)
    }

    /// A trap stack from the heap, with a guard page below it: an overflow
    /// faults instead of writing over whatever the heap has there (trap.S
    /// reports it).
    private func takeTrapStack() {
        let stack = UnsafeMutableRawPointer.allocate(byteCount: Self.trapStackSize + Self.guardSize, alignment: Self.guardSize)
        AddressSpace.setGuard(UInt(bitPattern: stack), true)
        trapStack = stack
        trapStackTop = UInt(bitPattern: stack) + UInt(Self.guardSize + Self.trapStackSize)
    }

    /// Gives the trap stack of an exited thread set aside for reuse back
    /// to memory (the scheduler keeps a few spares whole): the object
    /// itself stays, as the exited thread's last frames hold references to
    /// it, and `reuse` takes a new stack.
    func releaseTrapStack() {
        guard let trapStack else { return }
        AddressSpace.setGuard(UInt(bitPattern: trapStack), false)
        trapStack.deallocate()
        self.trapStack = nil
        trapStackTop = 0
    }

    /// Makes an exited thread's object (and its trap stack) a new thread,
    /// every per-thread setting back to what clone(2) gives.
    func reuse(id: Int, context: ThreadContext, blockedSignals: UInt64) {
        self.id = id
        if trapStackTop == 0 { takeTrapStack() }
        self.context.pointee = context
        self.context.pointee.trapScratch = UInt64(trapStackTop)
        state = .runnable
        clearChildThreadID = 0
        robustList = (0, 0)
        schedulingPolicy = (0, 0)
        self.blockedSignals = blockedSignals
        pendingSignals = 0
        threadDirectedSignals = 0
        for index in queuedRealtime.indices { queuedRealtime[index] = 0 }
        awaitedSignals = 0
        maskAfterHandler = nil
        alternateStack = (0, 0, 2)
        signalFrames.removeAll(keepingCapacity: true)
        next = nil
        waitQueue = nil
        heapSlot = -1
        wakeReason = .woken
        futexAddress = 0
        futexBitset = 0
        runTicks = 0
    }

    deinit {
        KernelThread.liveCount -= 1
        context.deallocate()
        releaseTrapStack()
    }
}
