import Foundation

/// The hashes of a build's input files, each file read and hashed once however many documents
/// depend on it: every document of a meeting reads meeting.yaml, data/, its templates and the
/// catalogs, so hashing per document read those a thousand times in a thousand-document build.
/// Paths are as the manifest records them: relative to the display root, or absolute for a file
/// outside it (a meeting folder elsewhere). Used from one task at a time.
final class InputHashes {
    /// What is recorded for a file that was looked for and is not there: its appearing is then a
    /// change like any other.
    static let absent = "absent"
    /// What is recorded for a file that is there but cannot be read (a broken link, no permission).
    static let unreadable = "unreadable"

    private let root: URL
    private var known: [String: String] = [:]

    init(root: URL) { self.root = root }

    /// The file's hash, `absent` or `unreadable`.
    func hash(_ path: String) -> String {
        if let hash = known[path] { return hash }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        // Only a file that cannot be read is looked at again, without following links: a broken
        // link is there, and unreadable. (The common case, a file read and hashed, needs no stat.)
        let hash = BuildManifest.hash(url.path)
            ?? ((try? FileManager.default.attributesOfItem(atPath: url.path)) != nil ? Self.unreadable : Self.absent)
        known[path] = hash
        return hash
    }

    /// `paths` with their hashes.
    func hashes(of paths: [String]) -> [String: String] {
        Dictionary(paths.map { ($0, hash($0)) }) { first, _ in first }
    }

    /// Whether every file of `recorded` still hashes as recorded.
    func areCurrent(_ recorded: [String: String]) -> Bool {
        recorded.allSatisfy { hash($0.key) == $0.value }
    }
}
