import ArgumentParser
import Foundation
import RunikraftTool

/// `runikraft doctor`: checks the toolchain, sysroot, qemu and debugger.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check that the toolchain, sysroot, qemu and gdb are in place; say how to install what is missing.")

    @Flag(help: "Install the missing Debian packages (qemu, OpenSBI, gdb-multiarch, pkgconf, cmake) with apt-get.")
    var install = false

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let doctor = Doctor(
            checkout: .locate(), toolchain: .locate(),
            path: environment["PATH"].map { $0.split(separator: ":").map(String.init) } ?? [],
            fileExists: { FileManager.default.fileExists(atPath: $0) })
        print(doctor.report(), terminator: "")
        if install, let command = doctor.installCommand(asRoot: getuid() == 0) {
            print(command.description)
            let status = try ProcessRunner.run(command)
            if status != 0 { throw ExitCode(status) }
            return
        }
        if !doctor.isHealthy { throw ExitCode(1) }
    }
}
