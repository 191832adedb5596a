import Foundation

/// A table laid out on its grid, the same in every language: each cell in its column (row and
/// column spans placed), every sum computed and every typed total checked against its column,
/// every statistic looked up in the meeting's data. Worked out once per document; each language
/// then only formats the numbers and attaches the texts.
struct TableGrid {
    enum RowKind: String { case header, group, body, subtotal, total }

    enum Content {
        case text(Unit)
        case number(TableNumber)
        case literal(String)
        case empty
        case dash
        case groupName(String)
    }

    struct Cell {
        var column: Int
        var columnSpan: Int
        var rowSpan: Int
        var content: Content
        /// A header cell: in a header row, a group heading, or the header column.
        var isHeader: Bool
        /// Where a number came from, for what a sum may add: a `row-sum` (never added again by
        /// the next one), a percentage (never added), a group's statistic (LDC and SIDS overlap
        /// the regional groups: their counts are not added to theirs).
        var isRowSum = false
        var isPercent = false
        var statisticGroup: String?
    }

    struct Row {
        var kind: RowKind
        var cells: [Cell]
        /// Which part of the table the row is in: its group of body rows (one part per entry of
        /// `body:`), or the header (-1) or the total (-2). A new part opens a new <tbody>.
        var part: Int
    }

    let table: Table
    private(set) var rows: [Row] = []
    /// For each column, the most fraction digits of its body numbers: the others are padded to
    /// it so that the decimal separators line up.
    private(set) var fractionDigits: [Int]
    private(set) var problems: [Diagnostic] = []

    init(table: Table, statistics: [String: Statistic]) {
        self.table = table
        fractionDigits = Array(repeating: 0, count: table.columns.count)
        place(table.head, kind: .header, part: -1, sums: [], statistics: statistics)
        var bodyRows: [Row] = []
        for (part, group) in table.body.enumerated() {
            if let heading = group.heading {
                rows.append(Row(kind: .group, cells: [Cell(column: 0, columnSpan: table.columns.count, rowSpan: 1, content: .text(heading), isHeader: true)],
                                part: part))
            }
            let placed = place(group.rows, kind: .body, part: part, sums: [], statistics: statistics)
            bodyRows += placed
            if let subtotal = group.subtotal { place([subtotal], kind: .subtotal, part: part, sums: placed, statistics: statistics) }
        }
        if let total = table.total { place([total], kind: .total, part: -2, sums: bodyRows, statistics: statistics) }
        for row in rows where row.kind != .header {
            for cell in row.cells where cell.columnSpan == 1 {
                if case .number(let number) = cell.content { fractionDigits[cell.column] = max(fractionDigits[cell.column], number.fractionDigits) }
            }
        }
    }

    /// Places `source` rows (one part of the table: a row span may not leave it), evaluating sums
    /// over `sums`, the rows a subtotal or total closes. Returns the placed rows.
    @discardableResult
    private mutating func place(_ source: [TableRow], kind: RowKind, part: Int, sums: [Row], statistics: [String: Statistic]) -> [Row] {
        let width = table.columns.count
        // For each column, how many more rows a cell above still covers.
        var covered = Array(repeating: 0, count: width)
        var placed: [Row] = []
        for tableRow in source {
            var row = Row(kind: kind, cells: [], part: part)
            var column = 0
            var overflow = false
            for cell in tableRow.cells {
                while column < width, covered[column] > 0 { column += 1 }
                guard column + cell.columnSpan <= width else { overflow = true; break }
                for spanned in column..<(column + cell.columnSpan) { covered[spanned] = cell.rowSpan }
                let isHeader = kind == .header || (table.headerColumn && column == 0)
                var placed = Cell(column: column, columnSpan: cell.columnSpan, rowSpan: cell.rowSpan, content: .empty, isHeader: isHeader)
                placed.content = evaluate(cell, into: &placed, row: row, sums: sums, kind: kind, statistics: statistics)
                row.cells.append(placed)
                column += cell.columnSpan
            }
            while column < width, covered[column] > 0 { column += 1 }
            let filled = (0..<width).filter { covered[$0] > 0 }.count
            if overflow || filled != width {
                let cells = tableRow.cells.reduce(0) { $0 + $1.columnSpan }
                problems.append(.error(at: tableRow.location, overflow ? "this row is wider than the table's \(width) columns"
                                            : "this row fills \(filled) of the table's \(width) columns",
                                       hint: "the row has \(cells) cell\(cells == 1 ? "" : "s") counting spans\(covered.contains { $0 > 1 } || tableRow.cells.contains { $0.rowSpan > 1 } ? ", besides the cells that rows above cover" : ""); `columns:` lists \(width)"))
            }
            covered = covered.map { max(0, $0 - 1) }
            placed.append(row)
            rows.append(row)
        }
        if let row = source.last, covered.contains(where: { $0 > 0 }) {
            problems.append(.error(at: row.location, "a cell spans more rows than there are",
                                   hint: kind == .header ? "a header cell's `rows` stays within the header rows" : "a cell's `rows` stays within its group of rows"))
        }
        return placed
    }

