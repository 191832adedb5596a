public import Foundation

/// One document of a meeting: its metadata, its structure (once, for every language) and its
/// text in each language.
public struct Document: Sendable {
    public var id: String
    public var folder: URL
    public var symbol: String
    /// The name of the document's kind: a file `kinds/<kind>.yaml` of the templates folder says
    /// what the kind is (its Akoma Ntoso element, front matter, numbering, punctuation).
    public var kind: String
    public var kindLocation: SourceLocation
    /// The template named in document.yaml; empty when the kind's template is used.
    public var template: String
    public var templateLocation: SourceLocation
    /// The agenda items the document is issued under ("9", "2.1"), as numbered in the meeting's agenda.
    public var agendaItems: [String]
    /// `agenda-item: "5-7"`: the first and last of a range of items ("Items 5–7").
    public var agendaRange = false
    public var date: DateComponents
    public var distribution: String
    /// A status line under the distribution (`advance-unedited`), worded by the catalog.
    public var status: String?
    public var original: Language
    /// The languages the document is issued in, when not all of the meeting's ("ENGLISH ONLY").
    public var issuedIn: [Language]?
    public var reissue: Bool
    /// The line under the title: a catalog key, `none` for no line, nil for the kind's.
    public var proponent: String?
    /// Whether a contents list is printed; nil for the kind's choice.
    public var contents: Bool?
    /// False for a document issued outside a session (no session, venue or agenda lines).
    public var inSession: Bool
    /// An adopted decision's number, printed before its title ("BS-VI/3. Capacity-building").
    public var decisionNumber: String?
    public var body: [Block]
    public var annexes: [Annex]
    public var footnotes: [Unit]
    /// For a stand-alone draft decision: the note whose decision it publishes.
    public var decisionSource: DecisionSource?
    public var texts: [Language: TextSet]
    public var location: SourceLocation
    /// Where `symbol:` is written.
    public var symbolLocation: SourceLocation?
    /// Where `distribution:` is written: a distribution no catalog words is reported there.
    public var distributionLocation: SourceLocation?
    /// Where `status:` is written.
    public var statusLocation: SourceLocation?
    /// Where `proponent:` is written.
    public var proponentLocation: SourceLocation?
    /// Every id the structure declares, and where: what a language file may give text for.
    var declared: [String: SourceLocation] = [:]
    /// The meeting's agenda items, when this document is the provisional agenda that holds their titles.
    var agendaUnits: [Unit] = []

    /// What an addendum, corrigendum or revision is to the document whose symbol it extends:
    /// `…/6/1/Add.1` is addendum 1 to `…/6/1`. Read from the symbol, so nothing is typed twice.
    public struct Supplement: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case addendum = "Add", corrigendum = "Corr", revision = "Rev"

            /// "addendum", as messages, catalog keys and Akoma Ntoso names write it.
            public var name: String {
                switch self {
                case .addendum: "addendum"
                case .corrigendum: "corrigendum"
                case .revision: "revision"
                }
            }
        }
        public var kind: Kind
        public var number: Int
        public var parent: String

        /// The supplement the symbol names, if its last part is `Add.N`, `Corr.N` or `Rev.N`.
        public init?(symbol: String) {
            let parts = symbol.split(separator: "/")
            guard parts.count > 1, let last = parts.last else { return nil }
            let pieces = last.split(separator: ".")
            guard pieces.count == 2, let kind = Kind(rawValue: String(pieces[0])), let number = Int(pieces[1]), number > 0 else { return nil }
            self.kind = kind
            self.number = number
            parent = parts.dropLast().joined(separator: "/")
        }
    }

    /// Set when the symbol ends in `/Add.N`, `/Corr.N` or `/Rev.N`.
    public var supplement: Supplement? { Supplement(symbol: symbol) }

    public struct DecisionSource: Sendable {
        public var document: String
        public var id: String
        public var location: SourceLocation
    }

    /// The languages the document is built in.
    public func languages(of meeting: Meeting) -> [Language] {
        guard let issuedIn else { return meeting.languages }
        return meeting.languages.filter(issuedIn.contains)
    }
}

/// An id of the structure where it was declared.
public struct Unit: Hashable, Sendable {
    public var id: String
    public var location: SourceLocation
}

/// An annex (or appendix) of a document: its own title (the text of `id`) and paragraphs numbered
/// from 1, labelled "Annex", or "Annex I", "Annex II", … when there are several.
public struct Annex: Sendable {
    public var unit: Unit
    public var content: [Block]
    /// The catalog key of its label: `annex` or `appendix`.
    public var label: String = "annex"
}
