import KernelPlatform
import KernelScheduler
import Virtio

/// One queue of a device: its rings in kernel memory, and the threads
/// waiting for the device to finish with what they submitted.
final class Virtqueue {
    let device: MMIODevice
    let index: UInt32
    var rings: SplitVirtqueue<DeviceMemory>
    /// Threads waiting for a completion; woken by the device's interrupt.
    let waiters = WaitQueue()
    /// Whether the device interrupts on completions (its PLIC source has a
    /// handler); otherwise waiting polls.
    let interrupts: Bool

    /// Sets up queue `index` with at most `maximumSize` entries; nil when
    /// the device has no such queue or memory is short.
    init?(device: MMIODevice, index: UInt32, maximumSize: UInt16, interrupts: Bool) {
        let offered = device.maximumQueueSize(index)
        guard offered > 0 else { return nil }
        // §2.7: a power of two no larger than what the device offers.
        var size: UInt16 = 1
        while size * 2 <= min(offered, maximumSize) { size *= 2 }
        let count = SplitVirtqueue<DeviceMemory>.byteCount(size: size)
        let block = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: Int(VirtqueueLayout.alignment))
        block.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        let queue = SplitVirtqueue<DeviceMemory>(size: size, base: UInt(bitPattern: block), interrupts: interrupts)
        guard device.activate(queue: index, queue.rings) else {
            block.deallocate()
            return nil
        }
        rings = queue
        self.device = device
        self.index = index
        self.interrupts = interrupts
    }

    /// Submits a chain of `count` buffers and tells the device; false when
    /// too few descriptors are free.
    func submit(count: Int, _ buffer: (Int) -> SplitVirtqueue<DeviceMemory>.Buffer) -> Bool {
        guard rings.submit(count: count, buffer) != nil else { return false }
        notifyDevice()
        return true
    }

    func notifyDevice() { device.notify(queue: index) }

    /// Waits until `ready` (which takes completions itself) holds. Threads
    /// sleep until the interrupt; at boot (no threads yet), without an
    /// interrupt, or while a signal is pending, the device is polled
    /// instead — the buffers are the device's until it is done, so the
    /// wait cannot be given up.
    func wait(until ready: () -> Bool) {
        while !ready() {
            if interrupts, Scheduler.current != nil, Scheduler.block(on: waiters) != .interrupted { continue }
            _ = device.acknowledgeInterrupt()
        }
    }

    /// Waits for the next completion and returns it.
    func waitForCompletion() -> SplitVirtqueue<DeviceMemory>.Completion {
        var completion: SplitVirtqueue<DeviceMemory>.Completion?
        wait {
            completion = rings.takeCompletion()
            return completion != nil
        }
        return completion!
    }

    /// The device's interrupt: acknowledges it and wakes the waiters, who
    /// take their completions themselves.
    func interrupt() {
        _ = device.acknowledgeInterrupt()
        waiters.wake()
    }
}
