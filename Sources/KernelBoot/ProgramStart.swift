import CRISCV
import DeviceTree
import KernelArch
import KernelCommandLine
import KernelMemory
import KernelPlatform
import KernelPosix
import LinuxABI
import PageTables

/// Starts the program as Linux's ELF loader would start a static
/// executable: a fresh stack holding argv, envp and the auxiliary vector,
/// then musl's `__libc_start_main`.
enum ProgramStart {
    /// Where the main thread's stack lies, for fault reports.
    nonisolated(unsafe) static var mainStack: (bottom: UInt, top: UInt) = (0, 0)

    /// The program's stack: Linux's default 8 MiB limit, less on small
    /// machines (at most 1/16 of RAM), since every page is reserved for it.
    static func stackSize(ramSize: UInt) -> Int {
        min(8 << 20, Int(ramSize / 16))
    }

    static func run(commandLine: KernelCommandLine) -> Never {
        let size = stackSize(ramSize: Board.memory.size)
        let pageSize = PhysicalMemory.pageSize
        // One more page below the stack: its guard, which no access reaches.
        guard let guardPage = PhysicalMemory.allocate(pages: size / pageSize + 1, for: .stack) else {
            Log.line("not enough memory for the program's stack")
            Board.powerOff(status: 127)
        }
        let stackBase = guardPage + UInt(pageSize)
        AddressSpace.reserve(guardPage, pages: 1, access: .none)
        AddressSpace.reserve(stackBase, pages: size / pageSize, access: [.read, .write])
        mainStack = (stackBase, stackBase + UInt(size))
        if commandLine.hasOption("protections") { ProtectionReport.print(mainStack: mainStack) }
        ResourceLimits.initialize(stackSize: size)
        // rk.selfcheck (or rk.selfcheck=plant): the invariants at the end.
        if let check = commandLine.optionValue("selfcheck") {
            SelfCheck.begin(plantingLeak: DeviceTree.equal(check, "plant"))
        }
        do {
            let stackPointer = try buildStack(
                in: stackBase, size: size, commandLine: commandLine)
            BootTimeline.programStart = Processor.time
            let argv = stackPointer + 8
            let argc = Int(UserMemory.peek(Int(bitPattern: stackPointer), as: UInt64.self) ?? 0)
            Processor.startProgram(stack: stackPointer, main: entryPoint, argc: argc, argv: argv)
        } catch {
            Log.line("the arguments and environment do not fit on the program's stack")
            Board.powerOff(status: 127)
        }
    }

    /// What musl is told main() is: the program's own, or a trampoline that
    /// notes when main() was entered when the boot timeline is wanted.
    static var entryPoint: UInt {
        guard BootTimeline.isEnabled else { return rk_symbol_main() }
        return Processor.codeAddress(
            of: rk_enter_main as @convention(c) (Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32)
    }

    static func buildStack(
        in base: UInt, size: Int, commandLine: KernelCommandLine
    ) throws(Errno) -> UInt {
        // The top moves down by a random multiple of 16 bytes within a page
        // (ASLR: 8 bits on top of the stack's random page).
        var stack = InitialStack(bottom: base, top: base + UInt(size) - UInt(PhysicalMemory.random(below: 256)) * 16)
        var arguments = commandLine.tokens(of: .argument)
        let defaultName: StaticString = "program"
        if arguments.isEmpty {
            arguments.append(UnsafeRawBufferPointer(start: defaultName.utf8Start, count: defaultName.utf8CodeUnitCount))
        }
        var argumentAddresses: [UInt] = []
        for argument in arguments { argumentAddresses.append(try stack.pushString(argument)) }
        var environmentAddresses: [UInt] = []
        for variable in commandLine.tokens(of: .environment) { environmentAddresses.append(try stack.pushString(variable)) }

        var random: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &random) { Randomness.fill($0) }
        let randomAddress = try withUnsafeBytes(of: &random) { (bytes) throws(Errno) in try stack.pushBytes(bytes) }
        let headers = programHeaders()

        let auxiliary = [
            AuxiliaryEntry(.programHeaders, UInt64(headers.address)),
            AuxiliaryEntry(.programHeaderSize, UInt64(MemoryLayout<ProgramHeader>.stride)),
            AuxiliaryEntry(.programHeaderCount, UInt64(headers.count)),
            AuxiliaryEntry(.pageSize, UInt64(PhysicalMemory.pageSize)),
            AuxiliaryEntry(.entry, UInt64(ImageLayout.start)),
            AuxiliaryEntry(.uid, UInt64(ProcessIdentity.userID)),
            AuxiliaryEntry(.euid, UInt64(ProcessIdentity.userID)),
            AuxiliaryEntry(.gid, UInt64(ProcessIdentity.groupID)),
            AuxiliaryEntry(.egid, UInt64(ProcessIdentity.groupID)),
            AuxiliaryEntry(.hardwareCapabilities, hardwareCapabilities(isa: Board.isa)),
            AuxiliaryEntry(.clockTicks, 100),
            AuxiliaryEntry(.secure, 0),
            AuxiliaryEntry(.random, UInt64(randomAddress)),
            AuxiliaryEntry(.executableName, UInt64(argumentAddresses[0])),
        ]
        return try stack.finish(arguments: argumentAddresses, environment: environmentAddresses, auxiliary: auxiliary)
    }

