import KernelArch
import KernelPlatform
import SchedulingPolicy

/// Runs the program's threads on this hart: round-robin time slices,
/// preemption from the timer interrupt, sleeping threads in a deadline heap,
/// and an idle loop in `wfi` when nothing can run.
///
/// The kernel is never preempted: kernel entries run with interrupts off, so
/// the state here changes only in kernel code, one entry at a time. A thread
/// leaves the processor only in `schedule()` — because it blocked, yielded,
/// exited, or the timer interrupt found its slice used up. All of this state
/// is the processor's own; SMP would give each hart one (plus a lock on the
/// queues shared between them).
public enum Scheduler {
    /// The thread on the processor.
    public static var current: KernelThread? { running?.takeUnretainedValue() }
    /// The same, unretained (the thread list owns it, or `exited` once it
    /// has exited), so that switching costs no reference counting.
    nonisolated(unsafe) static var running: Unmanaged<KernelThread>?
    /// Threads ready to run, in turn.
    nonisolated(unsafe) static var runQueue = ThreadList()
    nonisolated(unsafe) static var sleepers = DeadlineHeap<KernelThread>()
    /// An exited thread, set aside for reuse once we are off its stack.
    /// Thread objects are recycled rather than freed: the exited thread's
    /// last frames, which never resume, still hold references to it.
    nonisolated(unsafe) static var exited: KernelThread?
    nonisolated(unsafe) static var spare: [KernelThread] = []
    /// Spares that keep their trap stacks, so that a thread made soon
    /// after another exited allocates nothing.
    static let sparesWithStacks = 16
    /// Every thread that has not exited.
    nonisolated(unsafe) static var threads: [KernelThread] = []
    nonisolated(unsafe) static var nextThreadID = 2
    /// `time` when the running thread's slice ends, and when it started.
    nonisolated(unsafe) static var sliceEnd: UInt64 = 0
    nonisolated(unsafe) static var sliceTicks: UInt64 = 0
    nonisolated(unsafe) static var switchedAt: UInt64 = 0
    /// The timer deadline last given to the SBI, to skip redundant calls;
    /// `timerSpent` once it fired, when the next call must be made (it also
    /// clears the pending timer interrupt).
    nonisolated(unsafe) static var programmedTimer = UInt64.max
    static let timerSpent: UInt64 = 0

    /// Called with the interrupts that are not the timer's (the PLIC's).
    nonisolated(unsafe) public static var externalInterruptHandler: (() -> Void)?
    /// A process-wide timer (ITIMER_REAL): when it is due, and what to do.
    nonisolated(unsafe) public static var alarmDeadline: Int64?
    nonisolated(unsafe) public static var alarmHandler: (() -> Void)?
    /// Signals sent to the process that no thread has taken yet, and how
    /// many of each real-time signal.
    nonisolated(unsafe) public static var processPendingSignals: UInt64 = 0
    nonisolated(unsafe) public static var processQueuedRealtime = [UInt16](repeating: 0, count: 33)

    /// 10 ms, Linux's usual slice order of magnitude.
    public static let sliceNanoseconds: Int64 = 10_000_000

    /// Makes the code now running (the boot path, about to become the
    /// program's main thread) thread `id`.
    public static func start(mainThreadID id: Int) {
        let main = KernelThread(id: id, context: ThreadContext(), ownTrapStack: false)
        main.state = .running
        running = Unmanaged.passUnretained(main)
        threads = [main]
        switchedAt = Processor.time
        sliceTicks = Clock.ticks(nanoseconds: sliceNanoseconds)
        sliceEnd = switchedAt + sliceTicks
        CSR.enableInterrupts(CSR.Interrupt.timer | CSR.Interrupt.external)
    }

    /// A new thread that will run `function(argument)` on `stack`.
    public static func spawn(function: UInt, argument: UInt, stack: UInt, threadPointer: UInt) -> KernelThread {
        let context = ThreadContext(function: function, argument: argument, stack: stack, threadPointer: threadPointer)
        // A new thread starts with its creator's signal mask (clone(2)).
        let mask = current?.blockedSignals ?? 0
        let thread: KernelThread
        if let recycled = spare.popLast() {
            recycled.reuse(id: nextThreadID, context: context, blockedSignals: mask)
            thread = recycled
        } else {
            thread = KernelThread(id: nextThreadID, context: context, ownTrapStack: true)
            thread.blockedSignals = mask
        }
        nextThreadID += 1
        threads.append(thread)
        runQueue.append(thread)
        programTimer()
        return thread
    }

