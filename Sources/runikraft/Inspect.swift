import ArgumentParser
import Foundation
import RunikraftTool

/// `runikraft inspect`: what an image is made of.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report an image's entry point, segments, sections, size by component and kernel command line.")

    @Argument(help: "The image.")
    var image: String

    func run() throws {
        do {
            let elf = try ELFImage(contentsOf: image)
            let checkout = Checkout.locate()
            let inspection = ImageInspection(
                path: image, image: elf,
                origins: Self.origins(sysroot: checkout.sysroot, nm: Toolchain.locate().tool(named: "llvm-nm")))
            print(inspection.report(), terminator: "")
        } catch let error as ToolError {
            error.messages.forEach { FileHandle.standardError.write(Data("runikraft: error: \($0)\n".utf8)) }
            throw ExitCode(error.status)
        }
    }

    /// Which sysroot archive (and kernel module) defines each symbol:
    /// `llvm-nm -A` names the member of every definition.
    static func origins(sysroot: Sysroot, nm: String) -> [String: ImageInspection.Origin] {
        var origins: [String: ImageInspection.Origin] = [:]
        let archives: [(String, String, Bool)] = [
            ("gcc", "compiler runtime (libgcc)", false), ("c", "libc (musl)", false), ("runikraft", "kernel", true),
        ]
        // Later archives win: the kernel's definitions of malloc and friends over any other.
        for (library, component, byModule) in archives {
            let archive = sysroot.archive(named: library)
            guard let output = try? ProcessRunner.captureOutput(
                Command(nm, ["-A", "--defined-only", "--quiet", "-j", archive])) else { continue }
            for line in output.split(separator: "\n") {
                guard let separator = line.range(of: ": ", options: .backwards) else { continue }
                let symbol = String(line[separator.upperBound...])
                let member = line[..<separator.lowerBound].split(separator: ":").last.map(String.init) ?? ""
                let module = byModule ? (member.hasSuffix(".o") ? String(member.dropLast(2)) : member) : nil
                origins[symbol] = ImageInspection.Origin(component: component, module: module)
            }
        }
        return origins
    }
}
