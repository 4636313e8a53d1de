/// Removes what the serial console shows before the kernel starts — the
/// boot banner OpenSBI prints — so that `runikraft run` shows what the
/// program and the kernel printed and nothing else.
///
/// `runikraft run` boots with the kernel option `rk.marker`, and the kernel
/// writes `marker` once, before anything else it or the program writes.
/// Everything up to and including the marker is dropped; every byte after
/// it passes unchanged. Output that never reaches a marker (firmware that
/// cannot start the image, a kernel that dies first) is shown in full at
/// the end, so no failure goes unseen.
public struct ConsoleStartFilter: Sendable {
    /// The bytes the kernel writes (Console.startMarker in KernelPlatform).
    public static let marker = Array("\u{1}runikraft\u{2}".utf8)
    /// The kernel option that asks for the marker.
    public static let kernelOption = "rk.marker"

    private var held: [UInt8] = []
    /// Whether the marker has gone by: the kernel runs and owns the console.
    public private(set) var started = false

    public init() {}

    /// Takes console output and returns what is to be shown of it now.
    public mutating func filter(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if started { return Array(bytes) }
        held += bytes
        guard let end = Self.end(ofMarkerIn: held) else { return [] }
        started = true
        defer { held = [] }
        return Array(held[end...])
    }

    /// Called at the end of the output: what was held back if the kernel
    /// never wrote its marker.
    public mutating func finish() -> [UInt8] {
        defer { held = [] }
        return started ? [] : held
    }

    /// Index just past the first marker in `bytes`.
    static func end(ofMarkerIn bytes: [UInt8]) -> Int? {
        guard bytes.count >= marker.count else { return nil }
        for start in 0...(bytes.count - marker.count) where bytes[start] == marker[0] {
            if bytes[start..<(start + marker.count)].elementsEqual(marker) { return start + marker.count }
        }
        return nil
    }
}
