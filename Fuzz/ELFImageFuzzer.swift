import Foundation
import RunikraftTool

/// What the host tool reads of an image it did not build itself:
/// `runikraft inspect` (ELF headers, sections, segments, the symbol
/// table and the report made of them) and, when relaying a crash report,
/// the console's frame lines and llvm-symbolizer's answers. The same
/// bytes serve as all three.
@_cdecl("LLVMFuzzerTestOneInput")
public func elfImageFuzzer(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(FuzzInput(data, size).bytes)
    let image = try? ELFImage(bytes: bytes, name: "fuzzed")
    if let image {
        let inspection = ImageInspection(path: "fuzzed", image: image, origins: [:])
        keep(inspection.report().utf8.count)
        keep(inspection.sizeByOrigin().count)
    }
    let symbols = image?.symbols ?? []
    var symbolizer = BacktraceSymbolizer { address in
        symbols.first { $0.value <= address && address &- $0.value < max($0.size, 1) }?.name
    }
    keep(symbolizer.filter(bytes).count)
    keep(symbolizer.finish().count)
    keep(BacktraceSymbolizer.description(fromSymbolizerOutput: String(decoding: bytes, as: UTF8.self))?.utf8.count ?? 0)
    return 0
}
