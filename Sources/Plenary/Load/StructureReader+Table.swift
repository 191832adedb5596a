import Foundation

/// Reading `table:` and `figure:` blocks. A cell is a text id, a number, `~` (empty), `-` (nil),
/// `sum`, `row-sum`, `group` (in a computed row), or a mapping that adds spans
/// (`{text: id, cols: 2}`) or names a statistic (`{stat: id, value: percent}`).
extension StructureReader {
    /// Bounds that keep a hostile file from asking for a million-column grid.
    static let maximumColumns = 64, maximumRows = 2_000, maximumSpan = 64
    /// The group of a computed row's cells before they are given to each group.
    private static let eachGroup = "*"

    mutating func table(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)], keyNode: YAMLNode) throws(DiagnosticError) -> Table {
        try only(entries, ["columns", "header-column", "wide", "head", "body", "total", "notes", "source"], in: "table")
        let unit = try declare(entries[0].value, what: "a table id")
        var table = Table(unit: unit, columns: [], headerColumn: true, wide: false, head: [], body: [], total: nil,
                          notes: [], source: nil, location: file.location(of: keyNode))
        var columnsNode: YAMLNode?
        var bodyErrors = false
        for (key, _, value) in entries.dropFirst() {
            switch key {
            case "columns":
                columnsNode = value
                for item in try file.sequence(value, what: "the columns") {
                    let name = try file.string(item, what: "a column")
                    guard let alignment = Table.Alignment(rawValue: name) else {
                        throw DiagnosticError(.error(at: file.location(of: item), "unknown column `\(name)`",
                                                     hint: Suggestion.hint(for: name, in: Table.Alignment.allCases.map(\.rawValue)) ?? "a column is `text` (words, aligned at the start) or `number` (aligned on the decimal separator)"))
                    }
                    table.columns.append(alignment)
                }
            case "header-column": table.headerColumn = try file.bool(value, what: "header-column")
            case "wide": table.wide = try file.bool(value, what: "wide")
            case "head":
                for row in try file.sequence(value, what: "the header rows") { table.head.append(try tableRow(row, part: .head)) }
            case "body":
                for item in try file.sequence(value, what: "the table's body") {
                    do {
                        // Rows outside a group are one part of the table, as written: a cell's
                        // `rows` may span them, and a group that follows starts a new part.
                        let group = try rowGroup(item)
                        if group.heading == nil, group.subtotal == nil, !group.computed, let last = table.body.last,
                           last.heading == nil, last.subtotal == nil, !last.computed {
                            table.body[table.body.count - 1].rows += group.rows
                        } else {
                            table.body.append(group)
                        }
                    } catch {
                        problems += error.diagnostics
                        bodyErrors = true
                    }
                }
            case "total": table.total = try tableRow(value, part: .total)
            case "notes":
                for item in try file.sequence(value, what: "the table's notes") { table.notes.append(try declare(item, what: "a note id")) }
            default: table.source = try declare(value, what: "the source's id")
            }
        }
        guard let columnsNode, !table.columns.isEmpty else {
            throw DiagnosticError(.error(at: table.location, "the table has no `columns`",
                                         hint: "list its columns: `columns: [text, number, number]`"))
        }
        guard table.columns.count <= Self.maximumColumns else {
            throw DiagnosticError(.error(at: file.location(of: columnsNode), "a table has at most \(Self.maximumColumns) columns"))
        }
        let rowCount = table.head.count + table.body.reduce(0) { $0 + $1.rows.count + ($1.heading == nil ? 0 : 1) + ($1.subtotal == nil ? 0 : 1) }
        guard rowCount <= Self.maximumRows else {
            throw DiagnosticError(.error(at: table.location, "a table has at most \(Self.maximumRows) rows", hint: "split it into several tables"))
        }
        // A body whose rows all had errors has them reported already.
        guard bodyErrors || table.body.contains(where: { !$0.rows.isEmpty }) else {
            throw DiagnosticError(.error(at: table.location, "the table has no body rows", hint: "add `body:` with its rows"))
        }
        return table
    }

    enum TablePart { case head, body, subtotal, total }

    /// A body entry: a row, a `group:` with its `rows:` and `subtotal:`, or `groups:` with the
    /// `cells:` of one computed row per group.
    private mutating func rowGroup(_ node: YAMLNode) throws(DiagnosticError) -> TableRowGroup {
        if case .sequence = node { return TableRowGroup(heading: nil, rows: [try tableRow(node, part: .body)], subtotal: nil) }
        let entries = try file.entries(node, what: "a body entry")
        guard let first = entries.first else { throw DiagnosticError(.error(at: file.location(of: node), "an empty body entry")) }
        switch first.key {
        case "group":
            try only(entries, ["rows", "subtotal"], in: "row group")
            var group = TableRowGroup(heading: try declare(first.value, what: "a row group's id"), rows: [], subtotal: nil)
            for (key, _, value) in entries.dropFirst() {
                if key == "rows" {
                    for row in try file.sequence(value, what: "the group's rows") { group.rows.append(try tableRow(row, part: .body)) }
                } else {
                    group.subtotal = try tableRow(value, part: .subtotal)
                }
            }
            guard !group.rows.isEmpty else {
                throw DiagnosticError(.error(at: file.location(of: first.keyNode), "the row group has no `rows`"))
            }
            return group
        case "groups":
            try only(entries, ["cells"], in: "computed rows")
            let groups = try StatisticsLoader.groups(first.value, in: file)
            // A group listed twice would print its row twice and count it twice in a sum.
            for (index, group) in groups.enumerated() where groups[..<index].contains(where: { $0.name == group.name }) {
                throw DiagnosticError(.error(at: group.location, "`\(group.name)` is listed twice"))
            }
            guard let cells = entries.first(where: { $0.key == "cells" }) else {
                throw DiagnosticError(.error(at: file.location(of: first.keyNode), "computed rows need `cells:`",
                                             hint: "for example `cells: [group, {stat: capacity-activities, value: percent}]`"))
            }
            // The cells are read once (their ids declared once), then given to each group.
            let cellsRow = try tableRow(cells.value, part: .body, group: Self.eachGroup)
            var rows: [TableRow] = []
            for (group, location) in groups {
                var row = cellsRow
                row.location = location
                for index in row.cells.indices {
                    switch row.cells[index].content {
                    case .groupName: row.cells[index].content = .groupName(group)
                    case .statistic(let id, let value, _): row.cells[index].content = .statistic(id: id, value: value, group: group)
                    default: break
                    }
                }
                rows.append(row)
            }
            return TableRowGroup(heading: nil, rows: rows, subtotal: nil, computed: true)
        default:
            throw DiagnosticError(.error(at: file.location(of: first.keyNode), "unknown body entry `\(first.key)`",
                                         hint: Suggestion.hint(for: first.key, in: ["group", "groups"]) ?? "a body entry is a row (a list of cells), `group:` with `rows:`, or `groups:` with `cells:`"))
        }
    }

    /// A row of cells. `group` is the group a computed row stands for: its `group` cell names it
    /// and its statistics are that group's.
    private mutating func tableRow(_ node: YAMLNode, part: TablePart, group: String? = nil) throws(DiagnosticError) -> TableRow {
        let items = try file.sequence(node, what: "a table row")
        guard items.count <= Self.maximumColumns else {
            throw DiagnosticError(.error(at: file.location(of: node), "a row has at most \(Self.maximumColumns) cells"))
        }
        var row = TableRow(cells: [], location: file.location(of: node))
        for item in items { row.cells.append(try cell(item, part: part, group: group)) }
        guard !row.cells.isEmpty else { throw DiagnosticError(.error(at: row.location, "an empty table row")) }
        return row
    }

    private mutating func cell(_ node: YAMLNode, part: TablePart, group: String?) throws(DiagnosticError) -> TableCell {
        let location = file.location(of: node)
        var cell = TableCell(content: .empty, columnSpan: 1, rowSpan: 1, location: location)
        guard case .mapping = node else {
            cell.content = try scalarCell(node, part: part, group: group)
            return cell
        }
        let entries = try file.entries(node, what: "a cell", allowed: ["text", "number", "sum", "stat", "value", "cols", "rows"])
        var statistic: String?, value: TableCell.StatisticValue?
        for (key, _, valueNode) in entries {
            switch key {
            case "text": cell.content = .text(try declare(valueNode, what: "a cell's id"))
            case "number": cell.content = try scalarCell(valueNode, part: part, group: group, numberOnly: true)
            case "sum":
                let what = try file.string(valueNode, what: "a sum")
                guard ["column", "row"].contains(what) else {
                    throw DiagnosticError(.error(at: file.location(of: valueNode), "a sum is `column` or `row`, not `\(what)`"))
                }
                // The same places as the bare words `sum` and `row-sum`.
                cell.content = try keyword(what == "row" ? "row-sum" : "sum", part: part, at: file.location(of: valueNode))
            case "stat": statistic = try file.string(valueNode, what: "a statistic's id")
            case "value":
                let name = try file.string(valueNode, what: "a statistic's value")
                guard let known = TableCell.StatisticValue(rawValue: name) else {
                    throw DiagnosticError(.error(at: file.location(of: valueNode), "unknown value `\(name)` of a statistic",
                                                 hint: Suggestion.hint(for: name, in: TableCell.StatisticValue.allCases.map(\.rawValue)) ?? "use count, denominator or percent"))
                }
                value = known
            case "cols": cell.columnSpan = try file.int(valueNode, what: "cols", in: 1...Self.maximumSpan)
            default: cell.rowSpan = try file.int(valueNode, what: "rows", in: 1...Self.maximumSpan)
            }
        }
        if let statistic {
            guard part != .head else { throw DiagnosticError(.error(at: location, "a statistic cannot stand in a header row")) }
            cell.content = .statistic(id: statistic, value: value ?? .count, group: group)
        } else if value != nil {
            throw DiagnosticError(.error(at: location, "`value` belongs to a statistic", hint: "write `{stat: ID, value: \(value!.rawValue)}`"))
        }
        if cell.columnSpan > 1 || cell.rowSpan > 1, part == .subtotal || part == .total, case .columnSum = cell.content {
            throw DiagnosticError(.error(at: location, "a sum cannot span columns or rows"))
        }
        return cell
    }

    private mutating func scalarCell(_ node: YAMLNode, part: TablePart, group: String?, numberOnly: Bool = false) throws(DiagnosticError) -> TableCell.Content {
        guard case .scalar(let scalar) = node else {
            throw DiagnosticError(.error(at: file.location(of: node), "a cell is an id, a number or a mapping such as `{text: id, cols: 2}`, not \(file.describe(node))"))
        }
        let text = scalar.string
        let location = file.location(of: node)
        let quoted = scalar.style != .plain
        if !quoted, ["~", "null", ""].contains(text), !numberOnly { return .empty }
        if !quoted, let number = TableNumber(text) {
            return part == .head ? .literal(text) : .number(number)
        }
        if quoted, TableNumber(text) != nil {
            throw DiagnosticError(.error(at: location, "`\(text)` is quoted: a number is written bare",
                                         hint: "write `\(text)` without quotes; a quoted text is an id"))
        }
        if numberOnly || text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true, text != "-" {
            let grouped = text.contains(",") || text.contains(" ")
            throw DiagnosticError(.error(at: location, "`\(Diagnostic.clipped(text, to: 40))` is not a number Plenary can read",
                                         hint: grouped ? "write it without grouping separators (`1372.5`, not `1,372.5`): each language groups its digits its own way"
                                            : "write digits with an optional `-` and one `.` (`-1372.50`), at most 15 digits before the point and 6 after"))
        }
        if text == "-" { return .dash }
        switch text {
        case "sum", "row-sum": return try keyword(text, part: part, at: location)
        case "group":
            guard let group else {
                throw DiagnosticError(.error(at: location, "`group` stands in computed rows (`groups: […]` with `cells:`)",
                                             hint: "it is the name of the group each computed row is for"))
            }
            return .groupName(group)
        default:
            return .text(try declare(node, what: "a cell's id"))
        }
    }

    /// `sum` (a subtotal's or the total's column) or `row-sum` (a body or total row's numbers).
    private func keyword(_ word: String, part: TablePart, at location: SourceLocation) throws(DiagnosticError) -> TableCell.Content {
        if word == "sum" {
            guard part == .subtotal || part == .total else {
                throw DiagnosticError(.error(at: location, "`sum` stands in a `subtotal:` or `total:` row",
                                             hint: "a body row may sum its own cells with `row-sum`"))
            }
            return .columnSum
        }
        guard part != .head else { throw DiagnosticError(.error(at: location, "`row-sum` cannot stand in a header row")) }
        return .rowSum
    }

    mutating func figure(_ entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)], keyNode: YAMLNode) throws(DiagnosticError) -> Figure {
        try only(entries, ["chart", "stat", "value", "groups", "axis", "source"], in: "figure")
        let unit = try declare(entries[0].value, what: "a figure id")
        var figure = Figure(unit: unit, chart: .bar, statistic: "", value: .percent, groups: [], axis: nil, source: nil,
                            location: file.location(of: keyNode))
        for (key, _, value) in entries.dropFirst() {
            switch key {
            case "chart":
                let name = try file.string(value, what: "the chart")
                guard let chart = Figure.Chart(rawValue: name) else {
                    throw DiagnosticError(.error(at: file.location(of: value), "unknown chart `\(name)`", hint: "Plenary draws `bar` charts"))
                }
                figure.chart = chart
            case "stat": figure.statistic = try file.string(value, what: "a statistic's id")
            case "value":
                let name = try file.string(value, what: "the value shown")
                guard let known = TableCell.StatisticValue(rawValue: name), known != .denominator else {
                    throw DiagnosticError(.error(at: file.location(of: value), "a chart shows `percent` or `count`, not `\(name)`"))
                }
                figure.value = known
            case "groups": figure.groups = try StatisticsLoader.groups(value, in: file)
            case "axis": figure.axis = try declare(value, what: "the axis title's id")
            default: figure.source = try declare(value, what: "the source's id")
            }
        }
        guard !figure.statistic.isEmpty else {
            throw DiagnosticError(.error(at: figure.location, "the figure has no `stat`", hint: "name the statistic it charts: `stat: capacity-activities`"))
        }
        guard !figure.groups.isEmpty else {
            throw DiagnosticError(.error(at: figure.location, "the figure has no `groups`", hint: "one bar per group: `groups: [AFR, APAC, EEG, GRULAC, WEOG]`"))
        }
        return figure
    }
}
