public import Foundation

/// The first half of rendering: for one document in one language, numbers every unit, resolves
/// references, symbols, decisions and statistics, formats numbers and dates, and hands the
/// templates a `Value` tree. It reports every problem it finds, not only the first.
public struct Resolver {
    let meeting: Meeting
    let outline: DocumentOutline
    let language: Language
    let catalog: Catalog
    let format: LanguageFormatter
    /// Whether the language is written right to left, asked of ICU once for the document.
    let rightToLeft: Bool
    /// The catalog of the document's original language: a text that falls back to the original
    /// is joined and styled as that language writes it (an English verb in a Chinese page keeps
    /// its italics and its space: "*Invites* Parties", not "InvitesParties").
    public var originalCatalog: Catalog?
    /// Every kind of the build, for references to other documents of the meeting (their numbering
    /// and Akoma Ntoso names depend on their kinds).
    public var kinds: [String: DocumentKind] = [:]
    /// The other documents of the meeting this one links to or cites: their structure is an
    /// input of this document (the build records it for incremental builds).
    public internal(set) var referencedDocuments: Set<String> = []
    /// The meeting's agenda as every document of the build carries it, made once per language.
    public var sharedAgenda: SharedAgenda?
    /// The numbering of each other document whose paragraphs this one cites.
    var otherNumberings: [String: Numbering] = [:]
    var problems: [Diagnostic] = []
    var warnings: [Diagnostic] = []
    /// The figures met while resolving the document, in order (the builder writes each as SVG).
    var figures: [Value] = []

    var document: Document { outline.document }
    /// The decision a stand-alone draft decision publishes, and the note it comes from.
    var decision: (decision: Decision, note: Document)? { outline.decision }
    var numbering: Numbering { outline.numbering }
    var footnoteNumbers: [String: Int] { outline.footnoteNumbers }

    /// Resolves one language of a document whose outline is already worked out (the builder makes
    /// it once for all the languages).
    public init(meeting: Meeting, outline: DocumentOutline, language: Language, catalog: Catalog) {
        self.meeting = meeting
        self.outline = outline
        self.language = language
        self.catalog = catalog
        format = LanguageFormatter(language: language, conventions: catalog.conventions)
        rightToLeft = language.isRightToLeft
    }

    /// Resolves one language of a document, with the kinds of the build (the document's own, and
    /// those of the documents it cites).
    public init(meeting: Meeting, document: Document, kinds: [String: DocumentKind], language: Language, catalog: Catalog) throws(DiagnosticError) {
        guard let kind = kinds[document.kind] else {
            throw DiagnosticError(.error(at: document.kindLocation, "unknown kind `\(document.kind)`",
                                         hint: "the kinds are \(kinds.keys.sorted().joined(separator: ", "))"))
        }
        self.init(meeting: meeting, outline: DocumentOutline(meeting: meeting, document: document, kind: kind, kinds: kinds), language: language, catalog: catalog)
        self.kinds = kinds
    }

