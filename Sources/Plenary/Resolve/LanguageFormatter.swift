public import Foundation

/// Numbers, dates and numerals as each language writes them, from Foundation's ICU formatters.
/// ICU formatters are costly to create and not thread-safe: each LanguageFormatter makes its own
/// on first use and keeps them, and it belongs to one resolver (one task) at a time. What they
/// produce depends on the language and the value only, so results are remembered for the whole
/// process: a batch of a thousand documents creates a formatter a handful of times, not per document.
struct LanguageFormatter {
    let language: Language
    private let cache = Cache()
    private static let results = Memo()

    /// Formatted strings by language, kind and value, shared by every task; and the date
    /// formatters, one per language, used under the lock (every document has its own date, and a
    /// DateFormatter costs as much to create as formatting a thousand dates).
    private final class Memo: @unchecked Sendable {
        private var strings: [String: String] = [:]
        private var dateFormatters: [String: DateFormatter] = [:]
        private let lock = NSLock()

        func value(_ key: String, _ make: () -> String) -> String {
            if let known = lock.withLock({ strings[key] }) { return known }
            let made = make()
            lock.withLock { strings[key] = made }
            return made
        }

        /// `body` runs under the lock: a formatter is used by one task at a time.
        func withDateFormatter(for locale: Locale, _ make: () -> DateFormatter, _ body: (DateFormatter) -> String) -> String {
            lock.withLock {
                let formatter = dateFormatters[locale.identifier] ?? make()
                dateFormatters[locale.identifier] = formatter
                return body(formatter)
            }
        }
    }

    private final class Cache {
        var decimal: NumberFormatter?
        var spellOut: NumberFormatter?
        /// Whole numbers with the language's grouping, for the whole part of a table's figures.
        var whole: NumberFormatter?
    }

    /// What the language's catalog adds to ICU (ordinal gender, numerals, UN dates).
    let conventions: LanguageConventions

    init(language: Language, conventions: LanguageConventions = LanguageConventions()) {
        self.language = language
        self.conventions = conventions
    }

    var locale: Locale { Locale(identifier: language.code == "en" ? "en_GB" : language.localeIdentifier) }

    private var utc: TimeZone { TimeZone(identifier: "UTC")! }

    /// "1,372" / "1,372" (grouping per locale).
    func number(_ value: Int) -> String {
        Self.results.value("\(language.code) number \(value)") {
            if cache.decimal == nil { cache.decimal = numberFormatter(.decimal) }
            return cache.decimal!.string(from: NSNumber(value: value)) ?? String(value)
        }
    }

    /// A table's figure with the fraction digits it was typed with: "1,372.50", "-12". The whole
    /// part is ICU's (its grouping, and where a language does not group four digits); the digits
    /// after the separator are the exact decimal's: NumberFormatter goes through a Double, which
    /// would lose digits past the fifteenth ("7654320925.654272" printed as "….654271").
    func decimal(_ number: TableNumber) -> String {
        Self.results.value("\(language.code) decimal \(number.value) \(number.fractionDigits)") {
            if cache.whole == nil {
                cache.whole = numberFormatter(.decimal)
                cache.whole!.maximumFractionDigits = 0
            }
            let formatter = cache.whole!
            var digits = TableGrid.plain(number)
            let negative = digits.hasPrefix("-")
            if negative { digits.removeFirst() }
            let parts = digits.split(separator: ".", maxSplits: 1)
            var text: String
            if parts[0].count <= 15, let whole = Int64(parts[0]), let formatted = formatter.string(from: NSNumber(value: whole)) {
                text = formatted
            } else {
                // A sum past fifteen digits: grouped by three, with the language's separator.
                let whole = Array(parts[0])
                var groups: [String] = []
                var end = whole.count
                while end > 0 { groups.insert(String(whole[max(0, end - 3)..<end]), at: 0); end -= 3 }
                text = groups.joined(separator: formatter.groupingSeparator ?? ",")
            }
            if negative { text = (formatter.minusSign ?? "-") + text }
            if parts.count > 1 { text += (formatter.decimalSeparator ?? ".") + parts[1] }
            return text
        }
    }

    /// The language's decimal separator ("." in English and Chinese, "," in French).
    var decimalSeparator: String {
        Self.results.value("\(language.code) decimal separator") { numberFormatter(.decimal).decimalSeparator ?? "." }
    }

    private func numberFormatter(_ style: NumberFormatter.Style) -> NumberFormatter {
        let formatter = NumberFormatter()
        formatter.locale = locale
        formatter.numberStyle = style
        return formatter
    }

    /// Spelled out: "six" / "六".
    func spelledOut(_ value: Int) -> String {
        Self.results.value("\(language.code) spelled \(value)") {
            if cache.spellOut == nil { cache.spellOut = numberFormatter(.spellOut) }
            return cache.spellOut!.string(from: NSNumber(value: value)) ?? String(value)
        }
    }

