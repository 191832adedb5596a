public import Foundation
import Yams
// libyaml as Yams vendors it: its event parser builds Plenary's nodes in one pass (see `compose`);
// Yams itself only words the errors of a file libyaml refuses.
import CYaml

/// A YAML source file parsed into Yams nodes, with helpers that turn nodes into values or into
/// diagnostics that point at the node (`file:line:column`). Every reader in `Load/` goes through it,
/// so the wording and the locations of format errors are the same everywhere.
struct YAMLFile {
    let source: SourceFile
    let root: YAMLNode
    var path: String { source.path }

    /// Reads and parses the file; an unreadable, non-UTF-8, empty or malformed file is a diagnostic.
    /// A UTF-8 byte-order mark and CRLF line endings are accepted.
    init(url: URL, displayPath: String) throws(DiagnosticError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            if let problem = YAMLFile.brokenLink(url) {
                throw DiagnosticError(.error(at: .file(displayPath), "cannot read the file: \(problem)",
                                             hint: "make the link point at the real file or folder, or replace it with a copy"))
            }
            throw DiagnosticError(.error(at: .file(displayPath), "cannot read the file", hint: "check that it exists and is readable"))
        }
        try self.init(data: data, path: displayPath)
    }

    /// Why `url` cannot be opened if a symbolic link is to blame: a loop anywhere on its path (the
    /// kernel gives up with ELOOP, so this never hangs), or a link that points nowhere.
    static func brokenLink(_ url: URL) -> String? {
        // access(2) follows the path like stat(2) and fails with ELOOP the same way, without the
        // stat struct (whose zero initializer Swift's release builds cannot see on Linux).
        if access(url.path, F_OK) != 0 && errno == ELOOP {
            return "its path goes through a symbolic link that loops"
        }
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil, !FileManager.default.fileExists(atPath: url.path) {
            return "it is a symbolic link that points nowhere"
        }
        return nil
    }

    init(data: Data, path: String) throws(DiagnosticError) {
        let hasBOM = data.starts(with: [0xEF, 0xBB, 0xBF])
        // Read through a buffer pointer: Data's own byte iterator costs a call per byte.
        let (decoded, hasCR) = data.withUnsafeBytes { raw -> (String?, Bool) in
            let bytes = UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[(hasBOM ? 3 : 0)...])
            return (String(validating: bytes, as: UTF8.self), bytes.contains(0x0D))
        }
        guard let text = decoded else {
            throw DiagnosticError(.error(at: YAMLFile.firstInvalidUTF8(in: Data(data.dropFirst(hasBOM ? 3 : 0)), path: path),
                                         "the file is not valid UTF-8", hint: "save it as UTF-8 (without changing its encoding by hand)"))
        }
        // Most files have no CR at all: only those pay for the replacement.
        let normalised = hasCR ? text.replacingOccurrences(of: "\r\n", with: "\n") : text
        source = SourceFile(path: path, text: normalised)
        if YAMLFile.isBlank(normalised) {
            throw DiagnosticError(.error(at: .file(path), "the file is empty", hint: "a source file needs at least one entry"))
        }
        guard let node = try YAMLFile.compose(normalised, path: path) else {
            throw DiagnosticError(.error(at: .file(path), "the file holds no YAML document"))
        }
        root = node
    }

    /// Yams's own reading of a file libyaml refused: its error names the problem and the place
    /// the way Plenary's diagnostics have always quoted them.
    private static func diagnoseSyntax(_ text: String, path: String) -> DiagnosticError {
        do {
            _ = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return DiagnosticError(YAMLFile.diagnostic(for: error, path: path))
        } catch {
            return DiagnosticError(.error(at: .file(path), "cannot parse YAML: \(error)"))
        }
        return DiagnosticError(.error(at: .file(path), "cannot parse YAML"))
    }

    /// Whether `text` is only whitespace: decided on the first byte that is not ASCII whitespace,
    /// without reading a long file character by character.
    static func isBlank(_ text: String) -> Bool {
        guard let first = text.utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return true }
        // An ASCII character that is not whitespace; or else some other (rare) Unicode space.
        return text.utf8[first] >= 0x80 && text[first...].allSatisfy(\.isWhitespace)
    }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, yaml), let .parser(context, problem, mark, yaml), let .composer(context, problem, mark, yaml):
            var message = "malformed YAML: \(problem)"
            if let context { message += " (\(context.text))" }
            // A quote or bracket left open is only noticed at the end of the file: point at where it
            // was opened, which is where the editor has to look.
            var at = mark
            if let context, context.mark.line > 0, problem.contains("end of stream") || isEnd(of: yaml, mark) { at = context.mark }
            let hint = problem.contains("tab") || problem.contains("found character that cannot start any token")
                ? "YAML indents with spaces, never tabs; quote a value that starts with a special character"
                : "check the indentation and the quotes around this line"
            return .error(at: SourceLocation(path: path, line: at.line, column: at.column), message, hint: hint)
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

    /// How deeply collections may nest. Yams composes (and frees) nodes recursively, so a file nested
    /// thousands of levels deep would overflow the stack; the deepest real structure (a list item in
    /// a list item in a paragraph in a subsection) is about a dozen levels.
    static let maximumNesting = 64

    /// Reads the file's one document into nodes, in one pass over libyaml's events (Yams would
    /// parse the file again to build nodes of its own, and recursively). On the way it refuses a
    /// file nested deeper than `maximumNesting` (at the collection that goes too deep) and a file
    /// that uses aliases (`*name`, at the alias): an alias repeats a whole subtree, and a few lines
    /// of aliases of aliases expand to millions of entries; Plenary's sources have no use for them.
    /// A syntax error, or a second document, is handed to Yams, whose message is the one reported.
    static func compose(_ text: String, path: String) throws(DiagnosticError) -> YAMLNode? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw DiagnosticError(.error(at: .file(path), "cannot start the YAML parser")) }
        defer { yaml_parser_delete(&parser) }

        /// A collection being read: its mark, and its items (keys and values alternate in a mapping).
        struct Open {
            var isMapping: Bool
            var mark: YAMLNode.Mark
            var items: [YAMLNode] = []
        }
        enum Outcome { case document(YAMLNode?), syntaxError, tooDeep(SourceLocation), alias(SourceLocation) }

        let outcome: Outcome = bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var stack: [Open] = []
            var root: YAMLNode?
            var documents = 0
            var event = yaml_event_t()
            func mark(_ event: yaml_event_t) -> YAMLNode.Mark {
                YAMLNode.Mark(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
            }
            func add(_ node: YAMLNode) {
                if stack.isEmpty { root = node } else { stack[stack.count - 1].items.append(node) }
            }
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { return .syntaxError }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_DOCUMENT_START_EVENT:
                    documents += 1
                    if documents > 1 { return .syntaxError }
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    let value = scalar.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self) } ?? ""
                    let style: YAMLNode.Scalar.Style = switch scalar.style {
                    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
                    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
                    case YAML_LITERAL_SCALAR_STYLE: .literal
                    case YAML_FOLDED_SCALAR_STYLE: .folded
                    default: .plain
                    }
                    add(.scalar(YAMLNode.Scalar(string: value, style: style, mark: mark(event))))
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    if stack.count >= maximumNesting {
                        return .tooDeep(SourceLocation(path: path, line: event.start_mark.line + 1, column: event.start_mark.column + 1))
                    }
                    stack.append(Open(isMapping: event.type == YAML_MAPPING_START_EVENT, mark: mark(event)))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    let open = stack.removeLast()
                    if open.isMapping {
                        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                        pairs.reserveCapacity(open.items.count / 2)
                        var index = 0
                        while index + 1 < open.items.count {
                            pairs.append((open.items[index], open.items[index + 1]))
                            index += 2
                        }
                        add(.mapping(pairs, open.mark))
                    } else {
                        add(.sequence(open.items, open.mark))
                    }
                case YAML_ALIAS_EVENT:
                    return .alias(SourceLocation(path: path, line: event.start_mark.line + 1, column: event.start_mark.column + 1))
                case YAML_STREAM_END_EVENT:
                    return .document(root)
                default: break
                }
            }
        }
        switch outcome {
        case .document(let root): return root
        case .syntaxError: throw diagnoseSyntax(text, path: path)
        case .tooDeep(let location):
            throw DiagnosticError(.error(at: location, "the file nests lists and mappings more than \(maximumNesting) levels deep",
                                         hint: "a document's structure is a few levels deep; check the brackets and the indentation here"))
        case .alias(let location):
            throw DiagnosticError(.error(at: location, "YAML aliases (`*name`) are not supported in Plenary's sources",
                                         hint: "write the value out in full; quote a text that starts with `*`"))
        }
    }

    /// Whether `mark` is past the last character of `text` (where libyaml reports what it was
    /// still waiting for when the file ended).
    static func isEnd(of text: String, _ mark: Yams.Mark) -> Bool {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= lines.count else { return false }
        return mark.line > lines.count || mark.column > lines[lines.count - 1].count
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

    func location(of node: YAMLNode) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(path: path, line: mark.line, column: mark.column)
    }

    /// A mapping's entries in file order. Duplicate keys and keys outside `allowed` (when given) are
    /// diagnostics, the latter with the closest allowed key.
    func entries(_ node: YAMLNode, what: String, allowed: [String]? = nil, required: [String] = []) throws(DiagnosticError) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)] {
        guard case .mapping(let mapping, _) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a mapping of `key: value` lines, not \(describe(node))"))
        }
        var result: [(String, YAMLNode, YAMLNode)] = []
        var seen: [String: YAMLNode] = [:]
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

    func sequence(_ node: YAMLNode, what: String) throws(DiagnosticError) -> [YAMLNode] {
        guard case .sequence(let sequence, _) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a list (lines starting with `- `), not \(describe(node))"))
        }
        return sequence
    }

    func string(_ node: YAMLNode, what: String) throws(DiagnosticError) -> String {
        guard case .scalar(let scalar) = node else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be text, not \(describe(node))"))
        }
        try checkCharacters(scalar.string, at: location(of: node))
        return scalar.string
    }

    func sourceText(_ node: YAMLNode, what: String) throws(DiagnosticError) -> SourceText {
        let value = try string(node, what: what)
        // A block scalar's text starts on the line after its indicator.
        var start = location(of: node)
        if case .scalar(let scalar) = node, scalar.style == .literal || scalar.style == .folded {
            start = SourceLocation(path: path, line: start.line + 1, column: 1)
        }
        return SourceText(value: value, location: start, file: source)
    }

    /// Text that must match `pattern` (a symbol, an actor, a name that becomes a path or a link).
    func identifier(_ node: YAMLNode, what: String, _ pattern: IdentifierPattern) throws(DiagnosticError) -> String {
        let text = try string(node, what: what)
        guard pattern.matches(text) else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) `\(Diagnostic.clipped(text, to: Diagnostic.longestValue))` is not allowed",
                                         hint: pattern.description))
        }
        return text
    }

    /// A whole number within `range` (a session is at least 1: no "Zeroth meeting").
    func int(_ node: YAMLNode, what: String, in range: ClosedRange<Int>) throws(DiagnosticError) -> Int {
        let value = try int(node, what: what)
        guard range.contains(value) else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be from \(range.lowerBound) to \(range.upperBound), not \(value)"))
        }
        return value
    }

    func int(_ node: YAMLNode, what: String) throws(DiagnosticError) -> Int {
        let text = try string(node, what: what)
        guard let value = Int(text) else {
            throw DiagnosticError(.error(at: location(of: node), "\(what) must be a whole number, not `\(text)`"))
        }
        return value
    }

    func bool(_ node: YAMLNode, what: String) throws(DiagnosticError) -> Bool {
        let text = try string(node, what: what)
        switch text.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default: throw DiagnosticError(.error(at: location(of: node), "\(what) must be `true` or `false`, not `\(text)`"))
        }
    }

    /// An ISO date (`2012-10-01`) that exists in the calendar.
    func date(_ node: YAMLNode, what: String) throws(DiagnosticError) -> DateComponents {
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
    /// Text per language; `nonEmpty`: a blank text is an error (a venue of "" would print
    /// ", 1–5 October 2012").
    func localized(_ node: YAMLNode, what: String, nonEmpty: Bool = false) throws(DiagnosticError) -> LocalizedText {
        var values: [Language: String] = [:]
        for entry in try entries(node, what: what) {
            let text = try string(entry.value, what: "\(what) in `\(entry.key)`")
            if nonEmpty, Self.isBlank(text) {
                throw DiagnosticError(.error(at: location(of: entry.value), "\(what) in `\(entry.key)` is empty",
                                             hint: "write \(what) in `\(entry.key)`"))
            }
            values[Language(entry.key)] = text
        }
        return LocalizedText(values: values, location: location(of: node))
    }

    /// Characters XML 1.0 cannot carry are refused where they are read, so they never reach a
    /// document (YAML lets them in through escapes such as "\0").
    func checkCharacters(_ text: String, at location: SourceLocation) throws(DiagnosticError) {
        // Every text of every file passes here: the bytes are scanned first, and the scalars
        // (for the message) only when one may be wrong.
        guard Self.mayHoldNonXMLCharacter(text) else { return }
        for scalar in text.unicodeScalars where !YAMLFile.isXMLCharacter(scalar) {
            throw DiagnosticError(.error(at: location, String(format: "the text holds U+%04X, a character XML documents cannot contain", scalar.value),
                                         hint: "remove it (it is often an invisible control character pasted from another program)"))
        }
    }

    /// Whether the UTF-8 of `text` has a control character other than tab and line breaks, or the
    /// start of U+FFFE or U+FFFF (EF BF BE, EF BF BF). A Swift string holds no lone surrogate,
    /// so these are the only characters outside XML's range it can hold.
    static func mayHoldNonXMLCharacter(_ text: String) -> Bool {
        func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // One comparison for nearly every byte: printable ASCII and UTF-8 other than EF.
                if byte >= 0x20 && byte != 0xEF { index += 1; continue }
                if byte < 0x20 { if byte != 0x09 && byte != 0x0A && byte != 0x0D { return true } }
                else if index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF { return true }
                index += 1
            }
            return false
        }
        var text = text
        return text.withUTF8(scan)
    }

    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    func describe(_ node: YAMLNode) -> String {
        switch node {
        case .scalar(let scalar): "the text `\(scalar.string.prefix(40))`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
