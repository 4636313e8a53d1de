import ArgumentParser
import Foundation
import RunikraftTool

/// `runikraft run`: boots an image in qemu and exits with the program's status.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Boot an image in qemu-system-riscv64 and exit with the program's status.")

    @Argument(help: "The image to boot.")
    var image: String

    @Option(name: .customLong("mem"), help: "Guest memory, as qemu's -m takes it.")
    var memory = "128M"

    @Option(help: "Kill the VM after this many seconds (exit status 124).")
    var timeout: Double?

    @Flag(name: .shortAndLong, help: "Print the qemu command line before running it.")
    var verbose = false

    @Flag(help: "Show OpenSBI's boot banner instead of removing it.")
    var firmwareBanner = false

    @Option(help: "The program's argv[0] (default: the image's file name).")
    var argv0: String?

    @Option(name: .customLong("env"), help: "An environment variable of the program, NAME=VALUE.")
    var environment: [String] = []

    @Option(name: .customLong("kernel-option"), help: "A kernel option, rk.NAME or rk.NAME=VALUE.")
    var kernelOptions: [String] = []

    @Option(help: ArgumentHelp(
        "Write the kernel's log (timestamped, with levels) to FILE instead of the console.",
        valueName: "FILE"))
    var log: String?

    @Option(help: ArgumentHelp(
        "Write the kernel's log to DIR/NAME.log, NAME being --name or IMAGE-PID: one file per VM.",
        valueName: "DIR"))
    var logDir: String?

    @Option(help: "The VM's name, used for its file in --log-dir.")
    var name: String?

    @Option(help: ArgumentHelp(
        "Share host folder HOST with the program at GUEST (virtio-9p, read-write).",
        valueName: "HOST:GUEST"))
    var share: [String] = []

    @Option(help: ArgumentHelp(
        "Attach disk image FILE (ext2, see mkfs) at GUEST (virtio-blk).", valueName: "FILE:GUEST"))
    var disk: [String] = []

    @Flag(help: "Do not attach the virtio-rng entropy device.")
    var noRng = false

    @Option(help: ArgumentHelp(
        "Start halted with qemu's gdb stub on 127.0.0.1:PORT (--gdb alone: 1234) and print the command that attaches.",
        valueName: "port"))
    var gdb: Int?

    @Option(help: ArgumentHelp(
        "Print every syscall, strace style (--trace alone: all); or only these families (file, memory, process, time, signal, thread, net, other) and syscall names.",
        valueName: "list"))
    var trace: String?

    @Option(help: "A folder to boot with as the root file system (packed into a cpio initrd).")
    var rootfs: String?

    @Argument(parsing: .postTerminator, help: "The program's arguments, after --.")
    var arguments: [String] = []

    func run() throws {
        let program = "runikraft"
        do {
            if let timeout, !(timeout > 0) {
                throw ToolError("--timeout must be a positive number of seconds")
            }
            guard FileManager.default.fileExists(atPath: image) else {
                throw ToolError("\(image): no such file")
            }
            let argv0 = argv0 ?? URL(fileURLWithPath: image).lastPathComponent
            var initialRamDisk: String?
            if let rootfs {
                let archive = try RootFilesystemArchive.pack(directory: rootfs)
                let path = NSTemporaryDirectory() + "runikraft-rootfs-\(getpid()).cpio"
                guard FileManager.default.createFile(atPath: path, contents: Data(archive)) else {
                    throw ToolError("cannot write the root file system archive \(path)")
                }
                initialRamDisk = path
            }
            defer { if let initialRamDisk { try? FileManager.default.removeItem(atPath: initialRamDisk) } }
            let traceOption = trace.map { $0 == "all" ? ["rk.trace"] : ["rk.trace=" + $0] } ?? []
            var plain = VirtualMachine(
                image: image, memory: memory,
                commandLine: KernelCommandLine(
                    kernelOptions: traceOption + kernelOptions, environment: environment,
                    arguments: [argv0] + arguments),
                initialRamDisk: initialRamDisk)
            plain.hasEntropyDevice = !noRng
            plain.shares = try share.map(Storage.share)
            plain.disks = try disk.map(Storage.disk)
            plain.logFile = try LogFiles.path(
                log: log, directory: logDir, name: name, image: image, processID: getpid())
            if let logDir {
                try FileManager.default.createDirectory(atPath: logDir, withIntermediateDirectories: true)
            }
            plain.gdbPort = gdb
            let marked = firmwareBanner ? plain : plain.withStartMarker
            let machine = isatty(0) == 1 ? marked : marked.withPipedInput
            try machine.validate()
            let qemu = try VirtualMachine.locateQemu()
            if verbose {
                printToStandardError(machine.qemuCommand(qemu: qemu).description)
            }
            if let attach = machine.gdbAttachCommand {
                printToStandardError("\(program): waiting for gdb; attach with: \(attach)")
            }
            var runner = ImageRunner(qemu: qemu, timeout: timeout, showsFirmwareBanner: firmwareBanner)
            runner.symbolizer = BacktraceSymbolizer.llvm(
                symbolizer: Toolchain.locate().tool(named: "llvm-symbolizer"), image: image)
            switch try runner.run(machine) {
            case .exited(let status):
                throw ExitCode(status)
            case .timedOut:
                printToStandardError("\(program): timed out after \(timeout.map(Self.seconds) ?? "?") s")
                throw ExitCode(124)
            }
        } catch let error as ToolError {
            error.messages.forEach { printToStandardError("\(program): error: \($0)") }
            throw ExitCode(error.status)
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private func printToStandardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
