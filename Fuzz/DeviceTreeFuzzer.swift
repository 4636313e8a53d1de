import DeviceTree

/// The device tree as the kernel reads it at boot (KernelPlatform,
/// KernelVirtio): the header, the nodes it looks up by path and by
/// `compatible`, every node's properties, `reg` entries and children.
@_cdecl("LLVMFuzzerTestOneInput")
public func deviceTreeFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size)
    // The kernel finds the blob at an address firmware gives; here the
    // header's size is checked against the bytes there are.
    guard let tree = DeviceTree(bytes: input.bytes) else { return 0 }
    var sum: UInt64 = 0
    tree.forEachNode { node in
        sum &+= UInt64(node.name.count)
        node.forEachProperty { name, value in
            sum &+= UInt64(name.count &+ value.count)
            return true
        }
        for index in 0..<min(node.registerCount, 16) {
            if let entry = node.register(index) { sum &+= entry.address &+ entry.size }
        }
        sum &+= UInt64(node.u32("interrupts") ?? 0)
        _ = node.isCompatible(with: "virtio,mmio")
        node.forEachChild { child in
            sum &+= UInt64(child.name.count)
            return true
        }
        return true
    }
    if let chosen = tree.node(atPath: "/chosen") {
        sum &+= chosen.number("linux,initrd-start") ?? 0
        sum &+= chosen.number("linux,initrd-end") ?? 0
        sum &+= UInt64(chosen.property("bootargs")?.count ?? 0)
        sum &+= UInt64(chosen.property("rng-seed")?.count ?? 0)
    }
    sum &+= UInt64(tree.node(atPath: "/cpus")?.u32("timebase-frequency") ?? 0)
    sum &+= tree.node(atPath: "/memory")?.register()?.size ?? 0
    sum &+= tree.node(atPath: "/soc/plic")?.register(1)?.address ?? 0
    for name: StaticString in ["riscv,plic0", "sifive,plic-1.0.0", "ns16550a", "google,goldfish-rtc", "syscon-poweroff"] {
        sum &+= tree.firstNode(compatibleWith: name)?.register()?.address ?? 0
    }
    if let cpu = tree.firstNode(compatibleWith: "riscv") { sum &+= UInt64(cpu.property("riscv,isa")?.count ?? 0) }
    keep(sum)
    return 0
}
