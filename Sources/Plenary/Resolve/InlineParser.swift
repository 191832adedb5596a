import Foundation
/// Parses the inline markup of one text entry. Errors point at the markup in the source file.
struct InlineParser {
    let source: SourceText

    func parse() throws(DiagnosticError) -> [InlineMarkup] {
        var characters = Array(source.value)[...]
        return try parseSequence(&characters, inEmphasis: false)
    }

    private func location(of raw: String) -> SourceLocation {
        source.file.locate(raw, from: source.location)
    }

    private func parseSequence(_ characters: inout ArraySlice<Character>, inEmphasis: Bool) throws(DiagnosticError) -> [InlineMarkup] {
        var result: [InlineMarkup] = []
        var text = ""
        func flush() {
            if !text.isEmpty { result.append(.text(text)); text = "" }
        }
        while let character = characters.first {
            if character == "\\", characters.count > 1 {
                let next = characters[characters.index(after: characters.startIndex)]
                if next == "*" || next == "[" || next == "\\" {
                    text.append(next)
                    characters.removeFirst(2)
                    continue
                }
            }
            if character == "*" {
                characters.removeFirst()
                if inEmphasis { flush(); return result }
                flush()
                let inner = try parseSequence(&characters, inEmphasis: true)
                result.append(.emphasis(inner))
                continue
            }
            if character == "[", characters.dropFirst().first == "[" {
                flush()
                result.append(try parseTag(&characters))
                continue
            }
            text.append(character)
            characters.removeFirst()
        }
        if inEmphasis {
            throw DiagnosticError(.error(at: location(of: "*"), "emphasis opened with `*` is never closed",
                                         hint: "close it with a second `*`, or write `\\*` for a literal asterisk"))
        }
        flush()
        return result
    }

    private func parseTag(_ characters: inout ArraySlice<Character>) throws(DiagnosticError) -> InlineMarkup {
        let all = String(characters)
        guard let end = all.range(of: "]]") else {
            let raw = String(all.prefix(20))
            throw DiagnosticError(.error(at: location(of: raw), "`[[` is never closed",
                                         hint: "end the markup with `]]`, or write `\\[[` for literal brackets"))
        }
        let raw = String(all[..<end.upperBound])
        characters.removeFirst(raw.count)
        let body = raw.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)
        let name = String(body.prefix { !$0.isWhitespace })
        let argument = body.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        let at = location(of: raw)
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
                let ends = argument.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
                guard ends.count == 2, !ends[0].isEmpty, !ends[1].isEmpty else {
                    throw DiagnosticError(.error(at: at, "a range of paragraphs is written `[[para first..last]]`"))
                }
                tag = .paragraphs(ends, range: true)
            } else {
                tag = .paragraphs(argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }, range: false)
            }
        case "section": try need("the id of a section"); tag = .section(argument)
        case "number": try need("an id"); tag = .number(argument)
        case "annex": tag = .annex
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
            let parts = argument.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
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
