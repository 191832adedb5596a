import Foundation

/// Tables and figures as the templates read them: the grid's cells with their texts in this
/// language and their numbers formatted as this language writes them; a chart's geometry with
/// its labels in this language.
extension Resolver {
    mutating func tableValue(_ table: Table) -> Value {
        let entry = numbering[table.unit.id]
        let number = entry.map(label) ?? ""
        let eId = entry?.eId ?? ""
        guard let grid = outline.tables[table.unit.id] else { return .null }
        var head: [Value] = []
        var sections: [Value] = []
        // A <tbody> per part of the table: the rows outside groups, each group (its heading row,
        // its rows, its subtotal), the total.
        var section: (kind: String, part: Int, rows: [Value])?
        func close() {
            if let open = section {
                sections.append(.object(ValueObject("row group", ["class": open.kind == "body" ? .null : .string(open.kind), "rows": .list(open.rows)])))
            }
            section = nil
        }
        for row in grid.rows {
            let value = rowValue(row, grid: grid)
            guard row.kind != .header else { head.append(value); continue }
            if section?.part != row.part {
                close()
                section = (row.kind == .total ? "total" : grid.table.body[row.part].heading == nil ? "body" : "group", row.part, [])
            }
            section!.rows.append(value)
        }
        close()
        return .object(ValueObject("table", [
            "kind": .string("table"),
            "eId": .string(eId),
            "containerEId": .string(Self.containerEId(eId)),
            "label": .string(formattedLabel(entry, number)),
            "caption": text(table.unit, from: table.unit.id),
            "class": .string(table.wide ? "table-block wide" : "table-block"),
            "columns": .list(table.columns.map { .object(ValueObject("column", ["align": .string($0.rawValue)])) }),
            "head": .list(head),
            "sections": .list(sections),
            "notes": .list(table.notes.map { text($0, from: table.unit.id) }),
            "source": table.source.map { text($0, from: table.unit.id) } ?? .null,
        ]))
    }

    private mutating func rowValue(_ row: TableGrid.Row, grid: TableGrid) -> Value {
        var cells: [Value] = []
        for cell in row.cells {
            // A cell's alignment is its columns': a spanning number lines up with the last of them.
            let spanned = grid.table.columns[cell.column..<(cell.column + cell.columnSpan)]
            let numeric = spanned.allSatisfy { $0 == .number }
            let lastColumn = cell.column + cell.columnSpan - 1
            var content: Value = .markup([])
            var pad = ""
            var isNumber = false
            switch cell.content {
            case .text(let unit): content = text(unit, from: grid.table.unit.id)
            case .literal(let literal): content = .string(literal)
            case .empty: break
            case .dash: content = .string("–")
            case .groupName(let group): content = .string(string("group-\(group)"))
            case .number(let number):
                isNumber = true
                content = .string(format.decimal(number))
                // Fewer fraction digits than the column's longest: an invisible pad keeps the
                // decimal separators in line ("1,401" under "1,372.5").
                let missing = numeric ? grid.fractionDigits[lastColumn] - number.fractionDigits : 0
                if missing > 0 {
                    pad = (number.fractionDigits == 0 ? format.decimalSeparator : "") + String(repeating: "0", count: missing)
                }
            }
            let scope: String
            if !cell.isHeader { scope = "" }
            else if row.kind == .header { scope = cell.columnSpan > 1 ? "colgroup" : "col" }
            else if row.kind == .group { scope = "rowgroup" }
            else { scope = "row" }
            cells.append(.object(ValueObject("cell", [
                "header": .bool(cell.isHeader),
                "scope": scope.isEmpty ? .null : .string(scope),
                // A column head over one number column is aligned with its numbers; one spanning
                // several is centred over them (the stylesheet's `colgroup`).
                "class": isNumber || (numeric && (row.kind == .header ? cell.columnSpan == 1 : !cell.isHeader)) ? .string("number") : .null,
                "text": content,
                "pad": .string(pad),
                // Left out of the element when there is no span (an attribute whose value is nothing).
                "cols": cell.columnSpan > 1 ? .string(String(cell.columnSpan)) : .null,
                "rows": cell.rowSpan > 1 ? .string(String(cell.rowSpan)) : .null,
            ])))
        }
        return .object(ValueObject("row", ["class": row.kind == .body ? .null : .string(row.kind == .group ? "group-heading" : row.kind.rawValue), "cells": .list(cells)]))
    }

    // MARK: Figures

    /// A bar chart's size and margins, in CSS pixels (the SVG's user units).
    private enum Chart {
        static let width = 520.0, height = 280.0
        static let left = 64.0, right = 12.0, top = 28.0, bottom = 40.0
    }

