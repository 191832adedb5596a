import Foundation

/// What makes a kind of document — a note, a decision, an agenda, a report: its Akoma Ntoso
/// element and names, its front matter, how each level is numbered and where it may stand, and
/// the punctuation Plenary adds. Read from `kinds/<name>.yaml` in the templates folder, so that a
/// new kind, or a change to one, is a file an editor edits (see Templates/README.md).
public struct DocumentKind: Sendable {
    public var name: String
    /// The document-type element (`doc`, `statement`, `debateReport`), its `name` and FRBRname
    /// (`note`, `decisionDraft`, `agendaListing`, …) and the FRBRsubtype (`communication`, …).
    public var aknElement: String
    public var aknName: String
    public var aknSubtype: String
    /// The template a document of the kind is rendered with, unless it names its own.
    public var template: String
    public var templateLocation: SourceLocation
    /// The catalog key of the line under the title ("Note by the Executive Secretary"), or nil.
    public var proponent: String?
    public var proponentLocation: SourceLocation
    /// Whether that line stands above the title ("Decision adopted by …" heads an adopted
    /// decision, then "BS-VI/3. Capacity-building") rather than under it (a note's proponent).
    public var proponentFirst: Bool = false
    /// Whether a contents list, generated from the headings, opens the document.
    public var contents: Bool
    /// Whether the meeting's agenda is listed before the body (the provisional agenda).
    public var agendaListing: Bool
    /// The heading levels of the body and of the annexes, by the key that introduces them.
    public var headings: [String: HeadingLevel]
    public var annexHeadings: [String: HeadingLevel]
    public var paragraphs: Scheme
    /// List items by depth: (a), (i), then the last scheme again.
    public var lists: [NumberStyle]
    public var listLabel: String
    public var listLabelLocation: SourceLocation?
    /// The operative elements of a decision: (a), (b) in a note's proposed elements, 1., 2. in a decision.
    public var operative: Scheme
    /// The group headings between operative paragraphs: unnumbered in a note's proposed
    /// elements, "I.", "II." in an adopted decision.
    public var groups: Scheme
    public var punctuation: Punctuation
    /// Where the kind is defined.
    public var location: SourceLocation
    /// The kind's file as messages and the build manifest name it.
    public var path: String

    /// Every catalog key the kind uses, and where it is written: checked against the catalogs
    /// when the templates are compiled, so a misspelt key is reported in the kind's file.
    public var catalogKeys: [(key: String, location: SourceLocation)] {
        var keys: [(String, SourceLocation)] = []
        if let proponent { keys.append((proponent, proponentLocation)) }
        for scheme in [paragraphs, operative, groups] + headings.values.map(\.scheme) + annexHeadings.values.map(\.scheme) {
            keys += scheme.labels.filter { !$0.isEmpty }.map { ($0, scheme.location ?? location) }
        }
        if !listLabel.isEmpty { keys.append((listLabel, listLabelLocation ?? location)) }
        return keys
    }

    /// How a level is numbered: the style of its number and the catalog key that writes the label
    /// around it ("{n}.", "Item {n}."); for agenda items, a key per depth of the agenda.
    public struct Scheme: Sendable {
        public var style: NumberStyle
        public var labels: [String]
        /// Where the scheme is written: a label no catalog has is reported there.
        public var location: SourceLocation?

        func label(depth: Int) -> String { labels[min(max(depth, 1), labels.count) - 1] }
    }

    public struct HeadingLevel: Sendable {
        public var name: String
        public var scheme: Scheme
        /// Where the level may stand: `body` or `annex` (at the top), or the names of levels it
        /// may stand directly inside.
        public var within: [String]
        /// The Akoma Ntoso element (`section`, `subsection`, `hcontainer`, …) and, for an
        /// `hcontainer`, its name; the first part of the eIds (`sec`, `subsec`, `item`).
        public var akn: String
        public var aknName: String
        public var eIdPrefix: String
        public var location: SourceLocation
    }

    /// The punctuation Plenary adds after what the writer typed, each switchable per kind. The
    /// marks themselves are the catalog's (`decision-separator`, `preamble-end`, …), per language.
    public struct Punctuation: Sendable {
        /// ";" after each operative element and its last sub-item, "." after the last.
        public var operative = true
        /// "," after each preambular paragraph.
        public var preamble = true
        /// In an agenda listing: "." after an item, ":" before its sub-items, ";" between them.
        public var agenda = false
    }
}

/// How a number is written. Upper-case roman numerals are the UN's section numbers; Chinese
/// writes them 一、二 (`LanguageFormatter.sectionNumeral`).
public enum NumberStyle: String, Sendable, CaseIterable {
    case none, decimal
    case upperRoman = "upper-roman", lowerRoman = "lower-roman"
    case upperAlpha = "upper-alpha", lowerAlpha = "lower-alpha"
    /// The parent heading's number, a dot, and this one's: 2.1, 2.2.
    case dotted
    /// An agenda item's own number in the meeting's agenda ("9", "2.1").
    case agenda
}
