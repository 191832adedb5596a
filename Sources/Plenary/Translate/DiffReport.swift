public import Foundation

/// `plenary diff`: the translation status of a document as a terminal summary, JSON for scripts
/// (deterministic bytes) or an HTML report with the original and the translation side by side.
public struct DiffReport: Sendable {
    public let status: TranslationStatus

    public init(status: TranslationStatus) { self.status = status }

    public var summary: String {
        let counts = TranslationStatus.State.allCases.map { "\(status.count($0)) \($0.rawValue)" }.joined(separator: ", ")
        return String(format: "%@ (%@ → %@): %d units: %@; %.1f%% complete",
                      status.document, status.original.code, status.language.code, status.units.filter { $0.state != .orphan }.count,
                      counts, status.percentComplete)
    }

    /// The summary, then each unit that needs attention, with the change in the original marked
    /// `[-removed-]{+added+}`.
    public func text() -> String {
        var lines = [summary]
        for unit in status.units where unit.state != .translated {
            let location = (unit.translationLocation ?? unit.originalLocation).map { "\($0): " } ?? ""
            lines.append("")
            lines.append("\(location)\(unit.id): \(unit.state.rawValue)")
            if let previous = unit.previousOriginal, let current = unit.original {
                lines.append("  \(status.original.code): \(TextDiff(from: previous, to: current).marked)")
            } else if let original = unit.original {
                lines.append("  \(status.original.code): \(original)")
            }
            if let translation = unit.translation { lines.append("  \(status.language.code): \(translation)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() throws -> String {
        var counts: [String: Int] = [:]
        for state in TranslationStatus.State.allCases { counts[state.rawValue] = status.count(state) }
        let units: [[String: Any]] = status.units.map { unit in
            var object: [String: Any] = ["id": unit.id, "state": unit.state.rawValue]
            object["original"] = unit.original ?? NSNull()
            object["translation"] = unit.translation ?? NSNull()
            if let previous = unit.previousOriginal, let current = unit.original {
                object["previousOriginal"] = previous
                object["changes"] = TextDiff(from: previous, to: current).segments.map { ["kind": $0.kind.rawValue, "text": $0.text] }
            }
            return object
        }
        let object: [String: Any] = [
            "document": status.document, "original": status.original.code, "language": status.language.code,
            "counts": counts, "percentComplete": (status.percentComplete * 10).rounded() / 10, "units": units,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public func html() -> Data {
        let tree = XMLTree()
        let html = tree.makeRoot("html")
        html.setAttribute("lang", "en")
        let head = html.appendElement("head")
        head.appendElement("meta").setAttribute("charset", "utf-8")
        head.appendElement("title").appendText("\(status.document): \(status.original.code) → \(status.language.code)")
        head.appendElement("style").appendText("""
            body{font-family:"Noto Sans","Noto Sans CJK SC",sans-serif;margin:2em}table{border-collapse:collapse;width:100%}
            td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}del{background:#fdd}ins{background:#dfd;text-decoration:none}
            tr.stale-substantive td.state{background:#fbb}tr.stale-minor td.state{background:#ffd}tr.untranslated td.state{background:#ddd}tr.orphan td.state{background:#fbf}
            """)
        let body = html.appendElement("body")
        body.appendElement("h1").appendText("\(status.document): \(status.original.code) → \(status.language.code)")
        body.appendElement("p").appendText(summary)
        let table = body.appendElement("table")
        let header = table.appendElement("thead").appendElement("tr")
        for title in ["id", "state", status.original.code, status.language.code] { header.appendElement("th").appendText(title) }
        let rows = table.appendElement("tbody")
        for unit in status.units {
            let row = rows.appendElement("tr")
            row.setAttribute("class", unit.state.rawValue)
            row.setAttribute("id", unit.id)
            row.appendElement("td").appendText(unit.id)
            let state = row.appendElement("td")
            state.setAttribute("class", "state")
            state.appendText(unit.state.rawValue)
            let original = row.appendElement("td")
            original.setAttribute("lang", status.original.localeIdentifier)
            if let previous = unit.previousOriginal, let current = unit.original {
                for segment in TextDiff(from: previous, to: current).segments {
                    switch segment.kind {
                    case .equal: original.appendText(segment.text)
                    case .removed: original.appendElement("del").appendText(segment.text)
                    case .inserted: original.appendElement("ins").appendText(segment.text)
                    }
                }
            } else {
                original.appendText(unit.original ?? "")
            }
            let translation = row.appendElement("td")
            translation.setAttribute("lang", status.language.localeIdentifier)
            translation.appendText(unit.translation ?? "")
        }
        return MarkupSerializer.data(for: tree, mode: .html)
    }
}
