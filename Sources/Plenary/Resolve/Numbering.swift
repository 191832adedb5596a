import Foundation
/// Where every unit of a document's structure stands: what it is, its number among its siblings
/// (or through the body, for paragraphs) in its kind's scheme, its Akoma Ntoso eId and its
/// position in reading order. Computed once per document from the structure and the kind alone,
/// so every language gets the same numbers and the same eIds; the nesting the kind does not allow
/// is reported here, at the block's location.
struct Numbering {
    enum Kind: Equatable {
        case heading(level: String)
        case paragraph
        case item(depth: Int)
        case decision, group, element, preamble
        case annex
        case table, figure
    }

    struct Entry {
        var kind: Kind
        var ordinal: Int
        /// How the number is written, and the catalog key that places it ("{n}.").
        var style: NumberStyle
        var labelKey: String
        var eId: String
        /// Reading order, for "above" and "below".
        var order: Int
        /// For a dotted number (2.1), the unit whose number comes first; for an agenda item, its number.
        var parent: String?
        var agendaNumber: String?
        /// 0 in the body, n in the n-th annex.
        var annex: Int
        /// For a heading, how deep it stands (1 at the top); used for the contents and HTML heading levels.
        var depth: Int = 0
    }

    private(set) var entries: [String: Entry] = [:]
    /// The nesting the kind does not allow, and numbers a scheme cannot give.
    private(set) var problems: [Diagnostic] = []
    private var order = 0
    private var paragraphCount = 0
    private var decisionCount = 0
    /// Tables and figures are numbered through the whole document, annexes included.
    private var tableCount = 0, figureCount = 0
    let kind: DocumentKind
    /// Whether the document is a decision (`statement`): its operative paragraphs are the body's
    /// paragraphs (`para_1`), not points of a decision inside a note.
    private let isStatement: Bool

    init(document: Document, kind: DocumentKind) {
        self.kind = kind
        isStatement = kind.aknElement == "statement"
        number(document.body, prefix: "", levels: kind.headings, parent: nil, annex: 0, depth: 1)
        for (index, annex) in document.annexes.enumerated() {
            let eId = "att_\(index + 1)"
            add(annex.unit.id, Entry(kind: .annex, ordinal: index + 1, style: document.annexes.count > 1 ? .upperRoman : .none,
                                     labelKey: annex.label, eId: eId, order: 0, annex: index + 1))
            paragraphCount = 0
            number(annex.content, prefix: eId + "__", levels: kind.annexHeadings, parent: nil, annex: index + 1, depth: 1)
        }
    }

    subscript(id: String) -> Entry? { entries[id] }

    /// The units of `other` that this numbering does not have: a decision published from a note
    /// still cites the note's sections by number ("section IV of the note").
    mutating func adding(_ other: Numbering) {
        entries.merge(other.entries) { mine, _ in mine }
    }

    private mutating func add(_ id: String, _ entry: Entry) {
        order += 1
        var entry = entry
        entry.order = order
        entries[id] = entry
    }

