import Foundation

/// A chart of the meeting's statistics: one bar per group (regional groups, LDC, SIDS), drawn as
/// SVG in the document's language. Its caption's unit is its title; it is numbered like tables.
public struct Figure: Sendable {
    public enum Chart: String, Sendable, CaseIterable { case bar }

    public var unit: Unit
    public var chart: Chart
    public var statistic: String
    public var value: TableCell.StatisticValue
    /// One bar per group, with where the group is written (for an error about its bar).
    public var groups: [(name: String, location: SourceLocation)]
    /// The value axis's title ("Per cent of respondents").
    public var axis: Unit?
    public var source: Unit?
    public var location: SourceLocation
}
