import Foundation
/// A piece of a document's structure. The structure is language-neutral: numbers and text are
/// attached per language by the resolver.
public indirect enum Block: Sendable {
    /// "I." / "一." in the body, "A." in an annex; subsections "A."; annex components "1.".
    case section(Section)
    case paragraph(Paragraph)
    case decision(Decision)

    public var unit: Unit {
        switch self {
        case .section(let section): section.unit
        case .paragraph(let paragraph): paragraph.unit
        case .decision(let decision): decision.unit
        }
    }
}

public struct Section: Sendable {
    public enum Level: String, Sendable { case section, subsection, component }
    public var unit: Unit
    public var level: Level
    public var content: [Block]
}

/// A numbered paragraph, with an optional list of lettered items.
public struct Paragraph: Sendable {
    public var unit: Unit
    public var list: [ListItem]
}

/// "(a)", "(b)", … and, nested, "(i)", "(ii)", ….
public struct ListItem: Sendable {
    public var unit: Unit
    public var list: [ListItem]
}

/// A draft decision: elements lettered across optional group headings.
public struct Decision: Sendable {
    public enum Entry: Sendable {
        case group(Unit)
        case element(DecisionElement)
    }
    public var unit: Unit
    public var entries: [Entry]

    public var elements: [DecisionElement] {
        entries.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }
}

/// One operative element: a verb and its text (per language), with optional sub-items.
public struct DecisionElement: Sendable {
    public var unit: Unit
    public var list: [ListItem]
}
