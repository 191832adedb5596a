import Foundation
/// Parses the inline markup of one text entry. Errors point at the markup in the source file.
struct InlineParser {
    let source: SourceText

    func parse() throws(DiagnosticError) -> [InlineMarkup] {
        var index = source.value.startIndex
        return try parseSequence(&index, open: [], openedAt: "")
    }

    private func location(of raw: String) -> SourceLocation {
        source.file.locate(raw, from: source.location)
    }

    /// The next character at or after `index` that may start markup (`\`, `*`, `^`, `[`). Text runs are
    /// skipped over their UTF-8 bytes and appended whole, so a very long paragraph costs a scan, not
    /// a step per character. A candidate byte counts only if it is a whole character by itself, as
    /// in a character-by-character reading (an asterisk with a combining accent is text).
    private func nextCandidate(from index: String.Index) -> String.Index {
        let text = source.value
        let utf8 = text.utf8
        var position = index
        while let found = Self.firstMarkupByte(in: utf8, from: position) {
            if let start = String.Index(found, within: text) {
                let character = text[start]
                if character == "\\" || character == "*" || character == "[" || character == "^" { return start }
            }
            position = utf8.index(after: found)
        }
        return text.endIndex
    }

    /// The first `\`, `*`, `^` or `[` byte at or after `start`, found on the contiguous UTF-8 of a
    /// native string (and through the view otherwise).
    private static func firstMarkupByte(in utf8: String.UTF8View, from start: String.Index) -> String.Index? {
        let offset = utf8.distance(from: utf8.startIndex, to: start)
        let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in
            var index = offset
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x5C || byte == 0x2A || byte == 0x5B || byte == 0x5E { return index }
                index += 1
            }
            return nil
        }
        switch found {
        case .some(.some(let index)): return utf8.index(utf8.startIndex, offsetBy: index)
        case .some(.none): return nil
        case .none: return utf8[start...].firstIndex(where: { $0 == 0x5C || $0 == 0x2A || $0 == 0x5B || $0 == 0x5E })
        }
    }

    /// A span of text set off by delimiters: `*emphasis*`, `**bold**`, `^superscript^`.
    enum Span: Equatable {
        case emphasis, strong, superscript

        var delimiter: String {
            switch self {
            case .emphasis: "*"
            case .strong: "**"
            case .superscript: "^"
            }
        }

        var name: String {
            switch self {
            case .emphasis: "emphasis"
            case .strong: "bold"
            case .superscript: "superscript"
            }
        }

        func node(_ inner: [InlineMarkup]) -> InlineMarkup {
            switch self {
            case .emphasis: .emphasis(inner)
            case .strong: .strong(inner)
            case .superscript: .superscript(inner)
            }
        }
    }

    /// The delimiter at `index` and the words after it, up to a space: what finds an opening
    /// delimiter in the file (a lone `*` or `^` would find the first one of the entry).
    private func opener(at index: String.Index) -> String {
        let value = source.value
        var end = index
        var count = 0
        while end < value.endIndex, count < 16, !value[end].isWhitespace, count == 0 || value[end] != "\\" {
            end = value.index(after: end)
            count += 1
        }
        return String(value[index..<end])
    }

    /// Parses up to the end of the text, or, inside a span (`open` is the spans opened around
    /// `index`, innermost last), up to and including the delimiter that closes it.
    private func parseSequence(_ index: inout String.Index, open: [Span], openedAt: String) throws(DiagnosticError) -> [InlineMarkup] {
        let value = source.value
        var result: [InlineMarkup] = []
        var text = ""
        let innermost = open.last
        // Pandoc's rule: a superscript holds no spaces, so `x^2 + y` is a caret left open, not a guess.
        let inSuperscript = open.contains(.superscript)
        func flush() {
            if !text.isEmpty { result.append(.text(text)); text = "" }
        }
        func spaceInSuperscript() -> DiagnosticError {
            DiagnosticError(.error(at: location(of: openedAt), "a superscript holds no spaces: the `^` here is not closed before a space",
                                   hint: "close it before the space (`10^3^`), or write `\\^` for a caret"))
        }
        while index < value.endIndex {
            let candidate = nextCandidate(from: index)
            let run = value[index..<candidate]
            if inSuperscript, run.contains(where: \.isWhitespace) { throw spaceInSuperscript() }
            text += run
            index = candidate
            guard index < value.endIndex else { break }
            let character = value[index]
            let after = value.index(after: index)
            if character == "\\", after < value.endIndex {
                let next = value[after]
                if next == "*" || next == "[" || next == "\\" || next == "^" {
                    text.append(next)
                    index = value.index(after: after)
                    continue
                }
            }
            if character == "*" {
                // Emphasis is `*text*` and bold `**text**` as Markdown flanks them: a delimiter with
                // a space on its inner side is an asterisk meant as text ("5 * 3", "5 ** 3"), and is
                // refused: the writer means something we cannot guess. In a run of three, the
                // innermost open span closes first; opening, bold is the outer span.
                var end = index, count = 0
                while end < value.endIndex, value[end] == "*", count < 4 { end = value.index(after: end); count += 1 }
                if count == 4 {
                    throw DiagnosticError(.error(at: location(of: "****"), "`****` is not markup: bold is `**` and emphasis `*` on each side",
                                                 hint: "write `\\*` for each literal asterisk"))
                }
                let before = index > value.startIndex ? value[value.index(before: index)] : nil
                let closes: Span? = switch innermost {
                case .emphasis where count != 2: .emphasis
                case .strong where count >= 2: .strong
                default: nil
                }
                if let closes {
                    if before?.isWhitespace ?? true {
                        let raw = String(value[value.index(before: index)...value.index(index, offsetBy: closes.delimiter.count - 1)])
                        throw DiagnosticError(.error(at: location(of: raw), "a `\(closes.delimiter)` after a space does not close \(closes.name)",
                                                     hint: Self.asteriskHint))
                    }
                    index = value.index(index, offsetBy: closes.delimiter.count)
                    flush()
                    return result
                }
                let opens: Span = count == 1 ? .emphasis : .strong
                let delimiterEnd = value.index(index, offsetBy: opens.delimiter.count)
                let following = delimiterEnd < value.endIndex ? value[delimiterEnd] : nil
                if following?.isWhitespace ?? true {
                    // Written as a closing delimiter of a span that is open further out: misnested.
                    let closing: Span = count == 1 ? .emphasis : .strong
                    if open.contains(closing), let innermost, !(before?.isWhitespace ?? true) {
                        throw DiagnosticError(.error(at: location(of: String(value[value.index(before: index)..<delimiterEnd])),
                                                     "`\(closing.delimiter)` closes \(closing.name), but the \(innermost.name) opened inside it is still open",
                                                     hint: "close the inner markup first: `*a **b** c*`, `**a *b* c**`"))
                    }
                    let raw = String(value[index..<(following == nil ? delimiterEnd : value.index(after: delimiterEnd))])
                    throw DiagnosticError(.error(at: location(of: raw), "a `\(opens.delimiter)` before a space does not open \(opens.name)",
                                                 hint: Self.asteriskHint))
                }
                let openedAt = opener(at: index)
                index = delimiterEnd
                flush()
                let inner = try parseSequence(&index, open: open + [opens], openedAt: openedAt)
                result.append(opens.node(inner))
                continue
            }
            if character == "^" {
                if innermost == .superscript {
                    index = after
                    flush()
                    return result
                }
                if after == value.endIndex || value[after].isWhitespace {
                    let raw = after < value.endIndex ? String(value[index...after]) : "^"
                    throw DiagnosticError(.error(at: location(of: raw), "a `^` before a space does not open a superscript",
                                                 hint: Self.caretHint))
                }
                if value[after] == "^" {
                    throw DiagnosticError(.error(at: location(of: "^^"), "`^^` is an empty superscript", hint: Self.caretHint))
                }
                let openedAt = opener(at: index)
                index = after
                flush()
                let inner = try parseSequence(&index, open: open + [.superscript], openedAt: openedAt)
                result.append(.superscript(inner))
                continue
            }
            if character == "[", after < value.endIndex, value[after] == "[" {
                flush()
                result.append(try parseTag(&index))
                continue
            }
            text.append(character)
            index = after
        }
        if let innermost {
            throw DiagnosticError(.error(at: location(of: openedAt), "\(innermost.name) opened with `\(innermost.delimiter)` is never closed",
                                         hint: innermost == .superscript ? "close it with a second `^` (`10^3^`), or write `\\^` for a literal caret"
                                            : "close it with a second `\(innermost.delimiter)`, or write `\\*` for a literal asterisk"))
        }
        flush()
        return result
    }

    static let asteriskHint = "put the `*` or `**` against the words (`*Recalling*`, `**Decides**`), or write `\\*` for an asterisk"
    static let caretHint = "a superscript is `^` on each side with no spaces inside (`10^3^`); write `\\^` for a caret"

    /// The end of the first `]]` at or after `index`, searched over UTF-8 bytes like `nextCandidate`.
    private func closingBrackets(from index: String.Index) -> String.Index? {
        let text = source.value
        let utf8 = text.utf8
        var position = index
        while let found = utf8[position...].firstIndex(of: 0x5D) {
            if let first = String.Index(found, within: text), text[first] == "]" {
                let second = text.index(after: first)
                if second < text.endIndex, text[second] == "]" { return text.index(after: second) }
            }
            position = utf8.index(after: found)
        }
        return nil
    }

    private func parseTag(_ index: inout String.Index) throws(DiagnosticError) -> InlineMarkup {
        let value = source.value
        guard let end = closingBrackets(from: index) else {
            let raw = String(value[index...].prefix(20))
            throw DiagnosticError(.error(at: location(of: raw), "`[[` is never closed",
                                         hint: "end the markup with `]]`, or write `\\[[` for literal brackets"))
        }
        let raw = String(value[index..<end])
        index = end
        let body = raw.dropFirst(2).dropLast(2).trimmingSpaces()
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingSpaces()
        // Located only for an error: locating searches the file, and most tags are fine.
        var at: SourceLocation { location(of: raw) }
        func need(_ what: String) throws(DiagnosticError) {
            if argument.isEmpty {
                throw DiagnosticError(.error(at: at, "`[[\(name)]]` needs \(what)", hint: "write `[[\(name) …]]`"))
            }
        }
        let tag: InlineMarkup.Tag
        switch name {
        case "br":
            guard argument.isEmpty else {
                throw DiagnosticError(.error(at: at, "`[[br]]` takes no argument", hint: "write `[[br]]` for a line break"))
            }
            return .lineBreak
        case "para":
            try need("the id of a paragraph")
            if argument.contains("..") {
                let ends = argument.split(separator: "..", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
                guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
                    throw DiagnosticError(.error(at: at, "a range of paragraphs is written `[[para first..last]]`"))
                }
                tag = .paragraphs(ends, range: true)
            } else {
                tag = .paragraphs(argument.split(separator: ",").map { $0.trimmingSpaces() }, range: false)
            }
        case "section": try need("the id of a section"); tag = .section(argument)
        case "number": try need("an id"); tag = .number(argument)
        case "annex": tag = .annex(argument.isEmpty ? nil : argument)
        case "footnote": try need("the id of a footnote"); tag = .footnote(argument)
        case "symbol": try need("a document symbol"); tag = .symbol(argument)
        case "decision":
            try need("a decision number such as BS-V/3")
            let parts = argument.split(separator: " ").map(String.init)
            guard parts.count <= 2, parts.count == 1 || parts[1] == "bare" else {
                throw DiagnosticError(.error(at: at, "`[[decision …]]` takes a decision number and optionally `bare`"))
            }
            tag = .decision(parts[0], bare: parts.count == 2)
        case "table", "figure":
            try need("the id of a \(name)")
            let parts = argument.split(separator: " ").map(String.init)
            guard parts.count <= 2, parts.count == 1 || parts[1] == "bare" else {
                throw DiagnosticError(.error(at: at, "`[[\(name) …]]` takes the \(name)'s id and optionally `bare`",
                                             hint: "`[[\(name) \(parts[0])]]` says \"\(name) 1 below\" (or above); `[[\(name) \(parts[0]) bare]]` says \"\(name) 1\""))
            }
            tag = name == "table" ? .table(parts[0], bare: parts.count == 2) : .figure(parts[0], bare: parts.count == 2)
        case "link":
            try need("a URL")
            let parts = argument.split(separator: "|", maxSplits: 1).map { $0.trimmingSpaces() }
            tag = .link(url: parts[0], text: parts.count > 1 ? parts[1] : nil)
        case "stat":
            try need("the id of a statistic")
            let parts = argument.split(separator: " ").map(String.init)
            let forms = ["count", "percent", "question", "denominator"]
            let form = parts.count > 1 ? parts[1] : "count"
            guard forms.contains(form) else {
                throw DiagnosticError(.error(at: at, "unknown form `\(form)` of a statistic",
                                             hint: Suggestion.hint(for: form, in: forms) ?? "use count, percent, question or denominator"))
            }
            guard parts.count <= 3 else { throw DiagnosticError(.error(at: at, "`[[stat id form group]]` takes at most three words")) }
            tag = .statistic(id: parts[0], form: form, group: parts.count > 2 ? parts[2] : nil)
        default:
            throw DiagnosticError(.error(at: at, "unknown markup `[[\(name)`",
                                         hint: Suggestion.hint(for: name, in: InlineMarkup.tagNames)
                                            ?? "the markup is one of \(InlineMarkup.tagNames.map { $0 == "br" ? "[[br]]" : "[[\($0) …]]" }.joined(separator: ", "))"))
        }
        return .tag(tag, raw: raw)
    }
}

extension StringProtocol {
    /// The text without spaces and tabs at either end: what `trimmingCharacters(in: .whitespaces)`
    /// does, without its round trip through NSString, which cost more than the rest of parsing a
    /// tag put together.
    fileprivate func trimmingSpaces() -> String {
        func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" || (character.isWhitespace && !character.isNewline) }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
