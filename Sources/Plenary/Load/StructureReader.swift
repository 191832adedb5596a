import Foundation

/// Turns the `body:` and `annex:` trees of document.yaml into `Block`s, collecting every id once
/// (a duplicate id is an error at its second place, naming the first).
struct StructureReader {
    enum Context { case body, section, annex, annexSection }

    let file: YAMLFile
    private(set) var declared: [String: SourceLocation] = [:]
    private(set) var problems: [Diagnostic] = []

    init(file: YAMLFile) {
        self.file = file
        declared["title"] = .file(file.path)
    }

    /// `[A-Za-z][A-Za-z0-9_.-]*`, checked on the bytes: a regular expression here was compiled
    /// anew for each of the hundreds of ids of every document (5% of a build).
    static func isValidId(_ id: String) -> Bool {
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        guard let first = id.utf8.first, isLetter(first) else { return false }
        return id.utf8.dropFirst().allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
    }

    mutating func declare(_ node: YAMLNode, what: String) throws(DiagnosticError) -> Unit {
        let id = try file.string(node, what: what)
        let location = file.location(of: node)
        guard Self.isValidId(id) else {
            throw DiagnosticError(.error(at: location, "`\(id)` is not a valid id",
                                         hint: "ids start with a letter and use letters, digits, `-`, `_` and `.`"))
        }
        if let first = declared[id] {
            problems.append(.error(at: location, "duplicate id `\(id)`",
                                   hint: first.line > 1 || first.column > 1 ? "it is already used at line \(first.line)" : "`\(id)` is reserved"))
        } else {
            declared[id] = location
        }
        return Unit(id: id, location: location)
    }

    mutating func blocks(_ node: YAMLNode, context: Context) throws(DiagnosticError) -> [Block] {
        var result: [Block] = []
        for item in try file.sequence(node, what: "the content") {
            do { result.append(try block(item, context: context)) } catch { problems += error.diagnostics }
        }
        return result
    }

    private mutating func block(_ node: YAMLNode, context: Context) throws(DiagnosticError) -> Block {
        if case .scalar = node {
            return .paragraph(Paragraph(unit: try declare(node, what: "a paragraph id"), list: []))
        }
        let entries = try file.entries(node, what: "a structure entry")
        guard let (kind, _, value) = entries.first else {
            throw DiagnosticError(.error(at: file.location(of: node), "an empty structure entry"))
        }
        let kinds = allowedKinds(in: context)
        switch kind {
        // The kind is checked against the context inside the case: a `where` clause after a list
        // of patterns binds to the last one only, which let a section stand inside a section.
        case "section", "subsection", "component":
            guard kinds.contains(kind) else { throw misplaced(kind, at: node, allowed: kinds) }
            try only(entries, ["content"], in: kind)
            let unit = try declare(value, what: "a \(kind) id")
            let level = Section.Level(rawValue: kind)!
            let inner: Context = context == .body ? .section : .annexSection
            let content = try entries.first { $0.key == "content" }.map { entry throws(DiagnosticError) in
                try blocks(entry.value, context: inner)
            } ?? []
            return .section(Section(unit: unit, level: level, content: content))
        case "para":
            try only(entries, ["list"], in: kind)
            let unit = try declare(value, what: "a paragraph id")
            return .paragraph(Paragraph(unit: unit, list: try list(entries)))
        case "decision":
            guard kinds.contains(kind) else { throw misplaced(kind, at: node, allowed: kinds) }
            try only(entries, ["elements"], in: kind)
            let unit = try declare(value, what: "a decision id")
            var decision = Decision(unit: unit, entries: [])
            if let elements = entries.first(where: { $0.key == "elements" }) {
                for item in try file.sequence(elements.value, what: "the decision's elements") {
                    do { decision.entries.append(try decisionEntry(item)) } catch { problems += error.diagnostics }
                }
            }
            return .decision(decision)
        default:
            throw misplaced(kind, at: node, allowed: kinds)
        }
    }

    private func misplaced(_ kind: String, at node: YAMLNode, allowed kinds: [String]) -> DiagnosticError {
        DiagnosticError(.error(at: file.location(of: node), "`\(kind)` cannot stand here",
                               hint: Suggestion.hint(for: kind, in: kinds + ["para"]) ?? "here an entry is a paragraph id or one of \((kinds + ["para"]).map { "`\($0):`" }.joined(separator: ", "))"))
    }

    private func allowedKinds(in context: Context) -> [String] {
        switch context {
        case .body: ["section", "decision"]
        case .section: ["subsection", "decision"]
        case .annex: ["section"]
        case .annexSection: ["component"]
        }
    }

    private func only(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)], _ allowed: [String], in kind: String) throws(DiagnosticError) {
        for entry in entries.dropFirst() where !allowed.contains(entry.key) {
            throw DiagnosticError(.error(at: file.location(of: entry.keyNode), "unknown key `\(entry.key)` in a \(kind)",
                                         hint: Suggestion.hint(for: entry.key, in: allowed) ?? "a \(kind) takes \(allowed.map { "`\($0):`" }.joined(separator: ", "))"))
        }
    }

    private mutating func list(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]) throws(DiagnosticError) -> [ListItem] {
        guard let entry = entries.first(where: { $0.key == "list" }) else { return [] }
        var items: [ListItem] = []
        for node in try file.sequence(entry.value, what: "a list") {
            do { items.append(try listItem(node)) } catch { problems += error.diagnostics }
        }
        return items
    }

    private mutating func listItem(_ node: YAMLNode) throws(DiagnosticError) -> ListItem {
        if case .scalar = node { return ListItem(unit: try declare(node, what: "a list item id"), list: []) }
        let entries = try file.entries(node, what: "a list item")
        guard let first = entries.first, first.key == "item" else {
            throw DiagnosticError(.error(at: file.location(of: node), "a list item is an id or `item: id` with a `list:`"))
        }
        try only(entries, ["list"], in: "list item")
        return ListItem(unit: try declare(first.value, what: "a list item id"), list: try list(entries))
    }

    private mutating func decisionEntry(_ node: YAMLNode) throws(DiagnosticError) -> Decision.Entry {
        if case .scalar = node { return .element(DecisionElement(unit: try declare(node, what: "an element id"), list: [])) }
        let entries = try file.entries(node, what: "a decision entry")
        guard let first = entries.first else { throw DiagnosticError(.error(at: file.location(of: node), "an empty decision entry")) }
        switch first.key {
        case "group":
            try only(entries, [], in: "group")
            return .group(try declare(first.value, what: "a group id"))
        case "element":
            try only(entries, ["list"], in: "element")
            return .element(DecisionElement(unit: try declare(first.value, what: "an element id"), list: try list(entries)))
        default:
            throw DiagnosticError(.error(at: file.location(of: first.keyNode), "unknown decision entry `\(first.key)`",
                                         hint: Suggestion.hint(for: first.key, in: ["group", "element"]) ?? "use `group:` or `element:`"))
        }
    }

    mutating func annex(_ node: YAMLNode) throws(DiagnosticError) -> Annex {
        let entries = try file.entries(node, what: "the annex", allowed: ["id", "content"], required: ["id"])
        var unit: Unit?
        var content: [Block] = []
        for (key, _, value) in entries {
            if key == "id" { unit = try declare(value, what: "the annex id") }
            else { content = try blocks(value, context: .annex) }
        }
        return Annex(unit: unit!, content: content)
    }
}