    mutating func figureValue(_ figure: Figure) -> Value {
        let entry = numbering[figure.unit.id]
        let number = entry.map(label) ?? ""
        let eId = entry?.eId ?? ""
        let caption = text(figure.unit, from: figure.unit.id)
        let title = markup(caption).map(\.plainText).joined()
        var values: [(group: String, value: Int)] = []
        if let statistic = meeting.statistics[figure.statistic] {
            for (group, location) in figure.groups {
                do { values.append((group, try statistic.figure(figure.value, group: group, at: location))) } catch {
                    problems += error.diagnostics
                }
            }
        } else {
            problems.append(.error(at: figure.location, "unknown statistic `\(figure.statistic)`",
                                   hint: Suggestion.hint(for: figure.statistic, in: meeting.statistics.keys) ?? "define it in data/statistics.yaml"))
        }
        // The value axis: 0–100 for percentages; for counts, a round step (1, 2 or 5 × 10ⁿ) with
        // at most five intervals above the largest bar.
        let largest = values.map(\.value).max() ?? 0
        var step = 20
        if figure.value != .percent {
            var scale = 1
            search: while scale < 1_000_000_000 {
                for factor in [1, 2, 5] {
                    step = factor * scale
                    if step * 5 >= largest { break search }
                }
                scale *= 10
            }
        }
        let maximum = figure.value == .percent ? 100 : max(step, Int((Double(largest) / Double(step)).rounded(.up)) * step)
        let plotWidth = Chart.width - Chart.left - Chart.right, plotHeight = Chart.height - Chart.top - Chart.bottom
        let baseline = Chart.top + plotHeight
        // One decimal, written by hand: String(format:) goes through NSString, and a chart has
        // some sixty coordinates.
        func coordinate(_ value: Double) -> Value {
            let tenths = Int((value * 10).rounded())
            return .string("\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)")
        }
        var ticks: [Value] = []
        for tick in stride(from: 0, through: maximum, by: step) {
            let y = baseline - Double(tick) / Double(maximum) * plotHeight
            ticks.append(.object(ValueObject("tick", ["y": coordinate(y), "labelY": coordinate(y + 4), "label": .string(format.number(tick))])))
        }
        let slot = values.isEmpty ? plotWidth : plotWidth / Double(values.count)
        let barWidth = slot * 0.6
        var bars: [Value] = []
        var described: [String] = []
        for (index, bar) in values.enumerated() {
            let height = Double(bar.value) / Double(maximum) * plotHeight
            let x = Chart.left + Double(index) * slot + (slot - barWidth) / 2
            let formatted = format.number(bar.value)
            bars.append(.object(ValueObject("bar", [
                "x": coordinate(x), "y": coordinate(baseline - height), "width": coordinate(barWidth), "height": coordinate(height),
                "centre": coordinate(x + barWidth / 2), "valueY": coordinate(baseline - height - 6), "labelY": coordinate(baseline + 18),
                "value": .string(formatted),
                "label": .string(string("group-short-\(bar.group)")),
            ])))
            let shown = figure.value == .percent ? string("percent", ["n": formatted]) : formatted
            described.append(string("figure-alt-value", ["group": string("group-\(bar.group)"), "value": shown]))
        }
        let axis = figure.axis.map { markup(text($0, from: figure.unit.id)).map(\.plainText).joined() } ?? ""
        let alternative = string("figure-alt", ["title": title, "values": described.joined(separator: string("list-separator"))])
        return .object(ValueObject("figure", [
            "kind": .string("figure"),
            "eId": .string(eId),
            "containerEId": .string(Self.containerEId(eId)),
            "label": .string(formattedLabel(entry, number)),
            "caption": caption,
            "title": .string(title),
            "alt": .string(alternative),
            "src": .string(Self.figureFile(language: language, number: entry?.ordinal ?? 0)),
            "width": .string(String(Int(Chart.width))),
            "height": .string(String(Int(Chart.height))),
            "viewBox": .string("0 0 \(Int(Chart.width)) \(Int(Chart.height))"),
            "plotLeft": coordinate(Chart.left), "plotRight": coordinate(Chart.width - Chart.right),
            "baseline": coordinate(baseline),
            "axis": .string(axis),
            "axisX": coordinate(16), "axisY": coordinate(Chart.top + plotHeight / 2),
            "tickX": coordinate(Chart.left - 6),
            "ticks": .list(ticks),
            "bars": .list(bars),
            "source": figure.source.map { text($0, from: figure.unit.id) } ?? .null,
        ]))
    }

    /// The eId of the hcontainer a table or figure stands in: `hcontainer_table-1` for `table_1`,
    /// in an annex `att_1__hcontainer_table-1` (AKN4UN's `type_number` shape, the number unique).
    static func containerEId(_ eId: String) -> String {
        var parts = eId.components(separatedBy: "__")
        let own = parts.removeLast()
        return (parts + ["hcontainer_" + own.replacingOccurrences(of: "_", with: "-")]).joined(separator: "__")
    }

    /// The file a figure's SVG is written to, beside the document's XML: `en.figure-1.svg`.
    static func figureFile(language: Language, number: Int) -> String { "\(language.code).figure-\(number).svg" }
}
