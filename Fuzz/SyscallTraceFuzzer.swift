import SyscallTrace

/// The program's memory as the tracer sees it: the input's bytes from
/// `base` on, nothing elsewhere.
struct FuzzedMemory: TraceMemory {
    static let base = 0x1000
    let bytes: UnsafeRawBufferPointer

    func byte(at address: Int) -> UInt8? {
        let (offset, overflow) = address.subtractingReportingOverflow(Self.base)
        guard !overflow, offset >= 0, offset < bytes.count else { return nil }
        return bytes[offset]
    }
}

/// Counts a trace line's bytes without keeping them.
struct CountedOutput: TraceOutput {
    var count = 0
    mutating func write(_ text: StaticString) { count += text.utf8CodeUnitCount }
    mutating func write(byte: UInt8) { count += 1 }
}

/// The syscall tracer's decoders on anything a program may pass: the
/// input is a syscall number, six arguments, a result (or none), a string
/// limit and the program's memory at 0x1000 (strings, buffers, structs the
/// arguments point to). Every call also gets its return line.
@_cdecl("LLVMFuzzerTestOneInput")
public func syscallTraceFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let number = Int(input.integer(UInt16.self))
    let arguments = SyscallArguments(
        input.integer(), input.integer(), input.integer(), input.integer(), input.integer(), input.integer())
    let returns = input.integer(UInt8.self) & 1 == 0
    let result: Int = input.integer()
    let limit = Int(input.integer(UInt8.self))
    var formatter = SyscallFormatter(memory: FuzzedMemory(bytes: input.rest()))
    formatter.stringLimit = limit
    var output = CountedOutput()
    formatter.write(number: number, arguments: arguments, result: returns ? result : nil, to: &output)
    keep(output.count)
    return 0
}
