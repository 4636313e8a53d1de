/// SiFive's test finisher (`sifive,test0`, at 0x100000 on qemu virt): one
/// write ends the machine, and qemu exits with the status it carries.
public struct TestFinisher {
    private enum Command {
        static let pass: UInt32 = 0x5555
        static let fail: UInt32 = 0x3333   // status in bits 31:16
    }

    private let registers: RegisterBlock

    public init(base: UInt) {
        registers = RegisterBlock(base: base)
    }

    /// Ends the machine; qemu exits with `status` (0...0xffff).
    public func finish(status: Int) {
        let command = status == 0 ? Command.pass : UInt32(truncatingIfNeeded: status) << 16 | Command.fail
        registers.write32(0, command)
    }
}
