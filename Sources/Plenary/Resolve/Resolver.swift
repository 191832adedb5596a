public import Foundation

/// The first half of rendering: for one document in one language, numbers every unit, resolves
/// references, symbols, decisions and statistics, formats numbers and dates, and hands the
/// templates a `Value` tree. It reports every problem it finds, not only the first.
public struct Resolver {
    let meeting: Meeting
    let document: Document
    let language: Language
    let catalog: Catalog
    let format: LanguageFormatter
    /// The decision a stand-alone draft decision publishes, and the note it comes from.
    let decision: (decision: Decision, note: Document)?
    let numbering: Numbering
    let footnoteNumbers: [String: Int]
    var problems: [Diagnostic] = []
    var warnings: [Diagnostic] = []

    public init(meeting: Meeting, document: Document, language: Language, catalog: Catalog) {
        self.meeting = meeting
        self.language = language
        self.catalog = catalog
        format = LanguageFormatter(language: language)
        if let source = document.decisionSource, let note = meeting.document(source.document), let decision = note.decision(source.id) {
            // A stand-alone draft decision publishes the note's decision and annex from the note's
            // sources: it reads the note's structure and texts, with its own metadata and title.
            var merged = note
            merged.id = document.id
            merged.symbol = document.symbol
            merged.kind = document.kind
            merged.template = document.template
            merged.templateLocation = document.templateLocation
            merged.agendaItem = document.agendaItem
            merged.date = document.date
            merged.distribution = document.distribution
            merged.original = document.original
            merged.reissue = document.reissue
            merged.location = document.location
            merged.decisionSource = source
            for (language, own) in document.texts {
                merged.texts[language, default: own].entries.merge(own.entries) { _, mine in mine }
            }
            self.document = merged
            self.decision = (decision, note)
            numbering = Numbering(document: merged, elementStyle: .numbers)
            footnoteNumbers = Resolver.numberFootnotes(merged, order: Document.readingOrder(of: [.decision(decision)], annex: merged.annex, footnotes: merged.footnotes))
        } else {
            self.document = document
            self.decision = nil
            numbering = Numbering(document: document)
            footnoteNumbers = Resolver.numberFootnotes(document, order: document.readingOrder)
        }
    }

    /// Footnotes are numbered in the order the original-language text cites them, so every
    /// language has the same numbers even where a translation moves a marker within a sentence.
    static func numberFootnotes(_ document: Document, order: [String]) -> [String: Int] {
        guard let texts = document.texts[document.original] else { return [:] }
        var numbers: [String: Int] = [:]
        for id in order {
            guard let entry = texts.entries[id] else { continue }
            for text in [entry.verb, entry.text].compactMap({ $0 }) {
                guard let markup = try? InlineParser(source: text).parse() else { continue }
                for footnote in markup.footnoteIds where numbers[footnote] == nil {
                    numbers[footnote] = numbers.count + 1
                }
            }
        }
        return numbers
    }

    /// The resolved document, or every error found.
    public mutating func resolve() throws(DiagnosticError) -> (value: Value, warnings: [Diagnostic]) {
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
        problems.append(.error(at: unit.location, "`\(unit.id)` has no text in \(owner.original.code).yaml",
                               hint: "add `\(unit.id): …` to \(owner.original.code).yaml"))
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
    /// Every id that carries text, in reading order.
    var readingOrder: [String] { Document.readingOrder(of: body, annex: annex, footnotes: footnotes) }

    static func readingOrder(of body: [Block], annex: Annex?, footnotes: [Unit]) -> [String] {
        var ids = ["title"]
        func walk(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .section(let section): ids.append(section.unit.id); walk(section.content)
                case .paragraph(let paragraph): ids.append(paragraph.unit.id); items(paragraph.list)
                case .decision(let decision):
                    for entry in decision.entries {
                        switch entry {
                        case .group(let unit): ids.append(unit.id)
                        case .element(let element): ids.append(element.unit.id); items(element.list)
                        }
                    }
                }
            }
        }
        func items(_ list: [ListItem]) { for item in list { ids.append(item.unit.id); items(item.list) } }
        walk(body)
        if let annex { ids.append(annex.unit.id); walk(annex.content) }
        ids += footnotes.map(\.id)
        return ids
    }
}

extension [InlineMarkup] {
    var footnoteIds: [String] {
        flatMap { node -> [String] in
            switch node {
            case .tag(.footnote(let id), _): [id]
            case .emphasis(let inner): inner.footnoteIds
            default: []
            }
        }
    }
}
