import Foundation

/// How `runikraft run` boots an image: one qemu virt machine with OpenSBI,
/// one hart, no display, no network, the serial console on standard streams.
public struct VirtualMachine: Equatable, Sendable {
    public var image: String
    /// qemu's `-m`: a number with an optional K, M, G or T suffix.
    public var memory = "128M"
    public var commandLine: KernelCommandLine
    /// A file qemu loads as the initrd (`-initrd`): the root file system
    /// as a cpio archive (RootFilesystemArchive).
    public var initialRamDisk: String?

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
            "-display", "none", "-monitor", "none", "-serial", "stdio",
            "-nic", "none", "-no-reboot", "-append", commandLine.encoded,
        ]
        return Command(qemu, arguments)
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
