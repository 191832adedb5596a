import Foundation
/// Parses the inline markup of one text entry. Errors point at the markup in the source file.
struct InlineParser {
    let source: SourceText

    func parse() throws(DiagnosticError) -> [InlineMarkup] {
        var index = source.value.startIndex
        return try parseSequence(&index, inEmphasis: false)
    }

    private func location(of raw: String) -> SourceLocation {
        source.file.locate(raw, from: source.location)
    }

    /// The next character at or after `index` that may start markup (`\`, `*`, `[`). Text runs are
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
                if character == "\\" || character == "*" || character == "[" { return start }
            }
            position = utf8.index(after: found)
        }
        return text.endIndex
    }

    /// The first `\`, `*` or `[` byte at or after `start`, found on the contiguous UTF-8 of a
    /// native string (and through the view otherwise).
    private static func firstMarkupByte(in utf8: String.UTF8View, from start: String.Index) -> String.Index? {
        let offset = utf8.distance(from: utf8.startIndex, to: start)
        let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in
            var index = offset
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x5C || byte == 0x2A || byte == 0x5B { return index }
                index += 1
            }
            return nil
        }
        switch found {
        case .some(.some(let index)): return utf8.index(utf8.startIndex, offsetBy: index)
        case .some(.none): return nil
        case .none: return utf8[start...].firstIndex(where: { $0 == 0x5C || $0 == 0x2A || $0 == 0x5B })
        }
    }

    private func parseSequence(_ index: inout String.Index, inEmphasis: Bool) throws(DiagnosticError) -> [InlineMarkup] {
        let value = source.value
        var result: [InlineMarkup] = []
        var text = ""
        func flush() {
            if !text.isEmpty { result.append(.text(text)); text = "" }
        }
        while index < value.endIndex {
            let candidate = nextCandidate(from: index)
            text += value[index..<candidate]
            index = candidate
            guard index < value.endIndex else { break }
            let character = value[index]
            let after = value.index(after: index)
            if character == "\\", after < value.endIndex {
                let next = value[after]
                if next == "*" || next == "[" || next == "\\" {
                    text.append(next)
                    index = value.index(after: after)
                    continue
                }
            }
            if character == "*" {
                // Emphasis is `*text*` as Markdown flanks it: `**` (Markdown's bold) would be two
                // empty emphases, and a `*` with a space on its inner side is an asterisk meant as
                // text ("5 * 3"). Both are refused: the writer means something we cannot guess.
                if after < value.endIndex, value[after] == "*" {
                    throw DiagnosticError(.error(at: location(of: "**"), "`**` is not markup: emphasis is one `*` on each side",
                                                 hint: "write `*text*` for emphasis, or `\\*\\*` for two asterisks"))
                }
                let before = index > value.startIndex ? value[value.index(before: index)] : nil
                if inEmphasis ? (before?.isWhitespace ?? true) : (after == value.endIndex || value[after].isWhitespace) {
                    let raw = inEmphasis ? String(value[value.index(before: index)...index])
                        : after < value.endIndex ? String(value[index...after]) : "*"
                    throw DiagnosticError(.error(at: location(of: raw), inEmphasis ? "a `*` after a space does not close emphasis" : "a `*` before a space does not open emphasis",
                                                 hint: "put the `*` against the emphasised words (`*Recalling*`), or write `\\*` for an asterisk"))
                }
                index = after
                if inEmphasis { flush(); return result }
                flush()
                let inner = try parseSequence(&index, inEmphasis: true)
                result.append(.emphasis(inner))
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
        if inEmphasis {
            throw DiagnosticError(.error(at: location(of: "*"), "emphasis opened with `*` is never closed",
                                         hint: "close it with a second `*`, or write `\\*` for a literal asterisk"))
        }
        flush()
        return result
    }

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
                                            ?? "the markup is one of \(InlineMarkup.tagNames.map { "[[\($0) …]]" }.joined(separator: ", "))"))
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
