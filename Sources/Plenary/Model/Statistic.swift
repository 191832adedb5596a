import Foundation
/// A figure quoted in the text, computed from per-Party records (see `Stats/`).
public struct Statistic: Sendable {
    public var id: String
    public var question: String
    /// The answers that count, and what the percentage is of: respondents, parties or mentions.
    public var answers: [String]
    public var denominatorKind: String
    public var count: Int
    public var denominator: Int
    /// Whole-number percentage, rounded as the definition says.
    public var percent: Int
    /// Per group (AFR, APAC, EEG, GRULAC, WEOG, LDC, SIDS): count, denominator, percent.
    public var groups: [String: GroupValue]
    public var location: SourceLocation

    public struct GroupValue: Sendable {
        public var count: Int
        public var denominator: Int
        public var percent: Int
    }
}

extension Statistic {
    /// Its count, denominator or percentage, over all Parties or for one group: what `[[stat …]]`
    /// prints, a table's cell and a chart's bar show. An error at `location` for a group it has no
    /// breakdown for, or for the percentage of a group none of whose Parties answered; the
    /// location is only worked out for an error (finding an inline tag in its file costs a search).
    func figure(_ value: TableCell.StatisticValue, group: String?, at location: @autoclosure () -> SourceLocation) throws(DiagnosticError) -> Int {
        var (count, denominator, percent) = (self.count, self.denominator, self.percent)
        if let group {
            guard let breakdown = groups[group] else {
                throw DiagnosticError(.error(at: location(), "the statistic `\(id)` has no breakdown for `\(group)`",
                                             hint: Suggestion.hint(for: group, in: groups.keys) ?? "add \(group) to its `groups` in statistics.yaml"))
            }
            (count, denominator, percent) = (breakdown.count, breakdown.denominator, breakdown.percent)
            if value == .percent, denominator == 0 {
                throw DiagnosticError(.error(at: location(), "no Party of \(group) answered question \(question), so `\(id)` has no percentage for it"))
            }
        }
        switch value {
        case .count: return count
        case .denominator: return denominator
        case .percent: return percent
        }
    }
}
