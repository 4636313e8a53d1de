import KernelArch
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
    }

    /// The Linux thread id (gettid); the first thread's equals the pid.
    public let id: Int
    let context: UnsafeMutablePointer<ThreadContext>
    /// This thread's trap stack (nil for the first thread, which uses the
    /// one in the image) and its top, for sscratch.
    private let trapStack: UnsafeMutableRawPointer?
    let trapStackTop: UInt

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
    var next: KernelThread?
    unowned(unsafe) var waitQueue: WaitQueue?
    public var heapSlot = -1
    var wakeReason = WakeReason.woken

    /// What the thread waits for in a futex (address and bitset).
    var futexAddress = 0
    var futexBitset: UInt32 = 0

    /// Ticks spent running, up to its last switch away.
    var runTicks: UInt64 = 0

    static let trapStackSize = 16 * 1024

    init(id: Int, context: ThreadContext, ownTrapStack: Bool) {
        self.id = id
        self.context = UnsafeMutablePointer<ThreadContext>.allocate(capacity: 1)
        self.context.initialize(to: context)
        if ownTrapStack {
            let stack = UnsafeMutableRawPointer.allocate(byteCount: Self.trapStackSize, alignment: 16)
            trapStack = stack
            trapStackTop = UInt(bitPattern: stack) + UInt(Self.trapStackSize)
        } else {
            trapStack = nil
            trapStackTop = CSR.bootTrapStackTop
        }
    }

    deinit {
        context.deallocate()
        trapStack?.deallocate()
    }
}
