import Foundation

/// Where `runikraft run` writes a VM's kernel log: `--log FILE` names the
/// file; `--log-dir DIR` gives every VM its own file in DIR, named after
/// the VM (`--name`, else the image's file name and the runner's process
/// ID), so the logs of VMs started at once stay apart.
public enum LogFiles {
    public static func path(
        log: String?, directory: String?, name: String?, image: String, processID: Int32
    ) throws -> String? {
        if log != nil, directory != nil {
            throw ToolError("--log and --log-dir cannot be used together")
        }
        if let log { return log }
        guard let directory else { return nil }
        let vmName = name ?? "\(URL(fileURLWithPath: image).lastPathComponent)-\(processID)"
        guard !vmName.isEmpty, !vmName.contains("/"), vmName != ".", vmName != ".." else {
            throw ToolError("invalid VM name '\(vmName)': it names the log file, so it cannot contain '/'")
        }
        return URL(fileURLWithPath: directory).appendingPathComponent(vmName + ".log").path
    }
}
