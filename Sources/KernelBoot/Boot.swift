import DeviceTree
import KernelArch
import KernelCommandLine
import KernelMemory
import KernelPlatform
import KernelPosix
import KernelScheduler
import KernelStorage
import KernelVirtio

/// Boot: the order in which the layers come up, then the program starts.
/// Called by _start (boot.S) on the boot stack, with the image already at
/// its random virtual base (relocate.c), with the FDT's address, the `time`
/// of the first instruction and the `time` relocation ended.
@_cdecl("rk_boot")
public func rk_boot(_ hartID: UInt, _ deviceTreeAddress: UInt, _ entryTicks: UInt64, _ relocatedTicks: UInt64) -> Never {
    BootTimeline.kernelEntry = entryTicks
    BootTimeline.mark(.relocation, at: relocatedTicks)
    CSR.installTrapVector()
    guard let tree = DeviceTree(address: UnsafeRawPointer(bitPattern: deviceTreeAddress)!) else {
        // Without a device tree there is no console to say so on.
        SBI.shutdown(failure: true)
        while true { Processor.waitForInterrupt() }
    }
    Board.configure(deviceTree: tree, hart: hartID)
    BootTimeline.mark(.board)
    let ram = Board.memory
    PhysicalMemory.initialize(
        ramBase: ram.base, ramSize: ram.size,
        reserved: (deviceTreeAddress, deviceTreeAddress + UInt(tree.bytes.count)))
    let initrd = claimInitialRamDisk()
    AnonymousMemory.initialize(ramEnd: ram.base + ram.size)
    UserMemory.configure(ramStart: PhysicalMemory.firstFreeAddress, ramEnd: ram.base + ram.size)
    BootTimeline.mark(.memory)

    let arguments = Board.bootArguments
    let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(arguments.count, 1), alignment: 1)
    let commandLine = KernelCommandLine(decoding: arguments, into: storage)
    if commandLine.hasOption("marker") {
        // `runikraft run` drops the console output up to here: the firmware's
        // banner is not the program's output.
        Console.write(Console.startMarker)
    }
    BootTimeline.isEnabled = commandLine.hasOption("timing")
    let pagingOff = commandLine.optionValue("paging").map { DeviceTree.equal($0, "off") } ?? false
    if !pagingOff, !AddressSpace.enable(ramBase: ram.base, ramEnd: ram.base + ram.size) {
        Log.line("not enough memory for the page tables; running without memory protection")
    }
    let logLevel = commandLine.optionValue("log")
    if let logLevel, let level = Log.Level.named(logLevel) { Log.threshold = level }
    // rk.entropy=seed|virtio|none trusts only the source named (default:
    // the device tree's rng-seed and a virtio-rng device).
    let entropy = commandLine.optionValue("entropy")
    Randomness.trustsFirmwareSeed = entropy.map { DeviceTree.equal($0, "seed") } ?? true
    VirtioDevices.probe(usingEntropy: entropy.map { DeviceTree.equal($0, "virtio") } ?? true)
    // After the probe, so that the line reaches the log channel.
    Log.line(.debug, "boot: memory, page tables and devices ready")
    if let logLevel, Log.Level.named(logLevel) == nil {
        Log.line(.warn) { line in
            line.text("unknown log level \"")
            line.bytes(logLevel)
            line.text("\" in rk.log (expected debug, info, warn or error)")
        }
    }
    if let trace = commandLine.optionValue("trace"), !SyscallEntry.startTracing(trace) {
        Log.line("rk.trace: this image was linked without the syscall tracer (RUNIKRAFT_SYSCALL_TRACE=off)")
    }
    if let stdin = commandLine.optionValue("stdin") {
        ConsoleTerminal.inputIsPipe = DeviceTree.equal(stdin, "pipe")
    }
    Randomness.warnIfUnseeded()
    reportImagePlacement()
    for word in commandLine.tokens(of: .unrecognized) {
        Log.line(.warn) { line in
            line.text("ignoring kernel command-line word \"")
            line.bytes(word)
            line.text("\"")
        }
    }
    BootTimeline.mark(.options)
    Scheduler.start(mainThreadID: ProcessIdentity.processID)
    Interrupts.register(source: Console.interruptLine) { ConsoleTerminal.inputInterrupt() }
    Scheduler.externalInterruptHandler = { Interrupts.dispatch() }
    BootTimeline.mark(.scheduler)
    FileSystemSetup.start(
        initrd: initrd.map { UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: $0.start), count: Int($0.end - $0.start)) },
        program: commandLine.tokens(of: .argument).first, options: commandLine)
    StorageMounts.mountAll(commandLine)
    Log.line(.debug, "boot: file systems mounted; starting the program")
    if let initrd {
        // Unpacked into the root file system: its pages are free memory now.
        let start = PhysicalMemory.roundDown(initrd.start)
        PhysicalMemory.free(start, pages: Int((PhysicalMemory.roundUp(initrd.end) - start) / UInt(PhysicalMemory.pageSize)))
    }
    BootTimeline.mark(.files)
    ProgramStart.run(commandLine: commandLine)
}

/// Says where the image runs (debug), or why it stays where it was loaded
/// when the user did not ask for that.
private func reportImagePlacement() {
    switch ImageLayout.unmovedReason {
    case .moved:
        Log.line(.debug) { line in
            line.text("boot: image at ")
            line.hex(UInt64(ImageLayout.start), digits: 16)
        }
    case .askedNotTo:
        break
    case .noEntropy:
        Log.line(.warn, "image not randomised: the device tree has no rng-seed or kaslr-seed")
    case .unknownRelocation:
        Log.line(.warn, "image not randomised: it has relocations other than R_RISCV_RELATIVE (relink it with runikraft-cc)")
    case .tooLarge:
        Log.line(.warn, "image not randomised: it is larger than 1 GiB")
    }
}

/// Keeps the allocator off the initrd qemu loaded until it is unpacked.
private func claimInitialRamDisk() -> (start: UInt, end: UInt)? {
    guard let range = Board.initialRamDisk else { return nil }
    let start = PhysicalMemory.roundDown(range.start)
    let pages = Int((PhysicalMemory.roundUp(range.end) - start) / UInt(PhysicalMemory.pageSize))
    guard PhysicalMemory.claim(start, pages: pages) else {
        Log.line("initrd: its memory is already in use; ignoring it")
        return nil
    }
    return range
}
