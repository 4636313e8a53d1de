/// A read-only view of a flattened device tree (Devicetree Specification
/// v0.4, chapter 5: "Flattened Devicetree (DTB) Format"). All fields are
/// big-endian. The view never allocates, so the kernel can use it before its
/// heap exists.
public struct DeviceTree {
    /// Header fields, offsets in bytes (spec 5.2).
    private enum Header {
        static let magic = 0          // 0xd00dfeed
        static let totalSize = 4
        static let structureOffset = 8
        static let stringsOffset = 12
        static let version = 20
        static let stringsSize = 32
        static let structureSize = 36
        static let size = 40
    }

    /// Structure-block tokens (spec 5.4.1).
    private enum Token {
        static let beginNode: UInt32 = 1
        static let endNode: UInt32 = 2
        static let property: UInt32 = 3
        static let nop: UInt32 = 4
        static let end: UInt32 = 9
    }

    public static let magic: UInt32 = 0xd00d_feed

    /// The whole blob.
    public let bytes: UnsafeRawBufferPointer
    private let structure: UnsafeRawBufferPointer
    private let strings: UnsafeRawBufferPointer

    /// Validates the header of the blob at `address`; nil if it is not a DTB
    /// of version 16 or later.
    public init?(address: UnsafeRawPointer) {
        let header = UnsafeRawBufferPointer(start: address, count: Header.size)
        guard Self.readU32(header, Header.magic) == Self.magic else { return nil }
        let total = Int(Self.readU32(header, Header.totalSize))
        self.init(bytes: UnsafeRawBufferPointer(start: address, count: total))
    }

