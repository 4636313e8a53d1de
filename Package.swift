// swift-tools-version:6.0
import PackageDescription

// The host package: the `runikraft` tool and the hardware-free modules that
// `swift test` covers. Kernel modules that also compile for the host are added
// as library targets (with a test target each) to the lists below; the kernel
// itself is built for riscv64 by mk/kernel.mk, never through this manifest.

let argumentParser: Target.Dependency = .product(
    name: "ArgumentParser", package: "swift-argument-parser")

/// Kernel modules free of hardware access: the kernel build compiles them
/// for riscv64 in Embedded Swift, and `swift test` runs them on the host.
let kernelLogic: [Target] = [
    .target(name: "LinuxABI"),
    .target(name: "DeviceTree"),
    .target(name: "KernelCommandLine"),
    .target(name: "Entropy"),
    .target(name: "Allocators"),
    .target(name: "SchedulingPolicy"),
    .target(name: "SyscallTrace", dependencies: ["LinuxABI"]),
    .target(name: "Virtio"),
    .target(name: "NineP", dependencies: ["LinuxABI"]),
    .target(name: "NameIndex"),
    .target(name: "Ext2", dependencies: ["LinuxABI", "NameIndex"]),
    .target(name: "CpioArchive"),
    .target(name: "PageTables"),
]

let libraries: [Target] = kernelLogic + [
    .target(name: "RunikraftTool", dependencies: ["CpioArchive"]),
]

let executables: [Target] = [
    .executableTarget(name: "runikraft", dependencies: ["RunikraftTool", argumentParser]),
]

let tests: [Target] = [
    .testTarget(name: "RunikraftToolTests", dependencies: ["RunikraftTool"]),
    .testTarget(name: "KernelLogicTests", dependencies: kernelLogic.map { .target(name: $0.name) }),
]

let package = Package(
    name: "Runikraft",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runikraft", targets: ["runikraft"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: libraries + executables + tests
)
