import Foundation
/// Resolving inline markup: references become phrased, numbered text; symbols, decisions and
/// statistics are checked against the meeting's registries and data.
extension Resolver {
    mutating func inline(_ source: SourceText, owner: Document, from current: String? = nil) -> [Inline] {
        let markup: [InlineMarkup]
        do { markup = try outline.markup(of: source) } catch {
            problems += error.diagnostics
            return [.text(source.value)]
        }
        return resolve(markup, source: source, from: current)
    }

    private mutating func resolve(_ markup: [InlineMarkup], source: SourceText, from current: String?) -> [Inline] {
        var result: [Inline] = []
        for node in markup {
            switch node {
            case .text(let text):
                if case .text(let previous)? = result.last { result[result.count - 1] = .text(previous + text) } else { result.append(.text(text)) }
            case .emphasis(let inner):
                result.append(.emphasis(resolve(inner, source: source, from: current)))
            case .strong(let inner):
                result.append(.strong(resolve(inner, source: source, from: current)))
            case .superscript(let inner):
                result.append(.superscript(resolve(inner, source: source, from: current)))
            case .lineBreak:
                result.append(.lineBreak)
            case .tag(let tag, let raw):
                // Finding the tag in the file is only needed for an error: done lazily, or a long
                // paragraph full of references would be searched once per reference.
                let location = LazyLocation(file: source.file, raw: raw, start: source.location)
                if let resolved = resolve(tag, at: location, from: current) {
                    if case .text(let text) = resolved, case .text(let previous)? = result.last {
                        result[result.count - 1] = .text(previous + text)
                    } else {
                        result.append(resolved)
                    }
                }
            }
        }
        return result
    }

    private mutating func target(_ id: String, at location: LazyLocation, accepting: (Numbering.Kind) -> Bool, what: String) -> Numbering.Entry? {
        guard let entry = numbering[id] else {
            let candidates = numbering.ids(where: accepting)
            problems.append(.error(at: location.value, "no \(what) `\(id)` in this document",
                                   hint: Suggestion.hint(for: id, in: candidates) ?? "the reference must name an id from document.yaml"))
            return nil
        }
        guard accepting(entry.kind) else {
            problems.append(.error(at: location.value, "`\(id)` is not a \(what)"))
            return nil
        }
        return entry
    }

