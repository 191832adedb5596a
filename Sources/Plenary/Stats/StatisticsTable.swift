import Foundation

/// Every statistic of a meeting as rows for `plenary stats`: the definition, numerator and
/// denominator overall and per group, and the value as each language writes it.
public struct StatisticsTable: Sendable {
    public struct Row: Sendable {
        public var id: String
        public var group: String
        public var question: String
        public var answers: String
        public var denominatorKind: String
        public var count: Int
        public var denominator: Int
        public var percent: Int?
        public var formatted: [String: String]
    }

    public let languages: [Language]
    public let rows: [Row]

    public init(meeting: Meeting, catalogs: [Language: Catalog]) throws(DiagnosticError) {
        languages = meeting.languages
        var rows: [Row] = []
        for statistic in meeting.statistics.values.sorted(by: { $0.id < $1.id }) {
            var values: [(String, Int, Int, Int?)] = [("all", statistic.count, statistic.denominator, statistic.percent)]
            for group in StatisticsLoader.groups {
                guard let value = statistic.groups[group] else { continue }
                values.append((group, value.count, value.denominator, value.denominator > 0 ? value.percent : nil))
            }
            for (group, count, denominator, percent) in values {
                var formatted: [String: String] = [:]
                for language in meeting.languages {
                    guard let catalog = catalogs[language], let percent else { continue }
                    formatted[language.code] = try catalog.format("percent", ["n": LanguageFormatter(language: language).number(percent)],
                                                                  at: statistic.location)
                }
                rows.append(Row(id: statistic.id, group: group, question: statistic.question,
                                answers: statistic.answers.joined(separator: "|"), denominatorKind: statistic.denominatorKind,
                                count: count, denominator: denominator, percent: percent, formatted: formatted))
            }
        }
        self.rows = rows
    }

    var header: [String] {
        ["statistic", "group", "question", "answers", "denominator of", "count", "denominator", "percent"] + languages.map(\.code)
    }

    func fields(_ row: Row) -> [String] {
        [row.id, row.group, row.question, row.answers, row.denominatorKind, String(row.count), String(row.denominator),
         row.percent.map(String.init) ?? ""] + languages.map { row.formatted[$0.code] ?? "" }
    }

    /// An aligned table for a terminal.
    public func text() -> String {
        let table = [header] + rows.map(fields)
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { index, field in field.padding(toLength: widths[index], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").replacingOccurrences(of: #"\s+$"#, with: "", options: .regularExpression)
        }.joined(separator: "\n") + "\n"
    }

    public func csv() -> String {
        func quote(_ field: String) -> String {
            field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        return ([header] + rows.map(fields)).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// JSON with sorted keys, so the same data always gives the same bytes.
    public func json() throws -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = ["statistic": row.id, "group": row.group, "question": row.question, "answers": row.answers,
                                         "denominatorOf": row.denominatorKind, "count": row.count, "denominator": row.denominator,
                                         "formatted": row.formatted]
            object["percent"] = row.percent.map { $0 as Any } ?? NSNull()
            return object
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
