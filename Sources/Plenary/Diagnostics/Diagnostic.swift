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
    /// `source` supplies file contents; by default the file is read from disk.
    public func rendered(source: (String) -> String? = Diagnostic.readSource) -> String {
        var lines = [description]
        if location.line > 0, let text = source(location.path) {
            // "\r\n" is one Character in Swift: normalise it, or a CRLF file would be one long line.
            let fileLines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            if location.line <= fileLines.count {
                let line = String(fileLines[location.line - 1]).replacingOccurrences(of: "\r", with: "")
                lines.append("    " + line.replacingOccurrences(of: "\t", with: " "))
                lines.append("    " + Diagnostic.caretPadding(line, column: location.column) + "^")
            }
        }
        if let hint { lines.append("hint: \(hint)") }
        return lines.joined(separator: "\n")
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