    private mutating func resolve(_ tag: InlineMarkup.Tag, at location: LazyLocation, from current: String?) -> Inline? {
        switch tag {
        case .paragraphs(let ids, let range):
            let isParagraph: (Numbering.Kind) -> Bool = { if case .paragraph = $0 { true } else { false } }
            let targets = ids.compactMap { target($0, at: location, accepting: isParagraph, what: "paragraph") }
            guard targets.count == ids.count else { return nil }
            let numbers = targets.map { format.number($0.ordinal) }
            let shape: String
            var arguments: [String: String] = ["a": numbers[0]]
            switch (range, numbers.count) {
            case (true, _): shape = "range"; arguments["b"] = numbers[1]
            case (false, 1): shape = "one"
            case (false, 2): shape = "two"; arguments["b"] = numbers[1]
            default:
                shape = "list"
                arguments["list"] = numbers.dropLast().joined(separator: string("list-separator", at: location.value))
                arguments["last"] = numbers.last!
            }
            let currentOrder = current.flatMap { numbering[$0]?.order } ?? 0
            let direction = targets[0].order < currentOrder ? "above" : "below"
            let text = string("ref-para-\(shape)-\(direction)", arguments, at: location.value)
            return .reference(href: "#" + targets[0].eId, content: [.text(text)])
        case .section(let id):
            let isSection: (Numbering.Kind) -> Bool = { if case .section = $0 { true } else { false } }
            guard let entry = target(id, at: location, accepting: isSection, what: "section") else { return nil }
            return .reference(href: "#" + entry.eId, content: [.text(string("ref-section", ["n": label(entry)], at: location.value))])
        case .number(let id):
            guard let entry = numbering[id] else {
                problems.append(.error(at: location.value, "no numbered unit `\(id)` in this document",
                                       hint: Suggestion.hint(for: id, in: numbering.ids(where: { _ in true }))))
                return nil
            }
            return .text(label(entry))
        case .annex:
            guard let annex = document.annex else {
                problems.append(.error(at: location.value, "this document has no annex", hint: "add `annex:` to document.yaml"))
                return nil
            }
            return .reference(href: "#" + (numbering[annex.unit.id]?.eId ?? "att_1"), content: [.text(string("ref-annex", at: location.value))])
        case .footnote(let id):
            guard document.footnotes.contains(where: { $0.id == id }), let number = footnoteNumbers[id] else {
                problems.append(.error(at: location.value, "no footnote `\(id)` in this document",
                                       hint: Suggestion.hint(for: id, in: document.footnotes.map(\.id)) ?? "declare it under `footnotes:` in document.yaml"))
                return nil
            }
            return .footnote(number: String(number), eId: "fnote_\(number)")
        case .symbol(let symbol):
            guard meeting.symbols[symbol] != nil else {
                problems.append(.error(at: location.value, "unknown document symbol `\(symbol)`",
                                       hint: Suggestion.hint(for: symbol, in: meeting.symbols.keys) ?? "add it to `symbols` in meeting.yaml"))
                return nil
            }
            return .text(symbol)
        case .decision(let number, let bare):
            guard meeting.decisions[number] != nil else {
                problems.append(.error(at: location.value, "unknown decision `\(number)`",
                                       hint: Suggestion.hint(for: number, in: meeting.decisions.keys) ?? "add it to `decisions` in meeting.yaml"))
                return nil
            }
            return .text(bare ? number : string("ref-decision", ["n": number], at: location.value))
        case .link(let url, let text):
            // Only web and mail links: a `javascript:` or `file:` URL in a document is a mistake or an attack.
            let scheme = url.prefix { $0 != ":" }.lowercased()
            guard url.contains(":"), ["http", "https", "mailto", "ftp"].contains(scheme) else {
                problems.append(.error(at: location.value, "`\(url)` is not a web or mail address",
                                       hint: "links start with https://, http://, mailto: or ftp://"))
                return nil
            }
            return .link(url: url, content: [.text(text ?? url)])
        case .statistic(let id, let form, let group):
            guard let statistic = meeting.statistics[id] else {
                problems.append(.error(at: location.value, "unknown statistic `\(id)`",
                                       hint: Suggestion.hint(for: id, in: meeting.statistics.keys) ?? "define it in data/statistics.yaml"))
                return nil
            }
            var count = statistic.count, percent = statistic.percent, denominator = statistic.denominator
            if let group {
                guard let value = statistic.groups[group] else {
                    problems.append(.error(at: location.value, "the statistic `\(id)` has no breakdown for `\(group)`",
                                           hint: Suggestion.hint(for: group, in: statistic.groups.keys) ?? "add \(group) to its `groups` in statistics.yaml"))
                    return nil
                }
                guard value.denominator > 0 else {
                    problems.append(.error(at: location.value, "no Party of \(group) answered question \(statistic.question), so `\(id)` has no percentage for it"))
                    return nil
                }
                (count, percent, denominator) = (value.count, value.percent, value.denominator)
            }
            switch form {
            case "percent": return .text(string("percent", ["n": format.number(percent)], at: location.value))
            case "question": return .text(statistic.question)
            case "denominator": return .text(format.number(denominator))
            default: return .text(format.number(count))
            }
        }
    }

    /// The number of a unit as this language writes it, without punctuation: "II", "二", "A", "5", "a", "iv".
    func label(_ entry: Numbering.Entry) -> String {
        switch entry.kind {
        case .section(.section, inAnnex: false): format.sectionNumeral(entry.ordinal)
        case .section(.section, inAnnex: true), .section(.subsection, _): LanguageFormatter.letters(entry.ordinal).uppercased()
        case .item(let depth): Numbering.itemLabel(entry.ordinal, depth: depth)
        case .element: numbering.elementStyle == .letters ? LanguageFormatter.letters(entry.ordinal) : String(entry.ordinal)
        default: String(entry.ordinal)
        }
    }
}

extension Numbering {
    func ids(where accepting: (Kind) -> Bool) -> [String] {
        entries.filter { accepting($0.value.kind) }.map(\.key)
    }
}

/// Where a tag stands in its source file, found only when asked (for an error).
final class LazyLocation {
    let file: SourceFile
    let raw: String
    let start: SourceLocation
    private var found: SourceLocation?

    init(file: SourceFile, raw: String, start: SourceLocation) {
        self.file = file
        self.raw = raw
        self.start = start
    }

    var value: SourceLocation {
        if let found { return found }
        let location = file.locate(raw, from: start)
        found = location
        return location
    }
}
