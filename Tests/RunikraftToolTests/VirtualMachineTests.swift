import Testing
@testable import RunikraftTool

struct VirtualMachineTests {
    @Test func qemuCommandLine() {
        let machine = VirtualMachine(
            image: "build/hello", memory: "256M",
            commandLine: KernelCommandLine(environment: ["GREETING=hi there"], arguments: ["hello", "world"]))
        #expect(machine.qemuCommand(qemu: "qemu-system-riscv64").description == """
            qemu-system-riscv64 -machine virt -m 256M -smp 1 -bios default -kernel build/hello \
            -display none -monitor none -serial stdio -nic none -no-reboot -device virtio-rng-device \
            -append '"GREETING=hi there" -- hello world'
            """)
    }

    @Test func logFileAttachesAVirtioConsole() {
        var machine = VirtualMachine(image: "hello", commandLine: KernelCommandLine(arguments: ["hello"]))
        machine.hasEntropyDevice = false
        machine.logFile = "logs/a,b.log"
        #expect(machine.qemuCommand(qemu: "qemu").description == """
            qemu -machine virt -m 128M -smp 1 -bios default -kernel hello \
            -display none -monitor none -serial stdio -nic none -no-reboot \
            -chardev file,id=rklog,path=logs/a,,b.log -device virtio-serial-device -device virtconsole,chardev=rklog \
            -append '-- hello'
            """)
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
