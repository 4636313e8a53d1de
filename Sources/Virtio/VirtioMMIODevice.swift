/// A device behind the virtio-mmio transport (virtio 1.2 §4.2), in either
/// register layout: the modern one (Version 2) and the legacy one
/// (Version 1, §4.2.4), which qemu's `virt` machine offers by default.
/// The two differ in feature negotiation (legacy: 32 bits, no
/// FEATURES_OK) and in how a queue's memory is given (legacy: one page
/// frame number; modern: three 64-bit addresses and QueueReady).
public struct VirtioMMIODevice<Registers: VirtioRegisters> {
    /// "virt" in little-endian ASCII.
    public static var magicValue: UInt32 { 0x7472_6976 }
    /// §6: VIRTIO_F_VERSION_1, which a modern driver must accept.
    public static var versionOneFeature: UInt64 { 1 << 32 }

    public let registers: Registers
    /// 1 (legacy) or 2 (modern).
    public let version: UInt32
    public let deviceID: UInt32

    /// The device in the slot, or nil for an empty slot (DeviceID 0), a
    /// wrong magic value or an unknown version.
    public init?(registers: Registers) {
        guard registers.read32(VirtioMMIORegister.magic) == Self.magicValue else { return nil }
        let version = registers.read32(VirtioMMIORegister.version)
        guard version == 1 || version == 2 else { return nil }
        let deviceID = registers.read32(VirtioMMIORegister.deviceID)
        guard deviceID != 0 else { return nil }
        self.registers = registers
        self.version = version
        self.deviceID = deviceID
    }

    public var isLegacy: Bool { version == 1 }

    /// §3.1.1 steps 1–6: reset, ACKNOWLEDGE, DRIVER, then the features both
    /// sides know of `wanted` (plus VERSION_1 on a modern device).
    /// Returns the accepted features, or nil (status FAILED) when the
    /// device refuses them or, modern, does not offer VERSION_1.
    public func negotiate(wanted: UInt64) -> UInt64? {
        reset()
        registers.write32(VirtioMMIORegister.status, VirtioStatus.acknowledge)
        registers.write32(VirtioMMIORegister.status, VirtioStatus.acknowledge | VirtioStatus.driver)
        var offered: UInt64 = 0
        for word in 0..<(isLegacy ? 1 : 2) as Range<UInt32> {
            registers.write32(VirtioMMIORegister.deviceFeaturesSelect, word)
            offered |= UInt64(registers.read32(VirtioMMIORegister.deviceFeatures)) << (32 * UInt64(word))
        }
        var accepted = offered & wanted
        if !isLegacy {
            guard offered & Self.versionOneFeature != 0 else {
                fail()
                return nil
            }
            accepted |= Self.versionOneFeature
        }
        for word in 0..<(isLegacy ? 1 : 2) as Range<UInt32> {
            registers.write32(VirtioMMIORegister.driverFeaturesSelect, word)
            registers.write32(VirtioMMIORegister.driverFeatures, UInt32(truncatingIfNeeded: accepted >> (32 * UInt64(word))))
        }
        if isLegacy {
            // §4.2.4: the legacy interface has no FEATURES_OK; it wants the
            // page size that page frame numbers count in.
            registers.write32(VirtioMMIORegister.guestPageSize, UInt32(VirtqueueLayout.alignment))
            return accepted
        }
        let status = VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK
        registers.write32(VirtioMMIORegister.status, status)
        guard registers.read32(VirtioMMIORegister.status) & VirtioStatus.featuresOK != 0 else {
            fail()
            return nil
        }
        return accepted
    }

    /// The largest size queue `index` allows; 0 when the queue does not
    /// exist (or, modern, is already in use).
    public func maximumQueueSize(_ index: UInt32) -> UInt16 {
        registers.write32(VirtioMMIORegister.queueSelect, index)
        if !isLegacy, registers.read32(VirtioMMIORegister.queueReady) != 0 { return 0 }
        return UInt16(clamping: registers.read32(VirtioMMIORegister.queueSizeMaximum))
    }

    /// Gives queue `index` the rings at `rings` (§4.2.3.2, §4.2.4); false
    /// when a legacy device cannot address them (a page frame number
    /// wider than 32 bits).
    public func activate(queue index: UInt32, _ rings: VirtqueueRings) -> Bool {
        registers.write32(VirtioMMIORegister.queueSelect, index)
        registers.write32(VirtioMMIORegister.queueSize, UInt32(rings.size))
        if isLegacy {
            guard let frame = UInt32(exactly: rings.descriptorTable / VirtqueueLayout.alignment) else { return false }
            registers.write32(VirtioMMIORegister.queueAlign, UInt32(VirtqueueLayout.alignment))
            registers.write32(VirtioMMIORegister.queuePageFrame, frame)
            return true
        }
        write64(VirtioMMIORegister.queueDescriptorLow, rings.descriptorTable)
        write64(VirtioMMIORegister.queueDriverLow, rings.availableRing)
        write64(VirtioMMIORegister.queueDeviceLow, rings.usedRing)
        registers.write32(VirtioMMIORegister.queueReady, 1)
        return true
    }

