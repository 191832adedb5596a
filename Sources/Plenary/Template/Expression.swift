import Foundation
/// A template expression, compiled once: `doc.symbol`, `para.number == '1'`,
/// `stat.share | percent`, `not loop.last and x`. No arbitrary code: paths, literals,
/// comparisons, boolean operators and the fixed registry of filters.
indirect enum Expression: Sendable {
    /// `doc.meeting.venue`: the names and where each one is written, so an error points at the
    /// very name that is wrong. The first is a name in scope, the others fields (`FieldName`s, so
    /// that looking one up does not hash its characters again).
    case path(String, fields: [FieldName], locations: [SourceLocation])
    /// `str.key`: the wording `key` of the strings catalog (`str` is never a name in scope).
    case catalog(key: String, location: SourceLocation)
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
        let expression = try parser.parseOr().expression
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

    private func tokenize() throws(DiagnosticError) -> [(token: Token, offset: Int)] {
        // The labels match `tokens`: converting an array of tuples to other labels costs a dynamic cast per element.
        var result: [(token: Token, offset: Int)] = []
        result.reserveCapacity(source.count + 1) // at most one token per Character, and the end
        // One code per Character (see `CharacterCode`): the syntax is ASCII, names may not be.
        let codes = source.codes
        func isCharacter(_ character: Unicode.Scalar, at index: Int) -> Bool {
            index < codes.count && codes[index] == UInt8(ascii: character)
        }
        var index = 0
        while index < codes.count {
            let code = codes[index]
            if CharacterCode.isWhitespace(code) { index += 1; continue }
            let start = index
            if CharacterCode.isLetter(code) || code == UInt8(ascii: "_") {
                while index < codes.count, CharacterCode.isLetter(codes[index]) || CharacterCode.isNumber(codes[index])
                        || codes[index] == UInt8(ascii: "_") || codes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                result.append((.identifier(source.string(start..<index)), start))
            } else if CharacterCode.isNumber(code) {
                while index < codes.count, CharacterCode.isNumber(codes[index]) { index += 1 }
                result.append((.int(Int(source.string(start..<index)) ?? 0), start))
            } else if code == UInt8(ascii: "'") || code == UInt8(ascii: "\"") {
                index += 1
                while index < codes.count, codes[index] != code { index += 1 }
                guard index < codes.count else {
                    throw error("this string is never closed", at: start, hint: "close it with \(source.string(start..<(start + 1)))")
                }
                result.append((.string(source.string((start + 1)..<index)), start))
                index += 1
            } else if Self.startsComparison(code) && isCharacter("=", at: index + 1) {
                result.append((.symbol(source.string(index..<(index + 2))), start))
                index += 2
            } else if Self.isSymbol(code) {
                result.append((.symbol(source.string(index..<(index + 1))), start))
                index += 1
            } else {
                throw error("unexpected character `\(source.string(start..<(start + 1)))` in the expression", at: start)
            }
        }
        result.append((.end, codes.count))
        return result
    }

    /// `=`, `!`, `<` or `>`: the first of `==`, `!=`, `<=`, `>=`.
    private static func startsComparison(_ code: UInt8) -> Bool {
        switch code {
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"): true
        default: false
        }
    }

    private static func isComparison(_ symbol: String) -> Bool {
        switch symbol {
        case "==", "!=", "<", ">", "<=", ">=": true
        default: false
        }
    }

    /// One of the one-character symbols `|().,<>=`.
    private static func isSymbol(_ code: UInt8) -> Bool {
        switch code {
        case UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "."), UInt8(ascii: ","),
             UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "="): true
        default: false
        }
    }

    private var peek: Token { tokens[position].token }
    private var offset: Int { tokens[position].offset }

    /// Whether the next token is the name `name` (`and`, `or`, `not`).
    private func peekIs(identifier name: String) -> Bool {
        if case .identifier(let next) = tokens[position].token { return next == name }
        return false
    }

    /// Whether the next token is the symbol `symbol`.
    private func peekIs(symbol: String) -> Bool {
        if case .symbol(let next) = tokens[position].token { return next == symbol }
        return false
    }

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

    /// An expression parsed so far and how deep its tree is: evaluating, checking and freeing it
    /// recurse that deep, so the depth is bounded (`TemplateLimits.expressionDepth`).
    private typealias Parsed = (expression: Expression, depth: Int)

    /// How many parentheses, `not`s and filter argument lists the parser is inside: it recurses
    /// that deep, and stops before the stack would give out.
    private var nesting = 0

    /// `parsed` if it is not too deep; the error points at `offset`, where the depth was exceeded.
    private func bounded(_ parsed: Parsed, at offset: Int) throws(DiagnosticError) -> Parsed {
        guard parsed.depth <= TemplateLimits.expressionDepth else { throw tooDeep(at: offset) }
        return parsed
    }

    private func tooDeep(at offset: Int) -> DiagnosticError {
        error("the expression nests more than \(TemplateLimits.expressionDepth) deep", at: offset,
              hint: "split it with t:let (t:let=\"a = …; b = a | upper\"), or write it more simply")
    }

    /// Enters one more level of recursion (a parenthesis, `not`, a filter's arguments) at `offset`.
    private mutating func enter(at offset: Int) throws(DiagnosticError) {
        nesting += 1
        guard nesting <= TemplateLimits.expressionDepth else { throw tooDeep(at: offset) }
    }

    private mutating func parseOr() throws(DiagnosticError) -> Parsed {
        var left = try parseAnd()
        while peekIs(identifier: "or") {
            let start = offset
            _ = next()
            let right = try parseAnd()
            left = try bounded((.or(left.expression, right.expression), max(left.depth, right.depth) + 1), at: start)
        }
        return left
    }

    private mutating func parseAnd() throws(DiagnosticError) -> Parsed {
        var left = try parseNot()
        while peekIs(identifier: "and") {
            let start = offset
            _ = next()
            let right = try parseNot()
            left = try bounded((.and(left.expression, right.expression), max(left.depth, right.depth) + 1), at: start)
        }
        return left
    }

    private mutating func parseNot() throws(DiagnosticError) -> Parsed {
        if peekIs(identifier: "not") {
            let start = offset
            _ = next()
            try enter(at: start)
            defer { nesting -= 1 }
            let inner = try parseNot()
            return try bounded((.not(inner.expression), inner.depth + 1), at: start)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(DiagnosticError) -> Parsed {
        let left = try parseFiltered()
        if case .symbol(let op) = peek, Self.isComparison(op) {
            let start = offset
            _ = next()
            let right = try parseFiltered()
            return try bounded((.compare(left.expression, op, right.expression), max(left.depth, right.depth) + 1), at: start)
        }
        return left
    }

    /// A value and the filters after it. A long chain is built in a loop, but makes a tree as
    /// deep as it is long: it counts towards the depth like any nesting.
    private mutating func parseFiltered() throws(DiagnosticError) -> Parsed {
        var (value, depth) = try parsePrimary()
        while peekIs(symbol: "|") {
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
            if peekIs(symbol: "(") {
                _ = next()
                try enter(at: start)
                defer { nesting -= 1 }
                if !peekIs(symbol: ")") {
                    func argument() throws(DiagnosticError) {
                        let parsed = try parseOr()
                        arguments.append(parsed.expression)
                        depth = max(depth, parsed.depth)
                    }
                    try argument()
                    while peekIs(symbol: ",") { _ = next(); try argument() }
                }
                guard next() == .symbol(")") else { throw error("`(` is never closed", at: start) }
            }
            (value, depth) = try bounded((.filter(value, name: name, arguments: arguments, location: at(start)), depth + 1), at: start)
        }
        return (value, depth)
    }

    private mutating func parsePrimary() throws(DiagnosticError) -> Parsed {
        let start = offset
        switch next() {
        case .identifier("true"): return (.bool(true), 1)
        case .identifier("false"): return (.bool(false), 1)
        case .identifier("null"): return (.null, 1)
        case .identifier(let name):
            // `name.part.part…`: as many parts as `.name` pairs follow.
            var count = 1
            while case .symbol(".") = tokens[position + 2 * (count - 1)].token, case .identifier = tokens[position + 2 * count - 1].token {
                count += 1
            }
            var parts: [String] = [], locations: [SourceLocation] = []
            parts.reserveCapacity(count)
            locations.reserveCapacity(count)
            parts.append(name)
            locations.append(at(start))
            while peekIs(symbol: ".") {
                _ = next()
                let partStart = offset
                guard case .identifier(let part) = next() else {
                    throw error("a name must follow `.`", at: partStart)
                }
                parts.append(part)
                locations.append(at(partStart))
            }
            if name == "str" {
                guard parts.count == 2 else {
                    throw error("`str` is the strings catalog: write `str.key`", at: start)
                }
                return (.catalog(key: parts[1], location: locations[1]), 1)
            }
            return (.path(name, fields: parts[1...].map { FieldName($0) }, locations: locations), 1)
        case .string(let value): return (.string(value), 1)
        case .int(let value): return (.int(value), 1)
        case .symbol("("):
            try enter(at: start)
            defer { nesting -= 1 }
            let inner = try parseOr()
            guard next() == .symbol(")") else { throw error("`(` is never closed", at: start) }
            return inner
        case let token:
            throw error("expected a name or a value, found `\(describe(token))`", at: start)
        }
    }
}
