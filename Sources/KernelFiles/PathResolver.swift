import LinuxABI

/// Where a path leads when all but its last component are resolved: the
/// directory, and the last name in it (which may not exist yet).
public struct PathLocation {
    public let directory: Vnode
    /// The last component; "." when the path names a directory by itself
    /// ("/", "a/..").
    public let name: UnsafeRawBufferPointer
    /// Whether the path ended in "/" (the file must be a directory).
    public let mustBeDirectory: Bool

    /// Whether the last component is "." or "..".
    public var isDotOrDotDot: Bool {
        (name.count == 1 && name[0] == dot) || (name.count == 2 && name[0] == dot && name[1] == dot)
    }
}

private let slash = UInt8(ascii: "/")
private let dot = UInt8(ascii: ".")

/// Path resolution (path_resolution(7)): components separated by one or
/// more slashes, "." and ".." (which stops at the root and crosses mount
/// points), symbolic links followed up to 40 in one resolution (ELOOP
/// beyond, as Linux), NAME_MAX per component (ENAMETOOLONG).
public enum PathResolver {
    /// Linux's MAXSYMLINKS.
    public static let symbolicLinkLimit = 40
    public static let dotName = UnsafeRawBufferPointer(start: dotStorage, count: 1)
    nonisolated(unsafe) private static let dotStorage: UnsafeMutableRawPointer = {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        storage.storeBytes(of: dot, as: UInt8.self)
        return storage
    }()

    /// The file `path` names, relative to `start` (absolute paths start at
    /// `root`). With `followFinal` a symbolic link at the end is followed.
    public static func resolve(
        _ path: UnsafeRawBufferPointer, from start: Vnode, root: Vnode, followFinal: Bool
    ) throws(Errno) -> Vnode {
        var links = 0
        guard let last = lastComponent(path), last.start > 0 else {
            return try walk(path, from: start, root: root, followFinal: followFinal, links: &links)
        }
        let directory = try leadingDirectory(
            UnsafeRawBufferPointer(rebasing: path[0..<last.start]), from: start, root: root, links: &links)
        return try walk(
            UnsafeRawBufferPointer(rebasing: path[last.start...]), from: directory, root: root,
            followFinal: followFinal, links: &links)
    }

    /// All but the last component of `path`.
    public static func resolve(
        _ path: UnsafeRawBufferPointer, from start: Vnode, root: Vnode, followFinal: Bool, parentOnly: Bool
    ) throws(Errno) -> PathLocation {
        guard path.count > 0 else { throw .ENOENT }
        guard let last = lastComponent(path) else {
            return PathLocation(directory: root, name: dotName, mustBeDirectory: true)
        }
        let name = UnsafeRawBufferPointer(rebasing: path[last.start..<last.end])
        guard name.count <= FileNames.maximumLength else { throw .ENAMETOOLONG }
        var directory = start
        if last.start > 0 {
            var links = 0
            directory = try leadingDirectory(
                UnsafeRawBufferPointer(rebasing: path[0..<last.start]), from: start, root: root, links: &links)
        }
        return PathLocation(directory: directory, name: name, mustBeDirectory: last.end < path.count)
    }

    /// The location of `path`'s last component when everything after
    /// `rest` is that one name (and perhaps trailing slashes); nil when
    /// more components follow or none does.
    @inline(__always)
    private static func lastName(
        of path: UnsafeRawBufferPointer, after rest: Int, in directory: Vnode
    ) -> PathLocation? {
        guard let bytes = path.baseAddress else { return nil }
        // Indexes stay within the path: no bounds checks needed.
        var start = rest
        while start < path.count, bytes.load(fromByteOffset: start, as: UInt8.self) == slash { start &+= 1 }
        let end = ByteScan.first(slash, in: path, from: start)
        guard end > start, end - start <= FileNames.maximumLength else { return nil }
        var trailing = end
        while trailing < path.count, bytes.load(fromByteOffset: trailing, as: UInt8.self) == slash { trailing &+= 1 }
        guard trailing == path.count else { return nil }
        return PathLocation(
            directory: directory, name: UnsafeRawBufferPointer(rebasing: path[start..<end]), mustBeDirectory: end < path.count)
    }