    private mutating func number(_ blocks: [Block], prefix: String, levels: [String: DocumentKind.HeadingLevel],
                                 parent: Heading?, annex: Int, depth: Int) {
        var counts: [String: Int] = [:]
        for block in blocks {
            switch block {
            case .heading(let heading):
                // A level the kind lacks, or one out of place, is reported and then numbered as
                // well as can be: what stands under it is still numbered, so its references do not
                // add errors of their own.
                let level: DocumentKind.HeadingLevel
                if let known = levels[heading.level] {
                    level = known
                    let place = parent?.level ?? (annex == 0 ? "body" : "annex")
                    if !level.within.contains(place) {
                        let what = parent.map { "inside \(Self.a($0.level)) `\($0.level)`" } ?? "at the top of the \(annex == 0 ? "body" : "annex")"
                        problems.append(.error(at: heading.location, "\(Self.a(heading.level)) `\(heading.level)` cannot stand \(what) in \(Self.a(kind.name)) \(kind.name)",
                                               hint: "in \(Self.a(kind.name)) \(kind.name), \(Self.a(heading.level)) `\(heading.level)` stands \(level.within.map { $0 == "body" || $0 == "annex" ? "at the top of the \($0)" : "inside \(Self.a($0)) `\($0)`" }.joined(separator: " or ")) (\(kind.path))"))
                    }
                } else {
                    let known = levels.keys.sorted()
                    problems.append(.error(at: heading.location, "`\(heading.level)` is not a heading level of \(annex == 0 ? "" : "an annex of ")\(Self.a(kind.name)) \(kind.name)",
                                           hint: Suggestion.hint(for: heading.level, in: known)
                                            ?? (known.isEmpty ? "\(Self.a(kind.name)) \(kind.name) has no headings (\(kind.path))" : "its levels are \(known.joined(separator: ", ")) (\(kind.path))")))
                    level = .init(name: heading.level, scheme: .init(style: heading.agendaItem == nil ? .decimal : .agenda, labels: [""]),
                                  within: [], akn: "hcontainer", aknName: "heading", eIdPrefix: "hcontainer", location: heading.location)
                }
                var entry = Entry(kind: .heading(level: heading.level), ordinal: 0, style: heading.numbered ? level.scheme.style : .none,
                                  labelKey: "", eId: "", order: 0, annex: annex, depth: depth)
                if let number = heading.agendaItem {
                    // Numbered by the agenda, not by counting: an annotated agenda may skip items.
                    entry.agendaNumber = number
                    entry.labelKey = level.scheme.label(depth: number.split(separator: ".").count)
                    // Agenda items run through the document: their eIds are not qualified by a parent.
                    entry.eId = "\(annex > 0 ? "att_\(annex)__" : "")item_\(number.replacingOccurrences(of: ".", with: "-"))"
                    if let parentNumber = parent?.agendaItem, !number.hasPrefix(parentNumber + ".") {
                        problems.append(.error(at: heading.location, "agenda item \(number) is not a sub-item of item \(parentNumber)",
                                               hint: "put it under `agenda-item: \"\(number.split(separator: ".").first ?? "")\"`"))
                    }
                } else if heading.numbered, level.scheme.style != .none {
                    counts[heading.level, default: 0] += 1
                    entry.ordinal = counts[heading.level]!
                    entry.labelKey = level.scheme.label(depth: depth)
                    entry.eId = "\(prefix)\(level.eIdPrefix)_\(entry.ordinal)"
                    if level.scheme.style == .dotted {
                        if let parent, entries[parent.unit.id]?.style != NumberStyle.none {
                            entry.parent = parent.unit.id
                        } else {
                            problems.append(.error(at: heading.location, "a `\(heading.level)` is numbered after its parent (2.1), and has no numbered parent here"))
                        }
                    }
                } else {
                    entry.eId = "\(prefix)\(level.eIdPrefix)_\(heading.unit.id)"
                }
                if heading.agendaItem != nil, let first = entries[heading.unit.id] {
                    problems.append(.error(at: heading.location, "agenda item \(heading.agendaItem!) is a heading already",
                                           hint: "one heading per item: its `\(first.eId)` comes first"))
                }
                add(heading.unit.id, entry)
                number(heading.content, prefix: entry.eId + "__", levels: levels, parent: heading, annex: annex, depth: depth + 1)
            case .paragraph(let paragraph):
                var entry = Entry(kind: .paragraph, ordinal: 0, style: .none, labelKey: "", eId: "", order: 0, annex: annex)
                let annexPrefix = annex > 0 ? "att_\(annex)__" : ""
                if paragraph.numbered, kind.paragraphs.style != .none {
                    paragraphCount += 1
                    entry.ordinal = paragraphCount
                    entry.style = kind.paragraphs.style
                    entry.labelKey = kind.paragraphs.label(depth: 1)
                    entry.eId = "\(annexPrefix)para_\(paragraphCount)"
                } else {
                    entry.eId = "\(annexPrefix)para_\(paragraph.unit.id)"
                }
                add(paragraph.unit.id, entry)
                number(paragraph.list, parent: entry.eId, depth: 1, annex: annex)
            case .decision(let decision):
                number(decision, prefix: prefix, annex: annex)
            case .table(let table):
                // Counted through the document, so not qualified by a heading; an annex's are
                // still its own (att_1__table_2), as every eId of an attachment is.
                tableCount += 1
                add(table.unit.id, Entry(kind: .table, ordinal: tableCount, style: .decimal, labelKey: "table-label",
                                         eId: "\(annex > 0 ? "att_\(annex)__" : "")table_\(tableCount)", order: 0, annex: annex))
            case .figure(let figure):
                figureCount += 1
                add(figure.unit.id, Entry(kind: .figure, ordinal: figureCount, style: .decimal, labelKey: "figure-label",
                                          eId: "\(annex > 0 ? "att_\(annex)__" : "")fig_\(figureCount)", order: 0, annex: annex))
            }
        }
    }

