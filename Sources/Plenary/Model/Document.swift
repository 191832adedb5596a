public import Foundation

/// One document of a meeting: its metadata, its structure (once, for every language) and its
/// text in each language.
public struct Document: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case note, decision }

    public var id: String
    public var folder: URL
    public var symbol: String
    public var kind: Kind
    public var template: String
    public var templateLocation: SourceLocation
    public var agendaItem: Int?
    public var date: DateComponents
    public var distribution: String
    public var original: Language
    public var reissue: Bool
    public var body: [Block]
    public var annex: Annex?
    public var footnotes: [Unit]
    /// For a stand-alone draft decision: the note whose decision it publishes.
    public var decisionSource: DecisionSource?
    public var texts: [Language: TextSet]
    public var location: SourceLocation
    /// Where `symbol:` is written.
    public var symbolLocation: SourceLocation?
    /// Where `distribution:` is written: a distribution no catalog words is reported there.
    public var distributionLocation: SourceLocation?
    /// Every id the structure declares, and where: what a language file may give text for.
    var declared: [String: SourceLocation] = [:]

    public struct DecisionSource: Sendable {
        public var document: String
        public var id: String
        public var location: SourceLocation
    }
}

/// An id of the structure where it was declared.
public struct Unit: Hashable, Sendable {
    public var id: String
    public var location: SourceLocation
}

/// The annex of a document: its own title (the text of `id`) and paragraphs numbered from 1.
public struct Annex: Sendable {
    public var unit: Unit
    public var content: [Block]
}
