public import Foundation

/// `plenary diff --since`: what changed in the generated text of each document in one language,
/// unit by unit (aligned by eId), between an earlier version of the output and the current one.
public struct RevisionDiff: Sendable {
    public struct Change: Sendable {
        public var file: String
        public var eId: String
        public var kind: String   // added, removed, changed
        public var before: String?
        public var after: String?
    }

    public var changes: [Change] = []
    public var filesCompared = 0

    /// `earlier` gives the bytes of a file of the earlier output by its path relative to the output
    /// root, or nil when it did not exist.
    public init(current root: URL, language: Language, earlier: (String) -> Data?) throws(DiagnosticError) {
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("/\(language.code).xml") }.sorted()
        for file in files {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else { continue }
            filesCompared += 1
            let now = try GeneratedUnits.of(data, path: file)
            let before = try earlier(file).map { data throws(DiagnosticError) in try GeneratedUnits.of(data, path: file) } ?? []
            let old = Dictionary(before, uniquingKeysWith: { a, _ in a })
            let new = Dictionary(now, uniquingKeysWith: { a, _ in a })
            for (eId, text) in now {
                if let previous = old[eId] {
                    if previous != text { changes.append(Change(file: file, eId: eId, kind: "changed", before: previous, after: text)) }
                } else {
                    changes.append(Change(file: file, eId: eId, kind: "added", before: nil, after: text))
                }
            }
            for (eId, text) in before where new[eId] == nil {
                changes.append(Change(file: file, eId: eId, kind: "removed", before: text, after: nil))
            }
        }
    }

    public func text() -> String {
        var lines = ["\(filesCompared) files compared, \(changes.count) units changed"]
        for change in changes {
            let body: String
            switch change.kind {
            case "changed": body = TextDiff(from: change.before ?? "", to: change.after ?? "").marked
            case "added": body = "{+\(change.after ?? "")+}"
            default: body = "[-\(change.before ?? "")-]"
            }
            lines.append("\(change.file) \(change.eId) (\(change.kind)): \(body)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        let objects: [[String: Any]] = changes.map { change in
            var object: [String: Any] = ["file": change.file, "eId": change.eId, "kind": change.kind]
            object["before"] = change.before ?? NSNull()
            object["after"] = change.after ?? NSNull()
            if let before = change.before, let after = change.after {
                object["changes"] = TextDiff(from: before, to: after).segments.map { ["kind": $0.kind.rawValue, "text": $0.text] }
            }
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: ["filesCompared": filesCompared, "changes": objects],
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
