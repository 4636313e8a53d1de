import Foundation

/// `runikraft mkfs IMAGE FOLDER`: an ext2 disk image holding FOLDER's
/// files, made by e2fsprogs' `mke2fs -d` (so the host can check and read it
/// with `e2fsck` and `debugfs`). Files are owned by root in the image, as
/// the program runs as root.
public enum DiskImage {
    public static let mke2fsName = "mke2fs"

    public static func mkfsCommand(mke2fs: String, image: String, folder: String, size: String) -> Command {
        Command(mke2fs, [
            "-q", "-F", "-t", "ext2", "-b", "4096", "-O", "^dir_index", "-E", "root_owner=0:0", "-d", folder, image, size,
        ])
    }

    /// mke2fs lives in /sbin on Debian, often outside a user's PATH.
    public static func locateMke2fs(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path = (environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? []) + ["/usr/sbin", "/sbin"]
        guard let tool = Toolchain.executable(named: mke2fsName, in: path) else {
            throw ToolError("\(mke2fsName) not found; install it with: apt-get install e2fsprogs (or run make deps)")
        }
        return tool
    }
}