    /// The content of `cell`, placed as `placed` (whose flags say where its number came from).
    private mutating func evaluate(_ cell: TableCell, into placed: inout Cell, row: Row, sums: [Row], kind: RowKind,
                                   statistics: [String: Statistic]) -> Content {
        let column = placed.column
        // A number heading its row is a label, written as typed (a year), and never added.
        if placed.isHeader, case .number(let number) = cell.content { return .literal(Self.plain(number)) }
        switch cell.content {
        case .text(let unit): return .text(unit)
        case .literal(let text): return .literal(text)
        case .empty: return .empty
        case .dash: return .dash
        case .groupName(let group): return .groupName(group)
        case .number(let number):
            if kind == .subtotal || kind == .total {
                let what = kind == .total ? "total" : "subtotal"
                let count = problems.count
                if let sum = columnSum(column, over: sums, at: cell.location, typed: true) {
                    if sum.value != number.value {
                        problems.append(.error(at: cell.location, "this \(what) is \(Self.plain(number)) but its column adds up to \(Self.plain(sum))",
                                               hint: "correct the figures, or write `sum` to have the \(what) computed"))
                    }
                } else if problems.count == count {
                    // Nothing to check it against: refused rather than printed unchecked.
                    problems.append(.error(at: cell.location, "this \(what) has no numbers above it to add up",
                                           hint: "type the figures it totals, or leave the cell empty (`~`)"))
                }
            }
            return .number(number)
        case .statistic(let id, let value, let group):
            guard let statistic = statistics[id] else {
                problems.append(.error(at: cell.location, "unknown statistic `\(id)`",
                                       hint: Suggestion.hint(for: id, in: statistics.keys) ?? "define it in data/statistics.yaml"))
                return .empty
            }
            let figure: Int
            do { figure = try statistic.figure(value, group: group, at: cell.location) } catch {
                problems += error.diagnostics
                return .empty
            }
            placed.isPercent = value == .percent
            placed.statisticGroup = group
            return .number(TableNumber(value: Decimal(figure), fractionDigits: 0))
        case .columnSum:
            return columnSum(column, over: sums, at: cell.location, typed: false).map(Content.number) ?? .empty
        case .rowSum:
            var total = TableNumber(value: 0, fractionDigits: 0)
            var any = false
            placed.isRowSum = true
            for earlier in row.cells where !earlier.isHeader && !earlier.isRowSum {
                if earlier.isPercent {
                    problems.append(.error(at: cell.location, "`row-sum` would add percentages", hint: "a row of percentages has no sum: type what it should show"))
                    return .empty
                }
                if case .number(let number) = earlier.content {
                    total = Self.adding(total, number)
                    any = true
                }
            }
            if !any {
                problems.append(.error(at: cell.location, "`row-sum` has no numbers before it in its row"))
                return .empty
            }
            return .number(total)
        }
    }

    /// The sum of `column` over `rows`; nil (with an error unless `typed`) when it has no numbers.
    private mutating func columnSum(_ column: Int, over rows: [Row], at location: SourceLocation, typed: Bool) -> TableNumber? {
        var total = TableNumber(value: 0, fractionDigits: 0)
        var any = false
        var groups: Set<String> = []
        for row in rows {
            for cell in row.cells where cell.column <= column && column < cell.column + cell.columnSpan {
                guard case .number(let number) = cell.content else { continue }
                if cell.isPercent {
                    problems.append(.error(at: location, "this column holds percentages: they cannot be added up",
                                           hint: "give the statistic over all Parties instead: `{stat: ID, value: percent}`"))
                    return nil
                }
                if let group = cell.statisticGroup { groups.insert(group) }
                guard cell.columnSpan == 1 else {
                    problems.append(.error(at: location, "this column cannot be summed: a number above spans several columns",
                                           hint: "type the figure, or give the spanning number a column of its own"))
                    return nil
                }
                total = Self.adding(total, number)
                any = true
            }
        }
        // The regional groups do not overlap; LDC and SIDS overlap them and each other.
        let overlapping = groups.intersection(["LDC", "SIDS"])
        if !overlapping.isEmpty, groups.count > 1 {
            problems.append(.error(at: location, "\(overlapping.sorted().joined(separator: " and ")) overlap\(overlapping.count == 1 ? "s" : "") the other groups of this column: their figures cannot be added up",
                                   hint: "add up the regional groups (AFR, APAC, EEG, GRULAC, WEOG) only, or give the statistic over all Parties"))
            return nil
        }
        if !any {
            // A statistic that could not be read above already has its error: not a second one here.
            if !typed && problems.isEmpty {
                problems.append(.error(at: location, "`sum` has no numbers above it in its column",
                                       hint: "a subtotal sums its group's rows; the total sums every body row"))
            }
            return nil
        }
        return total
    }

    static func adding(_ a: TableNumber, _ b: TableNumber) -> TableNumber {
        TableNumber(value: a.value + b.value, fractionDigits: max(a.fractionDigits, b.fractionDigits))
    }

    /// A number as the message shows it: digits and a point, as the author typed them.
    static func plain(_ number: TableNumber) -> String {
        var value = number.value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, number.fractionDigits, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        guard number.fractionDigits > 0 else { return text }
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return "\(parts[0]).\(fraction.padding(toLength: number.fractionDigits, withPad: "0", startingAt: 0))"
    }
}
