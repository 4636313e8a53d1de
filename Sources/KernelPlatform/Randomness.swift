import Entropy
import KernelArch

/// The kernel's CSPRNG instance and its seeding. Sources today: the FDT's
/// `/chosen/rng-seed` (qemu fills it from the host's entropy) and timer
/// jitter; a virtio-rng driver adds its bytes when it lands.
public enum Randomness {
    nonisolated(unsafe) static var generator = RandomGenerator()

    /// Mixes in the boot-time sources; says so on the console when there is
    /// no real entropy source, since the output is then predictable.
    static func seed(fromFirmware seed: UnsafeRawBufferPointer?) {
        if let seed { generator.mix(seed) }
        var jitter = Processor.time
        withUnsafeBytes(of: &jitter) { generator.mix($0) }
        if seed == nil {
            Log.line("warning: no entropy source (no rng-seed in the device tree); random numbers are predictable")
        }
    }

    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        generator.fill(buffer)
    }
}