    /// The resolved document, or every error found.
    public mutating func resolve() throws(DiagnosticError) -> (value: Value, warnings: [Diagnostic]) {
        problems += numbering.problems + outline.tableProblems
        let value = documentValue()
        for footnote in document.footnotes where decision == nil && footnoteNumbers[footnote.id] == nil {
            warnings.append(Diagnostic(.warning, at: footnote.location, "the footnote `\(footnote.id)` is never cited",
                                       hint: "cite it with [[footnote \(footnote.id)]] or remove it from `footnotes`"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return (value, warnings)
    }

    // MARK: Text of a unit

    /// The entry for `id` in this language, falling back to the original language (with a warning)
    /// when the translation is missing. `owner` is the document whose texts hold the id.
    mutating func entry(_ unit: Unit, in owner: Document? = nil) -> TextEntry? {
        let owner = owner ?? document
        if let entry = owner.texts[language]?.entries[unit.id] { return entry }
        if language != owner.original, let entry = owner.texts[owner.original]?.entries[unit.id] {
            warnings.append(Diagnostic(.warning, at: unit.location, "`\(unit.id)` has no \(language.code) text; the \(owner.original.code) text is used"))
            return entry
        }
        // A unit of another document (an agenda item's title) names that document's file.
        let elsewhere = owner.id != document.id || owner.agendaUnits.contains { $0.id == unit.id }
        let file = elsewhere ? "documents/\(owner.id)/\(owner.original.code).yaml" : "\(owner.original.code).yaml"
        problems.append(.error(at: unit.location, "`\(unit.id)` has no text in \(file)", hint: "add `\(unit.id): …` to \(file)"))
        return nil
    }

    mutating func text(_ unit: Unit, in owner: Document? = nil) -> Value {
        guard let entry = entry(unit, in: owner) else { return .markup([]) }
        return .markup(inline(entry.text, owner: owner ?? document))
    }

    /// Catalog wording; `location` is only evaluated when the key or a placeholder is missing.
    mutating func string(_ key: String, _ arguments: [String: String] = [:], at location: @autoclosure () -> SourceLocation? = nil) -> String {
        do { return try catalog.format(key, arguments, at: { location() ?? document.location }) } catch {
            problems += error.diagnostics
            return ""
        }
    }
}

extension Document {
    /// Every id that carries text, in reading order: the title, the agenda's items (in the
    /// provisional agenda), the body, the annexes and the footnotes.
    var readingOrder: [String] {
        var ids = ["title"]
        func items(_ list: [ListItem]) { for item in list { ids.append(item.unit.id); items(item.list) } }
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .heading(let heading):
                    if heading.hasOwnText { ids.append(heading.unit.id) }
                    walk(heading.content)
                case .paragraph(let paragraph): ids.append(paragraph.unit.id); items(paragraph.list)
                case .table(let table): ids += table.textIds
                case .figure(let figure): ids += figure.textIds
                case .decision(let decision):
                    if let chapeau = decision.chapeau { ids.append(chapeau.id) }
                    for element in decision.preamble { ids.append(element.unit.id); items(element.list) }
                    for entry in decision.entries {
                        switch entry {
                        case .group(let unit): ids.append(unit.id)
                        case .element(let element): ids.append(element.unit.id); items(element.list)
                        }
                    }
                }
            }
        }
        ids += agendaUnits.map(\.id)
        walk(body)
        for annex in annexes { ids.append(annex.unit.id); walk(annex.content) }
        ids += footnotes.map(\.id)
        return ids
    }
}

extension Document {
    /// Calls `body` for every block of the body and the annexes, depth first.
    func forEachBlock(_ body: (Block) -> Void) {
        func walk(_ blocks: [Block]) {
            for block in blocks {
                body(block)
                if case .heading(let heading) = block { walk(heading.content) }
            }
        }
        walk(self.body)
        for annex in annexes { walk(annex.content) }
    }
}

extension Document {
    /// The document's first figure, if it has one: a meeting with figures compiles the SVG template.
    var firstFigure: Figure? {
        var first: Figure?
        forEachBlock { block in if first == nil, case .figure(let figure) = block { first = figure } }
        return first
    }
}

extension Figure {
    /// The ids of its words in reading order: the caption, the axis title, the source.
    var textIds: [String] { [unit.id] + [axis, source].compactMap { $0?.id } }
}

extension Table {
    /// The ids of its words in reading order: the caption, the header rows, each group's heading
    /// and rows, the total, the notes and the source.
    var textIds: [String] {
        var ids = [unit.id]
        func add(_ row: TableRow) {
            for cell in row.cells { if case .text(let unit) = cell.content { ids.append(unit.id) } }
        }
        head.forEach(add)
        for group in body {
            if let heading = group.heading { ids.append(heading.id) }
            group.rows.forEach(add)
            group.subtotal.map(add)
        }
        total.map(add)
        ids += notes.map(\.id)
        if let source { ids.append(source.id) }
        return ids
    }
}

extension [InlineMarkup] {
    /// Whether the markup cites a place of the document it is in (a paragraph, a section, a
    /// numbered unit, an annex, a footnote, a table, a figure), which means something only in that document.
    var containsPlaceReference: Bool {
        contains { node in
            switch node {
            case .tag(.paragraphs, _), .tag(.section, _), .tag(.number, _), .tag(.annex, _), .tag(.footnote, _), .tag(.table, _), .tag(.figure, _): true
            case .emphasis(let inner), .strong(let inner), .superscript(let inner): inner.containsPlaceReference
            default: false
            }
        }
    }

    var footnoteIds: [String] {
        flatMap { node -> [String] in
            switch node {
            case .tag(.footnote(let id), _): [id]
            case .emphasis(let inner), .strong(let inner), .superscript(let inner): inner.footnoteIds
            default: []
            }
        }
    }
}
