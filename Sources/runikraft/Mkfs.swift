import ArgumentParser
import Foundation
import RunikraftTool

/// `runikraft mkfs`: makes a disk image for `runikraft run --disk`.
struct Mkfs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make an ext2 disk image holding a folder's files, for run --disk.")

    @Argument(help: "The image file to write (replaced if it exists).")
    var image: String

    @Argument(help: "The folder whose files the image holds.")
    var folder: String

    @Option(help: "The image's size, as mke2fs takes it (e.g. 64M, 1G).")
    var size = "64M"

    func run() throws {
        do {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ToolError("\(folder): not a directory")
            }
            let command = DiskImage.mkfsCommand(
                mke2fs: try DiskImage.locateMke2fs(), image: image, folder: folder, size: size)
            let status = try ProcessRunner.run(command)
            guard status == 0 else { throw ToolError("mke2fs failed (status \(status))") }
        } catch let error as ToolError {
            error.messages.forEach { FileHandle.standardError.write(Data("runikraft: error: \($0)\n".utf8)) }
            throw ExitCode(error.status)
        }
    }
}
