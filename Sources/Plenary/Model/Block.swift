import Foundation
/// A piece of a document's structure, the same for every kind of document: headings at any depth,
/// paragraphs numbered or not, decisions (a preamble and an operative part), tables and figures. The structure is
/// language-neutral: numbers come from the document's kind and text is attached per language by
/// the resolver.
public indirect enum Block: Sendable {
    case heading(Heading)
    case paragraph(Paragraph)
    case decision(Decision)
    case table(Table)
    case figure(Figure)

    public var unit: Unit {
        switch self {
        case .heading(let heading): heading.unit
        case .paragraph(let paragraph): paragraph.unit
        case .decision(let decision): decision.unit
        case .table(let table): table.unit
        case .figure(let figure): figure.unit
        }
    }
}

/// A heading and what stands under it. `level` is the key that introduced it in document.yaml
/// (`section`, `subsection`, `component`, `agenda-item`, or any level a kind defines): the kind
/// says how each level is numbered and where it may stand.
public struct Heading: Sendable {
    public var unit: Unit
    public var level: String
    /// An agenda item's number ("2.1") for an `agenda-item:` heading: its title is the agenda's.
    public var agendaItem: String?
    public var numbered: Bool
    public var content: [Block]
    /// Where the heading's key is written, for a heading the kind does not allow there.
    public var location: SourceLocation

    /// The unit whose text is the heading: its own id, or for an agenda item the agenda's unit.
    var hasOwnText: Bool { agendaItem == nil }
}

/// A paragraph, numbered or not, with an optional list of lettered items.
public struct Paragraph: Sendable {
    public var unit: Unit
    public var numbered: Bool
    public var list: [ListItem]
}

/// "(a)", "(b)", … and, nested, "(i)", "(ii)", ….
public struct ListItem: Sendable {
    public var unit: Unit
    public var list: [ListItem]
}

/// A decision: an optional chapeau and preamble, then operative elements across optional group
/// headings. Lettered (a), (b) when a note proposes its elements; numbered 1., 2. in a decision.
public struct Decision: Sendable {
    public enum Entry: Sendable {
        case group(Unit)
        case element(DecisionElement)
    }
    public var unit: Unit
    /// The decision's own chapeau; without one, the meeting's `chapeau`.
    public var chapeau: Unit?
    /// Preambular paragraphs ("*Recalling* decision BS-V/3,"): unnumbered, a verb and a text.
    public var preamble: [DecisionElement]
    public var entries: [Entry]

    public var elements: [DecisionElement] {
        entries.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }
}

/// One operative or preambular element: a verb and its text (per language), with optional sub-items.
public struct DecisionElement: Sendable {
    public var unit: Unit
    public var list: [ListItem]
}
