import Foundation

/// Reads `kinds/<name>.yaml` of the templates folder into a `DocumentKind`. Every key is checked
/// (an unknown one is an error with the closest known key); catalog keys are checked when the
/// templates are compiled against the catalogs.
struct KindReader {
    let file: YAMLFile
    let name: String

    static let keys = ["akn", "template", "proponent", "proponent-first", "contents", "agenda-listing", "headings", "annex-headings",
                       "paragraphs", "lists", "operative", "groups", "punctuation"]

    func read() throws(DiagnosticError) -> DocumentKind {
        let entries = try file.entries(file.root, what: "a kind", allowed: Self.keys, required: ["akn", "template"])
        let root = file.location(of: file.root)
        var kind = DocumentKind(name: name, aknElement: "doc", aknName: name, aknSubtype: "", template: "",
                                templateLocation: root, proponent: nil, proponentLocation: root, contents: false,
                                agendaListing: false, headings: [:], annexHeadings: [:],
                                paragraphs: .init(style: .decimal, labels: ["paragraph-number"]),
                                lists: [.lowerAlpha, .lowerRoman], listLabel: "item-number",
                                operative: .init(style: .decimal, labels: ["paragraph-number"]),
                                groups: .init(style: .none, labels: [""]), punctuation: .init(), location: root, path: file.path)
        var problems: [Diagnostic] = []
        var annexHeadingsGiven = false
        for (key, _, value) in entries {
            do throws(DiagnosticError) {
                switch key {
                case "akn":
                    let fields = try file.entries(value, what: "`akn`", allowed: ["element", "name", "subtype"], required: ["element", "name", "subtype"])
                    for (field, _, node) in fields {
                        let text = try file.string(node, what: "akn \(field)")
                        switch field {
                        case "element":
                            guard ["doc", "statement", "debateReport"].contains(text) else {
                                throw DiagnosticError(.error(at: file.location(of: node), "`\(text)` is not an Akoma Ntoso document type Plenary writes",
                                                             hint: "AKN4UN maps UN documents to `doc`, `statement` and `debateReport`"))
                            }
                            kind.aknElement = text
                        case "name": kind.aknName = try Self.aknName(text, at: file.location(of: node))
                        default: kind.aknSubtype = try Self.aknName(text, at: file.location(of: node))
                        }
                    }
                case "template":
                    kind.template = try file.identifier(value, what: "the template", .templateName)
                    kind.templateLocation = file.location(of: value)
                case "proponent":
                    let key = try file.identifier(value, what: "the proponent line", .templateName)
                    kind.proponent = key == "none" ? nil : key
                    kind.proponentLocation = file.location(of: value)
                case "proponent-first": kind.proponentFirst = try file.bool(value, what: "proponent-first")
                case "contents": kind.contents = try file.bool(value, what: "contents")
                case "agenda-listing": kind.agendaListing = try file.bool(value, what: "agenda-listing")
                case "headings": kind.headings = try levels(value, top: "body")
                case "annex-headings":
                    kind.annexHeadings = try levels(value, top: "annex")
                    annexHeadingsGiven = true
                case "paragraphs": kind.paragraphs = try scheme(value, what: "paragraphs")
                case "lists":
                    let fields = try file.entries(value, what: "lists", allowed: ["number", "label"], required: ["number"])
                    kind.listLabelLocation = file.location(of: value)
                    for (field, _, node) in fields {
                        if field == "label" { kind.listLabel = try catalogKey(node) } else {
                            kind.lists = try file.sequence(node, what: "the list numbering").map { node throws(DiagnosticError) in try style(node) }
                            guard !kind.lists.isEmpty, !kind.lists.contains(where: { [.agenda, .dotted].contains($0) }) else {
                                throw DiagnosticError(.error(at: file.location(of: node), "list items are numbered by a list of styles, one per depth",
                                                             hint: "such as [lower-alpha, lower-roman]"))
                            }
                        }
                    }
                case "operative": kind.operative = try scheme(value, what: "operative")
                case "groups": kind.groups = try scheme(value, what: "groups")
                default:
                    let fields = try file.entries(value, what: "punctuation", allowed: ["operative", "preamble", "agenda"])
                    for (field, _, node) in fields {
                        let on = try file.bool(node, what: "punctuation \(field)")
                        switch field {
                        case "operative": kind.punctuation.operative = on
                        case "preamble": kind.punctuation.preamble = on
                        default: kind.punctuation.agenda = on
                        }
                    }
                }
            } catch { problems += error.diagnostics }
        }
        // An annex is numbered as the body is unless the kind says otherwise; its top level stands in the annex.
        if !annexHeadingsGiven {
            kind.annexHeadings = kind.headings.mapValues { level in
                var level = level
                level.within = level.within.map { $0 == "body" ? "annex" : $0 }
                return level
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return kind
    }

    /// An Akoma Ntoso name: letters and digits, starting with a letter (it lands in attributes and IRIs).
    private static func aknName(_ text: String, at location: SourceLocation) throws(DiagnosticError) -> String {
        guard let first = text.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
              text.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }), text.count <= 64 else {
            throw DiagnosticError(.error(at: location, "`\(Diagnostic.clipped(text, to: 40))` is not an Akoma Ntoso name",
                                         hint: "use ASCII letters and digits, starting with a letter, like `decisionDraft`"))
        }
        return text
    }

