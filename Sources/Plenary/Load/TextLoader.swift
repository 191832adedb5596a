import Foundation

/// Reads one language file: `id: text` entries, and `{verb, text}` for decision elements. An entry
/// for an id the structure does not declare is an error (a translation cannot add a unit).
struct TextLoader {
    let file: YAMLFile

    /// With `keepingOrphans`, entries for undeclared ids are kept in `orphans` instead of being
    /// errors: translators' tools report them as orphans rather than refusing the file.
    func load(language: Language, declared: [String: SourceLocation], keepingOrphans: Bool = false) throws(DiagnosticError) -> TextSet {
        var set = TextSet(language: language, path: file.path, entries: [:])
        var problems: [Diagnostic] = []
        for (id, keyNode, value) in try file.entries(file.root, what: "\(language.code).yaml") {
            let location = file.location(of: keyNode)
            if declared[id] == nil, keepingOrphans, let text = try? file.sourceText(value, what: id) {
                set.orphans[id] = TextEntry(text: text, verb: nil, location: location)
                continue
            }
            guard declared[id] != nil else {
                problems.append(.error(at: location, "`\(id)` is not an id of this document's structure",
                                       hint: Suggestion.hint(for: id, in: declared.keys) ?? "declare it in document.yaml first, or remove the entry"))
                continue
            }
            do throws(DiagnosticError) {
                if case .mapping = value {
                    let fields = try file.entries(value, what: "the element `\(id)`", allowed: ["verb", "text"], required: ["verb", "text"])
                    var verb: SourceText?, text: SourceText?
                    for (name, _, node) in fields {
                        if name == "verb" { verb = try file.sourceText(node, what: "the verb of `\(id)`") }
                        else { text = try file.sourceText(node, what: "the text of `\(id)`") }
                    }
                    set.entries[id] = TextEntry(text: text!, verb: verb, location: location)
                } else {
                    set.entries[id] = TextEntry(text: try file.sourceText(value, what: "the text of `\(id)`"), verb: nil, location: location)
                }
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return set
    }
}
