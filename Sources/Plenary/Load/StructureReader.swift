import Foundation

/// Turns the `body:` and `annexes:` trees of document.yaml into `Block`s, collecting every id once
/// (a duplicate id is an error at its second place, naming the first). The reader knows the
/// block model, not the kinds: which heading levels a document may use, and where, is checked
/// against its kind when it is numbered (`Numbering`).
struct StructureReader {
    let file: YAMLFile
    private(set) var declared: [String: SourceLocation] = [:]
    var problems: [Diagnostic] = []

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

    /// Declares an id written elsewhere (an agenda item of meeting.yaml) as one of the document's.
    mutating func declare(_ unit: Unit) {
        if declared[unit.id] == nil { declared[unit.id] = unit.location }
    }

    mutating func blocks(_ node: YAMLNode) throws(DiagnosticError) -> [Block] {
        var result: [Block] = []
        for item in try file.sequence(node, what: "the content") {
            do { result.append(try block(item)) } catch { problems += error.diagnostics }
        }
        return result
    }

    /// Keys that are blocks of their own. Any other key names a heading level: which levels a
    /// document may use, and where, is its kind's to say.
    static let blockKeys = ["para", "decision", "agenda-item", "table", "figure"]
    /// Keys that would be blocks in a later version, or are parts of a block written in the wrong
    /// place: refused with a clear message rather than read as a heading level named `table`.
    static let reservedKeys = ["list", "item", "element", "group", "text", "content", "preamble", "elements"]

    private mutating func block(_ node: YAMLNode) throws(DiagnosticError) -> Block {
        if case .scalar = node {
            return .paragraph(Paragraph(unit: try declare(node, what: "a paragraph id"), numbered: true, list: []))
        }
        let entries = try file.entries(node, what: "a structure entry")
        guard let (kind, keyNode, value) = entries.first else {
            throw DiagnosticError(.error(at: file.location(of: node), "an empty structure entry"))
        }
        switch kind {
        case "para":
            try only(entries, ["list", "unnumbered"], in: kind)
            let unit = try declare(value, what: "a paragraph id")
            return .paragraph(Paragraph(unit: unit, numbered: !(try unnumbered(entries)), list: try list(entries)))
        case "decision":
            try only(entries, ["chapeau", "preamble", "elements"], in: kind)
            let unit = try declare(value, what: "a decision id")
            var decision = Decision(unit: unit, chapeau: nil, preamble: [], entries: [])
            for (key, _, node) in entries.dropFirst() {
                switch key {
                case "chapeau": decision.chapeau = try declare(node, what: "the chapeau's id")
                case "preamble":
                    for item in try file.sequence(node, what: "the preamble") {
                        do { decision.preamble.append(try element(item, what: "a preambular paragraph")) } catch { problems += error.diagnostics }
                    }
                default:
                    for item in try file.sequence(node, what: "the decision's elements") {
                        do { decision.entries.append(try decisionEntry(item)) } catch { problems += error.diagnostics }
                    }
                }
            }
            return .decision(decision)
        case "table":
            return .table(try table(entries, keyNode: keyNode))
        case "figure":
            return .figure(try figure(entries, keyNode: keyNode))
        case "agenda-item":
            // Its title is the agenda's: the heading has no text of its own, only a number.
            try only(entries, ["content"], in: kind)
            let number = try file.string(value, what: "an agenda item's number")
            let location = file.location(of: value)
            let unit = Unit(id: "agenda-item-\(number)", location: location)
            return .heading(Heading(unit: unit, level: kind, agendaItem: number, numbered: true,
                                    content: try content(entries), location: file.location(of: keyNode)))
        default:
            guard !Self.reservedKeys.contains(kind), IdentifierPattern.templateName.matches(kind) else {
                throw DiagnosticError(.error(at: file.location(of: keyNode), "`\(kind)` cannot stand here",
                                             hint: Suggestion.hint(for: kind, in: ["section", "subsection", "component"] + Self.blockKeys)
                                                ?? "an entry is a paragraph id, `para:`, `decision:`, `table:`, `figure:`, `agenda-item:` or a heading level of the document's kind (`section:` …)"))
            }
            try only(entries, ["content", "unnumbered"], in: kind)
            let unit = try declare(value, what: "a \(kind) id")
            return .heading(Heading(unit: unit, level: kind, agendaItem: nil, numbered: !(try unnumbered(entries)),
                                    content: try content(entries), location: file.location(of: keyNode)))
        }
    }

    private mutating func content(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]) throws(DiagnosticError) -> [Block] {
        guard let entry = entries.first(where: { $0.key == "content" }) else { return [] }
        return try blocks(entry.value)
    }

    private func unnumbered(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]) throws(DiagnosticError) -> Bool {
        guard let entry = entries.first(where: { $0.key == "unnumbered" }) else { return false }
        return try file.bool(entry.value, what: "unnumbered")
    }

    func only(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)], _ allowed: [String], in kind: String) throws(DiagnosticError) {
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

    /// An element of a decision, operative or preambular: an id, or `element: id` with a `list:`.
    private mutating func element(_ node: YAMLNode, what: String) throws(DiagnosticError) -> DecisionElement {
        if case .scalar = node { return DecisionElement(unit: try declare(node, what: "an element id"), list: []) }
        let entries = try file.entries(node, what: what)
        guard let first = entries.first, first.key == "element" else {
            throw DiagnosticError(.error(at: file.location(of: node), "\(what) is an id or `element: id` with a `list:`"))
        }
        try only(entries, ["list"], in: "element")
        return DecisionElement(unit: try declare(first.value, what: "an element id"), list: try list(entries))
    }

    private mutating func decisionEntry(_ node: YAMLNode) throws(DiagnosticError) -> Decision.Entry {
        if case .scalar = node { return .element(try element(node, what: "an element")) }
        let entries = try file.entries(node, what: "a decision entry")
        guard let first = entries.first else { throw DiagnosticError(.error(at: file.location(of: node), "an empty decision entry")) }
        switch first.key {
        case "group":
            try only(entries, [], in: "group")
            return .group(try declare(first.value, what: "a group id"))
        case "element":
            return .element(try element(node, what: "an element"))
        default:
            throw DiagnosticError(.error(at: file.location(of: first.keyNode), "unknown decision entry `\(first.key)`",
                                         hint: Suggestion.hint(for: first.key, in: ["group", "element"]) ?? "use `group:` or `element:`"))
        }
    }

    mutating func annex(_ node: YAMLNode) throws(DiagnosticError) -> Annex {
        let entries = try file.entries(node, what: "an annex", allowed: ["id", "content", "label"], required: ["id"])
        var unit: Unit?
        var content: [Block] = []
        var label = "annex"
        for (key, _, value) in entries {
            switch key {
            case "id": unit = try declare(value, what: "the annex id")
            case "label":
                label = try file.string(value, what: "the annex's label")
                guard ["annex", "appendix"].contains(label) else {
                    throw DiagnosticError(.error(at: file.location(of: value), "an annex is labelled `annex` or `appendix`, not `\(label)`"))
                }
            default: content = try blocks(value)
            }
        }
        return Annex(unit: unit!, content: content, label: label)
    }
}
