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
        return try walk(path, from: start, root: root, followFinal: followFinal, links: &links)
    }

    /// All but the last component of `path`.
    public static func resolve(
        _ path: UnsafeRawBufferPointer, from start: Vnode, root: Vnode, followFinal: Bool, parentOnly: Bool
    ) throws(Errno) -> PathLocation {
        guard path.count > 0 else { throw .ENOENT }
        var end = path.count
        while end > 0, path[end - 1] == slash { end -= 1 }
        let mustBeDirectory = end < path.count
        if end == 0 { return PathLocation(directory: root, name: dotName, mustBeDirectory: true) }
        var nameStart = end
        while nameStart > 0, path[nameStart - 1] != slash { nameStart -= 1 }
        let name = UnsafeRawBufferPointer(rebasing: path[nameStart..<end])
        guard name.count <= FileNames.maximumLength else { throw .ENAMETOOLONG }
        var directory = nameStart == 0 ? start : root
        if nameStart > 0 {
            var links = 0
            directory = try walk(
                UnsafeRawBufferPointer(rebasing: path[0..<nameStart]), from: start, root: root,
                followFinal: true, links: &links)
            guard directory.isDirectory else { throw .ENOTDIR }
        }
        return PathLocation(directory: directory, name: name, mustBeDirectory: mustBeDirectory)
    }

    /// The file `name` names in `directory`, crossing into a file system
    /// mounted there; "." and ".." included.
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
            var end = index
            while end < path.count, path[end] != slash { end += 1 }
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
