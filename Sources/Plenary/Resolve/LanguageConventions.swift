import Foundation

/// What a language's catalog adds to ICU, in optional keys: a choice among ICU's forms (the
/// gender of an ordinal), or the UN's way where ICU's differs (numbering in Arabic, month names
/// in UN Arabic, "1er" in French, "года" in Russian). A language that needs none of them —
/// English, Chinese — writes none: ICU's answer stands.
struct LanguageConventions: Sendable {
    /// The ICU rule set that spells the meeting's ordinal: "%spellout-ordinal-feminine" for
    /// « sixième réunion », "%spellout-ordinal-neuter" for «шестое совещание».
    var ordinalRuleSet = "%spellout-ordinal"
    /// A numbering style's symbols, where the language's differ from the Latin ones
    /// (`numerals-upper-roman: أولا ثانيا ثالثا …`): the n-th symbol is number n.
    var numerals: [NumberStyle: [String]] = [:]
    /// The language the masthead names languages in ("ORIGINAL: ENGLISH" on a Chinese, Russian or
    /// Arabic CBD document): ICU's names in that language. This language's own by default.
    var languageNamesFrom: String?
    /// Dates where ICU's are not the UN's: the twelve month names as written after a day number,
    /// and patterns with {d} {month} {y}, {d1} {d2} {month} {y} (one month), {d1} {month1} {d2}
    /// {month2} {y} (two months); `day-one` is how the first of a month is written ("1er").
    var months: [String]?
    var date: String?
    var dateRange: String?
    var dateRangeMonths: String?
    var dayOne: String?

    /// The catalog keys read here, which a catalog may leave out.
    static let keys = ["ordinal-rule-set", "language-names-from", "months", "date", "date-range", "date-range-months", "day-one"]
        + NumberStyle.allCases.map { "numerals-\($0.rawValue)" }

    init() {}

    /// From a catalog's entries (the raw text of each optional key).
    init(_ value: (String) -> String?) {
        if let ruleSet = value("ordinal-rule-set") { ordinalRuleSet = ruleSet }
        languageNamesFrom = value("language-names-from")
        for style in NumberStyle.allCases {
            if let list = value("numerals-\(style.rawValue)") {
                numerals[style] = list.split(separator: " ").map(String.init)
            }
        }
        // Month names may hold spaces (تشرين الأول/أكتوبر): they are separated by `|`.
        months = value("months").map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        date = value("date")
        dateRange = value("date-range")
        dateRangeMonths = value("date-range-months")
        dayOne = value("day-one")
    }

    /// The symbol for `ordinal` in `style`, when the language has its own.
    func numeral(_ ordinal: Int, style: NumberStyle) -> String? {
        guard let symbols = numerals[style], ordinal >= 1, ordinal <= symbols.count else { return nil }
        return symbols[ordinal - 1]
    }
}