    /// Runs the thread just woken with `switchesNext` (at the head of the
    /// run queue) at once; the running thread goes to the back of the
    /// queue. A thread woken from a wait has waited already; handing it the
    /// processor makes a wake cost one switch instead of a wait for the
    /// waker's slice to end.
    public static func handOff() {
        schedule()
    }

    /// sched_yield(2): to the back of the queue, if anyone else can run.
    public static func yield() {
        guard !runQueue.isEmpty else { return }
        schedule()
    }

    /// Blocks the running thread on `queue` (if any) until woken or until
    /// the monotonic clock passes `deadline` (if any). A pending signal
    /// refuses the wait unless it is not `interruptible` (a signal still
    /// wakes the thread, which then waits again for what it needs).
    @discardableResult
    public static func block(
        on queue: WaitQueue?, until deadline: Int64? = nil, interruptible: Bool = true
    ) -> KernelThread.WakeReason {
        guard let running else { return .woken }
        let refused: KernelThread.WakeReason? = running._withUnsafeGuaranteedRef { thread in
            if interruptible, hasSignal(thread) { return .interrupted }
            if let deadline, deadline <= Clock.monotonicNanoseconds { return .timedOut }
            thread.state = .blocked
            thread.wakeReason = .woken
            queue?.append(thread)
            if let deadline {
                sleepers.insert(thread, deadline: deadline)
                programTimer()
            }
            return nil
        }
        if let refused { return refused }
        schedule()
        return running._withUnsafeGuaranteedRef { $0.wakeReason }
    }

    /// Calls `body` with the running thread, without taking a reference.
    public static func withCurrent<Result>(_ body: (KernelThread) -> Result) -> Result? {
        running?._withUnsafeGuaranteedRef(body)
    }

    /// Sleeps until the monotonic clock reaches `deadline`; false when a
    /// signal cut the sleep short.
    public static func sleep(untilMonotonic deadline: Int64) -> Bool {
        while Clock.monotonicNanoseconds < deadline {
            if block(on: nil, until: deadline) == .interrupted { return false }
        }
        return true
    }

    /// Arms (or, with nil, disarms) the process's interval timer.
    public static func setAlarm(_ deadline: Int64?) {
        alarmDeadline = deadline
        programTimer()
    }

    public static var allThreads: [KernelThread] { threads }

    /// Thread objects the scheduler holds: live threads, the one that
    /// exited last and the spares kept for reuse.
    public static var heldThreadCount: Int { threads.count + spare.count + (exited == nil ? 0 : 1) }

    /// Whether `thread` has a signal it does not block (its own or the
    /// process's), or one it is waiting for.
    public static func hasSignal(_ thread: KernelThread) -> Bool {
        let pending = thread.pendingSignals | processPendingSignals
        return pending & (~thread.blockedSignals | thread.awaitedSignals) != 0
    }

    /// Wakes `thread` from an interruptible wait because a signal came.
    public static func interrupt(_ thread: KernelThread) {
        makeRunnable(thread, reason: .interrupted)
    }

    /// Updates the flag `__rk_syscall` checks on its way out.
    public static func refreshSignalFlag() {
        guard let running else { return }
        let deliverable = running._withUnsafeGuaranteedRef { thread in
            (thread.pendingSignals | processPendingSignals) & ~thread.blockedSignals != 0
        }
        Processor.setSignalPending(deliverable)
    }

    /// Puts a blocked thread back in the run queue.
    /// `switchesNext` says the caller schedules at once: the thread goes to
    /// the head of the queue, and the switch programs the timer.
    static func makeRunnable(_ thread: KernelThread, reason: KernelThread.WakeReason, switchesNext: Bool = false) {
        guard thread.state == .blocked else { return }
        thread.waitQueue?.remove(thread)
        if thread.heapSlot >= 0 { sleepers.remove(thread) }
        thread.wakeReason = reason
        thread.state = .runnable
        // The slice timer matters once someone waits for the processor.
        if switchesNext {
            runQueue.prepend(thread)
        } else {
            let wasEmpty = runQueue.isEmpty
            runQueue.append(thread)
            if wasEmpty { programTimer() }
        }
    }

    /// Ends the running thread. The last thread's exit ends the process.
    public static func exitCurrent(status: Int) -> Never {
        guard let thread = current, threads.count > 1 else { Board.powerOff(status: status & 0xff) }
        thread.state = .exited
        threads.removeAll { $0 === thread }
        exited = thread
        schedule()
        fatalError("an exited thread was scheduled")
    }

