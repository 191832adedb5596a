public import Foundation

/// A meeting and everything it publishes, as loaded from `Meetings/<id>/`.
public struct Meeting: Sendable {
    public var id: String
    public var folder: URL
    public var body: LocalizedText
    /// The body as it appears in Akoma Ntoso IRIs, dashed (`cbd-bs-copmop`).
    public var actor: String
    public var session: Int
    public var venue: LocalizedText
    public var startDate: DateComponents
    public var endDate: DateComponents
    /// The original language first.
    public var languages: [Language]
    public var provisionalAgenda: String?
    public var agenda: [Int: LocalizedText]
    /// Every document symbol the texts may cite, with its title.
    public var symbols: [String: LocalizedText]
    /// Every earlier decision the texts may cite.
    public var decisions: [String: LocalizedText]
    public var documents: [Document]
    public var statistics: [String: Statistic]
    public var location: SourceLocation

    public func document(_ id: String) -> Document? { documents.first { $0.id == id } }
}
