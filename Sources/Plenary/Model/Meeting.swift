public import Foundation

/// A meeting and everything it publishes, as loaded from `Meetings/<id>/`.
public struct Meeting: Sendable {
    public var id: String
    public var folder: URL
    public var body: LocalizedText
    /// The body as it appears in Akoma Ntoso IRIs, dashed (`cbd-bs-copmop`).
    public var actor: String
    /// The session's number; nil for documents issued outside a session.
    public var session: Int?
    public var venue: LocalizedText
    public var startDate: DateComponents?
    public var endDate: DateComponents?
    /// The original language first.
    public var languages: [Language]
    public var provisionalAgenda: String?
    /// The provisional agenda: items with sub-items, numbered 1., 2., 2.1 …; their titles are
    /// texts of the provisional agenda's document.
    public var agenda: [AgendaItem]
    /// How a decision of this body opens ("The Conference of the Parties serving as …"), unless
    /// the decision has its own chapeau.
    public var chapeau: LocalizedText?
    /// Every document symbol the texts may cite, with its title.
    public var symbols: [String: LocalizedText]
    /// Every earlier decision the texts may cite.
    public var decisions: [String: LocalizedText]
    public var documents: [Document]
    public var statistics: [String: Statistic]
    public var location: SourceLocation

    /// Where each document stands in `documents`, by id and by symbol: every `[[symbol …]]` of
    /// every document asks whether the meeting publishes it, and a scan of a thousand documents
    /// for each was most of a large build. A stale entry is never trusted (the position is
    /// checked), so a `documents` changed since `indexDocuments()` is only slower.
    var positionsById: [String: Int] = [:]
    var positionsBySymbol: [String: Int] = [:]
    /// How many documents there were when they were indexed.
    var indexedCount = -1

    /// Records where each document stands (the loader calls it once the documents are read).
    public mutating func indexDocuments() {
        positionsById = [:]
        positionsBySymbol = [:]
        for (position, document) in documents.enumerated() {
            if positionsById[document.id] == nil { positionsById[document.id] = position }
            if positionsBySymbol[document.symbol] == nil { positionsBySymbol[document.symbol] = position }
        }
        indexedCount = documents.count
    }

    public func document(_ id: String) -> Document? { position(of: id).map { documents[$0] } }

    /// Where the document `id` stands in `documents`.
    public func position(of id: String) -> Int? {
        if let position = positionsById[id], position < documents.count, documents[position].id == id { return position }
        return indexedCount == documents.count ? nil : documents.firstIndex { $0.id == id }
    }

    /// The document published under `symbol`, if the meeting builds it.
    public func document(symbol: String) -> Document? {
        if let position = positionsBySymbol[symbol], position < documents.count, documents[position].symbol == symbol { return documents[position] }
        // Indexed and not there: no document has it (most symbols cited are not the meeting's).
        return indexedCount == documents.count ? nil : documents.first { $0.symbol == symbol }
    }

    /// The agenda item numbered `number` ("9", "2.1").
    public func agendaItem(_ number: String) -> AgendaItem? {
        func find(_ items: [AgendaItem]) -> AgendaItem? {
            for item in items {
                if item.number == number { return item }
                if let found = find(item.items) { return found }
            }
            return nil
        }
        return find(agenda)
    }

    /// Every agenda item's number, in order, for a hint.
    public var agendaNumbers: [String] {
        func walk(_ items: [AgendaItem]) -> [String] { items.flatMap { [$0.number] + walk($0.items) } }
        return walk(agenda)
    }
}

/// An item of the provisional agenda: its id (the text of its title in the provisional agenda's
/// language files), its number and its sub-items.
public struct AgendaItem: Sendable {
    public var unit: Unit
    /// "2", or "2.1" for a sub-item.
    public var number: String
    /// The title written in meeting.yaml, for a meeting that publishes no provisional agenda.
    public var title: LocalizedText?
    public var items: [AgendaItem]
}
