public import Foundation

/// A table of a document: a caption, header rows, body rows (optionally in groups with their
/// subtotals, or computed from the meeting's data), a total row, notes and a source line. Its
/// structure and its numbers are written once in document.yaml; every cell with words is a unit
/// whose text is per language, like a paragraph's.
public struct Table: Sendable {
    /// How a column's cells are aligned: words at the start, numbers at the end on their
    /// decimal separator.
    public enum Alignment: String, Sendable, CaseIterable { case text, number }

    /// The caption's unit: its text is the table's title ("Biennium budget of …").
    public var unit: Unit
    public var columns: [Alignment]
    /// Whether the first cell of each body row heads its row (`th scope="row"`).
    public var headerColumn: Bool
    /// A table too wide for a portrait page: its page turns landscape in print.
    public var wide: Bool
    public var head: [TableRow]
    public var body: [TableRowGroup]
    public var total: TableRow?
    public var notes: [Unit]
    public var source: Unit?
    public var location: SourceLocation
}

/// Body rows: a group has a heading row and may close with a subtotal; rows outside any group are
/// a group without a heading.
public struct TableRowGroup: Sendable {
    public var heading: Unit?
    public var rows: [TableRow]
    public var subtotal: TableRow?
    /// Rows computed from the meeting's data (`groups:`), one per group.
    public var computed = false
}

public struct TableRow: Sendable {
    public var cells: [TableCell]
    public var location: SourceLocation
}

public struct TableCell: Sendable {
    public enum Content: Sendable {
        /// Words: a unit with a text per language.
        case text(Unit)
        /// A figure typed in document.yaml, the same in every language and formatted per language.
        case number(TableNumber)
        /// A header cell's number written as typed (a year: "2013", never "2,013").
        case literal(String)
        case empty
        /// "–": nil, as UN tables print it.
        case dash
        /// The sum of the column over the rows the row closes (a subtotal's group, or the body).
        case columnSum
        /// The sum of the row's number cells before it.
        case rowSum
        /// A statistic of the meeting's data, for one group or for all Parties.
        case statistic(id: String, value: StatisticValue, group: String?)
        /// The name of a group (AFR, LDC, …) in the document's language.
        case groupName(String)
    }

    public enum StatisticValue: String, Sendable, CaseIterable { case count, denominator, percent }

    public var content: Content
    public var columnSpan: Int
    public var rowSpan: Int
    public var location: SourceLocation
}

/// A number as typed: its exact value and the fraction digits it was written with ("12.50" keeps two).
public struct TableNumber: Sendable, Equatable {
    public var value: Decimal
    public var fractionDigits: Int

    /// `-1372.50`, `45000`, `0.5`: digits with an optional sign and decimal point. No grouping
    /// separators and no exponent: "1,372" is refused rather than read as two values or as 1.372.
    public init?(_ text: String) {
        var digits = text.utf8[...]
        if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        let parts = digits.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15,
              parts.allSatisfy({ $0.allSatisfy { (0x30...0x39).contains($0) } }),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].count <= 6),
              let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        self.value = value
        fractionDigits = parts.count == 2 ? parts[1].count : 0
    }

    public init(value: Decimal, fractionDigits: Int) {
        self.value = value
        self.fractionDigits = fractionDigits
    }
}
