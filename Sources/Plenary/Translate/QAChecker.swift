public import Foundation

/// Checks each translated unit against its original, independent of word order: numbers (grouping,
/// full-width digits and dates normalised), document symbols, decisions, cross-references,
/// footnote markers, statistics, URLs; untranslated text; one original translated two ways; and
/// Chinese punctuation. A mismatch in a unit that counts as translated is an error; staleness,
/// untranslated units in a draft, punctuation and consistency are warnings. The `final` profile
/// makes untranslated and stale-substantive units errors too.
public struct QAChecker: Sendable {
    public var final: Bool

    public init(final: Bool = false) { self.final = final }

    /// Terms that may stay in Latin letters inside a Chinese text.
    static let allowedLatin: Set<String> = ["UNEP", "CBD", "BS", "COP", "MOP", "INF", "Add", "ICGEB", "IFPRI", "IICA", "RAEIN", "GEF", "BCH"]

    public func check(_ workspace: TranslationWorkspace) throws(DiagnosticError) -> [Diagnostic] {
        var problems = markupErrors(in: workspace.document)
        for language in workspace.translations {
            let status = try workspace.status(language)
            problems += check(status, document: workspace.document)
        }
        return problems
    }

    func check(_ status: TranslationStatus, document: Document) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[status.language]?.entries ?? [:]
        var seen: [String: (translation: String, id: String, location: SourceLocation)] = [:]
        for unit in status.units {
            let at = unit.translationLocation ?? unit.originalLocation ?? document.location
            switch unit.state {
            case .orphan:
                problems.append(.error(at: at, "`\(unit.id)` is translated but is not a unit of the document (an orphan)",
                                       hint: "remove it, or declare the id in document.yaml"))
                continue
            case .untranslated:
                problems.append(Diagnostic(final ? .error : .warning, at: unit.originalLocation ?? at,
                                           "`\(unit.id)` has no \(status.language.code) translation"))
                continue
            case .staleSubstantive, .staleMinor:
                let change = TextDiff(from: unit.previousOriginal ?? "", to: unit.original ?? "").marked
                let severity: Diagnostic.Severity = final && unit.state == .staleSubstantive ? .error : .warning
                problems.append(Diagnostic(severity, at: at, "`\(unit.id)` is \(unit.state.rawValue): the \(status.original.code) text changed since it was translated",
                                           hint: "the change: \(change)"))
            case .translated:
                break
            }
            guard let source = originals[unit.id], let target = translations[unit.id] else { continue }
            let isTranslated = unit.state == .translated || unit.state == .staleMinor
            problems += compare(unit.id, source: source, target: target, status: status, mismatchesAreErrors: isTranslated)

            let translation = unit.translation ?? ""
            if let original = unit.original {
                if Fingerprint.normalised(original) == Fingerprint.normalised(translation) && original.contains(where: \.isLetter) {
                    problems.append(Diagnostic(final ? .error : .warning, at: at, "`\(unit.id)` is identical to the \(status.original.code) original: untranslated?"))
                } else if status.language.code == "zh", Self.mostlyLatin(translation) {
                    problems.append(Diagnostic(final ? .error : .warning, at: at, "`\(unit.id)` is mostly Latin letters: untranslated?"))
                }
                let key = Fingerprint.normalised(original)
                if let earlier = seen[key], earlier.translation != Fingerprint.normalised(translation) {
                    problems.append(Diagnostic(.warning, at: at, "`\(unit.id)` translates the same \(status.original.code) text as `\(earlier.id)` differently",
                                               hint: "\(earlier.location): \(earlier.translation)"))
                } else if seen[key] == nil {
                    seen[key] = (Fingerprint.normalised(translation), unit.id, at)
                }
            }
            if status.language.code == "zh" { problems += chinesePunctuation(unit.id, target) }
            if status.language.isRightToLeft { problems += arabicPunctuation(unit.id, target) }
        }
        return problems
    }

    /// The inline markup of every unit in every language, parsed as the build parses it: an
    /// unclosed `[[` or an unknown tag is an error here too, not a unit the comparison skips.
    func markupErrors(in document: Document) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for language in document.texts.keys.sorted(by: { $0.code < $1.code }) {
            let entries = document.texts[language]?.entries ?? [:]
            for id in document.readingOrder {
                guard let entry = entries[id] else { continue }
                for source in [entry.verb, entry.text].compactMap({ $0 }) {
                    do { _ = try InlineParser(source: source).parse() } catch { problems += error.diagnostics }
                }
            }
        }
        return problems
    }

    /// The tags and numbers of one unit in both languages, compared as multisets.
    private func compare(_ id: String, source: TextEntry, target: TextEntry, status: TranslationStatus,
                         mismatchesAreErrors: Bool) -> [Diagnostic] {
        func parts(_ entry: TextEntry) -> (tags: [String: [String]], text: String)? {
            var tags: [String: [String]] = [:]
            var text = ""
            for source in [entry.verb, entry.text].compactMap({ $0 }) {
                guard let markup = try? InlineParser(source: source).parse() else { return nil }
                func walk(_ nodes: [InlineMarkup]) {
                    for node in nodes {
                        switch node {
                        case .text(let t): text += t + " "
                        case .emphasis(let inner), .strong(let inner), .superscript(let inner): walk(inner)
                        case .lineBreak: text += " "
                        case .tag(let tag, _):
                            let (kind, value) = Self.describe(tag)
                            tags[kind, default: []].append(value)
                        }
                    }
                }
                walk(markup)
            }
            return (tags.mapValues { $0.sorted() }, text)
        }
        guard let a = parts(source), let b = parts(target) else { return [] }   // markup errors are the build's to report
        var problems: [Diagnostic] = []
        let severity: Diagnostic.Severity = mismatchesAreErrors ? .error : .warning
        let original = status.original.code, language = status.language.code
        for kind in Set(a.tags.keys).union(b.tags.keys).sorted() where a.tags[kind] ?? [] != b.tags[kind] ?? [] {
            problems.append(Diagnostic(severity, at: target.location,
                                       "`\(id)`: the \(kind) differ: \(Self.list(b.tags[kind])) in \(language), \(Self.list(a.tags[kind])) in \(original)",
                                       hint: "the \(original) text is at \(source.location)"))
        }
        let numbersA = NumberTokens.of(a.text), numbersB = NumberTokens.of(b.text)
        if numbersA != numbersB {
            let onlyB = numbersB.subtracting(numbersA), onlyA = numbersA.subtracting(numbersB)
            problems.append(Diagnostic(severity, at: target.location,
                                       "`\(id)`: the numbers differ: \(Self.list(onlyB)) in \(language), \(Self.list(onlyA)) in \(original)",
                                       hint: "the \(original) text is at \(source.location)"))
        }
        return problems
    }

    static func describe(_ tag: InlineMarkup.Tag) -> (String, String) {
        switch tag {
        case .paragraphs(let ids, let range): ("cross-references", "para " + ids.joined(separator: range ? ".." : ", "))
        case .section(let id): ("cross-references", "section \(id)")
        case .number(let id): ("cross-references", "number \(id)")
        case .annex(let id): ("cross-references", id.map { "annex \($0)" } ?? "annex")
        case .table(let id, _): ("cross-references", "table \(id)")
        case .figure(let id, _): ("cross-references", "figure \(id)")
        case .footnote(let id): ("footnote markers", id)
        case .symbol(let symbol): ("document symbols", symbol)
        case .decision(let number, _): ("decisions", number)
        case .link(let url, _): ("URLs", url)
        case .statistic(let id, let form, let group): ("statistics", [id, form, group].compactMap { $0 }.joined(separator: " "))
        }
    }

    static func list(_ items: [String]?) -> String {
        guard let items, !items.isEmpty else { return "none" }
        // A long paragraph can state thousands of numbers: the message names the first ones.
        let shown = 20
        return items.prefix(shown).joined(separator: ", ") + (items.count > shown ? " and \(items.count - shown) more" : "")
    }

    static func mostlyLatin(_ text: String) -> Bool {
        let cleaned = text.replacingOccurrences(of: #"\[\[[^\]]*\]\]|https?://\S+"#, with: "", options: .regularExpression)
        var latin = 0, han = 0
        for word in cleaned.split(whereSeparator: { !$0.isLetter }) {
            if word.allSatisfy({ $0.isASCII }) { if !allowedLatin.contains(String(word)) { latin += word.count } }
            else { han += word.filter { !$0.isASCII }.count }
        }
        return latin > 20 && latin > han * 2
    }

    /// Chinese prose takes full-width punctuation: no ASCII comma, semicolon, colon or parentheses
    /// between Chinese characters, and no ASCII full stop ending a Chinese sentence.
    /// The text with its markup and URLs replaced by "X": what punctuation checks read.
    private static func prose(_ text: String) -> String {
        text.replacingOccurrences(of: #"\[\[[^\]]*\]\]|https?://\S+"#, with: "X", options: .regularExpression)
    }

    /// Arabic prose takes the Arabic comma, semicolon and question mark (، ؛ ؟): an ASCII one
    /// right after an Arabic letter is a slip.
    private func arabicPunctuation(_ id: String, _ entry: TextEntry) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for source in [entry.verb, entry.text].compactMap({ $0 }) {
            let text = Self.prose(source.value)
            if text.range(of: #"[\x{0621}-\x{064A}][,;?]"#, options: .regularExpression) != nil {
                problems.append(Diagnostic(.warning, at: source.location, "`\(id)`: ASCII punctuation after Arabic text: use ، ؛ ؟"))
            }
        }
        return problems
    }

    private func chinesePunctuation(_ id: String, _ entry: TextEntry) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for source in [entry.verb, entry.text].compactMap({ $0 }) {
            let text = Self.prose(source.value)
            let han = #"[\x{4E00}-\x{9FFF}\x{3001}-\x{3011}\x{FF08}-\x{FF1F}]"#
            let patterns: [(String, String)] = [
                ("\(han)[,;:()]|[,;:()]\(han)", "ASCII punctuation between Chinese characters: use ，；：（）"),
                ("\(han)\\.(\\s|$)", "a Chinese sentence ends with an ASCII full stop: use 。"),
            ]
            for (pattern, message) in patterns where text.range(of: pattern, options: .regularExpression) != nil {
                problems.append(Diagnostic(.warning, at: entry.location, "`\(id)`: \(message)"))
            }
        }
        return problems
    }
}

extension Array where Element == String {
    /// Multiset difference: each element of `other` removes one equal element. Counted, not
    /// searched: a long paragraph states thousands of numbers.
    func subtracting(_ other: [String]) -> [String] {
        var counts: [String: Int] = [:]
        for item in other { counts[item, default: 0] += 1 }
        return filter { item in
            guard let count = counts[item], count > 0 else { return true }
            counts[item] = count - 1
            return false
        }
    }
}
