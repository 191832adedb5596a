public import Foundation

/// What each unit of a translation was translated from: the fingerprint and the text of the
/// original at that time. Plenary keeps it beside the translation (`<lang>.origin.yaml`) and
/// updates it when a unit is marked translated or imported from XLIFF, so a later change of the
/// original can be shown, not only flagged.
struct TranslationRecord {
    struct Entry: Equatable {
        var fingerprint: String
        var source: String
    }

    var entries: [String: Entry] = [:]

    static func url(for document: URL, language: Language) -> URL {
        document.appendingPathComponent("\(language.code).origin.yaml")
    }

    static func load(from url: URL, displayPath: String) throws(DiagnosticError) -> TranslationRecord {
        guard FileManager.default.fileExists(atPath: url.path) else { return TranslationRecord() }
        let file = try YAMLFile(url: url, displayPath: displayPath)
        var record = TranslationRecord()
        for (id, _, value) in try file.entries(file.root, what: displayPath) {
            var entry = Entry(fingerprint: "", source: "")
            for (key, _, node) in try file.entries(value, what: "`\(id)`", allowed: ["fingerprint", "source"], required: ["fingerprint", "source"]) {
                if key == "fingerprint" { entry.fingerprint = try file.string(node, what: "the fingerprint") }
                else { entry.source = try file.string(node, what: "the source text") }
            }
            record.entries[id] = entry
        }
        return record
    }

    /// The record as YAML, ids in the order given, strings quoted JSON-style (valid YAML), so the
    /// same record always gives the same bytes.
    func yaml(order: [String], language: Language, original: Language) -> String {
        var lines = ["# Maintained by Plenary: the \(original.code) text each \(language.code) unit was translated from.",
                     "# Do not edit by hand; `plenary translated` and `plenary xliff import` update it."]
        let known = Set(order)
        for id in order + entries.keys.filter({ !known.contains($0) }).sorted() {
            guard let entry = entries[id] else { continue }
            lines.append("\(id):")
            lines.append("  fingerprint: \"\(entry.fingerprint)\"")
            lines.append("  source: \(Self.quoted(entry.source))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 { result += String(format: "\\x%02X", scalar.value) }
                else { result.unicodeScalars.append(scalar) }
            }
        }
        return result + "\""
    }
}
