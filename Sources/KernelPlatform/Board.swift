import DeviceTree
import KernelArch

/// qemu's `virt` machine, as its device tree describes it. The board file
/// binds the concrete drivers; layers above use Console, Clock and
/// `powerOff` and never see a device address.
public enum Board {
    /// The RAM bank of the `/memory` node.
    nonisolated(unsafe) public private(set) static var memory: (base: UInt, size: UInt) = (0, 0)
    /// Seed bytes from `/chosen/rng-seed`, if the firmware gave any.
    nonisolated(unsafe) public private(set) static var randomSeed: UnsafeRawBufferPointer?
    /// `/chosen/bootargs`, without its terminating NUL.
    nonisolated(unsafe) public private(set) static var bootArguments = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The `virtio,mmio` slots, for drivers to probe (qemu virt has 8).
    nonisolated(unsafe) public private(set) static var virtioSlotCount = 0
    nonisolated(unsafe) private static var virtioSlotTable = VirtioSlotTable()
    /// The interrupt controller, where there is one.
    nonisolated(unsafe) public private(set) static var interruptController: PLIC?
    nonisolated(unsafe) static var finisher: TestFinisher?
    /// The initrd qemu loaded (`-initrd`), from `/chosen`
    /// `linux,initrd-start`/`-end`: its physical range, if there is one.
    nonisolated(unsafe) public private(set) static var initialRamDisk: (start: UInt, end: UInt)?
    /// The first CPU's `riscv,isa` string, e.g. `rv64imafdch_zicsr_sstc`.
    nonisolated(unsafe) public private(set) static var isa = UnsafeRawBufferPointer(start: nil, count: 0)

    /// Finds the devices this kernel drives, in one pass over the tree, and
    /// sets up console and clock.
    public static func configure(deviceTree tree: DeviceTree, hart: UInt) {
        var uart: DeviceTree.Node?
        var plic: DeviceTree.Node?
        var rtc: GoldfishRTC?
        tree.forEachNode { node in
            guard let compatible = node.property("compatible") else { return true }
            func matches(_ name: StaticString) -> Bool { DeviceTree.list(compatible, contains: name) }
            if matches("virtio,mmio") {
                if virtioSlotCount < VirtioSlotTable.capacity, let reg = node.register() {
                    virtioSlotTable.set(virtioSlotCount, VirtioSlot(
                        address: UInt(reg.address), interrupt: node.u32("interrupts") ?? 0))
                    virtioSlotCount += 1
                }
            } else if matches("riscv") {
                if isa.isEmpty, let value = node.property("riscv,isa") {
                    isa = UnsafeRawBufferPointer(rebasing: value[..<(value.firstIndex(of: 0) ?? value.count)])
                }
            } else if matches("ns16550a") {
                if uart == nil { uart = node }
            } else if matches("riscv,plic0") || matches("sifive,plic-1.0.0") {
                plic = node
            } else if matches("sifive,test0"), let reg = node.register() {
                finisher = TestFinisher(base: UInt(reg.address))
            } else if matches("google,goldfish-rtc"), let reg = node.register() {
                rtc = GoldfishRTC(base: UInt(reg.address))
            }
            return true
        }
        if let plic, let plicReg = plic.register() {
            interruptController = PLIC(base: UInt(plicReg.address), hart: hart)
        }
        if let uart, let reg = uart.register() {
            let device = Uart16550(base: UInt(reg.address))
            device.configure()
            Console.uart = device
            if let line = uart.u32("interrupts") { Console.interruptLine = line }
        }
        if let node = tree.node(atPath: "/memory"), let reg = node.register() {
            memory = (UInt(reg.address), UInt(reg.size))
        }
        if let chosen = tree.node(atPath: "/chosen") {
            if let seed = chosen.property("rng-seed"), seed.count > 0 { randomSeed = seed }
            if let arguments = chosen.property("bootargs") {
                let length = arguments.firstIndex(of: 0) ?? arguments.count
                bootArguments = UnsafeRawBufferPointer(rebasing: arguments[..<length])
            }
            if let start = chosen.number("linux,initrd-start"), let end = chosen.number("linux,initrd-end"), end > start {
                initialRamDisk = (UInt(start), UInt(end))
            }
        }
        Randomness.seed(fromFirmware: randomSeed)
        let frequency = tree.node(atPath: "/cpus")?.u32("timebase-frequency") ?? 0
        Timer.hasSstc = hasExtension("sstc")
        Clock.configure(frequency: UInt64(frequency), rtc: rtc)
    }

    /// The `index`-th `virtio,mmio` slot (0 ..< virtioSlotCount).
    public static func virtioSlot(_ index: Int) -> VirtioSlot {
        virtioSlotTable.get(index)
    }

    /// Whether the ISA string names the multi-letter extension `name`.
    static func hasExtension(_ name: StaticString) -> Bool {
        var start = 0
        for index in 0...isa.count {
            guard index == isa.count || isa[index] == UInt8(ascii: "_") else { continue }
            if DeviceTree.equal(UnsafeRawBufferPointer(rebasing: isa[start..<index]), name) { return true }
            start = index + 1
        }
        return false
    }

    /// Ends the machine with `status` as qemu's exit status: through the test
    /// finisher where there is one, else SBI system reset (where the status
    /// can only be success or failure).
    public static func powerOff(status: Int) -> Never {
        BootTimeline.report(status: status)
        Console.flush()
        finisher?.finish(status: status)
        SBI.shutdown(failure: status != 0)
        while true { Processor.waitForInterrupt() }
    }
}

/// A `virtio,mmio` node: its register window and its PLIC source.
public struct VirtioSlot {
    public let address: UInt
    public let interrupt: UInt32
}

/// Room for the slots found before the kernel has a heap.
private struct VirtioSlotTable {
    static let capacity = 16
    private var addresses: (UInt, UInt, UInt, UInt, UInt, UInt, UInt, UInt,
                            UInt, UInt, UInt, UInt, UInt, UInt, UInt, UInt) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var interrupts: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                             UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    mutating func set(_ index: Int, _ slot: VirtioSlot) {
        withUnsafeMutableBytes(of: &addresses) { $0.storeBytes(of: slot.address, toByteOffset: index * 8, as: UInt.self) }
        withUnsafeMutableBytes(of: &interrupts) { $0.storeBytes(of: slot.interrupt, toByteOffset: index * 4, as: UInt32.self) }
    }

    func get(_ index: Int) -> VirtioSlot {
        let address = withUnsafeBytes(of: addresses) { $0.load(fromByteOffset: index * 8, as: UInt.self) }
        let interrupt = withUnsafeBytes(of: interrupts) { $0.load(fromByteOffset: index * 4, as: UInt32.self) }
        return VirtioSlot(address: address, interrupt: interrupt)
    }
}
