import LinuxABI

/// Writes one syscall as strace does:
///
///     openat(AT_FDCWD, "/etc/app.conf", O_RDONLY) = -1 ENOENT (No such file or directory)
///
/// Strings and buffers show at most `stringLimit` bytes, escaped as C
/// writes them, with `...` after a cut; flags and codes by name; results
/// from -4095 to -1 as `-1 ENAME (message)`.
public struct SyscallFormatter<Memory: TraceMemory> {
    public var memory: Memory
    /// strace's default `-s 32`.
    public var stringLimit = 32

    public init(memory: Memory) {
        self.memory = memory
    }

    /// The call and its result, `name(arguments) = result`; a nil result
    /// (a call that does not return) is written `?`.
    public func write<Output: TraceOutput>(
        number: Int, arguments: SyscallArguments, result: Int?, to output: inout Output
    ) {
        writeCall(number: number, arguments: arguments, result: result, to: &output)
        output.write(" = ")
        guard let result else {
            output.write(byte: UInt8(ascii: "?"))
            return
        }
        if result < 0, result >= -4095 {
            output.write("-1 ")
            if let error = Errno(rawValue: Int32(-result)) {
                let description = error.description
                output.write(description.name)
                output.write(" (")
                output.write(description.message)
                output.write(byte: UInt8(ascii: ")"))
            } else {
                output.write("errno ")
                output.decimal(-result)
            }
        } else if SyscallSignature.of(number)?.result == .pointer {
            output.hex(UInt(bitPattern: result))
        } else {
            output.decimal(result)
        }
    }

    func writeCall<Output: TraceOutput>(number: Int, arguments: SyscallArguments, result: Int?, to output: inout Output) {
        if let call = Syscall(rawValue: number) {
            output.write(call.name)
        } else {
            output.write("syscall_")
            output.decimal(number)
        }
        output.write(byte: UInt8(ascii: "("))
        guard let signature = SyscallSignature.of(number) else {
            // Unknown arguments: all six, raw.
            for index in 0..<6 {
                if index > 0 { output.write(", ") }
                output.hex(UInt(bitPattern: arguments[index]))
            }
            output.write(byte: UInt8(ascii: ")"))
            return
        }
        for index in 0..<signature.count {
            let value = arguments[index]
            let kind = signature.argument(index)
            if kind == .creationMode, index > 0, !SymbolSet.createsFile(arguments[index - 1]) { break }
            if index > 0 { output.write(", ") }
            switch kind {
            case .integer: output.decimal(value)
            case .size: output.unsigned(UInt(bitPattern: value))
            case .descriptor: output.decimal(Int(Int32(truncatingIfNeeded: value)))
            case .directory:
                let descriptor = Int32(truncatingIfNeeded: value)
                if descriptor == -100 { output.write("AT_FDCWD") } else { output.decimal(Int(descriptor)) }
            case .pointer: writePointer(value, to: &output)
            case .mode, .creationMode: output.octal(UInt(bitPattern: value))
            case .string: writeString(at: value, count: nil, to: &output)
            case .inputBuffer:
                writeString(at: value, count: index + 1 < 6 ? arguments[index + 1] : 0, to: &output)
            case .outputBuffer:
                if let result, result >= 0 {
                    writeString(at: value, count: result, to: &output)
                } else {
                    writePointer(value, to: &output)
                }
            case .signalSet: writeSignalSet(at: value, to: &output)
            case .symbolic(let symbols): symbols.write(value, to: &output)
            }
        }
        output.write(byte: UInt8(ascii: ")"))
    }

    func writePointer<Output: TraceOutput>(_ value: Int, to output: inout Output) {
        if value == 0 { output.write("NULL") } else { output.hex(UInt(bitPattern: value)) }
    }

    /// The signals of a sigset_t (64 bits, signal n at bit n-1) by name
    /// without `SIG`, as strace writes them: `[INT USR1]`.
    func writeSignalSet<Output: TraceOutput>(at address: Int, to output: inout Output) {
        if address == 0 {
            output.write("NULL")
            return
        }
        var set: UInt64 = 0
        for index in 0..<8 {
            guard let byte = memory.byte(at: address + index) else {
                output.hex(UInt(bitPattern: address))
                return
            }
            set |= UInt64(byte) << UInt64(index * 8)
        }
        output.write(byte: UInt8(ascii: "["))
        var first = true
        for signal in 1...64 where set & (1 << UInt64(signal - 1)) != 0 {
            if !first { output.write(byte: UInt8(ascii: " ")) }
            first = false
            if let name = SymbolSet.signalName(signal) {
                // The name without its "SIG".
                let text = UnsafeRawBufferPointer(start: name.utf8Start + 3, count: name.utf8CodeUnitCount - 3)
                for byte in text { output.write(byte: byte) }
            } else {
                output.write("RT_")
                output.decimal(signal - 32)
            }
        }
        output.write(byte: UInt8(ascii: "]"))
    }

    /// A quoted C string: NUL-terminated when `count` is nil, else `count`
    /// bytes. Memory the program cannot pass shows as the address.
    func writeString<Output: TraceOutput>(at address: Int, count: Int?, to output: inout Output) {
        if address == 0 {
            output.write("NULL")
            return
        }
        guard memory.byte(at: address) != nil || count == 0 else {
            output.hex(UInt(bitPattern: address))
            return
        }
        output.write(byte: UInt8(ascii: "\""))
        var index = 0
        var truncated = false
        while true {
            if let count, index >= count { break }
            guard let byte = memory.byte(at: address + index) else { break }
            if count == nil, byte == 0 { break }
            if index == stringLimit {
                truncated = true
                break
            }
            writeEscaped(byte, next: memory.byte(at: address + index + 1), to: &output)
            index += 1
        }
        output.write(byte: UInt8(ascii: "\""))
        if truncated { output.write("...") }
    }

    /// One byte as C writes it in a string literal.
    func writeEscaped<Output: TraceOutput>(_ byte: UInt8, next: UInt8?, to output: inout Output) {
        switch byte {
        case UInt8(ascii: "\n"): output.write("\\n")
        case UInt8(ascii: "\t"): output.write("\\t")
        case UInt8(ascii: "\r"): output.write("\\r")
        case 0x0b: output.write("\\v")
        case 0x0c: output.write("\\f")
        case UInt8(ascii: "\""): output.write("\\\"")
        case UInt8(ascii: "\\"): output.write("\\\\")
        case 0x20..<0x7f: output.write(byte: byte)
        default:
            // Octal; three digits when a digit follows, so it is not read as part of the escape.
            output.write(byte: UInt8(ascii: "\\"))
            let wide = next.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") } ?? false
            if wide || byte >= 0o100 { output.write(byte: UInt8(ascii: "0") + byte >> 6) }
            if wide || byte >= 0o10 { output.write(byte: UInt8(ascii: "0") + (byte >> 3) & 7) }
            output.write(byte: UInt8(ascii: "0") + byte & 7)
        }
    }
}

/// The six argument registers of a syscall.
public struct SyscallArguments {
    public var values: (Int, Int, Int, Int, Int, Int)

    public init(_ a0: Int = 0, _ a1: Int = 0, _ a2: Int = 0, _ a3: Int = 0, _ a4: Int = 0, _ a5: Int = 0) {
        values = (a0, a1, a2, a3, a4, a5)
    }

    public subscript(index: Int) -> Int {
        switch index {
        case 0: values.0
        case 1: values.1
        case 2: values.2
        case 3: values.3
        case 4: values.4
        default: values.5
        }
    }
}
