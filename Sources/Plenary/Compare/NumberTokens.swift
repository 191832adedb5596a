import Foundation

/// The numbers a text states, as a language-neutral multiset, so that the two language versions of
/// a unit can be compared: "1,372" ≡ "1 372", "30 May 2012" ≡ "2012年5月30日", full-width digits ≡
/// ASCII digits. Word order does not matter (Chinese puts the year first).
enum NumberTokens {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]

    /// A regular expression compiled once and what its matches become. Compiled at first use, so
    /// that a bad pattern stops there: `replacingOccurrences(of:with:options: .regularExpression)`
    /// turns every text into "" instead, and every comparison would pass.
    private struct Rewrite: @unchecked Sendable {
        let expression: NSRegularExpression
        let template: String

        init(_ pattern: String, _ template: String) {
            expression = try! NSRegularExpression(pattern: pattern)
            self.template = template
        }

        func apply(_ text: String) -> String {
            expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        }
    }

    /// Month names stand for their numbers, as Chinese dates write them. English: a capitalised
    /// name, except "May", which counts only beside a day or a year ("may wish to"). French,
    /// Spanish, Russian (nominative and genitive) and Arabic (the Levantine name, the Western
    /// name, and the UN's double name «تشرين الأول/أكتوبر», one month, not two).
    private static let monthRewrites: [Rewrite] = {
        let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre", "octubre", "noviembre", "diciembre"]
        let russian = ["январ[ьяе]", "феврал[ьяе]", "март[ае]?", "апрел[ьяе]", "ма[йяе]", "июн[ьяе]", "июл[ьяе]", "август[ае]?", "сентябр[ьяе]", "октябр[ьяе]", "ноябр[ьяе]", "декабр[ьяе]"]
        let levantine = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
        let western = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيه|يونيو", "يوليه|يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
        return months.enumerated().flatMap { index, month in
            let name = month.prefix(1).uppercased() + month.dropFirst()
            let english = month == "may" ? #"(?<=\d\s)May\b|\bMay(?=\s+\d)"# : "\\b\(name)\\b"
            let others = "(?i)\\b(?:(?:\(levantine[index])\\s*/\\s*(?:\(western[index])))|\(levantine[index])|\(western[index])|\(french[index])|\(spanish[index])|\(russian[index]))\\b"
            return [Rewrite(english, " \(index + 1) "), Rewrite(others, " \(index + 1) ")]
        }
    }()

    /// Times on the 24-hour clock: "3 p.m." is « 15 heures », "15.00 horas", «15 ч. 00 м.», 15:00,
    /// 下午3时; minutes count only when they are not :00.
    private static let clockRewrites = [
        Rewrite(#"\b(\d{1,2})(?::00)?\s*a\.\s?m\."#, " $1 "),
        Rewrite(#"\b(\d{1,2}):(\d{2})\s*a\.\s?m\."#, " $1 $2 "),
        Rewrite(#"\b(\d{1,2})[.:h]00\b"#, " $1 "),
        Rewrite(#"(\d{1,2})\s*ч\.\s*00\s*м(?:ин)?\."#, " $1 "),
    ]
    /// Afternoon hours, whose digits are those of the 12-hour clock, and which groups of each
    /// pattern are hours: "3 p.m." and "3:30 p.m." (whose minutes stay), 下午3时至6时 (the hour
    /// after 至 is afternoon too).
    private static let afternoonHours: [(expression: NSRegularExpression, hours: Set<Int>)] = [
        (try! NSRegularExpression(pattern: #"\b(\d{1,2})(?::(\d{2}))?\s*p\.\s?m\."#), [1]),
        (try! NSRegularExpression(pattern: #"下午(\d{1,2})时(?:至(\d{1,2})时)?"#), [1, 2]),
    ]

    /// Each afternoon hour of `text` written on the 24-hour clock; minutes other than :00 kept.
    private static func afternoon(_ text: String) -> String {
        var result = text
        for (expression, hourGroups) in afternoonHours {
            for match in expression.matches(in: result, range: NSRange(result.startIndex..., in: result)).reversed() {
                let numbers = (1..<match.numberOfRanges).compactMap { group -> String? in
                    guard let range = Range(match.range(at: group), in: result), let value = Int(result[range]) else { return nil }
                    if hourGroups.contains(group) { return String(value < 12 ? value + 12 : value) }
                    return value == 0 ? nil : String(result[range])
                }
                if let whole = Range(match.range, in: result) { result.replaceSubrange(whole, with: " \(numbers.joined(separator: " ")) ") }
            }
        }
        return result
    }

    /// Digit grouping: "1,372", "1 372", "1.372" (and a no-break space) are one number.
    private static let grouping = Rewrite(#"(?<=\d)[,.\x{00A0}\x{202F} ](?=\d{3}(?!\d))"#, "")

    static func of(_ text: String) -> [String] {
        // Full-width digits to ASCII.
        var normalised = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
        }))
        for rewrite in monthRewrites { normalised = rewrite.apply(normalised) }
        normalised = afternoon(normalised)
        for rewrite in clockRewrites { normalised = rewrite.apply(normalised) }
        normalised = grouping.apply(normalised)
        var tokens: [String] = []
        var current = ""
        for character in normalised {
            if character.isASCII && character.isNumber { current.append(character) }
            else if !current.isEmpty { tokens.append(current); current = "" }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.sorted()
    }
}
