import Foundation
/// What a document is in every language, worked out once per document rather than once per
/// language: the document as it is published (a stand-alone draft decision merged with its
/// note's sources), its numbering, its footnote numbers, and the original language's texts
/// already parsed. Numbering footnotes needs the original's texts parsed anyway, and the
/// original language's own resolution reuses those parses instead of parsing every text again.
public struct DocumentOutline: Sendable {
    let document: Document
    /// The decision a stand-alone draft decision publishes, and the note it comes from.
    let decision: (decision: Decision, note: Document)?
    let numbering: Numbering
    /// The document's kind: its numbering, front matter and punctuation.
    let kind: DocumentKind
    let footnoteNumbers: [String: Int]
    /// Every table laid out, with its sums worked out and checked, by the table's id.
    let tables: [String: TableGrid]
    /// The original language's texts that parsed without error, by where they start.
    private let parsed: [TextKey: [InlineMarkup]]

    /// A text entry's identity: the file it comes from and where in it the text starts.
    struct TextKey: Hashable {
        var file: ObjectIdentifier
        var line: Int
        var column: Int

        init(_ text: SourceText) {
            file = ObjectIdentifier(text.file)
            line = text.location.line
            column = text.location.column
        }
    }

    /// `kinds` has the document's kind and, for a decision published from a note, the note's.
    public init(meeting: Meeting, document: Document, kind: DocumentKind, kinds: [String: DocumentKind] = [:]) {
        self.kind = kind
        var sourceNumbering: Numbering?
        if let source = document.decisionSource, let note = meeting.document(source.document), let decision = note.decision(source.id) {
            // A stand-alone draft decision publishes the note's decision and annexes from the note's
            // sources: it reads the note's structure and texts, with its own metadata and title.
            var merged = document
            merged.body = [.decision(decision)]
            merged.annexes = note.annexes
            merged.footnotes = note.footnotes
            merged.declared = note.declared.merging(document.declared) { _, mine in mine }
            merged.texts = note.texts
            for (language, own) in document.texts {
                merged.texts[language, default: own].entries.merge(own.entries) { _, mine in mine }
            }
            self.document = merged
            self.decision = (decision, note)
            sourceNumbering = kinds[note.kind].map { Numbering(document: note, kind: $0) }
        } else {
            self.document = document
            decision = nil
        }
        var numbering = Numbering(document: self.document, kind: kind)
        if let sourceNumbering { numbering.adding(sourceNumbering) }
        self.numbering = numbering
        (footnoteNumbers, parsed) = Self.numberFootnotes(self.document, order: self.document.readingOrder)
        var tables: [String: TableGrid] = [:]
        self.document.forEachBlock { block in
            if case .table(let table) = block { tables[table.unit.id] = TableGrid(table: table, statistics: meeting.statistics) }
        }
        self.tables = tables
    }

    /// What laying out the tables found wrong (a row too wide, a total that is not the sum).
    var tableProblems: [Diagnostic] {
        tables.values.sorted { ($0.table.location.line, $0.table.location.column) < ($1.table.location.line, $1.table.location.column) }.flatMap(\.problems)
    }

    /// Footnotes are numbered in the order the original-language text cites them, so every
    /// language has the same numbers even where a translation moves a marker within a sentence.
    /// A text that does not parse is left out here; resolving the original reports its error.
    private static func numberFootnotes(_ document: Document, order: [String]) -> ([String: Int], [TextKey: [InlineMarkup]]) {
        guard let texts = document.texts[document.original] else { return ([:], [:]) }
        var numbers: [String: Int] = [:]
        var parsed: [TextKey: [InlineMarkup]] = [:]
        for id in order {
            guard let entry = texts.entries[id] else { continue }
            for text in [entry.verb, entry.text].compactMap({ $0 }) {
                guard let markup = try? InlineParser(source: text).parse() else { continue }
                parsed[TextKey(text)] = markup
                for footnote in markup.footnoteIds where numbers[footnote] == nil {
                    numbers[footnote] = numbers.count + 1
                }
            }
        }
        return (numbers, parsed)
    }

    /// The markup of `text`, parsed here if it is an original-language text, or now.
    func markup(of text: SourceText) throws(DiagnosticError) -> [InlineMarkup] {
        if let markup = parsed[TextKey(text)] { return markup }
        return try InlineParser(source: text).parse()
    }
}