    /// Ticks the running thread has run, this slice included.
    public static func runTicks(of thread: KernelThread) -> UInt64 {
        thread === current ? thread.runTicks + (Processor.time - switchedAt) : thread.runTicks
    }

    // MARK: Interrupts

    /// From the trap handler: wakes expired sleepers, and preempts the
    /// running thread when its slice is over and another thread can run.
    public static func timerInterrupt() {
        programmedTimer = timerSpent
        wakeExpiredSleepers()
        if Processor.time >= sliceEnd, !runQueue.isEmpty {
            schedule()
        } else {
            programTimer()
        }
    }

    /// From the trap handler: a device interrupt. A woken thread runs at
    /// the end of the current slice.
    public static func externalInterrupt() {
        externalInterruptHandler?()
    }

    // MARK: Switching

    /// Gives the processor to the next runnable thread (the current one
    /// goes to the back of the queue if it can still run), idling until
    /// there is one.
    /// Works on unretained references throughout: it runs on every switch.
    static func schedule() {
        guard let previous = running else { return }
        previous._withUnsafeGuaranteedRef { thread in
            if thread.state == .running {
                thread.state = .runnable
                runQueue.append(thread)
            }
        }
        var next = runQueue.removeFirstLink()
        while next == nil {
            idle()
            next = runQueue.removeFirstLink()
        }
        let chosen = next!
        let now = Processor.time
        sliceEnd = now + sliceTicks
        let nextContext = chosen._withUnsafeGuaranteedRef { thread in
            thread.state = .running
            return UnsafePointer(thread.context)
        }
        if chosen.toOpaque() != previous.toOpaque() {
            let previousContext = previous._withUnsafeGuaranteedRef { thread in
                thread.runTicks += now - switchedAt
                return thread.context
            }
            switchedAt = now
            running = chosen
            ThreadContext.switchContext(from: previousContext, to: nextContext)
            // Back on `previous`, switched to by some later schedule().
            if let dead = exited {
                // Spares beyond the first few give their trap stacks back,
                // so that memory a burst of threads took can be had again.
                if spare.count >= sparesWithStacks { dead.releaseTrapStack() }
                spare.append(dead)
                exited = nil
            }
        }
        refreshSignalFlag()
        // Sleepers and the interval timer program the timer when they change;
        // a switch only moves the slice end later, which a timer already set
        // no later than it covers.
        if programmedTimer == timerSpent || programmedTimer > sliceEnd { programTimer() }
    }

    /// Waits for an interrupt with nothing to run; handles what arrives.
    /// Interrupts stay off (sstatus.SIE = 0): `wfi` still wakes for an
    /// interrupt enabled in `sie`, and the pending bits are read by hand.
    static func idle() {
        programTimer()
        let start = Processor.time
        Processor.waitForInterrupt()
        Clock.accountIdle(ticks: Processor.time - start)
        switchedAt += Processor.time - start
        let pending = CSR.pendingInterrupts
        if pending & CSR.Interrupt.timerPending != 0 {
            programmedTimer = timerSpent
            wakeExpiredSleepers()
        }
        if pending & CSR.Interrupt.externalPending != 0 { externalInterrupt() }
    }

    static func wakeExpiredSleepers() {
        let now = Clock.monotonicNanoseconds
        if let alarm = alarmDeadline, alarm <= now {
            alarmDeadline = nil
            alarmHandler?()
        }
        while let thread = sleepers.popExpired(now: now) {
            makeRunnable(thread, reason: .timedOut)
        }
    }

    /// Sets the timer for the next event: the earliest sleeper, or the end
    /// of the slice when another thread is waiting for the processor.
    static func programTimer() {
        var deadline = UInt64.max
        if let earliest = sleepers.earliest { deadline = Clock.ticks(nanoseconds: earliest) }
        if let alarm = alarmDeadline { deadline = min(deadline, Clock.ticks(nanoseconds: alarm)) }
        if !runQueue.isEmpty { deadline = min(deadline, sliceEnd) }
        // Only ever move the timer earlier: a later deadline is served by an
        // early interrupt that programs it then, which is cheaper than
        // reprogramming on every wake and switch.
        guard programmedTimer == timerSpent || deadline < programmedTimer else { return }
        programmedTimer = deadline
        Timer.set(deadline)
    }
}

extension Scheduler {
    /// Whether `id` names a thread that has not exited.
    public static func isLive(_ id: Int) -> Bool {
        thread(withID: id) != nil
    }

    public static func thread(withID id: Int) -> KernelThread? {
        threads.first { $0.id == id }
    }
}