    /// Validates `bytes` as a DTB; nil if the header or its offsets are bad.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= Header.size,
              Self.readU32(bytes, Header.magic) == Self.magic,
              Int(Self.readU32(bytes, Header.totalSize)) <= bytes.count,
              Self.readU32(bytes, Header.version) >= 16 else { return nil }
        let structureStart = Int(Self.readU32(bytes, Header.structureOffset))
        let structureSize = Int(Self.readU32(bytes, Header.structureSize))
        let stringsStart = Int(Self.readU32(bytes, Header.stringsOffset))
        let stringsSize = Int(Self.readU32(bytes, Header.stringsSize))
        guard structureStart + structureSize <= bytes.count,
              stringsStart + stringsSize <= bytes.count else { return nil }
        self.bytes = bytes
        structure = UnsafeRawBufferPointer(rebasing: bytes[structureStart..<(structureStart + structureSize)])
        strings = UnsafeRawBufferPointer(rebasing: bytes[stringsStart..<(stringsStart + stringsSize)])
    }

    /// The root node `/`.
    public var root: Node? {
        var offset = 0
        while offset + 4 <= structure.count {
            let token = Self.readU32(structure, offset)
            if token == Token.beginNode { return Node(tree: self, offset: offset, parentOffset: nil) }
            guard token == Token.nop else { return nil }
            offset += 4
        }
        return nil
    }

    /// Calls `body` for every node, parents before children, until it
    /// returns false. One linear pass over the structure block.
    public func forEachNode(_ body: (Node) -> Bool) {
        let maximumDepth = 16
        // The offsets of the nodes enclosing the cursor; a node's `reg` is
        // decoded with its parent's cell sizes, read only when asked for.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: maximumDepth + 1) { parents in
            var depth = 0
            var cursor = 0
            while cursor + 4 <= structure.count {
                switch Self.readU32(structure, cursor) {
                case Token.beginNode:
                    guard depth < maximumDepth else { return }
                    let node = Node(tree: self, offset: cursor, parentOffset: depth > 0 ? parents[depth] : nil)
                    guard body(node) else { return }
                    depth += 1
                    parents[depth] = cursor
                    cursor = node.propertiesStart
                case Token.endNode:
                    guard depth > 0 else { return }
                    depth -= 1
                    cursor += 4
                case Token.property:
                    guard cursor + 12 <= structure.count else { return }
                    cursor = Self.align4(cursor + 12 + Int(Self.readU32(structure, cursor + 4)))
                case Token.nop:
                    cursor += 4
                default:
                    return   // FDT_END or a malformed token
                }
            }
        }
    }

    /// The first node whose `compatible` list contains `compatible`.
    public func firstNode(compatibleWith compatible: StaticString) -> Node? {
        var found: Node?
        forEachNode { node in
            if node.isCompatible(with: compatible) { found = node }
            return found == nil
        }
        return found
    }

    /// The node at an absolute path such as `/chosen` or `/cpus`; a path
    /// component matches a node name with or without its `@unit-address`.
    public func node(atPath path: StaticString) -> Node? {
        guard var node = root else { return nil }
        let pathBytes = UnsafeRawBufferPointer(start: path.utf8Start, count: path.utf8CodeUnitCount)
        var start = 1
        while start < pathBytes.count {
            var end = start
            while end < pathBytes.count, pathBytes[end] != UInt8(ascii: "/") { end += 1 }
            let component = UnsafeRawBufferPointer(rebasing: pathBytes[start..<end])
            var next: Node?
            node.forEachChild { child in
                if child.nameMatches(component) { next = child }
                return next == nil
            }
            guard let next else { return nil }
            node = next
            start = end + 1
        }
        return node
    }

    /// The `#address-cells`/`#size-cells` that govern a node's `reg`.
    struct Cells {
        var address: Int
        var size: Int
        /// Defaults when a parent gives none (spec 2.3.5).
        static let root = Cells(address: 2, size: 1)
    }

    /// One node: its name, properties and children.
    public struct Node {
        let tree: DeviceTree
        /// Offset of the node's FDT_BEGIN_NODE token in the structure block.
        let offset: Int
        /// The parent's FDT_BEGIN_NODE offset; nil for the root.
        let parentOffset: Int?

        /// The `#address-cells`/`#size-cells` the parent sets for this
        /// node's `reg` (spec defaults at the root).
        var parentCells: Cells {
            guard let parentOffset else { return .root }
            return Node(tree: tree, offset: parentOffset, parentOffset: nil).childCells
        }

        /// The node name including any `@unit-address`.
        public var name: UnsafeRawBufferPointer {
            let start = offset + 4
            var end = start
            while end < tree.structure.count, tree.structure[end] != 0 { end += 1 }
            return UnsafeRawBufferPointer(rebasing: tree.structure[start..<end])
        }

        /// The property's value, or nil when the node has no such property.
        public func property(_ name: StaticString) -> UnsafeRawBufferPointer? {
            let structure = tree.structure
            var cursor = propertiesStart
            while cursor + 12 <= structure.count {
                let token = DeviceTree.readU32(structure, cursor)
                if token == Token.nop { cursor += 4; continue }
                guard token == Token.property else { return nil }
                let length = Int(DeviceTree.readU32(structure, cursor + 4))
                let valueStart = cursor + 12
                guard valueStart + length <= structure.count else { return nil }
                // Compared in place in the strings block: most names differ
                // in their first byte.
                if tree.stringMatches(at: Int(DeviceTree.readU32(structure, cursor + 8)), name) {
                    return UnsafeRawBufferPointer(rebasing: structure[valueStart..<(valueStart + length)])
                }
                cursor = DeviceTree.align4(valueStart + length)
            }
            return nil
        }

        /// A one-cell property such as `timebase-frequency` or `interrupts`.
        public func u32(_ name: StaticString) -> UInt32? {
            guard let value = property(name), value.count >= 4 else { return nil }
            return DeviceTree.readU32(value, 0)
        }

        /// A property of one or two cells (such as `/chosen`'s
        /// `linux,initrd-start`, which firmware writes either way).
        public func number(_ name: StaticString) -> UInt64? {
            guard let value = property(name) else { return nil }
            switch value.count {
            case 4: return UInt64(DeviceTree.readU32(value, 0))
            case 8: return UInt64(DeviceTree.readU32(value, 0)) << 32 | UInt64(DeviceTree.readU32(value, 4))
            default: return nil
            }
        }

        /// Entry `index` of `reg`, decoded with the parent's cell sizes.
        public func register(_ index: Int = 0) -> (address: UInt64, size: UInt64)? {
            guard let reg = property("reg") else { return nil }
            let cells = parentCells
            let entrySize = 4 * (cells.address + cells.size)
            guard entrySize > 0, reg.count >= entrySize * (index + 1) else { return nil }
            let entry = index * entrySize
            let address = DeviceTree.readCells(reg, entry, cells.address)
            let size = DeviceTree.readCells(reg, entry + 4 * cells.address, cells.size)
            return (address, size)
        }

        /// Number of entries in `reg`.
        public var registerCount: Int {
            let cells = parentCells
            let entrySize = 4 * (cells.address + cells.size)
            guard let reg = property("reg"), entrySize > 0 else { return 0 }
            return reg.count / entrySize
        }

        /// Whether the node's `compatible` list holds `compatible`.
        public func isCompatible(with compatible: StaticString) -> Bool {
            guard let list = property("compatible") else { return false }
            return DeviceTree.list(list, contains: compatible)
        }

        /// Whether the name is `component`, or `component@...`, or equals it
        /// exactly when `component` carries a unit address itself.
        func nameMatches(_ component: UnsafeRawBufferPointer) -> Bool {
            let name = self.name
            guard name.count >= component.count else { return false }
            for index in 0..<component.count where name[index] != component[index] { return false }
            return name.count == component.count || name[component.count] == UInt8(ascii: "@")
        }

        /// Calls `body(name, value)` for each property until it returns false.
        public func forEachProperty(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) {
            var cursor = propertiesStart
            let structure = tree.structure
            while cursor + 4 <= structure.count {
                let token = DeviceTree.readU32(structure, cursor)
                if token == Token.nop { cursor += 4; continue }
                guard token == Token.property, cursor + 12 <= structure.count else { return }
                let length = Int(DeviceTree.readU32(structure, cursor + 4))
                let nameOffset = Int(DeviceTree.readU32(structure, cursor + 8))
                let valueStart = cursor + 12
                guard valueStart + length <= structure.count else { return }
                let value = UnsafeRawBufferPointer(rebasing: structure[valueStart..<(valueStart + length)])
                guard body(tree.string(at: nameOffset), value) else { return }
                cursor = DeviceTree.align4(valueStart + length)
            }
        }

        /// Calls `body` for each direct child until it returns false.
        public func forEachChild(_ body: (Node) -> Bool) {
            let structure = tree.structure
            var cursor = propertiesStart
            // Skip this node's properties.
            while cursor + 4 <= structure.count {
                let token = DeviceTree.readU32(structure, cursor)
                if token == Token.nop { cursor += 4; continue }
                guard token == Token.property else { break }
                cursor = DeviceTree.align4(cursor + 12 + Int(DeviceTree.readU32(structure, cursor + 4)))
            }
            while cursor + 4 <= structure.count {
                let token = DeviceTree.readU32(structure, cursor)
                if token == Token.nop { cursor += 4; continue }
                guard token == Token.beginNode else { return }
                let child = Node(tree: tree, offset: cursor, parentOffset: offset)
                guard body(child) else { return }
                guard let next = child.endOffset else { return }
                cursor = next
            }
        }

        /// Offset just past this node's FDT_END_NODE token.
        var endOffset: Int? {
            let structure = tree.structure
            var cursor = offset
            var depth = 0
            while cursor + 4 <= structure.count {
                switch DeviceTree.readU32(structure, cursor) {
                case Token.beginNode:
                    depth += 1
                    var end = cursor + 4
                    while end < structure.count, structure[end] != 0 { end += 1 }
                    cursor = DeviceTree.align4(end + 1)
                case Token.endNode:
                    depth -= 1
                    cursor += 4
                    if depth == 0 { return cursor }
                case Token.property:
                    guard cursor + 12 <= structure.count else { return nil }
                    cursor = DeviceTree.align4(cursor + 12 + Int(DeviceTree.readU32(structure, cursor + 4)))
                case Token.nop:
                    cursor += 4
                default:
                    return nil
                }
            }
            return nil
        }

        var propertiesStart: Int {
            DeviceTree.align4(offset + 4 + name.count + 1)
        }

        /// Cell sizes this node sets for its children's `reg`.
        var childCells: Cells {
            var cells = Cells(address: 2, size: 1)
            forEachProperty { name, value in
                if value.count >= 4, name.count > 8, name[0] == UInt8(ascii: "#") {
                    if DeviceTree.equal(name, "#address-cells") { cells.address = Int(DeviceTree.readU32(value, 0)) }
                    if DeviceTree.equal(name, "#size-cells") { cells.size = Int(DeviceTree.readU32(value, 0)) }
                }
                return true
            }
            return cells
        }
    }

    // MARK: Byte access

    /// Whether the NUL-terminated string at `offset` is `text`.
    private func stringMatches(at offset: Int, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard offset >= 0, offset + length < strings.count else { return false }
        for index in 0..<length where strings[offset + index] != text.utf8Start[index] { return false }
        return strings[offset + length] == 0
    }

    private func string(at offset: Int) -> UnsafeRawBufferPointer {
        guard offset < strings.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        var end = offset
        while end < strings.count, strings[end] != 0 { end += 1 }
        return UnsafeRawBufferPointer(rebasing: strings[offset..<end])
    }

    static func readU32(_ buffer: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(buffer[offset]) << 24 | UInt32(buffer[offset + 1]) << 16
            | UInt32(buffer[offset + 2]) << 8 | UInt32(buffer[offset + 3])
    }

    static func readCells(_ buffer: UnsafeRawBufferPointer, _ offset: Int, _ cells: Int) -> UInt64 {
        var value: UInt64 = 0
        for cell in 0..<cells { value = value << 32 | UInt64(readU32(buffer, offset + 4 * cell)) }
        return value
    }

    static func align4(_ value: Int) -> Int { (value + 3) & ~3 }

    /// Whether a NUL-separated string list (a `compatible` value) holds `text`.
    public static func list(_ list: UnsafeRawBufferPointer, contains text: StaticString) -> Bool {
        var start = 0
        while start < list.count {
            var end = start
            while end < list.count, list[end] != 0 { end += 1 }
            if equal(UnsafeRawBufferPointer(rebasing: list[start..<end]), text) { return true }
            start = end + 1
        }
        return false
    }

    /// Byte-wise equality with a static ASCII string (no String in the kernel).
    public static func equal(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] != text.utf8Start[index] { return false }
        return true
    }
}
