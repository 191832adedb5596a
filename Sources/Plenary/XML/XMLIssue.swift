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
    var first: XMLIssue { issues.first ?? XMLIssue(level: .error, line: 0, column: 0, message: "unknown XML error") }
}
