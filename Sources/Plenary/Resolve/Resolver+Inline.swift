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
                if var resolved = resolve(tag, at: location, from: current) {
                    // In right-to-left text a symbol, a bare decision number or a URL keeps its own
                    // left-to-right order (<bdi> in HTML).
                    if rightToLeft, tag.isLatinRun { resolved = .isolate([resolved]) }
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
            if let colon = ids[0].firstIndex(of: ":") {
                return otherDocumentParagraphs(ids, document: String(ids[0][..<colon]), range: range, at: location)
            }
            let isParagraph: (Numbering.Kind) -> Bool = { $0 == .paragraph }
            let targets = ids.compactMap { target($0, at: location, accepting: isParagraph, what: "paragraph") }
            guard targets.count == ids.count, let numbers = paragraphNumbers(targets, ids: ids, at: location) else { return nil }
            let currentOrder = current.flatMap { numbering[$0]?.order } ?? 0
            let direction = targets[0].order < currentOrder ? "above" : "below"
            let (shape, arguments) = paragraphPhrase(numbers, range: range, at: location)
            let text = string("ref-para-\(shape)-\(direction)", arguments, at: location.value)
            return .reference(href: "#" + targets[0].eId, content: [.text(text)])
        case .section(let id):
            let isHeading: (Numbering.Kind) -> Bool = { if case .heading = $0 { true } else { false } }
            guard let entry = target(id, at: location, accepting: isHeading, what: "section") else { return nil }
            guard entry.style != .none else {
                problems.append(.error(at: location.value, "`\(id)` is an unnumbered heading: it has no number to cite",
                                       hint: "cite it by its title, or number it"))
                return nil
            }
            // "section IV", "chapter A": a level's own phrase (`ref-chapter`) where the catalog has one.
            var key = "ref-section"
            if case .heading(let level) = entry.kind, catalog.entries["ref-\(level)"] != nil { key = "ref-\(level)" }
            return .reference(href: "#" + entry.eId, content: [.text(string(key, ["n": label(entry)], at: location.value))])
        case .number(let id):
            guard let entry = numbering[id] else {
                problems.append(.error(at: location.value, "no numbered unit `\(id)` in this document",
                                       hint: Suggestion.hint(for: id, in: numbering.ids(where: { _ in true }))))
                return nil
            }
            return .text(label(entry))
        case .annex(let id):
            let annex: Annex?
            if let id {
                annex = document.annexes.first { $0.unit.id == id }
                if annex == nil {
                    problems.append(.error(at: location.value, "this document has no annex `\(id)`",
                                           hint: Suggestion.hint(for: id, in: document.annexes.map(\.unit.id)) ?? "the annexes are declared under `annexes:` in document.yaml"))
                    return nil
                }
            } else {
                guard document.annexes.count == 1 else {
                    problems.append(.error(at: location.value, document.annexes.isEmpty ? "this document has no annex" : "this document has \(document.annexes.count) annexes: say which",
                                           hint: document.annexes.isEmpty ? "add `annexes:` to document.yaml" : "write `[[annex \(document.annexes[0].unit.id)]]`"))
                    return nil
                }
                annex = document.annexes[0]
            }
            guard let annex, let entry = numbering[annex.unit.id] else { return nil }
            let number = label(entry)
            let text = number.isEmpty ? string("ref-\(annex.label)", at: location.value) : string("ref-\(annex.label)-number", ["n": number], at: location.value)
            return .reference(href: "#" + entry.eId, content: [.text(text)])
        case .table(let id, let bare), .figure(let id, let bare):
            let (what, wanted): (String, Numbering.Kind) = if case .table = tag { ("table", .table) } else { ("figure", .figure) }
            guard let entry = target(id, at: location, accepting: { $0 == wanted }, what: what) else { return nil }
            // "table 1 below" / "下表1": the direction from where the reference stands; from the
            // table's own notes or cells (which count as the table), "above".
            let currentOrder = current.flatMap { numbering[$0]?.order } ?? 0
            let direction = bare ? "" : entry.order <= currentOrder ? "-above" : "-below"
            return .reference(href: "#" + entry.eId, content: [.text(string("ref-\(what)\(direction)", ["n": label(entry)], at: location.value))])
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
            // A document the meeting builds is a link to it; any other symbol is text.
            guard let other = meeting.document(symbol: symbol), other.id != document.id, let target = link(to: other, fragment: nil) else {
                return .text(symbol)
            }
            return .documentReference(page: target.page, iri: target.iri, content: [.text(symbol)])
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
            if form == "question" { return .text(statistic.question) }
            let value = TableCell.StatisticValue(rawValue: form) ?? .count
            let figure: Int
            do { figure = try statistic.figure(value, group: group, at: location.value) } catch {
                problems += error.diagnostics
                return nil
            }
            return .text(value == .percent ? string("percent", ["n": format.number(figure)], at: location.value) : format.number(figure))
        }
    }

    /// "5", "5 and 6", "5–8", "5, 6 and 8" as the catalog phrases them, and the shape's name.
    private mutating func paragraphPhrase(_ numbers: [String], range: Bool, at location: LazyLocation) -> (String, [String: String]) {
        var arguments: [String: String] = ["a": numbers[0]]
        switch (range, numbers.count) {
        case (true, _): arguments["b"] = numbers[1]; return ("range", arguments)
        case (false, 1): return ("one", arguments)
        case (false, 2): arguments["b"] = numbers[1]; return ("two", arguments)
        default:
            arguments["list"] = numbers.dropLast().joined(separator: string("list-separator", at: location.value))
            arguments["last"] = numbers.last!
            return ("list", arguments)
        }
    }

    /// The numbers of cited paragraphs; an unnumbered one cannot be cited by number.
    private mutating func paragraphNumbers(_ targets: [Numbering.Entry], ids: [String], at location: LazyLocation) -> [String]? {
        for (entry, id) in zip(targets, ids) where entry.style == .none {
            problems.append(.error(at: location.value, "`\(id)` is an unnumbered paragraph: it has no number to cite"))
            return nil
        }
        return targets.map { format.number($0.ordinal) }
    }

    /// `[[para cp-6-7:p5]]`: "paragraph 5 of document UNEP/CBD/BS/COP-MOP/6/7", checked against
    /// that document's structure and numbered by its kind, linked to its page.
    private mutating func otherDocumentParagraphs(_ ids: [String], document id: String, range: Bool, at location: LazyLocation) -> Inline? {
        guard let other = meeting.document(id) else {
            problems.append(.error(at: location.value, "no document `\(id)` in this meeting",
                                   hint: Suggestion.hint(for: id, in: meeting.documents.map(\.id)) ?? "name a folder of documents/"))
            return nil
        }
        guard let otherKind = kinds[other.kind] else {
            problems.append(.error(at: location.value, "`\(id)` is of the kind `\(other.kind)`, which this build has not read",
                                   hint: "its paragraphs are numbered by its kind: build the meeting with the templates that define it"))
            return nil
        }
        referencedDocuments.insert(other.id)
        // Numbered once per document cited, however many of its paragraphs are cited.
        let otherNumbering: Numbering
        if other.id == document.id { otherNumbering = numbering }
        else if let known = otherNumberings[other.id] { otherNumbering = known }
        else { otherNumbering = Numbering(document: other, kind: otherKind); otherNumberings[other.id] = otherNumbering }
        var targets: [Numbering.Entry] = []
        var paragraphIds: [String] = []
        for reference in ids {
            let parts = reference.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == id else {
                problems.append(.error(at: location.value, "`\(reference)` is not a paragraph of `\(id)`",
                                       hint: "every paragraph of one reference is in the same document: `[[para \(id):p5, \(id):p6]]`"))
                return nil
            }
            guard let entry = otherNumbering[parts[1]], entry.kind == .paragraph else {
                problems.append(.error(at: location.value, "`\(id)` has no paragraph `\(parts[1])`",
                                       hint: Suggestion.hint(for: parts[1], in: otherNumbering.ids { $0 == .paragraph }) ?? "name an id from its document.yaml"))
                return nil
            }
            targets.append(entry)
            paragraphIds.append(parts[1])
        }
        guard let numbers = paragraphNumbers(targets, ids: paragraphIds, at: location) else { return nil }
        var (shape, arguments) = paragraphPhrase(numbers, range: range, at: location)
        arguments["symbol"] = other.symbol
        let text = string("ref-para-\(shape)-of", arguments, at: location.value)
        guard other.id != document.id, let target = link(to: other, fragment: targets[0].eId) else {
            return .reference(href: "#" + targets[0].eId, content: [.text(text)])
        }
        return .documentReference(page: target.page, iri: target.iri, content: [.text(text)])
    }

    /// Where another document of the meeting is: its page in this language (or in its original,
    /// when it is not issued in this one) and its Akoma Ntoso expression.
    mutating func link(to other: Document, fragment: String?) -> (page: String, iri: String)? {
        guard let otherKind = kinds[other.kind] else { return nil }
        referencedDocuments.insert(other.id)
        let version = other.languages(of: meeting).contains(language) ? language : other.original
        let anchor = fragment.map { "#" + $0 } ?? ""
        let work = Self.workIRI(of: other, kind: otherKind, actor: meeting.actor)
        return ("../\(other.id)/\(version.code).html\(anchor)", "\(work)/\(version.alpha3 ?? version.code)@\(Self.iso(other.date))\(anchor)")
    }

    /// The number of a unit as this language writes it, without punctuation: "II", "二", "A", "5",
    /// "a", "iv", "2.1"; empty for an unnumbered one.
    func label(_ entry: Numbering.Entry) -> String {
        // The language's own symbols for the style, where its catalog has them (Arabic ألف, باء; (أ)).
        if entry.style != .upperRoman, let numeral = format.conventions.numeral(entry.ordinal, style: entry.style) { return numeral }
        return switch entry.style {
        case .none: ""
        case .decimal: String(entry.ordinal)
        case .upperRoman: format.sectionNumeral(entry.ordinal)
        case .dotted: (entry.parent.flatMap { numbering[$0] }.map(label) ?? "") + "." + String(entry.ordinal)
        case .agenda: entry.agendaNumber ?? ""
        default: Numbering.neutralLabel(entry.ordinal, style: entry.style)
        }
    }

    /// The number with what the catalog puts around it ("II.", "(a)", "Item 9."); empty for an
    /// unnumbered unit.
    mutating func formattedLabel(_ entry: Numbering.Entry?, _ number: String) -> String {
        guard let entry, !number.isEmpty, !entry.labelKey.isEmpty else { return "" }
        return string(entry.labelKey, ["n": number])
    }
}


extension InlineMarkup.Tag {
    /// Whether the tag stands for a run of Latin text (a document symbol, a bare decision number,
    /// a link), which right-to-left text must keep in its own direction.
    var isLatinRun: Bool {
        switch self {
        case .symbol, .link: true
        case .decision(_, let bare): bare
        default: false
        }
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
