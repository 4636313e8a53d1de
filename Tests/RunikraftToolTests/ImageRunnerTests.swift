import Foundation
import Testing
@testable import RunikraftTool

/// Boots Tests/Fixtures/exit-payload.S in qemu: the exit status and console
/// plumbing of `runikraft run`, without the kernel.
@Suite(.enabled(if: Toolchain.locate().clang != nil && Toolchain.locate().linker != nil && (try? VirtualMachine.locateQemu()) != nil))
struct ImageRunnerTests {
    /// Builds the payload with the given preprocessor definitions.
    static func payload(_ definitions: [String]) throws -> String {
        let toolchain = Toolchain.locate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runikraft-payload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let object = directory + "/exit-payload.o"
        let image = directory + "/exit-payload.elf"
        let compile = Command(toolchain.clang!, ["--target=riscv64-unknown-elf", "-march=rv64gc", "-mabi=lp64d"]
            + definitions.map { "-D" + $0 } + ["-c", Fixtures.path("exit-payload.S"), "-o", object])
        let link = Command(toolchain.linker!, ["-m", "elf64lriscv", "-static", "-N", "-Ttext=0x80200000", "-e", "_start", object, "-o", image])
        #expect(try ProcessRunner.run(compile) == 0)
        #expect(try ProcessRunner.run(link) == 0)
        return image
    }

    /// Runs `image` with /dev/null as input; returns the outcome and what it printed.
    static func run(_ image: String, timeout: Double? = 30) throws -> (ImageRunner.Outcome, String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("runikraft-output-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let input = open("/dev/null", O_RDONLY)
        let outputDescriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer {
            close(input)
            close(outputDescriptor)
        }
        var runner = ImageRunner(qemu: try VirtualMachine.locateQemu(), timeout: timeout)
        runner.input = input
        runner.output = outputDescriptor
        let machine = VirtualMachine(image: image, commandLine: KernelCommandLine(arguments: ["exit-payload.elf", "a b"])).withStartMarker.withPipedInput
        let outcome = try runner.run(machine)
        return (outcome, try String(contentsOfFile: output, encoding: .utf8))
    }

    @Test func exitWithZero() throws {
        let (outcome, output) = try Self.run(Self.payload([]))
        #expect(outcome == .exited(status: 0))
        #expect(output == "", "the OpenSBI banner must not reach the program's output")
    }

    @Test(arguments: [1, 42, 255])
    func exitWithStatus(status: Int) throws {
        let (outcome, _) = try Self.run(Self.payload(["EXIT_STATUS=\(status)"]))
        #expect(outcome == .exited(status: Int32(status)))
    }

    @Test func timeoutKillsTheMachine() throws {
        let started = Date()
        let (outcome, _) = try Self.run(Self.payload(["HANG"]), timeout: 1)
        #expect(outcome == .timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
    }
}

struct InputForwardingTests {
    @Test func inputEndsWithOneEndOfFileCharacter() throws {
        let source = try PipeEnds.closingOnExec()
        let guest = try PipeEnds.closingOnExec()
        ProcessRunner.writeAll(Array("line one\nline two".utf8), to: source.writeEnd)
        close(source.writeEnd)
        ImageRunner.forwardInput(from: source.readEnd, to: guest.writeEnd)
        close(source.readEnd)
        let received = ProcessRunner.readAll(from: guest.readEnd)
        close(guest.readEnd)
        #expect(received == Array("line one\nline two".utf8) + [0x04])
    }

    @Test func endOfFileAndLiteralNextBytesInTheDataAreQuoted() {
        #expect(ImageRunner.escaped([0x41, 0x04, 0x16, 0x42]) == [0x41, 0x16, 0x04, 0x16, 0x16, 0x42])
        #expect(ImageRunner.escaped([]) == [])
    }

    @Test func emptyInputIsJustEndOfFile() throws {
        let guest = try PipeEnds.closingOnExec()
        let null = open("/dev/null", O_RDONLY)
        ImageRunner.forwardInput(from: null, to: guest.writeEnd)
        close(null)
        #expect(ProcessRunner.readAll(from: guest.readEnd) == [0x04])
        close(guest.readEnd)
    }
}
