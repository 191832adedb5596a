public import Foundation
import Yams

/// A YAML source file parsed into Yams nodes, with helpers that turn nodes into values or into
/// diagnostics that point at the node (`file:line:column`). Every reader in `Load/` goes through it,
/// so the wording and the locations of format errors are the same everywhere.
struct YAMLFile {
    let source: SourceFile
    let root: Node
    var path: String { source.path }

    /// Reads and parses the file; an unreadable, non-UTF-8, empty or malformed file is a diagnostic.
    /// A UTF-8 byte-order mark and CRLF line endings are accepted.
    init(url: URL, displayPath: String) throws(DiagnosticError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DiagnosticError(.error(at: .file(displayPath), "cannot read the file", hint: "check that it exists and is readable"))
        }
        try self.init(data: data, path: displayPath)
    }

    init(data: Data, path: String) throws(DiagnosticError) {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw DiagnosticError(.error(at: YAMLFile.firstInvalidUTF8(in: Data(bytes), path: path),
                                         "the file is not valid UTF-8", hint: "save it as UTF-8 (without changing its encoding by hand)"))
        }
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        source = SourceFile(path: path, text: normalised)
        if normalised.allSatisfy({ $0.isWhitespace }) {
            throw DiagnosticError(.error(at: .file(path), "the file is empty", hint: "a source file needs at least one entry"))
        }
        do {
            guard let node = try Yams.compose(yaml: normalised) else {
                throw DiagnosticError(.error(at: .file(path), "the file holds no YAML document"))
            }
            root = node
        } catch let error as YamlError {
            throw DiagnosticError(YAMLFile.diagnostic(for: error, path: path))
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.error(at: .file(path), "cannot parse YAML: \(error)"))
        }
    }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            var message = "malformed YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            let hint = problem.contains("tab") || problem.contains("found character that cannot start any token")
                ? "YAML indents with spaces, never tabs; quote a value that starts with a special character"
                : "check the indentation and the quotes around this line"
            return .error(at: SourceLocation(path: path, line: mark.line, column: mark.column), message, hint: hint)
        case let .reader(problem, offset, _, yaml):
            let prefix = offset.map { String(yaml.unicodeScalars.prefix($0)) } ?? ""
            let line = prefix.filter { $0 == "\n" }.count + 1
            let column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.unicodeScalars.count ?? 0) + 1
            return .error(at: SourceLocation(path: path, line: line, column: column), "the file holds a character YAML cannot read: \(problem)",
                          hint: "remove control characters; write them as escapes only if they are really meant")
        default:
            return .error(at: .file(path), "cannot parse YAML: \(error)")
        }
    }

    static func firstInvalidUTF8(in data: Data, path: String) -> SourceLocation {
        var line = 1, column = 1, index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            if length == 0 || index + length > data.endIndex
                || String(validating: data[index..<(index + length)], as: UTF8.self) == nil {
                return SourceLocation(path: path, line: line, column: column)
            }
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
            index += length
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    // MARK: Nodes to values

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .file(path) }
        return SourceLocation(path: path, line: mark.line, column: mark.column)
    }

    /// A mapping's entries in file order. Duplicate keys and keys outside `allowed` (when given) are
    /// diagnostics, the latter with the closest allowed key.
    func entries(_ node: Node, what: String, allowed: [String]? = nil, required: [String] = []) throws(DiagnosticError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a mapping of `key: value` lines, not \(describe(node))"))
        }
        var result: [(String, Node, Node)] = []
        var seen: [String: Node] = [:]
        var problems: [Diagnostic] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                problems.append(.error(at: location(of: keyNode), "a key in \(what) must be plain text"))
                continue
            }
            let key = scalar.string
            if let first = seen[key] {
                problems.append(.error(at: location(of: keyNode), "duplicate key `\(key)` in \(what)",
                                       hint: "it is already defined at line \(location(of: first).line)"))
                continue
            }
            seen[key] = keyNode
            if let allowed, !allowed.contains(key) {
                let hint = Suggestion.hint(for: key, in: allowed) ?? "the known keys are \(allowed.map { "`\($0)`" }.joined(separator: ", "))"
                problems.append(.error(at: location(of: keyNode), "unknown key `\(key)` in \(what)", hint: hint))
                continue
            }
            result.append((key, keyNode, value))
        }
        for key in required where seen[key] == nil {
            problems.append(.error(at: location(of: node), "\(what) has no `\(key)`", hint: "add a `\(key):` line"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return result
    }

    func sequence(_ node: Node, what: String) throws(DiagnosticError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a list (lines starting with `- `), not \(describe(node))"))
        }
        return Array(sequence)
    }

    func string(_ node: Node, what: String) throws(DiagnosticError) -> String {
        guard case .scalar(let scalar) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be text, not \(describe(node))"))
        }
        try checkCharacters(scalar.string, at: location(of: node))
        return scalar.string
    }

    func sourceText(_ node: Node, what: String) throws(DiagnosticError) -> SourceText {
        let value = try string(node, what: what)
        // A block scalar's text starts on the line after its indicator.
        var start = location(of: node)
        if case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded {
            start = SourceLocation(path: path, line: start.line + 1, column: 1)
        }
        return SourceText(value: value, location: start, file: source)
    }

    func int(_ node: Node, what: String) throws(DiagnosticError) -> Int {
        let text = try string(node, what: what)
        guard let value = Int(text) else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a whole number, not `\(text)`"))
        }
        return value
    }

    func bool(_ node: Node, what: String) throws(DiagnosticError) -> Bool {
        let text = try string(node, what: what)
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw DiagnosticError(.error(at: location(of: node), "\(what) must be `true` or `false`, not `\(text)`"))
        }
    }

    /// An ISO date (`2012-10-01`) that exists in the calendar.
    func date(_ node: Node, what: String) throws(DiagnosticError) -> DateComponents {
        let text = try string(node, what: what)
        let parts = text.split(separator: "-").compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = parts.count == 3 ? DateComponents(year: parts[0], month: parts[1], day: parts[2]) : nil
        guard let components, text.count == 10, calendar.date(from: components).map({ calendar.dateComponents([.year, .month, .day], from: $0) == components }) == true else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a date written YYYY-MM-DD, not `\(text)`"))
        }
        return components
    }

    /// Text given once per language: `{en: …, zh: …}`.
    func localized(_ node: Node, what: String) throws(DiagnosticError) -> LocalizedText {
        var values: [Language: String] = [:]
        for entry in try entries(node, what: what) {
            values[Language(entry.key)] = try string(entry.value, what: "\(what) in `\(entry.key)`")
        }
        return LocalizedText(values: values, location: location(of: node))
    }

    /// Characters XML 1.0 cannot carry are refused where they are read, so they never reach a
    /// document (YAML lets them in through escapes such as "\0").
    func checkCharacters(_ text: String, at location: SourceLocation) throws(DiagnosticError) {
        for scalar in text.unicodeScalars where !YAMLFile.isXMLCharacter(scalar) {
            throw DiagnosticError(.error(at: location, String(format: "the text holds U+%04X, a character XML documents cannot contain", scalar.value),
                                         hint: "remove it (it is often an invisible control character pasted from another program)"))
        }
    }

    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "the text `\(scalar.string.prefix(40))`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
