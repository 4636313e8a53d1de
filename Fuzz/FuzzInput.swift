/// The fuzzer's bytes read front to back as the fields of a structured
/// input (a syscall's number and arguments, a server's next reply). Past
/// the end every field reads as zero, so every byte string is an input.
struct FuzzInput {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    }

    var remaining: Int { max(bytes.count - position, 0) }

    mutating func integer<Value: FixedWidthInteger>(_: Value.Type = Value.self) -> Value {
        var value: Value = 0
        for index in 0..<MemoryLayout<Value>.size where position < bytes.count {
            value |= Value(truncatingIfNeeded: bytes[position]) << (8 * index)
            position += 1
        }
        return value
    }

    /// At most `count` bytes, in place.
    mutating func take(_ count: Int) -> UnsafeRawBufferPointer {
        let end = position + min(max(count, 0), remaining)
        defer { position = end }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<end])
    }

    /// Everything not read yet.
    mutating func rest() -> UnsafeRawBufferPointer { take(remaining) }
}

/// The bytes of `text`, for parsers that take raw buffers.
func staticBytes(_ text: StaticString) -> UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
}

/// Where a harness leaves what it computed, so that the optimizer keeps
/// every read of the parser's results.
nonisolated(unsafe) var fuzzSink: UInt64 = 0

func keep(_ value: some BinaryInteger) {
    fuzzSink &+= UInt64(truncatingIfNeeded: value)
}

/// Runs one operation on parsed input, which may fail (the parser's
/// answer to bad input) but never trap.
func attempt(_ body: () throws -> Void) {
    do { try body() } catch { keep(1) }
}
