import KernelPlatform

/// A request the kernel understands but does not support (as opposed to an
/// unknown syscall): named once on the console, so the porter sees it.
enum UnsupportedFeature {
    /// Features already named, by the address of their description.
    nonisolated(unsafe) static var reported: [UInt] = []

    static func report(_ feature: StaticString) {
        let key = UInt(bitPattern: feature.utf8Start)
        guard !reported.contains(key) else { return }
        reported.append(key)
        Log.line(.warn) { line in
            line.text("not supported: ")
            line.text(feature)
        }
    }
}
