import Foundation

/// The hashes of a build's input files, each file read and hashed once however many documents
/// depend on it: every document of a meeting reads meeting.yaml, data/, its templates and the
/// catalogs, so hashing per document read those a thousand times in a thousand-document build.
/// Paths are as the manifest records them: relative to the display root, or absolute for a file
/// outside it (a meeting folder elsewhere). Used from one task at a time.
final class InputHashes {
    private let root: URL
    private var known: [String: String] = [:]

    init(root: URL) { self.root = root }

    /// The file's hash, or "" if it cannot be read (a missing input then never matches a recorded one).
    func hash(_ path: String) -> String {
        if let hash = known[path] { return hash }
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appendingPathComponent(path)
        let hash = BuildManifest.hash(url.path) ?? ""
        known[path] = hash
        return hash
    }

    /// `paths` with their hashes.
    func hashes(of paths: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: paths.map { ($0, hash($0)) })
    }
}
