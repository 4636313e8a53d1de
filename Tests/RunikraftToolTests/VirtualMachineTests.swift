import Testing
@testable import RunikraftTool

struct VirtualMachineTests {
    @Test func qemuCommandLine() {
        let machine = VirtualMachine(
            image: "build/hello", memory: "256M",
            commandLine: KernelCommandLine(environment: ["GREETING=hi there"], arguments: ["hello", "world"]))
        #expect(machine.qemuCommand(qemu: "qemu-system-riscv64").description == """
            qemu-system-riscv64 -machine virt -m 256M -smp 1 -bios default -kernel build/hello \
            -display none -monitor none -serial stdio -nic none -no-reboot \
            -append '"GREETING=hi there" -- hello world'
            """)
    }

    @Test func initialRamDiskFollowsTheKernel() {
        let machine = VirtualMachine(
            image: "build/hello", commandLine: KernelCommandLine(arguments: ["hello"]), initialRamDisk: "/tmp/root.cpio")
        #expect(machine.qemuCommand(qemu: "qemu").description.contains("-kernel build/hello -initrd /tmp/root.cpio -display"))
    }

    @Test(arguments: ["128M", "1G", "512", "64m", "2048K"])
    func acceptsMemorySizes(size: String) {
        let machine = VirtualMachine(image: "i", memory: size, commandLine: KernelCommandLine(arguments: ["i"]))
        #expect(throws: Never.self) { try machine.validate() }
    }

    @Test(arguments: ["", "M", "12X", "1.5G", "-1M", "128MB"])
    func rejectsOtherMemorySizes(size: String) {
        let machine = VirtualMachine(image: "i", memory: size, commandLine: KernelCommandLine(arguments: ["i"]))
        #expect(throws: ToolError.self) { try machine.validate() }
    }

    @Test func missingQemuSaysHowToInstallIt() {
        #expect(throws: ToolError("qemu-system-riscv64 not found; install it with: apt-get install qemu-system-misc opensbi (or run make deps)")) {
            try VirtualMachine.locateQemu(environment: ["PATH": "/nonexistent"])
        }
    }
}
