public import Foundation

/// A strings catalog (`Templates/strings/<language>.yaml`): every piece of fixed wording in one
/// language, with `{name}` placeholders. Adding a language is a new catalog, no code.
public struct Catalog: Sendable {
    public var language: Language
    public var path: String
    var entries: [String: Wording]
    /// The optional keys that say how the language writes ordinals, numerals and dates.
    var conventions = LanguageConventions()

    /// One entry's wording, split once at load into literal runs and `{name}` placeholders: the
    /// renderer formats catalog wording thousands of times per document.
    struct Wording: Sendable {
        enum Piece: Sendable {
            case literal(String)
            case placeholder(String)
        }
        var pieces: [Piece]
        var location: SourceLocation

        init(_ text: String, at location: SourceLocation) {
            self.location = location
            pieces = []
            var rest = text[...]
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                if open > rest.startIndex { pieces.append(.literal(String(rest[..<open]))) }
                pieces.append(.placeholder(String(rest[rest.index(after: open)..<close])))
                rest = rest[rest.index(after: close)...]
            }
            // A `{` that is never closed stays as written.
            if !rest.isEmpty || pieces.isEmpty { pieces.append(.literal(String(rest))) }
        }
    }

    init(language: Language, file: YAMLFile) throws(DiagnosticError) {
        self.language = language
        path = file.path
        entries = [:]
        var raw: [String: String] = [:]
        for (key, _, value) in try file.entries(file.root, what: "the catalog") {
            let text = try file.string(value, what: "`\(key)`")
            entries[key] = Wording(text, at: file.location(of: value))
            raw[key] = text
        }
        conventions = LanguageConventions { raw[$0] }
        try checkConventions()
    }

    /// The optional keys of LanguageConventions checked once, at their lines: a rule set ICU does
    /// not have, a month list that is not twelve months, a date pattern without its months or with
    /// a placeholder it cannot fill would otherwise print digits or `{dd}` in every document.
    private func checkConventions() throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        if let wording = entries["ordinal-rule-set"],
           SpelledOrdinal.spell(1, locale: language.localeIdentifier, ruleSet: conventions.ordinalRuleSet) == nil {
            problems.append(.error(at: wording.location, "ICU has no rule set `\(conventions.ordinalRuleSet)` for `\(language.code)`",
                                   hint: "the ordinal rule sets are named like `%spellout-ordinal`, `%spellout-ordinal-feminine`, `%spellout-ordinal-neuter`"))
        }
        if let months = conventions.months, months.count != 12, let location = entries["months"]?.location {
            problems.append(.error(at: location, "`months` names \(months.count) months, not 12", hint: "separate the twelve names with `|`"))
        }
        let patterns = [("date", ["d", "month", "y"]), ("date-range", ["d1", "d2", "month", "y"]),
                        ("date-range-months", ["d1", "month1", "d2", "month2", "y"])]
        for (key, names) in patterns {
            guard let wording = entries[key] else { continue }
            if conventions.months == nil {
                problems.append(.error(at: wording.location, "`\(key)` needs `months`", hint: "add the twelve month names: `months: \"…|…\"`"))
            }
            for case .placeholder(let name) in wording.pieces where !names.contains(name) {
                problems.append(.error(at: wording.location, "`\(key)` has no placeholder `{\(name)}`",
                                       hint: "it takes \(names.map { "{\($0)}" }.joined(separator: ", "))"))
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    public var keys: [String] { entries.keys.sorted() }

    /// The name of the language `code` as this catalog writes it (the masthead's "ORIGINAL:
    /// ENGLISH"): its `language-<code>` entry where it has one, otherwise ICU's name in the
    /// language `language-names-from` names (this catalog's own by default). A new language
    /// needs no key in the other catalogs.
    public func languageName(_ code: String) -> String {
        name(of: code, in: conventions.languageNamesFrom ?? language.localeIdentifier)
    }

    /// The language's own name, as a list of versions shows it (français, русский, 中文, العربية):
    /// ICU's name in the language itself, whatever names the masthead uses.
    public var ownName: String { name(of: language.code, in: language.localeIdentifier) }

    /// `language-<code>` where the catalog has it, else ICU's name of `code` in `locale`.
    private func name(of code: String, in locale: String) -> String {
        if entries["language-\(code)"] != nil, let name = try? format("language-\(code)", at: .file(path)) { return name }
        return Locale(identifier: locale).localizedString(forLanguageCode: code) ?? code
    }

    /// The error of asking for `key` at `location`, or nil if this catalog has it.
    func problem(with key: String, at location: SourceLocation) -> Diagnostic? {
        entries[key] == nil ? missing(key, at: location) : nil
    }

    func missing(_ key: String, at location: SourceLocation, by reader: String? = nil) -> Diagnostic {
        // Plenary's own keys are missing, not misspelt: the hint is the line to add, never the
        // closest key (`language-en` for `language-zh`).
        if let (why, example) = ownKey(key) {
            return .error(at: location, "the \(language.code) catalog has no key `\(key)`, \(why)\(reader.map { ", which `\($0)` reads" } ?? "")",
                          hint: "add the line `\(key): \(example)` to \(path)")
        }
        return .error(at: location, "the \(language.code) catalog has no key `\(key)`",
                      hint: Suggestion.hint(for: key, in: entries.keys) ?? "add `\(key):` to \(path)")
    }

    /// For a key Plenary itself asks for with a part that comes from the sources: what it is for,
    /// and an example value in this catalog's language.
    func ownKey(_ key: String) -> (why: String, example: String)? {
        if key.hasPrefix("language-") {
            let code = String(key.dropFirst("language-".count))
            let name = Locale(identifier: language.code).localizedString(forLanguageCode: code) ?? code
            return ("the name of the language `\(code)`", name)
        }
        if key.hasPrefix("distribution-") {
            let kind = String(key.dropFirst("distribution-".count))
            return ("the wording of `distribution: \(kind)`", kind.uppercased())
        }
        return nil
    }

    /// The pattern for `key` with `{name}` placeholders filled in. A missing key or placeholder is
    /// an error naming the key and the language; `at` is where the wording was asked for.
    public func format(_ key: String, _ arguments: [String: String] = [:], at location: SourceLocation) throws(DiagnosticError) -> String {
        try format(key, arguments, at: { location })
    }

    /// As above, with the location computed only for an error.
    func format(_ key: String, _ arguments: [String: String] = [:], at location: () -> SourceLocation) throws(DiagnosticError) -> String {
        try format(key, placeholder: { arguments[$0] }, available: { Array(arguments.keys) }, at: location)
    }

    /// As above, with each placeholder's value asked for by name (`available` lists the names, for
    /// the hint of an error), so a caller with many names in reach need not gather them all.
    func format(_ key: String, placeholder: (String) -> String?, available: () -> [String],
                at location: () -> SourceLocation) throws(DiagnosticError) -> String {
        guard let entry = entries[key] else {
            throw DiagnosticError(missing(key, at: location()))
        }
        // Most wording is fixed: no string is built for it.
        if entry.pieces.count == 1, case .literal(let text) = entry.pieces[0] { return text }
        var result = ""
        for piece in entry.pieces {
            switch piece {
            case .literal(let text): result += text
            case .placeholder(let name):
                guard let value = placeholder(name) else {
                    throw DiagnosticError(.error(at: entry.location, "`\(key)` uses `{\(name)}`, which is not given here",
                                                 hint: "the placeholders available are \(available().sorted().map { "{\($0)}" }.joined(separator: ", "))"))
                }
                result += value
            }
        }
        return result
    }
}