    private mutating func number(_ decision: Decision, prefix: String, annex: Int) {
        // A decision published as such is one decision: its paragraphs are the body's (para_1 …),
        // and a second one would repeat every eId.
        decisionCount += 1
        if isStatement, decisionCount > 1 {
            problems.append(.error(at: decision.unit.location, "\(Self.a(kind.name)) \(kind.name) holds one decision",
                                   hint: "publish the other decision as a document of its own"))
        }
        let eId = isStatement ? "\(prefix)decision" : "\(prefix)hcontainer_decision"
        add(decision.unit.id, Entry(kind: .decision, ordinal: 1, style: .none, labelKey: "", eId: eId, order: 0, annex: annex))
        if let chapeau = decision.chapeau {
            add(chapeau.id, Entry(kind: .preamble, ordinal: 0, style: .none, labelKey: "",
                                  eId: isStatement ? "preamble__formula_1" : "\(eId)__formula_1", order: 0, annex: annex))
        }
        for (index, element) in decision.preamble.enumerated() {
            let elementId = isStatement ? "preamble__container_\(index + 1)" : "\(eId)__preamble_\(index + 1)"
            add(element.unit.id, Entry(kind: .preamble, ordinal: index + 1, style: .none, labelKey: "", eId: elementId, order: 0, annex: annex))
            number(element.list, parent: elementId, depth: 1, annex: annex)
        }
        var elementCount = 0, groupCount = 0
        let lettered = [.lowerAlpha, .upperAlpha].contains(kind.operative.style)
        for entry in decision.entries {
            switch entry {
            case .group(let unit):
                groupCount += 1
                add(unit.id, Entry(kind: .group, ordinal: groupCount, style: kind.groups.style, labelKey: kind.groups.label(depth: 1),
                                   eId: isStatement ? "\(prefix)group_\(groupCount)" : "\(eId)__crossHeading_\(groupCount)", order: 0, annex: annex))
            case .element(let element):
                elementCount += 1
                let label = lettered ? LanguageFormatter.letters(elementCount) : String(elementCount)
                let elementId = lettered ? "\(eId)__point_\(label)" : isStatement ? "\(prefix)para_\(label)" : "\(eId)__para_\(label)"
                add(element.unit.id, Entry(kind: .element, ordinal: elementCount, style: kind.operative.style,
                                           labelKey: kind.operative.label(depth: 1), eId: elementId, order: 0, annex: annex))
                number(element.list, parent: elementId, depth: lettered ? 2 : 1, annex: annex)
            }
        }
    }

    private mutating func number(_ items: [ListItem], parent: String, depth: Int, annex: Int) {
        for (index, item) in items.enumerated() {
            let style = kind.lists[min(depth, kind.lists.count) - 1]
            let label = Self.neutralLabel(index + 1, style: style)
            let eId = "\(parent)__list_1__point_\(label)"
            add(item.unit.id, Entry(kind: .item(depth: depth), ordinal: index + 1, style: style, labelKey: kind.listLabel,
                                    eId: eId, order: 0, annex: annex))
            number(item.list, parent: eId, depth: depth + 1, annex: annex)
        }
    }

    /// "a" or "an" before a name in a message ("an `article`", "an agenda-annotated").
    static func a(_ word: String) -> String {
        "aeiou".contains(word.first.map { Character($0.lowercased()) } ?? "x") ? "an" : "a"
    }

    /// A number as eIds write it, the same in every language: "1", "a", "iv", "B".
    static func neutralLabel(_ ordinal: Int, style: NumberStyle) -> String {
        switch style {
        case .lowerAlpha: LanguageFormatter.letters(ordinal)
        case .upperAlpha: LanguageFormatter.letters(ordinal).uppercased()
        case .lowerRoman: LanguageFormatter.roman(ordinal).lowercased()
        case .upperRoman: LanguageFormatter.roman(ordinal)
        default: String(ordinal)
        }
    }

    func ids(where accepting: (Kind) -> Bool) -> [String] {
        entries.filter { accepting($0.value.kind) }.map(\.key)
    }
}
