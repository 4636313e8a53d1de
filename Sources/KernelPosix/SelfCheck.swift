import KernelFiles
import KernelMemory
import KernelPlatform
import KernelScheduler
import LinuxABI

/// The kernel's check of its own invariants at the program's end, with the
/// kernel option `rk.selfcheck` (for fuzzing and tests): once the program's
/// descriptors are closed and its memory released, as the end of a Linux
/// process releases them, nothing the program used may still be held.
///
/// - No open file description outlives the descriptors.
/// - Every vnode of each tmpfs (the root, devfs, procfs, memfd's) is
///   reachable from its root, link counts match the names, file page
///   counts match the pages (TmpfsCheck).
/// - Every thread object is one the scheduler holds.
/// - Physical memory is all accounted for as at the program's start: free
///   pages plus what the kernel keeps for reuse (heap, page tables, the
///   file page pool) plus file data equals the same sum at the start.
///
/// The result is a `runikraft: selfcheck: ...` line per finding and a
/// summary; a violation makes the exit status `failureStatus`.
/// `rk.selfcheck=plant` leaks an open file and a page on purpose before
/// checking, to show that the check catches them.
public enum SelfCheck {
    /// The exit status of a run whose check failed (EX_SOFTWARE).
    public static let failureStatus = 70

    /// Set once at the program's start; nil when the check is off.
    nonisolated(unsafe) static var startPages: Int?
    nonisolated(unsafe) static var plantsLeak = false
    /// What the planted leak holds.
    nonisolated(unsafe) static var plantedFile: OpenFile?

    /// Records the starting point; called just before the program starts.
    public static func begin(plantingLeak: Bool) {
        plantsLeak = plantingLeak
        startPages = accountedPages().total
    }

    /// Pages accounted for: free, kept for reuse, or holding file data.
    static func accountedPages() -> (total: Int, free: Int, kept: Int, files: Int) {
        let free = PhysicalMemory.freePageCount
        let kept = PagePool.keptPages + PhysicalMemory.heapPages + PhysicalMemory.pageTablePages
        var files = 0
        forEachTmpfs { check, _ in files += check.usedPages + check.tablePages }
        return (free + kept + files, free, kept, files)
    }

    /// Each tmpfs's check, with where it is mounted (memfd's is nowhere).
    static func forEachTmpfs(_ body: (TmpfsCheck, FileName) -> Void) {
        for mount in MountTable.mounts {
            if let tmpfs = mount.fileSystem as? Tmpfs { body(TmpfsCheck(tmpfs), mount.path) }
        }
        if let memoryFileSystem {
            let name: StaticString = "memfd"
            body(TmpfsCheck(memoryFileSystem), FileName(UnsafeRawBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)))
        }
    }

    /// At the program's end, after its descriptors are closed: releases
    /// the rest of what it held, checks, reports, and returns the exit
    /// status (`status`, or `failureStatus` on a violation).
    static func finish(status: Int) -> Int {
        guard let startPages else { return status }
        ProcessFiles.currentDirectory = MountTable.root
        PathResolver.namesChanged()
        AnonymousMemory.releaseAll()
        if plantsLeak { plantLeak() }

        var failed = false
        func report(_ body: (inout Log.Line) -> Void) {
            failed = true
            Log.line(.error) { line in
                line.text("selfcheck: FAILED: ")
                body(&line)
            }
        }
        if OpenFile.liveCount != 0 {
            report { line in
                line.decimal(OpenFile.liveCount)
                line.text(" open files outlive the descriptors")
            }
        }
        if KernelThread.liveCount != Scheduler.heldThreadCount {
            report { line in
                line.decimal(KernelThread.liveCount - Scheduler.heldThreadCount)
                line.text(" thread objects the scheduler does not hold")
            }
        }
        var vnodes = 0
        forEachTmpfs { check, path in
            vnodes += check.reachable
            guard !check.isConsistent else { return }
            report { line in
                line.text("tmpfs ")
                path.withUnsafeBytes { line.bytes($0) }
                line.text(": ")
                counts(&line, [(check.live, " vnodes, "), (check.reachable, " reachable; "),
                               (check.wrongLinkCounts, " wrong link counts; "),
                               (check.wrongPageCounts, " wrong page counts; "),
                               (check.dataPages, " data pages, "), (check.usedPages, " counted")])
            }
        }
        let pages = accountedPages()
        if pages.total != startPages || AnonymousMemory.programPages != 0 {
            report { line in
                line.decimal(startPages - pages.total)
                line.text(" pages not accounted for")
            }
        }
        Log.line(failed ? .error : .info) { line in
            line.text(failed ? "selfcheck: failed; " : "selfcheck: ok; ")
            counts(&line, [(vnodes, " vnodes, "), (Scheduler.heldThreadCount, " threads; pages "),
                           (pages.total, " of "), (startPages, " (free "), (pages.free, ", kept "),
                           (pages.kept, ", files "), (pages.files, ")")])
        }
        return failed ? failureStatus : status
    }

    /// Each number followed by its text.
    static func counts(_ line: inout Log.Line, _ items: [(Int, StaticString)]) {
        for (number, text) in items {
            line.decimal(number)
            line.text(text)
        }
    }

    /// The planted leak: an open file nothing closes, and a page nothing
    /// frees.
    static func plantLeak() {
        if let root = MountTable.root {
            plantedFile = try? OpenFile(vnode: root, flags: OpenFlags.readOnly, directory: nil, name: [])
        }
        _ = PhysicalMemory.allocate(pages: 1)
    }
}
