public import Foundation
#if os(Linux)
internal import CSystem
#endif

/// Writes a build's files as `AtomicWriter` does - each to a temporary file beside it, renamed
/// over it once its bytes are safe - but makes them safe many at a time. Syncing every file on its
/// own costs a journal commit and a disk flush each: most of the time of writing a thousand
/// documents. Here files are staged unsynced, and every so often (and at the end) one `syncfs`
/// flushes them all before they are renamed into place. A build killed before a commit leaves
/// only temporaries, which the next build removes; the previous outputs stay as they were.
/// Files are renamed in the order they were staged. Staging is safe from any number of tasks.
public final class OutputBatch: @unchecked Sendable {
    private let folder: URL
    /// How many staged files make a commit: bounds the temporaries on disk and the time the new
    /// files wait, and keeps the commits few.
    private let filesPerCommit: Int
    private var pending: [(temporary: URL, target: URL)] = []
    /// Guards `pending`; held only to add a file or take the list, never during a sync, so the
    /// other tasks go on staging while one commits.
    private let lock = NSLock()
    /// Makes commits take turns, so the files of one are renamed before the next one's.
    private let commitLock = NSLock()

    /// `folder` is on the filesystem every file of the batch is written to.
    public init(folder: URL, filesPerCommit: Int = 256) {
        self.folder = folder
        self.filesPerCommit = max(1, filesPerCommit)
    }

    deinit {
        // A batch dropped without its commit (an error on the way) leaves no temporaries.
        for (temporary, _) in pending { try? FileManager.default.removeItem(at: temporary) }
    }

    /// Stages `data` for `url`, unless the file already holds exactly those bytes.
    public func stage(_ data: Data, to url: URL) throws -> AtomicWriter.Outcome {
        if AtomicWriter.isUnchanged(data, at: url) { return .unchanged }
        let temporary = try AtomicWriter.writeTemporary(data, for: url, synchronize: false)
        let full: [(temporary: URL, target: URL)]? = lock.withLock {
            pending.append((temporary, url))
            guard pending.count >= filesPerCommit else { return nil }
            defer { pending = [] }
            return pending
        }
        if let full { try commit(full) }
        return .written
    }

    /// Syncs every staged file and renames each into place.
    public func commit() throws {
        let files = lock.withLock {
            defer { pending = [] }
            return pending
        }
        try commit(files)
    }

    private func commit(_ files: [(temporary: URL, target: URL)]) throws {
        guard !files.isEmpty else { return }
        commitLock.lock()
        defer { commitLock.unlock() }
        do { try synchronize(files) } catch {
            for file in files { try? FileManager.default.removeItem(at: file.temporary) }
            throw error
        }
        for (index, file) in files.enumerated() {
            do { try AtomicWriter.moveIntoPlace(file.temporary, file.target) } catch {
                for rest in files[(index + 1)...] { try? FileManager.default.removeItem(at: rest.temporary) }
                throw error
            }
        }
    }

    /// Flushes the staged files to the disk: the whole filesystem in one call on Linux, file by
    /// file elsewhere.
    private func synchronize(_ files: [(temporary: URL, target: URL)]) throws {
        #if os(Linux)
        let descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw OutputError.lastError(folder.path) }
        defer { close(descriptor) }
        guard syncfs(descriptor) == 0 else { throw OutputError.lastError(folder.path) }
        #else
        for (temporary, _) in files {
            do {
                let handle = try FileHandle(forUpdating: temporary)
                defer { try? handle.close() }
                try handle.synchronize()
            } catch { throw OutputError.from(error, path: temporary.path) }
        }
        #endif
    }
}