    /// Where the last component of `path` begins and ends (trailing
    /// slashes excluded); nil when the path is only slashes.
    private static func lastComponent(_ path: UnsafeRawBufferPointer) -> (start: Int, end: Int)? {
        guard let bytes = path.baseAddress else { return nil }
        // Indexes stay within the path: no bounds checks needed.
        var end = path.count
        while end > 0, bytes.load(fromByteOffset: end &- 1, as: UInt8.self) == slash { end &-= 1 }
        if end == 0 { return nil }
        var start = end
        while start > 0, bytes.load(fromByteOffset: start &- 1, as: UInt8.self) != slash { start &-= 1 }
        return (start, end)
    }

    // MARK: The leading directory

    // The directory the leading components of the last path led to is
    // kept, so that a run of calls on the files of one directory (the
    // common case) walks only the last name each time: a one-entry
    // version of Linux's dentry cache.
    //
    // Only a walk through directories is kept: one that followed no
    // symbolic link, so removing a file can never change where it leads.
    // What can (a directory removed or renamed, a mount) calls
    // `namesChanged`. Nothing is kept while a file system whose names can
    // change behind the kernel's back (9p) is mounted. The root is not
    // part of what is kept: it never changes once mounted (there is no
    // chroot).

    /// Where the walk started (the root or the start directory) and where
    /// it led, held (retained) as unmanaged references so that checking
    /// them takes no reference counting; `leadingCount` is 0 when nothing
    /// is kept.
    nonisolated(unsafe) private static var leadingOrigin: Unmanaged<Vnode>?
    nonisolated(unsafe) private static var leadingResult: Unmanaged<Vnode>?
    nonisolated(unsafe) private static var leadingCount = 0
    /// The bytes of the kept path (`leadingCapacity` of them at most).
    nonisolated(unsafe) private static var leadingPath: UnsafeMutableRawPointer?
    private static let leadingCapacity = 256
    nonisolated(unsafe) static var keepsLeadingDirectory = true

    /// Forgets the kept leading directory: names it may have passed through
    /// changed.
    public static func namesChanged() {
        leadingCount = 0
        leadingOrigin?.release()
        leadingResult?.release()
        leadingOrigin = nil
        leadingResult = nil
    }

    /// Where the rest of `path` begins when the kept path is a proper
    /// prefix of it, walked from the same place (`origin`).
    @inline(__always)
    private static func keptPrefix(of path: UnsafeRawBufferPointer, origin: ObjectIdentifier) -> Int? {
        let count = leadingCount
        guard count > 0, count < path.count, let kept = leadingPath,
              UInt(bitPattern: leadingOrigin?.toOpaque()) == UInt(bitPattern: origin),
              sameBytes(kept, UnsafeRawBufferPointer(rebasing: path[0..<count]))
        else { return nil }
        return count
    }

    // MARK: The fast path

    // `resolve` walks and keeps what it walked; these look at what was
    // kept, and the caller asks them before `resolve`. They need the root
    // and the directory the walk starts from only to compare them, by
    // identity (`origin`: the root for an absolute path, else the start),
    // so they take no reference to them.

    /// The directory and last name of `path` when the kept leading
    /// directories are its own and one name follows; nil otherwise.
    @inline(__always)
    public static func keptLocation(of path: UnsafeRawBufferPointer, origin: ObjectIdentifier) -> PathLocation? {
        guard path.count > 0, let rest = keptPrefix(of: path, origin: origin) else { return nil }
        return lastName(of: path, after: rest, in: leadingResult!.takeUnretainedValue())
    }

