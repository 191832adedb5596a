import Foundation
/// Where every unit of a document's structure stands: its kind, its number among its siblings
/// (or through the body, for paragraphs), its Akoma Ntoso eId and its position in reading order.
/// Computed once per document from the structure alone, so every language gets the same numbers
/// and the same eIds.
struct Numbering {
    enum Kind: Equatable {
        case section(Section.Level, inAnnex: Bool)
        case paragraph(inAnnex: Bool)
        case item(depth: Int)
        case decision, group, element
        case annex
    }

    struct Entry {
        var kind: Kind
        var ordinal: Int
        var eId: String
        /// Reading order, for "above" and "below".
        var order: Int
    }

    /// How decision elements are numbered: lettered inside a note, numbered as operative paragraphs
    /// in a stand-alone draft decision.
    enum ElementStyle { case letters, numbers }

    private(set) var entries: [String: Entry] = [:]
    private var order = 0
    private var paragraphCount = 0
    let elementStyle: ElementStyle

    init(document: Document, decision: Decision? = nil, elementStyle: ElementStyle = .letters) {
        self.elementStyle = elementStyle
        number(document.body, prefix: "", inAnnex: false)
        if let decision { number(decision, prefix: "") }
        if let annex = document.annex {
            add(annex.unit.id, .annex, 1, "att_1")
            paragraphCount = 0
            number(annex.content, prefix: "att_1__", inAnnex: true)
        }
    }

    subscript(id: String) -> Entry? { entries[id] }

    private mutating func add(_ id: String, _ kind: Kind, _ ordinal: Int, _ eId: String) {
        order += 1
        entries[id] = Entry(kind: kind, ordinal: ordinal, eId: eId, order: order)
    }

    private mutating func number(_ blocks: [Block], prefix: String, inAnnex: Bool) {
        var sectionCount = 0
        for block in blocks {
            switch block {
            case .section(let section):
                sectionCount += 1
                let name = section.level == .section ? "sec" : "subsec"
                let eId = "\(prefix)\(name)_\(sectionCount)"
                add(section.unit.id, .section(section.level, inAnnex: inAnnex), sectionCount, eId)
                number(section.content, prefix: eId + "__", inAnnex: inAnnex)
            case .paragraph(let paragraph):
                paragraphCount += 1
                let eId = "\(inAnnex ? "att_1__" : "")para_\(paragraphCount)"
                add(paragraph.unit.id, .paragraph(inAnnex: inAnnex), paragraphCount, eId)
                number(paragraph.list, parent: eId, depth: 1)
            case .decision(let decision):
                number(decision, prefix: prefix)
            }
        }
    }

    private mutating func number(_ decision: Decision, prefix: String) {
        let eId = "\(prefix)hcontainer_decision"
        add(decision.unit.id, .decision, 1, eId)
        var elementCount = 0, groupCount = 0
        for entry in decision.entries {
            switch entry {
            case .group(let unit):
                groupCount += 1
                add(unit.id, .group, groupCount, "\(eId)__crossHeading_\(groupCount)")
            case .element(let element):
                elementCount += 1
                let label = elementStyle == .letters ? LanguageFormatter.letters(elementCount) : String(elementCount)
                let elementId = elementStyle == .letters ? "\(eId)__point_\(label)" : "\(eId)__para_\(label)"
                add(element.unit.id, .element, elementCount, elementId)
                number(element.list, parent: elementId, depth: elementStyle == .letters ? 2 : 1)
            }
        }
    }

    private mutating func number(_ items: [ListItem], parent: String, depth: Int) {
        for (index, item) in items.enumerated() {
            let label = Self.itemLabel(index + 1, depth: depth)
            let eId = "\(parent)__list_1__point_\(label)"
            add(item.unit.id, .item(depth: depth), index + 1, eId)
            number(item.list, parent: eId, depth: depth + 1)
        }
    }

    /// (a), (b) … at the first level, (i), (ii) … at the second, then (a) again.
    static func itemLabel(_ ordinal: Int, depth: Int) -> String {
        depth % 2 == 1 ? LanguageFormatter.letters(ordinal) : LanguageFormatter.roman(ordinal).lowercased()
    }
}
