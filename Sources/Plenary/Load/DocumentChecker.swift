import Foundation
/// Checks that need the whole meeting: references between documents.
struct DocumentChecker {
    let meeting: Meeting

    func check() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        // One symbol, one document: two would be listed twice on the index page and share FRBR IRIs.
        var symbols: [String: Document] = [:]
        for document in meeting.documents {
            if let first = symbols[document.symbol] {
                problems.append(.error(at: document.symbolLocation ?? document.location, "`\(first.id)` has the symbol `\(document.symbol)` already",
                                       hint: "give each document its own symbol (an addendum is `…/Add.1`, a revision `…/Rev.1`)"))
            } else {
                symbols[document.symbol] = document
            }
        }
        // An addendum, corrigendum or revision is to a document of the meeting's `symbols`: a
        // mistyped parent would publish a corrigendum to nothing.
        for document in meeting.documents {
            guard let supplement = document.supplement, meeting.symbols[supplement.parent] == nil else { continue }
            problems.append(.error(at: document.symbolLocation ?? document.location,
                                   "`\(document.symbol)` is \(Numbering.a(supplement.kind.name)) \(supplement.kind.name) to `\(supplement.parent)`, which is not in the meeting's `symbols`",
                                   hint: Suggestion.hint(for: supplement.parent, in: meeting.symbols.keys) ?? "add `\(supplement.parent)` to `symbols` in meeting.yaml with its title"))
        }
        for document in meeting.documents {
            guard let source = document.decisionSource else { continue }
            guard let note = meeting.document(source.document) else {
                problems.append(.error(at: source.location, "no document `\(source.document)` in this meeting",
                                       hint: Suggestion.hint(for: source.document, in: meeting.documents.map(\.id))))
                continue
            }
            if note.decision(source.id) == nil {
                problems.append(.error(at: source.location, "`\(source.document)` has no decision `\(source.id)`"))
            } else if !document.body.isEmpty || !document.annexes.isEmpty {
                problems.append(.error(at: source.location, "a decision published from another document has no `body` or annexes of its own",
                                       hint: "either copy nothing (`decision-from`) or write the decision in `body:` without `decision-from`"))
            }
        }
        return problems
    }
}

extension Document {
    /// The draft decision with id `id` anywhere in the body.
    func decision(_ id: String) -> Decision? {
        func find(_ blocks: [Block]) -> Decision? {
            for block in blocks {
                switch block {
                case .decision(let decision) where decision.unit.id == id: return decision
                case .heading(let heading): if let found = find(heading.content) { return found }
                default: break
                }
            }
            return nil
        }
        return find(body)
    }
}