    private func catalogKey(_ node: YAMLNode) throws(DiagnosticError) -> String {
        try file.identifier(node, what: "a catalog key", .templateName)
    }

    private func style(_ node: YAMLNode) throws(DiagnosticError) -> NumberStyle {
        let text = try file.string(node, what: "a numbering style")
        guard let style = NumberStyle(rawValue: text) else {
            throw DiagnosticError(.error(at: file.location(of: node), "unknown numbering style `\(Diagnostic.clipped(text, to: 40))`",
                                         hint: Suggestion.hint(for: text, in: NumberStyle.allCases.map(\.rawValue))
                                            ?? "the styles are \(NumberStyle.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        return style
    }

    /// `{number: decimal, label: paragraph-number}`; `label` may be a list, one key per depth.
    /// `extra`: the keys a heading level adds (`in`, `akn`), read by `levels`.
    private func scheme(_ node: YAMLNode, what: String, extra: [String] = []) throws(DiagnosticError) -> DocumentKind.Scheme {
        var scheme = DocumentKind.Scheme(style: .decimal, labels: [], location: file.location(of: node))
        for (field, _, value) in try file.entries(node, what: what, allowed: ["number", "label"] + extra, required: ["number"]) {
            switch field {
            case "number": scheme.style = try style(value)
            case "label":
                if case .scalar = value { scheme.labels = [try catalogKey(value)] }
                else { scheme.labels = try file.sequence(value, what: "the labels").map { node throws(DiagnosticError) in try catalogKey(node) } }
            default: break
            }
        }
        if scheme.labels.isEmpty {
            guard scheme.style == .none else {
                throw DiagnosticError(.error(at: file.location(of: node), "\(what) are numbered but have no `label`",
                                             hint: "add `label: <catalog key>` (the key's wording places the number: \"{n}.\")"))
            }
            scheme.labels = [""]
        }
        return scheme
    }

    private func levels(_ node: YAMLNode, top: String) throws(DiagnosticError) -> [String: DocumentKind.HeadingLevel] {
        var levels: [String: DocumentKind.HeadingLevel] = [:]
        var problems: [Diagnostic] = []
        let entries = try file.entries(node, what: "the heading levels")
        for (name, keyNode, value) in entries {
            do throws(DiagnosticError) {
                guard IdentifierPattern.templateName.matches(name), !StructureReader.reservedKeys.contains(name),
                      name == "agenda-item" || !StructureReader.blockKeys.contains(name) else {
                    throw DiagnosticError(.error(at: file.location(of: keyNode), "`\(name)` cannot be a heading level",
                                                 hint: "a level is a lower-case word (`section`) other than \((StructureReader.blockKeys + StructureReader.reservedKeys).filter { $0 != "agenda-item" }.map { "`\($0)`" }.joined(separator: ", "))"))
                }
                let scheme = try scheme(value, what: "the level `\(name)`", extra: ["in", "akn"])
                if (name == "agenda-item") != (scheme.style == .agenda) {
                    throw DiagnosticError(.error(at: file.location(of: value), name == "agenda-item" ? "an agenda item is numbered as the agenda numbers it" : "only `agenda-item` is numbered by the agenda",
                                                 hint: name == "agenda-item" ? "write `number: agenda`" : "use decimal, upper-roman, upper-alpha, dotted, …"))
                }
                var within = [top]
                var akn = ["section", "subsection", "chapter", "part"].contains(name) ? name : "hcontainer"
                var aknName = name == "agenda-item" ? "agendaItem" : name
                for (field, _, node) in try file.entries(value, what: "the level `\(name)`") {
                    switch field {
                    case "in": within = try file.sequence(node, what: "where the level stands").map { node throws(DiagnosticError) in try file.string(node, what: "a level") }
                    case "akn":
                        let text = try file.string(node, what: "the Akoma Ntoso element")
                        let parts = text.split(separator: " ").map(String.init)
                        guard let element = parts.first, ["section", "subsection", "chapter", "part", "hcontainer"].contains(element),
                              parts.count == 1 || (element == "hcontainer" && parts.count == 2) else {
                            throw DiagnosticError(.error(at: file.location(of: node), "`\(Diagnostic.clipped(text, to: 40))` is not a heading element Plenary writes",
                                                         hint: "use section, subsection, chapter, part, or `hcontainer <name>`"))
                        }
                        akn = element
                        if parts.count == 2 { aknName = try Self.aknName(parts[1], at: file.location(of: node)) }
                    default: break
                    }
                }
                let prefix = switch akn {
                case "section": "sec"
                case "subsection": "subsec"
                case "chapter": "chp"
                case "part": "part"
                default: aknName == "agendaItem" ? "item" : aknName
                }
                levels[name] = .init(name: name, scheme: scheme, within: within, akn: akn, aknName: aknName,
                                     eIdPrefix: prefix, location: file.location(of: keyNode))
            } catch { problems += error.diagnostics }
        }
        // `in` names levels of the same list (or the top): a typo would make a level unusable.
        // A level that failed to read is still a level: naming it is not a second mistake.
        let names = Set(entries.map(\.key))
        for level in levels.values {
            for parent in level.within where parent != top && !names.contains(parent) {
                problems.append(.error(at: level.location, "the level `\(level.name)` stands in `\(parent)`, which is not a level here",
                                       hint: Suggestion.hint(for: parent, in: Array(levels.keys) + [top]) ?? "use `\(top)` or one of \(levels.keys.sorted().joined(separator: ", "))"))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return levels
    }
}