    /// The image's program headers, described from the linker script's
    /// symbols: qemu loads the segments but not the ELF headers, so the
    /// kernel writes the table musl reads for TLS and stack size.
    static func programHeaders() -> (address: UInt, count: Int) {
        let table = UnsafeMutablePointer<ProgramHeader>.allocate(capacity: 5)
        func segment(_ start: UInt, _ end: UInt, _ flags: UInt32) -> ProgramHeader {
            ProgramHeader(type: ProgramHeader.load, flags: flags, address: UInt64(start),
                          fileSize: UInt64(end - start), memorySize: UInt64(end - start), alignment: 4096)
        }
        table[0] = segment(ImageLayout.start, ImageLayout.textEnd, ProgramHeader.readable | ProgramHeader.executable)
        table[1] = segment(ImageLayout.rodataStart, ImageLayout.dataStart, ProgramHeader.readable)
        table[2] = segment(ImageLayout.dataStart, ImageLayout.end, ProgramHeader.readable | ProgramHeader.writable)
        table[3] = ProgramHeader(
            type: ProgramHeader.threadLocalStorage, flags: ProgramHeader.readable,
            address: UInt64(ImageLayout.tlsStart), fileSize: UInt64(ImageLayout.tlsFileSize),
            memorySize: UInt64(ImageLayout.tlsMemorySize), alignment: UInt64(max(ImageLayout.tlsAlignment, 1)))
        table[4] = ProgramHeader(
            type: ProgramHeader.gnuStack, flags: ProgramHeader.readable | ProgramHeader.writable,
            address: 0, fileSize: 0, memorySize: 0, alignment: 16)
        return (UInt(bitPattern: table), 5)
    }

    /// AT_HWCAP: one bit per single-letter ISA extension ('a' is bit 0), from
    /// the first CPU's `riscv,isa` string, as Linux reports it.
    static func hardwareCapabilities(isa: UnsafeRawBufferPointer) -> UInt64 {
        guard isa.count > 4 else { return 0 }
        var bits: UInt64 = 0
        for byte in isa[4...] {   // skip "rv64"
            if byte == UInt8(ascii: "_") || byte == 0 { break }
            if byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { bits |= 1 << UInt64(byte - UInt8(ascii: "a")) }
        }
        if bits & (1 << 6) != 0 { bits |= 1 << 8 | 1 << 12 | 1 << 0 | 1 << 5 | 1 << 3 }   // G = IMAFD
        return bits
    }
}

/// main() behind a stopwatch: records when the program's own code starts.
@_cdecl("rk_enter_main")
public func rk_enter_main(_ argc: Int32, _ argv: UnsafeMutableRawPointer?, _ envp: UnsafeMutableRawPointer?) -> Int32 {
    BootTimeline.mainEntry = Processor.time
    let main = unsafeBitCast(rk_symbol_main(), to: (@convention(c) (Int32, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> Int32).self)
    return main(argc, argv, envp)
}