    /// The file `path` names when `keptLocation` finds its directory and
    /// the name is an ordinary one; nil when the path needs the whole walk
    /// (other leading directories, "." or "..", a symbolic link to follow
    /// at the end, which need the root).
    public static func keptFile(
        of path: UnsafeRawBufferPointer, origin: ObjectIdentifier, followFinal: Bool
    ) throws(Errno) -> Vnode? {
        guard let location = keptLocation(of: path, origin: origin), !location.isDotOrDotDot else { return nil }
        var file = try location.directory.lookup(location.name)
        if file.isSymbolicLink, followFinal || location.mustBeDirectory { return nil }
        while let mounted = file.mountedRoot { file = mounted }
        if location.mustBeDirectory, !file.isDirectory { throw .ENOTDIR }
        return file
    }

    /// The directory `prefix` (a path up to its last component, so ending
    /// in "/") leads to, kept for the next path when the walk allows.
    private static func leadingDirectory(
        _ prefix: UnsafeRawBufferPointer, from start: Vnode, root: Vnode, links: inout Int
    ) throws(Errno) -> Vnode {
        let origin = prefix[0] == slash ? root : start
        var followed = 0
        let directory = try walk(prefix, from: origin, root: root, followFinal: true, links: &followed)
        guard directory.isDirectory else { throw .ENOTDIR }
        links += followed
        if followed == 0, keepsLeadingDirectory, prefix.count <= leadingCapacity {
            let bytes = leadingPath ?? UnsafeMutableRawPointer.allocate(byteCount: leadingCapacity, alignment: 8)
            bytes.copyMemory(from: prefix.baseAddress!, byteCount: prefix.count)
            leadingPath = bytes
            namesChanged()
            leadingOrigin = Unmanaged.passRetained(origin)
            leadingResult = Unmanaged.passRetained(directory)
            leadingCount = prefix.count
        }
        return directory
    }

    /// Whether `bytes` equal the kept path's first `bytes.count` bytes,
    /// compared a doubleword at a time: the kept copy is aligned, and the
    /// other side's doublewords are joined from aligned loads (which stay
    /// within the doublewords holding its bytes, so within its pages).
    @inline(__always)
    private static func sameBytes(_ kept: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let words = kept.assumingMemoryBound(to: UInt64.self)
        let address = UInt(bitPattern: bytes.baseAddress)
        // The aligned doubleword holding the first byte.
        let aligned = (bytes.baseAddress! - Int(address & 7)).assumingMemoryBound(to: UInt64.self)
        let right = UInt64((address & 7) * 8)
        let left = 64 &- right
        var low = aligned.pointee
        var offset = 0
        while offset < bytes.count {
            var word = low &>> right
            let remaining = bytes.count &- offset
            let index = offset &>> 3
            if right != 0, remaining > Int(left &>> 3) {
                low = aligned[index &+ 1]
                word |= low &<< left
            }
            if remaining < 8 {
                let mask = (1 as UInt64) &<< UInt64(remaining &* 8) &- 1
                return word & mask == words[index] & mask
            }
            if word != words[index] { return false }
            if right == 0, remaining > 8 { low = aligned[index &+ 1] }
            offset &+= 8
        }
        return true
    }

    /// The file at `location`, following a final symbolic link if asked
    /// (or if the path ended in "/", which only a directory satisfies).
    @inline(__always)
    public static func file(at location: PathLocation, root: Vnode, follow: Bool) throws(Errno) -> Vnode {
        var file = try step(location.directory, location.name, root: root)
        if file.isSymbolicLink, follow || location.mustBeDirectory {
            file = try followIfLink(file, in: location.directory, root: root)
        }
        if location.mustBeDirectory, !file.isDirectory { throw .ENOTDIR }
        return file
    }

