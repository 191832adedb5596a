public import Foundation

/// Writes files so that a reader (or a build killed half-way) only ever sees the complete old
/// file or the complete new one: the bytes go to a temporary file in the same folder, which is
/// flushed and then renamed over the target. Files whose bytes are unchanged are not touched, so
/// their modification times stay and a rebuild with no change rewrites nothing.
public enum AtomicWriter {
    public enum Outcome: Sendable, Equatable { case written, unchanged }

    public static func write(_ data: Data, to url: URL) throws -> Outcome {
        try write(data, to: url, beforeRename: {})
    }

    /// `beforeRename` runs between writing the temporary file and renaming it; tests make it fail
    /// to check that a failed write leaves the previous file as it was.
    static func write(_ data: Data, to url: URL, beforeRename: () throws -> Void) throws -> Outcome {
        if isUnchanged(data, at: url) { return .unchanged }
        let temporary = try writeTemporary(data, for: url, synchronize: true)
        do { try beforeRename() } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        try moveIntoPlace(temporary, url)
        return .written
    }

    /// Whether `url` already holds exactly `data` (then it is not rewritten, and keeps its time).
    static func isUnchanged(_ data: Data, at url: URL) -> Bool {
        // A missing file or one of another size is changed: known without reading it.
        guard let size = BuildManifest.size(url.path), size == data.count else { return false }
        return FileManager.default.contents(atPath: url.path) == data
    }

    /// Writes `data` to a new temporary file beside `url` and returns it; with `synchronize`, its
    /// bytes are on the disk when this returns. A failure (an `OutputError`) leaves no temporary behind.
    static func writeTemporary(_ data: Data, for url: URL, synchronize: Bool) throws -> URL {
        let manager = FileManager.default
        let folder = url.deletingLastPathComponent()
        // A dot-name that no document has, so a stray one (after SIGKILL) is never taken for output.
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp")
        // Created with open(2), not FileManager.createFile: Foundation creates a file "atomically"
        // through a temporary of its own (`.dat.nosync…`), which a kill can leave behind under a
        // name that is not ours to clean up. The folder is made only when it is missing: asking
        // FileManager to make it every time costs more than writing the file.
        var descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 && errno == ENOENT {
            do { try manager.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw OutputError.from(error, path: folder.path)
            }
            descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        }
        // Errors name the file being written, not its temporary: that is the path the user knows.
        guard descriptor >= 0 else { throw OutputError.lastError(url.path) }
        do {
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            if synchronize { try handle.synchronize() }
        } catch {
            try? manager.removeItem(at: temporary)
            throw OutputError.from(error, path: url.path)
        }
        return temporary
    }

    /// Renames a written temporary over its target: readers see the old file or the new one.
    static func moveIntoPlace(_ temporary: URL, _ url: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            let error = OutputError.lastError(url.path)
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Removes the output file `name` (a path relative to `folder`, as the build manifest records
    /// it), and its folder if that is left empty. Only a plain relative path to a regular file is
    /// removed: the manifest is a file in the output folder, and whatever it says, a build must not
    /// remove anything outside that folder, nor a folder or link someone put in its place.
    /// Whether the file was removed.
    static func removeOutput(_ name: String, in folder: URL) -> Bool {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !components.isEmpty,
              components.allSatisfy({ !$0.isEmpty && !$0.hasPrefix(".") }) else { return false }
        let url = folder.appendingPathComponent(name)
        guard (try? FileManager.default.attributesOfItem(atPath: url.path))?[.type] as? FileAttributeType == .typeRegular,
              unlink(url.path) == 0 else { return false }
        var parent = url.deletingLastPathComponent()
        for _ in 1..<components.count {
            guard rmdir(parent.path) == 0 else { break }
            parent.deleteLastPathComponent()
        }
        return true
    }

    /// Removes temporary files left by a build that was killed before it could rename them.
    public static func removeStrayTemporaries(in folder: URL) {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return }
        for case let url as URL in enumerator where url.lastPathComponent.hasPrefix(".") && url.pathExtension == "tmp" {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
