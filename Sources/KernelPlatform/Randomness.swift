import Entropy
import KernelArch

/// The kernel's CSPRNG instance and its seeding. Sources: the FDT's
/// `/chosen/rng-seed` (qemu fills it from the host's entropy), mixed in as
/// the board is configured so that address randomisation has it; a
/// virtio-rng device (`mix`), once drivers run; and timer jitter.
///
/// `rk.entropy` says which sources are trusted: mixing in an untrusted one
/// does no harm to the generator, but only trusted bytes count as entropy,
/// and with none the kernel warns.
public enum Randomness {
    nonisolated(unsafe) static var generator = RandomGenerator()
    /// Bytes mixed in from the device tree's rng-seed, and from devices.
    nonisolated(unsafe) static var firmwareBytes = 0
    nonisolated(unsafe) static var deviceBytes = 0
    /// Whether the rng-seed counts as entropy (`rk.entropy=virtio` or
    /// `none` say no).
    nonisolated(unsafe) public static var trustsFirmwareSeed = true

    /// Mixes in the firmware's seed and timer jitter.
    static func seed(fromFirmware seed: UnsafeRawBufferPointer?) {
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
        deviceBytes += bytes.count
    }

    /// Bytes of trusted entropy mixed in so far.
    public static var seededBytes: Int { (trustsFirmwareSeed ? firmwareBytes : 0) + deviceBytes }

    /// Says so on the console when there is no trusted entropy source,
    /// since random numbers, canaries and ASLR are then predictable.
    public static func warnIfUnseeded() {
        Log.line(.debug) { line in
            line.text("entropy: ")
            line.decimal(seededBytes)
            line.text(" trusted seed bytes (rng-seed ")
            line.decimal(firmwareBytes)
            if !trustsFirmwareSeed { line.text(" not trusted") }
            line.text(", virtio-rng ")
            line.decimal(deviceBytes)
            line.text(")")
        }
        guard seededBytes <= 0 else { return }
        Log.line(.warn, "no entropy source (no rng-seed in the device tree, no virtio-rng device); random numbers are predictable")
    }

    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        generator.fill(buffer)
    }
}
