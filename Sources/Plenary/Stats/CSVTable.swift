import Foundation
/// A CSV file read strictly: RFC 4180 quoting, `#` comment lines (the bundled data says in its
/// first line that it is synthetic), a header row, and the same number of fields on every row.
struct CSVTable {
    struct Row {
        var fields: [String: String]
        var line: Int
    }

    let path: String
    let header: [String]
    let rows: [Row]

    init(text: String, path: String, required: [String]) throws(DiagnosticError) {
        self.path = path
        var header: [String]?
        var rows: [Row] = []
        var problems: [Diagnostic] = []
        // LF or CRLF (one Character in Swift), without copying the text through NSString first.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, raw) in lines.enumerated() {
            let line = index + 1
            if raw.isEmpty || raw.hasPrefix("#") { continue }
            let fields: [String]
            do { fields = try CSVTable.split(String(raw), path: path, line: line) } catch {
                problems += error.diagnostics
                continue
            }
            guard let names = header else {
                header = fields
                for name in required where !fields.contains(name) {
                    problems.append(.error(at: SourceLocation(path: path, line: line, column: 1), "the header has no column `\(name)`",
                                           hint: "the header must name \(required.joined(separator: ","))"))
                }
                continue
            }
            guard fields.count == names.count else {
                problems.append(.error(at: SourceLocation(path: path, line: line, column: 1),
                                       "this row has \(fields.count) fields, the header has \(names.count)",
                                       hint: "quote a field that contains a comma: \"…, …\""))
                continue
            }
            rows.append(Row(fields: Dictionary(uniqueKeysWithValues: zip(names, fields)), line: line))
        }
        guard let header else {
            throw DiagnosticError(.error(at: .file(path), "the file is empty", hint: "it needs a header row: \(required.joined(separator: ","))"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        self.header = header
        self.rows = rows
    }

    static func split(_ line: String, path: String, line number: Int) throws(DiagnosticError) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var quoteStart = 0
        var characters = Array(line)[...]
        var column = 0
        while let character = characters.popFirst() {
            column += 1
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst(); column += 1 } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" && field.isEmpty {
                quoted = true
                quoteStart = column
            } else if character == "," {
                fields.append(field)
                field = ""
            } else { field.append(character) }
        }
        if quoted {
            throw DiagnosticError(.error(at: SourceLocation(path: path, line: number, column: quoteStart), "this quote is never closed",
                                         hint: "end the field with `\"`; write a quote inside a quoted field as `\"\"`"))
        }
        fields.append(field)
        return fields
    }
}
