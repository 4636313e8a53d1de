import Foundation

/// How `runikraft run` boots an image: one qemu virt machine with OpenSBI,
/// one hart, no display, no network, the serial console on standard streams,
/// a virtio-rng device for the kernel's entropy, and optionally a
/// virtio-console that carries the kernel's log to a file.
public struct VirtualMachine: Equatable, Sendable {
    public var image: String
    /// qemu's `-m`: a number with an optional K, M, G or T suffix.
    public var memory = "128M"
    public var commandLine: KernelCommandLine
    /// A file qemu loads as the initrd (`-initrd`): the root file system
    /// as a cpio archive (RootFilesystemArchive).
    public var initialRamDisk: String?
    /// Attaches a virtio-rng device fed from the host's /dev/urandom.
    public var hasEntropyDevice = true
    /// Where the kernel's log goes (a virtio console the kernel makes its
    /// log channel); nil leaves kernel messages on the serial console.
    public var logFile: String?
    public var shares: [SharedFolder] = []
    public var disks: [Disk] = []
    /// With a port, qemu starts halted with its gdb stub on 127.0.0.1:port.
    public var gdbPort: Int?

    public init(image: String, memory: String = "128M", commandLine: KernelCommandLine, initialRamDisk: String? = nil) {
        self.image = image
        self.memory = memory
        self.commandLine = commandLine
        self.initialRamDisk = initialRamDisk
    }

    /// The qemu command that boots the image. `-no-reboot` turns a reset
    /// request into an exit, so a crashing kernel cannot loop.
    public func qemuCommand(qemu: String) -> Command {
        var arguments = [
            "-machine", "virt", "-m", memory, "-smp", "1", "-bios", "default",
            "-kernel", image,
        ]
        if let initialRamDisk { arguments += ["-initrd", initialRamDisk] }
        arguments += [
            "-display", "none", "-monitor", "none", "-serial", "stdio", "-nic", "none", "-no-reboot",
        ]
        if hasEntropyDevice {
            arguments += ["-device", "virtio-rng-device"]
        }
        if let logFile {
            arguments += [
                "-chardev", "file,id=rklog,path=\(Self.optionValue(logFile))",
                "-device", "virtio-serial-device", "-device", "virtconsole,chardev=rklog",
            ]
        }
        var line = commandLine
        for (index, share) in shares.enumerated() {
            let name = "share\(index)"
            arguments += [
                "-fsdev", "local,id=\(name),path=\(Self.optionValue(share.host)),security_model=none",
                "-device", "virtio-9p-device,fsdev=\(name),mount_tag=\(name)",
            ]
            line.kernelOptions.append("rk.share=\(name):\(share.guest)")
        }
        for (index, disk) in disks.enumerated() {
            let name = "disk\(index)"
            // cache=unsafe would lose fsynced data when qemu is killed; the
            // default (writeback, flushed on the guest's flush) keeps it.
            arguments += [
                "-drive", "file=\(Self.optionValue(disk.file)),if=none,format=raw,id=\(name)",
                "-device", "virtio-blk-device,drive=\(name),serial=\(name)",
            ]
            line.kernelOptions.append("rk.disk=\(name):\(disk.guest)")
        }
        // gdb knows the image at the addresses of its file, and breakpoints
        // set before the first instruction must stay where the code is.
        if gdbPort != nil, !line.kernelOptions.contains("rk.aslr=off") {
            line.kernelOptions.append("rk.aslr=off")
        }
        return Command(qemu, arguments + ["-append", line.encoded] + gdbArguments)
    }

    /// A value inside a qemu option list, where a comma is written twice.
    static func optionValue(_ value: String) -> String {
        value.replacingOccurrences(of: ",", with: ",,")
    }

    /// qemu's gdb stub on loopback only, and `-S`: the first instruction
    /// waits for the debugger's `continue`.
    var gdbArguments: [String] {
        gdbPort.map { ["-S", "-gdb", "tcp:127.0.0.1:\($0)"] } ?? []
    }

    /// The command that attaches gdb to the halted machine.
    public var gdbAttachCommand: String? {
        gdbPort.map { "gdb-multiarch \(image.shellQuoted) -ex 'target remote :\($0)'" }
    }

    /// The same machine asking the kernel for its start marker, which lets
    /// the runner drop the firmware's banner (ConsoleStartFilter).
    public var withStartMarker: VirtualMachine {
        var machine = self
        machine.commandLine.kernelOptions.insert(ConsoleStartFilter.kernelOption, at: 0)
        return machine
    }

    /// The same machine told that its standard input is a pipe, not a
    /// terminal: the kernel then presents fd 0 as a pipe and takes the
    /// runner's end-of-file for good (see ImageRunner.endOfFile).
    public var withPipedInput: VirtualMachine {
        var machine = self
        machine.commandLine.kernelOptions.insert("rk.stdin=pipe", at: 0)
        return machine
    }

    public func validate() throws {
        let digits = memory.prefix(while: \.isNumber)
        let suffix = memory.dropFirst(digits.count)
        guard !digits.isEmpty, suffix.isEmpty || (suffix.count == 1 && "KMGTkmgt".contains(suffix)) else {
            throw ToolError("invalid memory size '\(memory)': expected a number with an optional K, M, G or T suffix, e.g. 128M")
        }
        if let gdbPort, !(1...65535).contains(gdbPort) {
            throw ToolError("invalid gdb port \(gdbPort): expected 1 to 65535")
        }
        try commandLine.validate()
    }

    /// The name qemu goes by in `PATH`.
    public static let qemuName = "qemu-system-riscv64"

    public static func locateQemu(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let path = environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? []
        guard let qemu = Toolchain.executable(named: qemuName, in: path) else {
            throw ToolError("\(qemuName) not found; install it with: apt-get install qemu-system-misc opensbi (or run make deps)")
        }
        return qemu
    }
}
