/// The release of the Runikraft toolchain this tool belongs to.
public enum RunikraftVersion {
    public static let current = "0.1.0"
    /// The target every image is built for.
    public static let targetTriple = "riscv64-unknown-linux-musl"
}