    private func write64(_ lowOffset: UInt, _ value: UInt) {
        registers.write32(lowOffset, UInt32(truncatingIfNeeded: value))
        registers.write32(lowOffset + 4, UInt32(truncatingIfNeeded: UInt64(value) >> 32))
    }

    /// §3.1.1 step 8: the driver is ready; the device may use its queues.
    public func setDriverReady() {
        let features: UInt32 = isLegacy ? 0 : VirtioStatus.featuresOK
        registers.write32(VirtioMMIORegister.status, VirtioStatus.acknowledge | VirtioStatus.driver | features | VirtioStatus.driverOK)
    }

    /// §2.4: writing 0 resets the device; it forgets its queues.
    public func reset() {
        registers.write32(VirtioMMIORegister.status, 0)
    }

    public func fail() {
        registers.write32(VirtioMMIORegister.status, registers.read32(VirtioMMIORegister.status) | VirtioStatus.failed)
    }

    public func notify(queue index: UInt32) {
        registers.write32(VirtioMMIORegister.queueNotify, index)
    }

    /// Reads and acknowledges the interrupt causes (bit 0: a used buffer,
    /// bit 1: a configuration change).
    public func acknowledgeInterrupt() -> UInt32 {
        let causes = registers.read32(VirtioMMIORegister.interruptStatus)
        if causes != 0 { registers.write32(VirtioMMIORegister.interruptAcknowledge, causes) }
        return causes
    }

    /// A 32-bit word of the device-specific configuration (§4.2.2.2: read
    /// in 32-bit units at aligned offsets).
    public func config32(_ offset: UInt) -> UInt32 {
        registers.read32(VirtioMMIORegister.config + offset)
    }

    /// A byte of the device-specific configuration (strings such as
    /// virtio-9p's tag; a modern device refuses a word read that runs past
    /// the configuration's end).
    public func config8(_ offset: UInt) -> UInt8 {
        registers.read8(VirtioMMIORegister.config + offset)
    }

    /// A 64-bit configuration field, read until the configuration
    /// generation is stable (modern, §2.5.1) so the halves match.
    public func config64(_ offset: UInt) -> UInt64 {
        while true {
            let generation = isLegacy ? 0 : registers.read32(VirtioMMIORegister.configGeneration)
            let value = UInt64(config32(offset)) | UInt64(config32(offset + 4)) << 32
            if isLegacy || registers.read32(VirtioMMIORegister.configGeneration) == generation { return value }
        }
    }
}

/// §4.2.2 register offsets (legacy-only ones marked).
enum VirtioMMIORegister {
    static let magic: UInt = 0x000
    static let version: UInt = 0x004
    static let deviceID: UInt = 0x008
    static let deviceFeatures: UInt = 0x010
    static let deviceFeaturesSelect: UInt = 0x014
    static let driverFeatures: UInt = 0x020
    static let driverFeaturesSelect: UInt = 0x024
    static let guestPageSize: UInt = 0x028        // legacy
    static let queueSelect: UInt = 0x030
    static let queueSizeMaximum: UInt = 0x034
    static let queueSize: UInt = 0x038
    static let queueAlign: UInt = 0x03c           // legacy
    static let queuePageFrame: UInt = 0x040       // legacy
    static let queueReady: UInt = 0x044
    static let queueNotify: UInt = 0x050
    static let interruptStatus: UInt = 0x060
    static let interruptAcknowledge: UInt = 0x064
    static let status: UInt = 0x070
    static let queueDescriptorLow: UInt = 0x080
    static let queueDescriptorHigh: UInt = 0x084
    static let queueDriverLow: UInt = 0x090
    static let queueDriverHigh: UInt = 0x094
    static let queueDeviceLow: UInt = 0x0a0
    static let queueDeviceHigh: UInt = 0x0a4
    static let configGeneration: UInt = 0x0fc
    static let config: UInt = 0x100
}

/// §2.1 device status bits.
public enum VirtioStatus {
    public static let acknowledge: UInt32 = 1
    public static let driver: UInt32 = 2
    public static let driverOK: UInt32 = 4
    public static let featuresOK: UInt32 = 8
    public static let failed: UInt32 = 128
}

