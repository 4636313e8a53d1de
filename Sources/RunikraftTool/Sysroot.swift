/// The installed sysroot: musl and Linux UAPI headers, libc, the compiler
/// runtime, the kernel archive and the linker script.
public struct Sysroot: Equatable, Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public var includeDirectory: String { path + "/include" }
    public var libraryDirectory: String { path + "/lib" }
    /// Places the image at 0x80200000, where OpenSBI jumps on qemu virt.
    public var linkerScript: String { libraryDirectory + "/runikraft.ld" }

    /// The static archive `-lname` finds in the sysroot.
    public func archive(named name: String) -> String {
        libraryDirectory + "/lib\(name).a"
    }
}