    /// "Sixth", « Sixième », "Sexta", «Шестое», «السادس», "第六": ICU's spelled-out ordinal in the
    /// rule set the catalog names (the gender of the noun it goes with), with a capital as a
    /// heading writes it; running text lowers it. Nil from ICU (an unknown rule set) gives the
    /// digits rather than a wrong word.
    func ordinal(_ value: Int) -> String {
        Self.results.value("\(language.code) ordinal \(conventions.ordinalRuleSet) \(value)") {
            guard let spelled = SpelledOrdinal.spell(value, locale: language.localeIdentifier, ruleSet: conventions.ordinalRuleSet) else {
                return String(value)
            }
            return spelled.prefix(1).uppercased() + spelled.dropFirst()
        }
    }

    func date(_ components: DateComponents) -> String {
        if let pattern = conventions.date, let months = conventions.months {
            return fill(pattern, ["d": day(components.day ?? 1), "month": months[min(max(components.month ?? 1, 1), 12) - 1], "y": String(components.year ?? 0)])
        }
        return Self.results.value("\(language.code) date \(Resolver.iso(components))") { formatDate(components) }
    }

    /// The day of the month as the catalog writes it: "1er" in French, the digits otherwise.
    private func day(_ value: Int) -> String { value == 1 ? conventions.dayOne ?? "1" : String(value) }

    private func fill(_ pattern: String, _ values: [String: String]) -> String {
        var result = pattern
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }

    private func formatDate(_ components: DateComponents) -> String {
        guard let date = Calendar.gregorianUTC.date(from: components) else { return "" }
        return Self.results.withDateFormatter(for: locale, {
            let formatter = DateFormatter()
            formatter.locale = locale
            formatter.timeZone = utc
            formatter.setLocalizedDateFormatFromTemplate("dMMMMy")
            return formatter
        }, { $0.string(from: date) })
    }

    /// "1–5 October 2012" / "2012年10月1日至5日".
    /// The meeting's dates, or nothing for a meeting that has none (documents outside a session).
    func dateRange(_ start: DateComponents?, _ end: DateComponents?) -> String {
        guard let start, let end else { return "" }
        return dateRange(start, end)
    }

    func dateRange(_ start: DateComponents, _ end: DateComponents) -> String {
        // The catalog's patterns where it has them: « 1er-5 octobre 2012 », «1–5 октября 2012 года».
        if let months = conventions.months, let single = conventions.dateRange, let double = conventions.dateRangeMonths,
           start.year == end.year {
            let month = { (c: DateComponents) in months[min(max(c.month ?? 1, 1), 12) - 1] }
            if start.month == end.month {
                return fill(single, ["d1": day(start.day ?? 1), "d2": day(end.day ?? 1), "month": month(start), "y": String(start.year ?? 0)])
            }
            return fill(double, ["d1": day(start.day ?? 1), "month1": month(start), "d2": day(end.day ?? 1), "month2": month(end), "y": String(start.year ?? 0)])
        }
        return Self.results.value("\(language.code) range \(Resolver.iso(start)) \(Resolver.iso(end))") { formatDateRange(start, end) }
    }

    private func formatDateRange(_ start: DateComponents, _ end: DateComponents) -> String {
        guard let from = Calendar.gregorianUTC.date(from: start), let to = Calendar.gregorianUTC.date(from: end) else { return "" }
        let formatter = DateIntervalFormatter()
        formatter.locale = locale
        formatter.timeZone = utc
        formatter.dateTemplate = "dMMMMy"
        // CLDR 42 and later set the dash between thin spaces ("1 – 5 October 2012"); UN style closes
        // it up: "1–5 October 2012", "28 September–2 October 2012".
        return formatter.string(from: from, to: to)
            .replacingOccurrences(of: "[ \u{00A0}\u{2009}\u{202F}]*–[ \u{00A0}\u{2009}\u{202F}]*", with: "–", options: .regularExpression)
    }

    /// Upper-case Roman numerals for body sections in Latin-script languages.
    static func roman(_ value: Int) -> String {
        let table: [(Int, String)] = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                                      (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
        var rest = value, result = ""
        for (amount, numeral) in table { while rest >= amount { result += numeral; rest -= amount } }
        return result
    }

    /// a, b, …, z, aa, ab, … for list items and decision elements.
    static func letters(_ value: Int) -> String {
        var rest = value, result = ""
        while rest > 0 {
            rest -= 1
            result = String(UnicodeScalar(UInt8(97 + rest % 26))) + result
            rest /= 26
        }
        return result
    }

    /// The section numeral: "I" in English, "一" in Chinese (ICU's spell-out is the Chinese
    /// numeral), أولا in Arabic (the catalog's `numerals-upper-roman`).
    func sectionNumeral(_ value: Int) -> String {
        if let numeral = conventions.numeral(value, style: .upperRoman) { return numeral }
        return language.code == "zh" ? spelledOut(value) : Self.roman(value)
    }
}

extension Calendar {
    static let gregorianUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
