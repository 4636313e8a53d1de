import Foundation

/// A host folder shared with the guest over virtio-9p (`--share HOST:GUEST`).
public struct SharedFolder: Equatable, Sendable {
    public var host: String
    public var guest: String
}

/// A disk image attached over virtio-blk (`--disk FILE:GUEST`).
public struct Disk: Equatable, Sendable {
    public var file: String
    public var guest: String
}

/// Parsing and checking of `--share` and `--disk` values, and the qemu
/// arguments and kernel options for them. Device `i` gets the name
/// `share<i>` (the 9p mount tag) or `disk<i>` (the virtio-blk serial),
/// and the kernel option `rk.share=share<i>:GUEST` or `rk.disk=disk<i>:GUEST`
/// tells the kernel where to mount it.
public enum Storage {
    /// Splits `HOST:GUEST` at the last `:` followed by `/`, so a host path
    /// may itself contain colons; the guest path must be absolute.
    public static func split(_ value: String, flag: String) throws -> (host: String, guest: String) {
        guard let range = value.range(of: ":/", options: .backwards) else {
            throw ToolError("\(flag) \(value): expected HOST:GUEST with an absolute guest path, e.g. \(flag) data:/data")
        }
        let host = String(value[..<range.lowerBound])
        let guest = String(value[value.index(after: range.lowerBound)...])
        guard !host.isEmpty else { throw ToolError("\(flag) \(value): the host path is empty") }
        guard !guest.contains(" "), !guest.contains("\""), !guest.contains("\\") else {
            throw ToolError("\(flag) \(value): the guest path cannot contain blanks, quotes or backslashes")
        }
        return (host, guest)
    }

    public static func share(_ value: String) throws -> SharedFolder {
        let (host, guest) = try split(value, flag: "--share")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: host, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ToolError("--share \(value): \(host) is not a directory")
        }
        return SharedFolder(host: host, guest: guest)
    }

    public static func disk(_ value: String) throws -> Disk {
        let (file, guest) = try split(value, flag: "--disk")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ToolError("--disk \(value): \(file) is not a file (make one with: runikraft mkfs \(file) FOLDER)")
        }
        return Disk(file: file, guest: guest)
    }
}
