import Entropy
import KernelArch

/// The kernel's CSPRNG instance and its seeding. Sources today: the FDT's
/// `/chosen/rng-seed` (qemu fills it from the host's entropy) and timer
/// jitter; a virtio-rng driver adds its bytes when it lands.
public enum Randomness {
    nonisolated(unsafe) static var generator = RandomGenerator()

    /// Mixes in the boot-time sources.
    static func seed(fromFirmware seed: UnsafeRawBufferPointer?) {
        if let seed { generator.mix(seed) }
        var jitter = Processor.time
        withUnsafeBytes(of: &jitter) { generator.mix($0) }
    }

    /// Bytes of real entropy mixed in so far (timer jitter not counted).
    public static var seededBytes: Int { generator.seededBytes - MemoryLayout<UInt64>.size }

    /// Says so on the console when there is no real entropy source, since
    /// random numbers (and later canaries and ASLR) are then predictable.
    public static func warnIfUnseeded() {
        guard seededBytes <= 0 else { return }
        Log.line("warning: no entropy source (no rng-seed in the device tree); random numbers are predictable")
    }

    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        generator.fill(buffer)
    }
}
