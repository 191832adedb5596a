public import Foundation

/// An exclusive lock on an output folder, so two builds writing the same folder take turns instead
/// of interleaving. The lock is an `flock` on a dot-file: the kernel releases it when the process
/// ends, even by SIGKILL, so a killed build never leaves the folder locked.
public final class OutputLock {
    private var descriptor: Int32 = -1
    private let path: String
    /// The folders this lock had to create (the output folder and the missing ones above it),
    /// deepest first: a build that wrote nothing removes them again (`abandon`).
    public private(set) var createdFolders: [URL] = []

    /// Takes the lock, calling `waiting` once if another build holds it and then waiting for it.
    /// Throws an `OutputError` when the folder or its lock file cannot be made.
    public init(folder: URL, waiting: () -> Void) throws {
        path = folder.appendingPathComponent(".plenary.lock").path
        var missing: [URL] = []
        var ancestor = folder.standardizedFileURL
        while ancestor.path != "/" && !FileManager.default.fileExists(atPath: ancestor.path) {
            missing.append(ancestor)
            ancestor.deleteLastPathComponent()
        }
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw OutputError.from(error, path: folder.path)
        }
        createdFolders = missing
        var waited = false
        while true {
            descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw OutputError.lastError(path) }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                if !waited { waiting() }
                waited = true
                guard flock(descriptor, LOCK_EX) == 0 else {
                    let error = OutputError.lastError(path)
                    close(descriptor)
                    throw error
                }
            }
            // The build we waited for may have removed the lock file (and its folder) as it left,
            // having written nothing: our lock is then on a file nobody else can see. Start again
            // on the file that is there now.
            if !isUnlinked(descriptor) { break }
            close(descriptor)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
    }

    /// Whether the file open at `descriptor` has been removed from its folder. Linux names such a
    /// file "… (deleted)" in /proc; a new lock file made at the same path since is another file.
    private func isUnlinked(_ descriptor: Int32) -> Bool {
        #if os(Linux)
        let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")
        return target?.hasSuffix(" (deleted)") == true
        #else
        return false
        #endif
    }

    /// If this lock created the output folder and nothing was written in it - nothing in it but
    /// the lock file, empty folders and temporaries of the failed build - removes it all, and the
    /// folders above it that the lock created, while the lock is still held: a build that wrote
    /// nothing into a new output folder leaves nothing behind.
    public func removeFoldersIfUnused() {
        guard let folder = createdFolders.first else { return }
        var leftovers: [String] = []
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
            guard isFolder.boolValue || name == ".plenary.lock" || (name.hasPrefix(".") && name.hasSuffix(".tmp")) else { return }
            if !isFolder.boolValue { leftovers.append(url.path) }
        }
        for file in leftovers where file != path { unlink(file) }
        unlink(path)
        try? FileManager.default.removeItem(at: folder)
        for above in createdFolders.dropFirst() where rmdir(above.path) != 0 { break }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
