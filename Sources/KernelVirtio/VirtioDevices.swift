import KernelPlatform
import Virtio

/// The virtio-mmio devices found at boot (virtio 1.2 §4.2.3.1: a slot's
/// magic, version and device ID say what, if anything, is there).
public enum VirtioDevices {
    /// The virtio-blk devices.
    nonisolated(unsafe) public private(set) static var disks: [VirtioBlock] = []
    nonisolated(unsafe) static var logConsole: VirtioConsole?
    /// The virtio-9p devices, each serving the host folder its tag names.
    nonisolated(unsafe) public private(set) static var shares: [NinePChannel] = []
    nonisolated(unsafe) static var usingEntropy = true

    /// Probes every slot and starts the drivers: the first console becomes
    /// the log channel (found first, so the other devices' messages go
    /// there too), and entropy is mixed into the CSPRNG at once.
    /// Without `usingEntropy` an entropy device is left alone.
    public static func probe(usingEntropy: Bool) {
        self.usingEntropy = usingEntropy
        forEachDevice { device, slot in
            if device.deviceID == VirtioDeviceID.console { attach(device, slot) }
        }
        forEachDevice { device, slot in
            if device.deviceID != VirtioDeviceID.console { attach(device, slot) }
        }
    }

    private static func forEachDevice(_ body: (MMIODevice, VirtioSlot) -> Void) {
        for index in 0..<Board.virtioSlotCount {
            let slot = Board.virtioSlot(index)
            if let device = MMIODevice(registers: MMIOWindow(base: slot.address)) { body(device, slot) }
        }
    }

    private static func attach(_ device: MMIODevice, _ slot: VirtioSlot) {
        switch device.deviceID {
        case VirtioDeviceID.entropy where usingEntropy:
            let bytes = EntropyDevice.seed(from: device)
            report(device, slot, "rng") { line in
                line.text(", ")
                line.decimal(bytes)
                line.text(" bytes of entropy")
            }
        case VirtioDeviceID.console where logConsole == nil:
            guard let console = VirtioConsole(device: device) else { return }
            logConsole = console
            Log.channel = { console.write($0) }
            report(device, slot, "console, the log channel") { _ in }
        case VirtioDeviceID.block:
            guard let block = VirtioBlock(device: device, interrupts: hasInterrupt(slot)) else { return }
            disks.append(block)
            route(slot, to: block.queue)
            report(device, slot, "block") { line in
                line.text(", ")
                line.decimal(block.sectorCount)
                line.text(" sectors, serial \"")
                block.serial.withUnsafeBytes { line.bytes($0) }
                line.text("\"")
                if block.isReadOnly { line.text(", read-only") }
            }
        case VirtioDeviceID.ninePTransport:
            guard let channel = NinePChannel(device: device, interrupts: hasInterrupt(slot)) else { return }
            shares.append(channel)
            route(slot, to: channel.queue)
            report(device, slot, "9p, tag ") { line in
                channel.tag.withUnsafeBytes { line.bytes($0) }
            }
        default:
            report(device, slot, "not driven") { _ in }
        }
    }

    /// Whether the slot's completions can interrupt (a PLIC and a source).
    private static func hasInterrupt(_ slot: VirtioSlot) -> Bool {
        Board.interruptController != nil && slot.interrupt != 0
    }

    /// Sends the slot's interrupt to `queue`, whose waiters it wakes.
    private static func route(_ slot: VirtioSlot, to queue: Virtqueue) {
        guard queue.interrupts else { return }
        Interrupts.register(source: slot.interrupt) { queue.interrupt() }
    }

    private static func report(
        _ device: MMIODevice, _ slot: VirtioSlot, _ what: StaticString, _ details: (inout Log.Line) -> Void
    ) {
        Log.line(.debug) { line in
            line.text("virtio: device ")
            line.decimal(device.deviceID)
            line.text(" at ")
            line.hex(slot.address)
            line.text(device.isLegacy ? " (legacy): " : " (modern): ")
            line.text(what)
            details(&line)
        }
    }
}
