import Foundation
/// One problem libxml2 reported while parsing or validating: where it is and what it says.
struct XMLIssue: Equatable, Sendable, CustomStringConvertible {
    enum Level: Sendable { case warning, error }
    var level: Level
    var line: Int
    var column: Int
    var message: String

    var description: String { "\(line):\(column): \(message)" }
}

/// Parsing failed; `issues` holds every error in the order libxml2 found them, so the first one
/// (the real cause, not the "Premature end of data" that follows it) can be reported.
struct XMLParseError: Error, Sendable {
    var path: String
    var issues: [XMLIssue]
    /// The file was refused for its DOCTYPE, not for being ill-formed.
    var refusedDoctype = false
    var first: XMLIssue { issues.first ?? XMLIssue(level: .error, line: 0, column: 0, message: "unknown XML error") }

    static let doctypeMessage = "the file declares a DOCTYPE: Plenary reads no DTDs or entities"
    static let doctypeHint = "remove the <!DOCTYPE …> declaration; write characters themselves or as character references such as &#x4E00;"

    /// The error as a person reads it: a refused DOCTYPE as itself, any other error as
    /// `<what>: <libxml2's message>` at the first error's position.
    func diagnostic(_ what: String = "not well-formed XML", hint: String? = nil) -> Diagnostic {
        let at = SourceLocation(path: path, line: max(1, first.line), column: max(1, first.column))
        if refusedDoctype { return .error(at: at, first.message, hint: Self.doctypeHint) }
        return .error(at: at, "\(what): \(first.message)", hint: hint)
    }
}
