import Testing
@testable import RunikraftTool

/// `runikraft run --gdb[=PORT]` and `--trace[=LIST]`.
struct DebuggingOptionsTests {
    @Test func bareOptionsGetTheirDefaults() {
        #expect(OptionalValues.complete(["run", "img", "--gdb", "--trace", "--", "--gdb", "--trace"])
            == ["run", "img", "--gdb=1234", "--trace=all", "--", "--gdb", "--trace"])
        #expect(OptionalValues.complete(["run", "--gdb=9000", "--trace=file,net", "img"])
            == ["run", "--gdb=9000", "--trace=file,net", "img"])
        // Only `run` has them; the compiler's arguments pass untouched.
        #expect(OptionalValues.complete(["cc", "--trace", "x.c"]) == ["cc", "--trace", "x.c"])
    }

    @Test func gdbStubOnLoopbackHalted() {
        var machine = VirtualMachine(image: "build/my app", commandLine: KernelCommandLine(arguments: ["a"]))
        #expect(machine.gdbAttachCommand == nil)
        #expect(!machine.qemuCommand(qemu: "q").arguments.contains("-S"))
        machine.gdbPort = 4321
        #expect(Array(machine.qemuCommand(qemu: "q").arguments.suffix(3)) == ["-S", "-gdb", "tcp:127.0.0.1:4321"])
        #expect(machine.gdbAttachCommand == "gdb-multiarch 'build/my app' -ex 'target remote :4321'")
    }

    @Test(arguments: [0, 65536, -1])
    func rejectsBadPorts(port: Int) {
        var machine = VirtualMachine(image: "i", commandLine: KernelCommandLine(arguments: ["i"]))
        machine.gdbPort = port
        #expect(throws: ToolError.self) { try machine.validate() }
    }

    @Test func syscallTracerIsLinkedUnlessTurnedOff() {
        #expect(ImageLink.includesSyscallTrace(environment: [:]))
        #expect(ImageLink.includesSyscallTrace(environment: ["RUNIKRAFT_SYSCALL_TRACE": "on"]))
        #expect(!ImageLink.includesSyscallTrace(environment: ["RUNIKRAFT_SYSCALL_TRACE": "off"]))
        var link = ImageLink(sysroot: Sysroot(path: "/s"))
        #expect(link.command(linker: "ld.lld", userArguments: []).arguments.contains("rk_syscall_trace_enable"))
        link.includesSyscallTrace = false
        #expect(!link.command(linker: "ld.lld", userArguments: []).arguments.contains("rk_syscall_trace_enable"))
        // Without the kernel there is nothing to trace with.
        link.includesSyscallTrace = true
        link.libraries = ["c"]
        #expect(!link.command(linker: "ld.lld", userArguments: []).arguments.contains("rk_syscall_trace_enable"))
    }
}
