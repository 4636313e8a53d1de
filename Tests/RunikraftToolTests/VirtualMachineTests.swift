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

    @Test func sharesAndDisksBecomeDevicesAndMountOptions() {
        var machine = VirtualMachine(image: "hello", commandLine: KernelCommandLine(arguments: ["hello"]))
        machine.hasEntropyDevice = false
        machine.shares = [SharedFolder(host: "/srv/data", guest: "/data")]
        machine.disks = [Disk(file: "disk.img", guest: "/var")]
        #expect(machine.qemuCommand(qemu: "qemu").description == """
            qemu -machine virt -m 128M -smp 1 -bios default -kernel hello \
            -display none -monitor none -serial stdio -nic none -no-reboot \
            -fsdev local,id=share0,path=/srv/data,security_model=none \
            -device virtio-9p-device,fsdev=share0,mount_tag=share0 \
            -drive file=disk.img,if=none,format=raw,id=disk0 -device virtio-blk-device,drive=disk0,serial=disk0 \
            -append 'rk.share=share0:/data rk.disk=disk0:/var -- hello'
            """)
    }

    @Test func storageValuesSplitAtTheLastColonBeforeTheGuestPath() throws {
        #expect(try Storage.split("a:b:/data", flag: "--share") == ("a:b", "/data"))
        #expect(throws: ToolError.self) { try Storage.split("data", flag: "--share") }
        #expect(throws: ToolError.self) { try Storage.split(":/data", flag: "--share") }
        #expect(throws: ToolError.self) { try Storage.split("d:/my data", flag: "--disk") }
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

struct DiskImageTests {
    @Test func mkfsMakesExt2FromTheFolder() {
        #expect(DiskImage.mkfsCommand(mke2fs: "/sbin/mke2fs", image: "d.img", folder: "root", size: "8M").description
            == "/sbin/mke2fs -q -F -t ext2 -b 4096 -O '^dir_index' -E root_owner=0:0 -d root d.img 8M")
    }
}
