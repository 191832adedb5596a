import Foundation
/// A template expression, compiled once: `doc.symbol`, `para.number == '1'`,
/// `stat.share | percent`, `not loop.last and x`. No arbitrary code: paths, literals,
/// comparisons, boolean operators and the fixed registry of filters.
indirect enum Expression: Sendable {
    /// `doc.meeting.venue`: the names and where each one is written, so an error points at the
    /// very name that is wrong.
    case path([String], locations: [SourceLocation])
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case not(Expression)
    case and(Expression, Expression)
    case or(Expression, Expression)
    case compare(Expression, String, Expression)
    case filter(Expression, name: String, arguments: [Expression], location: SourceLocation)
}

/// Parses expressions; `source` knows where each character of the expression is in the template
/// file, so an error can point at the exact line and column of a name inside it.
struct ExpressionParser {
    enum Token: Equatable {
        case identifier(String), string(String), int(Int), symbol(String), end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    let source: PlacedText

    init(_ source: PlacedText) throws(DiagnosticError) {
        self.source = source
        tokens = try tokenize()
    }

    /// An expression written on one line from `location`, with nothing between its characters.
    static func parse(_ text: String, at location: SourceLocation) throws(DiagnosticError) -> Expression {
        try parse(PlacedText(text, at: location))
    }

    static func parse(_ source: PlacedText) throws(DiagnosticError) -> Expression {
        var parser = try ExpressionParser(source)
        let expression = try parser.parseOr()
        guard parser.peek == .end else {
            throw parser.error("unexpected `\(parser.describe(parser.peek))` in the expression", at: parser.tokens[parser.position].offset,
                               hint: "an expression is a name, a literal, a comparison or `value | filter`")
        }
        return expression
    }

    func at(_ offset: Int) -> SourceLocation { source.location(at: offset) }

    func error(_ message: String, at offset: Int, hint: String? = nil) -> DiagnosticError {
        DiagnosticError(.error(at: at(offset), message, hint: hint))
    }

    private func tokenize() throws(DiagnosticError) -> [(Token, Int)] {
        var result: [(Token, Int)] = []
        let characters = source.characters
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace { index += 1; continue }
            let start = index
            if character.isLetter || character == "_" {
                while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" || characters[index] == "-" {
                    index += 1
                }
                result.append((.identifier(String(characters[start..<index])), start))
            } else if character.isNumber {
                while index < characters.count, characters[index].isNumber { index += 1 }
                result.append((.int(Int(String(characters[start..<index])) ?? 0), start))
            } else if character == "'" || character == "\"" {
                index += 1
                var value = ""
                while index < characters.count, characters[index] != character { value.append(characters[index]); index += 1 }
                guard index < characters.count else {
                    throw error("this string is never closed", at: start, hint: "close it with \(character)")
                }
                index += 1
                result.append((.string(value), start))
            } else {
                let two = index + 1 < characters.count ? String(characters[index...index + 1]) : ""
                if ["==", "!=", "<=", ">="].contains(two) {
                    result.append((.symbol(two), start)); index += 2
                } else if "|().,<>=".contains(character) {
                    result.append((.symbol(String(character)), start)); index += 1
                } else {
                    throw error("unexpected character `\(character)` in the expression", at: start)
                }
            }
        }
        result.append((.end, characters.count))
        return result
    }

    private var peek: Token { tokens[position].token }
    private var offset: Int { tokens[position].offset }

    private mutating func next() -> Token {
        defer { position += 1 }
        return tokens[position].token
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .identifier(let s): s
        case .string(let s): "'\(s)'"
        case .int(let i): String(i)
        case .symbol(let s): s
        case .end: "end of expression"
        }
    }

    private mutating func parseOr() throws(DiagnosticError) -> Expression {
        var left = try parseAnd()
        while peek == .identifier("or") { _ = next(); left = .or(left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(DiagnosticError) -> Expression {
        var left = try parseNot()
        while peek == .identifier("and") { _ = next(); left = .and(left, try parseNot()) }
        return left
    }

    private mutating func parseNot() throws(DiagnosticError) -> Expression {
        if peek == .identifier("not") { _ = next(); return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(DiagnosticError) -> Expression {
        let left = try parseFiltered()
        if case .symbol(let op) = peek, ["==", "!=", "<", ">", "<=", ">="].contains(op) {
            _ = next()
            return .compare(left, op, try parseFiltered())
        }
        return left
    }

    private mutating func parseFiltered() throws(DiagnosticError) -> Expression {
        var value = try parsePrimary()
        while peek == .symbol("|") {
            _ = next()
            let start = offset
            guard case .identifier(let name) = next() else {
                throw error("a filter name must follow `|`", at: start, hint: "for example `| upper`")
            }
            // Checked here, so a misspelt filter is reported even where the template never renders it.
            guard Filters.names.contains(name) else {
                throw error("unknown filter `\(name)`", at: start,
                            hint: Suggestion.hint(for: name, in: Filters.names) ?? "the filters are \(Filters.names.joined(separator: ", "))")
            }
            var arguments: [Expression] = []
            if peek == .symbol("(") {
                _ = next()
                if peek != .symbol(")") {
                    arguments.append(try parseOr())
                    while peek == .symbol(",") { _ = next(); arguments.append(try parseOr()) }
                }
                guard next() == .symbol(")") else { throw error("`(` is never closed", at: start) }
            }
            value = .filter(value, name: name, arguments: arguments, location: at(start))
        }
        return value
    }

    private mutating func parsePrimary() throws(DiagnosticError) -> Expression {
        let start = offset
        switch next() {
        case .identifier("true"): return .bool(true)
        case .identifier("false"): return .bool(false)
        case .identifier("null"): return .null
        case .identifier(let name):
            var parts = [name], locations = [at(start)]
            while peek == .symbol(".") {
                _ = next()
                let partStart = offset
                guard case .identifier(let part) = next() else {
                    throw error("a name must follow `.`", at: partStart)
                }
                parts.append(part)
                locations.append(at(partStart))
            }
            return .path(parts, locations: locations)
        case .string(let value): return .string(value)
        case .int(let value): return .int(value)
        case .symbol("("):
            let inner = try parseOr()
            guard next() == .symbol(")") else { throw error("`(` is never closed", at: start) }
            return inner
        case let token:
            throw error("expected a name or a value, found `\(describe(token))`", at: start)
        }
    }
}