    /// The file `name` names in `directory`, crossing into a file system
    /// mounted there; "." and ".." included.
    @inline(__always)
    public static func step(
        _ directory: Vnode, _ name: UnsafeRawBufferPointer, root: Vnode
    ) throws(Errno) -> Vnode {
        guard directory.isDirectory else { throw .ENOTDIR }
        if name.count == 1, name[0] == dot { return directory }
        if name.count == 2, name[0] == dot, name[1] == dot {
            var current = directory
            if current === root { return current }
            while let covered = current.coveredDirectory {
                current = covered
                if current === root { return current }
            }
            return current.parent ?? current
        }
        guard name.count <= FileNames.maximumLength else { throw .ENAMETOOLONG }
        var found = try directory.lookup(name)
        while let mounted = found.mountedRoot { found = mounted }
        return found
    }

    private static func walk(
        _ path: UnsafeRawBufferPointer, from start: Vnode, root: Vnode, followFinal: Bool, links: inout Int
    ) throws(Errno) -> Vnode {
        guard path.count > 0 else { throw .ENOENT }
        var current = path[0] == slash ? root : start
        var index = 0
        while true {
            while index < path.count, path[index] == slash { index += 1 }
            if index == path.count { return current }
            let end = ByteScan.first(slash, in: path, from: index)
            let name = UnsafeRawBufferPointer(rebasing: path[index..<end])
            var trailing = end
            while trailing < path.count, path[trailing] == slash { trailing += 1 }
            let isLast = trailing == path.count
            let directory = current
            current = try step(directory, name, root: root)
            if current.isSymbolicLink, !isLast || followFinal || end < path.count {
                current = try follow(current, in: directory, root: root, links: &links)
            }
            if !isLast || end < path.count {
                guard current.isDirectory else { throw .ENOTDIR }
            }
            index = end
        }
    }

    /// The file the symbolic link `link` (found in `directory`) leads to.
    public static func follow(
        _ link: Vnode, in directory: Vnode, root: Vnode, links: inout Int
    ) throws(Errno) -> Vnode {
        links += 1
        guard links <= symbolicLinkLimit else { throw .ELOOP }
        if let file = link.linkedFile { return file }
        let target = try link.readLink()
        let result = target.withUnsafeBytes { bytes in
            Result { () throws(Errno) -> Vnode in
                try walk(bytes, from: directory, root: root, followFinal: true, links: &links)
            }
        }
        return try result.get()
    }

    /// Follows `file` if it is a symbolic link (found in `directory`).
    public static func followIfLink(_ file: Vnode, in directory: Vnode, root: Vnode) throws(Errno) -> Vnode {
        guard file.isSymbolicLink else { return file }
        var links = 0
        return try follow(file, in: directory, root: root, links: &links)
    }

    /// The absolute path of `directory`, found by climbing ".." and looking
    /// for each directory in its parent (getcwd(3) does the same in user
    /// space on systems without the syscall).
    public static func absolutePath(of directory: Vnode, root: Vnode) -> FileName {
        var components: [FileName] = []
        var current = directory
        while current !== root {
            var child = current
            while let covered = child.coveredDirectory, child !== root { child = covered }
            if child === root { break }
            guard let parent = child.parent, parent !== child else { break }
            let found = name(of: child, in: parent)
            components.append(found ?? FileNames.dot)
            current = parent
        }
        if components.isEmpty { return [slash] }
        var path: FileName = []
        for component in components.reversed() {
            path.append(slash)
            path.append(contentsOf: component)
        }
        return path
    }

    /// The name `file` has in `directory`, found by listing it.
    public static func name(of file: Vnode, in directory: Vnode) -> FileName? {
        var found: FileName?
        var cookie = 2
        while found == nil {
            var any = false
            let next = try? directory.readDirectory(from: cookie) { entry in
                any = true
                if entry.inode == file.inode, let candidate = try? directory.lookup(entry.name), candidate === file {
                    found = FileName(entry.name)
                    return false
                }
                return true
            }
            guard let next, any, next != cookie else { break }
            cookie = next
        }
        return found
    }
}
