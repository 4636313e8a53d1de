import KernelCommandLine
import SyscallTrace

/// The kernel command line (`/chosen/bootargs`) as the kernel decodes it:
/// tokens and their kinds, the options it asks for, and `rk.trace=LIST`.
@_cdecl("LLVMFuzzerTestOneInput")
public func kernelCommandLineFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: input.bytes.count, alignment: 1)
    defer { storage.deallocate() }
    let line = KernelCommandLine(decoding: input.bytes, into: storage)
    var sum = line.tokens.count
    for kind: KernelCommandLine.Kind in [.kernelOption, .environment, .argument, .unrecognized] {
        sum &+= line.tokens(of: kind).count
    }
    for option: StaticString in ["trace", "log", "timing", "root.size", "paging", "disk", "share", "protections"] {
        sum &+= line.optionValue(option)?.count ?? 0
        sum &+= line.hasOption(option) ? 1 : 0
    }
    if let list = line.optionValue("trace") {
        let selection = TraceSelection(parsing: list) { sum &+= $0.count }
        for number in 0..<(TraceSelection.limit + 8) where selection.contains(number) { sum &+= 1 }
    }
    keep(sum)
    return 0
}
