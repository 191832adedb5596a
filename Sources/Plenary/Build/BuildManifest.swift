public import Foundation

/// What the previous build of a meeting read and wrote (`<output>/<meeting>/.plenary-manifest.json`):
/// the options that shape the output, for each document the hash of every input file it looked
/// for (its sources, the meeting's, the data, the templates and catalogs it was rendered with),
/// present or not - a file that was absent is recorded as absent, so that its appearing is a
/// change - and the size of every output file. A document whose inputs and outputs are unchanged
/// is not rendered again; a build in which nothing changed reads only the inputs' bytes and the
/// outputs' sizes. The outputs recorded are also the only files a later build removes, when their
/// document (or its language, or format) is gone.
struct BuildManifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var inputs: [String: String]
        var outputs: [String: Int]
        var titles: [String: String]
        /// The formats written; nil (in a manifest from before `--formats`) means all of them.
        var formats: [String]?
    }

    /// Identifies the plenary binary (path, size and modification time): a new build of Plenary
    /// may write different bytes, so it rebuilds everything.
    var tool: String
    /// The options that shape the bytes written (`BuildOptions.fingerprint`): with others, nothing
    /// recorded can be trusted. Nil in a manifest from before it was recorded.
    var options: String?
    var documents: [String: Entry]
    /// Files written for the whole meeting (index.html, plenary.css) and their sizes.
    var shared: [String: Int]
    /// The hashes of the files the meeting-wide outputs were made from (meeting.yaml, the index
    /// template, the catalogs, the stylesheet). Nil when they had an error: then the next build
    /// makes them again.
    var sharedInputs: [String: String]?
    /// What the meeting publishes under which symbol (`Builder.registry(of:)`). A document cites
    /// others by symbol, and a citation is a link exactly when the meeting publishes that symbol:
    /// when a document is added, removed, or given another symbol, kind, date or languages, no
    /// document's record is trusted. (A document's record names only the documents it linked to,
    /// so it cannot see a document appear under a symbol it cited as plain text.)
    var documentRegistry: String?

    static let fileName = ".plenary-manifest.json"

    static func load(from folder: URL) -> BuildManifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path) else { return nil }
        return try? JSONDecoder().decode(BuildManifest.self, from: data)
    }

    func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    static var toolIdentity: String {
        let path = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path) \(size) \(Int(modified))"
    }

    /// The FNV-1a hash of a file's bytes, or nil when it cannot be read.
    static func hash(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map(hash(of:))
    }

    /// The FNV-1a hash of `data`.
    static func hash(of data: Data) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        data.withUnsafeBytes { bytes in
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    static func size(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.map { $0.intValue } ?? nil
    }

    /// Whether `entry` still describes the files on disk: its inputs hash as recorded, and
    /// `hasCurrentOutputs`.
    static func isCurrent(_ entry: Entry, inputs: InputHashes, output: URL, formats: [String]) -> Bool {
        inputs.areCurrent(entry.inputs) && hasCurrentOutputs(entry, output: output, formats: formats)
    }

    /// The outputs this manifest records that `next` does not: files of a document no longer in the
    /// meeting, of a language or format no longer built, the index page of a build without HTML.
    func outputsDropped(by next: BuildManifest) -> [String] {
        let kept = Set(next.documents.values.flatMap(\.outputs.keys)).union(next.shared.keys)
        return Set(documents.values.flatMap(\.outputs.keys)).union(shared.keys).subtracting(kept).sorted()
    }

    /// Whether `entry`'s outputs (in `output`) are there with the sizes recorded, in `formats`.
    static func hasCurrentOutputs(_ entry: Entry, output: URL, formats: [String]) -> Bool {
        guard (entry.formats ?? TemplateLibrary.formats) == formats else { return false }
        return entry.outputs.allSatisfy { Self.size(output.appendingPathComponent($0.key).path) == $0.value }
    }
}
