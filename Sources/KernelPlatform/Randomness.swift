import Entropy
import KernelArch

/// The kernel's CSPRNG instance and its seeding. Sources today: the FDT's
/// `/chosen/rng-seed` (qemu fills it from the host's entropy), a virtio-rng
/// device (`mix`) and timer jitter.
public enum Randomness {
    nonisolated(unsafe) static var generator = RandomGenerator()
    /// Bytes mixed in from the device tree's rng-seed.
    nonisolated(unsafe) static var firmwareBytes = 0

    /// Mixes in the firmware's seed (if trusted) and timer jitter.
    public static func seed(fromFirmware seed: UnsafeRawBufferPointer?) {
        if let seed {
            generator.mix(seed)
            firmwareBytes = seed.count
        }
        var jitter = Processor.time
        withUnsafeBytes(of: &jitter) { generator.mix($0) }
    }

    /// Mixes in bytes from an entropy device.
    public static func mix(_ bytes: UnsafeRawBufferPointer) {
        generator.mix(bytes)
    }

    /// Bytes of real entropy mixed in so far (timer jitter not counted).
    public static var seededBytes: Int { generator.seededBytes - MemoryLayout<UInt64>.size }

    /// Says so on the console when there is no real entropy source, since
    /// random numbers (and later canaries and ASLR) are then predictable.
    public static func warnIfUnseeded() {
        Log.line(.debug) { line in
            line.text("entropy: ")
            line.decimal(seededBytes)
            line.text(" seed bytes (")
            line.decimal(firmwareBytes)
            line.text(" from rng-seed)")
        }
        guard seededBytes <= 0 else { return }
        Log.line(.warn, "no entropy source (no rng-seed in the device tree, no virtio-rng device); random numbers are predictable")
    }

    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        generator.fill(buffer)
    }
}
