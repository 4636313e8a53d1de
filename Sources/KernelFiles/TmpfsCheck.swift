/// The consistency of one tmpfs instance, as the self-check at the
/// program's end (`rk.selfcheck`) verifies it: a walk from the root finds
/// every vnode the file system has in memory (none is kept alive by
/// something else once the program's descriptors are closed), each link
/// count equals the names found for it (a directory: 2 plus its
/// subdirectories, as on Linux), and each file's page count matches its
/// pages, none past its end, their sum the file system's `usedPages`.
public struct TmpfsCheck {
    /// Vnodes found from the root (the root included).
    public private(set) var reachable = 0
    /// Vnodes in memory: more than `reachable` means leaked vnodes.
    public let live: Int
    /// Files whose link count is not the number of names they have.
    public private(set) var wrongLinkCounts = 0
    /// Files whose page counter disagrees with their pages, or that hold
    /// pages past their end.
    public private(set) var wrongPageCounts = 0
    /// Data pages of the files found, and the file system's own count.
    public private(set) var dataPages = 0
    public let usedPages: Int
    /// Pages of the files' page tables (part of the memory it holds).
    public private(set) var tablePages = 0

    public init(_ fileSystem: Tmpfs) {
        live = fileSystem.liveVnodes
        usedPages = fileSystem.usedPages
        guard let root = fileSystem.root as? TmpfsDirectory else { return }
        // Every name found, then counted per vnode: hard links make one
        // vnode appear under several names.
        var named: [Vnode] = [root]
        var directories: [TmpfsDirectory] = [root]
        while let directory = directories.popLast() {
            var subdirectories = 0
            directory.forEachEntry { node in
                named.append(node)
                if let child = node as? TmpfsDirectory {
                    subdirectories += 1
                    directories.append(child)
                }
            }
            if directory.linkCount != UInt32(2 + subdirectories) { wrongLinkCounts += 1 }
        }
        named.sort { Self.address($0) < Self.address($1) }
        var index = 0
        while index < named.count {
            let node = named[index]
            var names = 0
            while index < named.count, named[index] === node {
                names += 1
                index += 1
            }
            reachable += 1
            if let file = node as? TmpfsFile {
                if file.linkCount != UInt32(names) { wrongLinkCounts += 1 }
                let pages = file.data.countPages()
                if pages.held != file.data.allocatedPages || pages.pastEnd != 0 { wrongPageCounts += 1 }
                dataPages += file.data.allocatedPages
                tablePages += file.data.tablePages
            } else if !node.isDirectory, node.linkCount != UInt32(names) {
                // (Directories that are not tmpfs's own, such as
                // /proc/self/fd, make their entries as they are read.)
                wrongLinkCounts += 1
            }
        }
    }

    /// Whether everything checked holds.
    public var isConsistent: Bool {
        reachable == live && wrongLinkCounts == 0 && wrongPageCounts == 0 && dataPages == usedPages
    }

    private static func address(_ node: Vnode) -> UInt {
        UInt(bitPattern: Unmanaged.passUnretained(node).toOpaque())
    }
}
