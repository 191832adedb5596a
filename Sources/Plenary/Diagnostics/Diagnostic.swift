public import Foundation

/// The one shape in which Plenary reports a problem to a person: compiler style,
/// `path:line:column: error: message`, then the source line, a caret under the column, and a hint.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var hint: String?

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    public static func error(at location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    /// The first line only, as tools that parse `file:line:col:` expect.
    public var description: String { "\(location): \(severity.rawValue): \(message)" }

    /// The full report: the header line, the source line with a caret, and the hint.
    /// `source` supplies file contents; by default the file is read from disk. A long source line
    /// is shown around the column (a one-line YAML paragraph can be megabytes), a long hint cut.
    public func rendered(source: (String) -> String? = Diagnostic.readSource) -> String {
        var lines = [description]
        if location.line > 0, let text = source(location.path), let line = Self.line(location.line, of: text) {
            let (shown, column) = Self.window(of: line.replacingOccurrences(of: "\t", with: " "), around: location.column)
            lines.append("    " + shown)
            lines.append("    " + Diagnostic.caretPadding(shown, column: column) + "^")
        }
        if let hint { lines.append("hint: \(Self.clipped(hint, to: Self.longestHint))") }
        return lines.joined(separator: "\n")
    }

    /// How many characters of a source line are shown on either side of the column.
    static let context = 60
    static let longestHint = 400
    /// How much of a value (a symbol, a URL, a folder's name) a message quotes.
    static let longestValue = 80

    /// Line `number` (from 1) of `text`, found by scanning for line breaks rather than splitting
    /// the whole file. A line ends at "\n", "\r\n" or a lone "\r", as YAML and libxml2 count them.
    static func line(_ number: Int, of text: String) -> String? {
        let bytes = text.utf8
        var index = bytes.startIndex, current = 1, start = index
        while current < number {
            guard let end = bytes[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else { return nil }
            index = bytes.index(after: end)
            if bytes[end] == 0x0D, index < bytes.endIndex, bytes[index] == 0x0A { index = bytes.index(after: index) }
            current += 1
            start = index
        }
        let end = bytes[start...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) ?? bytes.endIndex
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// At most `context` characters either side of `column` (1-based), with "…" where cut, and
    /// the column within what is shown.
    static func window(of line: String, around column: Int) -> (String, Int) {
        let characters = Array(line)
        guard characters.count > 2 * context + 1 else { return (line, column) }
        let at = min(max(column - 1, 0), characters.count)
        let from = max(0, at - context), to = min(characters.count, at + context)
        let head = from > 0 ? "…" : "", tail = to < characters.count ? "…" : ""
        return (head + String(characters[from..<to]) + tail, at - from + 1 + head.count)
    }

    static func clipped(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "… (\(text.count - length) more characters)"
    }

    public static let readSource: @Sendable (String) -> String? = { path in
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Spaces that reach `column` on a terminal: East Asian wide characters take two cells.
    static func caretPadding(_ line: String, column: Int) -> String {
        var width = 0
        for (index, character) in line.enumerated() where index < column - 1 {
            width += character.unicodeScalars.first.map(isWide) == true ? 2 : 1
        }
        return String(repeating: " ", count: width)
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD: true
        default: false
        }
    }
}

/// One or more diagnostics raised together: a stage reports everything it found, not only the first.
public struct DiagnosticError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
}

extension DiagnosticError: CustomStringConvertible {
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
