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
