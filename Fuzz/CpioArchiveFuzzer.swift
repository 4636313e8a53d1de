import CpioArchive

/// The initrd as the kernel unpacks it: every entry of a cpio archive.
@_cdecl("LLVMFuzzerTestOneInput")
public func cpioArchiveFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var reader = CpioReader(FuzzInput(data, size).bytes)
    var sum = 0
    do {
        while let entry = try reader.next() {
            sum &+= entry.name.count &+ entry.data.count &+ Int(entry.mode)
        }
    } catch {
        sum &+= 1
    }
    keep(sum)
    return 0
}
