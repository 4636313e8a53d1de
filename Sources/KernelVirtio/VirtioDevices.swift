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
    /// Bytes of entropy the virtio-rng devices gave.
    nonisolated(unsafe) public private(set) static var entropyBytes = 0
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
            entropyBytes += bytes
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
            let interrupts = Board.interruptController != nil && slot.interrupt != 0
            guard let block = VirtioBlock(device: device, interrupts: interrupts) else { return }
            disks.append(block)
            if interrupts {
                let queue = block.queue
                Interrupts.register(source: slot.interrupt) { queue.interrupt() }
            }
            report(device, slot, "block") { line in
                line.text(", ")
                line.decimal(block.sectorCount)
                line.text(" sectors, serial \"")
                block.serial.withUnsafeBytes { line.bytes($0) }
                line.text("\"")
                if block.isReadOnly { line.text(", read-only") }
            }
        case VirtioDeviceID.ninePTransport:
            let interrupts = Board.interruptController != nil && slot.interrupt != 0
            guard let channel = NinePChannel(device: device, interrupts: interrupts) else { return }
            shares.append(channel)
            if interrupts {
                let queue = channel.queue
                Interrupts.register(source: slot.interrupt) { queue.interrupt() }
            }
            report(device, slot, "9p, tag ") { line in
                channel.tag.withUnsafeBytes { line.bytes($0) }
            }
        default:
            report(device, slot, "not driven") { _ in }
        }
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
