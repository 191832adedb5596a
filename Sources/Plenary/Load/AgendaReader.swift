import Foundation

/// Reads meeting.yaml's `agenda`: a list of ids, or `{item: id, items: [...]}` for an item with
/// sub-items, numbered 1., 2., … and 2.1, 2.2, … in order. Two levels, as UN agendas have. An
/// item may give its `number` (an excerpt of an agenda) and its `title` per language (a meeting
/// that publishes no provisional agenda); otherwise titles are the provisional agenda's texts.
struct AgendaReader {
    let file: YAMLFile
    private(set) var problems: [Diagnostic] = []
    private var seen: [String: SourceLocation] = [:]

    init(file: YAMLFile) { self.file = file }

    mutating func items(_ node: YAMLNode, prefix: String, depth: Int) -> [AgendaItem] {
        var items: [AgendaItem] = []
        var next = 1
        do throws(DiagnosticError) {
            for entry in try file.sequence(node, what: depth == 1 ? "the agenda" : "the sub-items") {
                do throws(DiagnosticError) {
                    let item = try item(entry, next: next, prefix: prefix, depth: depth)
                    next = (Int(item.number.split(separator: ".").last ?? "") ?? next) + 1
                    items.append(item)
                } catch { problems += error.diagnostics }
            }
        } catch { problems += error.diagnostics }
        return items
    }

    private mutating func item(_ node: YAMLNode, next: Int, prefix: String, depth: Int) throws(DiagnosticError) -> AgendaItem {
        var idNode = node
        var subItems: YAMLNode?
        var number = "\(prefix)\(next)"
        var title: LocalizedText?
        if case .scalar = node {} else {
            let entries = try file.entries(node, what: "an agenda item", allowed: ["item", "items", "number", "title"], required: ["item"])
            for (key, _, value) in entries {
                switch key {
                case "item": idNode = value
                case "items": subItems = value
                case "number": number = "\(prefix)\(try file.int(value, what: "the item's number", in: 1...999))"
                default: title = try file.localized(value, what: "the item's title", nonEmpty: true)
                }
            }
        }
        let id = try file.string(idNode, what: "an agenda item id")
        let location = file.location(of: idNode)
        guard StructureReader.isValidId(id) else {
            throw DiagnosticError(.error(at: location, "`\(id)` is not a valid id",
                                         hint: "an agenda item is an id (its title is in the provisional agenda's text files), such as `opening`"))
        }
        if let first = seen[id] {
            throw DiagnosticError(.error(at: location, "duplicate agenda item `\(id)`", hint: "it is already used at line \(first.line)"))
        }
        seen[id] = location
        var item = AgendaItem(unit: Unit(id: id, location: location), number: number, title: title, items: [])
        if let subItems {
            guard depth == 1 else {
                throw DiagnosticError(.error(at: file.location(of: subItems), "a sub-item cannot have sub-items",
                                             hint: "an agenda has items (1.) and sub-items (1.1.)"))
            }
            item.items = items(subItems, prefix: number + ".", depth: depth + 1)
        }
        return item
    }
}
