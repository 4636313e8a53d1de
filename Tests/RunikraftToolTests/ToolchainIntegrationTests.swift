import Foundation
import Testing
@testable import RunikraftTool

/// Runs the planned commands with the real clang and ld.lld.
@Suite(.enabled(if: Toolchain.locate().clang != nil && Toolchain.locate().linker != nil))
struct ToolchainIntegrationTests {
    let directory: String
    let checkout: Checkout

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("runikraft-cc-test-\(UUID().uuidString)").path
        for subdirectory in ["sysroot/include", "sysroot/lib", "inc", "sys", "after"] {
            try FileManager.default.createDirectory(atPath: directory + "/" + subdirectory, withIntermediateDirectories: true)
        }
        checkout = Checkout(root: directory, sysroot: Sysroot(path: directory + "/sysroot"))
    }

    func plan(_ arguments: [String]) throws -> BuildPlan {
        let driver = CompilerDriver(
            checkout: checkout, toolchain: .locate(), scratchDirectory: directory + "/scratch-\(UUID().uuidString)")
        return try driver.plan(for: CompilerInvocation(parsing: arguments))
    }

    /// The header search list clang reports for a compile planned from `arguments`.
    @Test func headerSearchOrderIsACrossCompilers() throws {
        let step = try #require(try plan(["-E", "-v", "-Iinc", "-isystem", "sys", "-idirafter", "after", "-x", "c", "/dev/null", "-o", "/dev/null"]).steps.first)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: step.executable)
        process.arguments = step.arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let standardError = Pipe()
        process.standardError = standardError
        try process.run()
        let report = String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)

        let lines = report.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let start = try #require(lines.firstIndex(of: "#include <...> search starts here:"))
        let end = try #require(lines.firstIndex(of: "End of search list."))
        let resources = try Toolchain.locate().resourceDirectory()
        // gcc and clang --sysroot order: -I, -isystem, compiler headers, libc headers, -idirafter.
        #expect(Array(lines[(start + 1)..<end]) == [
            "inc", "sys", resources + "/include", checkout.sysroot.includeDirectory, "after",
        ])
    }

    /// The resource directory found beside clang is the one clang reports.
    @Test func resourceDirectoryIsClangsOwn() throws {
        let toolchain = Toolchain.locate()
        let clangsAnswer = try ProcessRunner.captureOutput(Command(try toolchain.requireClang(), ["-print-resource-dir"]))
        let expected = URL(fileURLWithPath: clangsAnswer.trimmingCharacters(in: .whitespacesAndNewlines)).standardizedFileURL.path
        #expect(try toolchain.resourceDirectory() == expected)
    }

    /// PIC code still links into a static image at 0x80200000 with the
    /// sysroot's linker script, and runs. (`lla`, not `la`: under PIC `la`
    /// loads from the GOT, which cannot hold `symbol + offset`.)
    @Test(.enabled(if: FileManager.default.fileExists(atPath: Fixtures.checkoutRoot + "/sysroot/runikraft.ld")
        && (try? VirtualMachine.locateQemu()) != nil))
    func positionIndependentCodeLinksStatically() throws {
        try FileManager.default.copyItem(
            atPath: Fixtures.checkoutRoot + "/sysroot/runikraft.ld", toPath: checkout.sysroot.linkerScript)
        let source = directory + "/pic.c"
        try """
            int status_table[2] = { 0, 9 };   /* preemptible under -fPIC: reached through the GOT */
            char boot_stack[4096] __attribute__((aligned(16), used));

            void finish(void) {
                *(volatile unsigned *)0x100000 = ((unsigned)status_table[1] << 16) | 0x3333;
                for (;;) {}
            }

            __asm__(".section .text.boot, \\"ax\\"\\n"
                    ".globl _start\\n"
                    "_start: lla sp, boot_stack + 4096\\n"
                    "        call finish\\n");
            """.write(toFile: source, atomically: true, encoding: .utf8)
        for flag in ["-fPIC", "-fpic", "-fPIE", "-fno-pic"] {
            let image = directory + "/pic\(flag).elf"
            let status = PlanExecutor(program: "runikraft-cc").execute(
                try plan([flag, "-O2", "-nostdlib", "-nostdlibinc", source, "-o", image]))
            #expect(status == 0, "\(flag) must link")
            let machine = VirtualMachine(image: image, commandLine: KernelCommandLine(arguments: ["pic"]))
            var runner = ImageRunner(qemu: try VirtualMachine.locateQemu(), timeout: 30)
            runner.input = open("/dev/null", O_RDONLY)
            defer { close(runner.input) }
            #expect(try runner.run(machine) == .exited(status: 9), "\(flag) image must run")
        }
    }
}
