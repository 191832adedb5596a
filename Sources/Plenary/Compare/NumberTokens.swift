import Foundation

/// The numbers a text states, as a language-neutral multiset, so that the two language versions of
/// a unit can be compared: "1,372" ≡ "1 372", "30 May 2012" ≡ "2012年5月30日", full-width digits ≡
/// ASCII digits. Word order does not matter (Chinese puts the year first).
enum NumberTokens {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]

    /// Month names (as regular-expression alternatives) in French, Spanish, Russian (nominative
    /// and genitive) and Arabic (the Levantine name, the Western name, and both joined by "/").
    static let otherMonths: [String] = {
        let french = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        let spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre", "octubre", "noviembre", "diciembre"]
        let russian = ["январ[ьяе]", "феврал[ьяе]", "март[ае]?", "апрел[ьяе]", "ма[йяе]", "июн[ьяе]", "июл[ьяе]", "август[ае]?", "сентябр[ьяе]", "октябр[ьяе]", "ноябр[ьяе]", "декабр[ьяе]"]
        let levantine = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
        let western = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيه|يونيو", "يوليه|يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
        return (0..<12).map { month in
            "(?:\(levantine[month])\\s*/\\s*(?:\(western[month])))|\(levantine[month])|\(western[month])|\(french[month])|\(spanish[month])|\(russian[month])"
        }
    }()

    /// 下午N时 (and the hour after 至 that ends its range) on the 24-hour clock.
    private static func afternoon(_ text: String) -> String {
        guard text.contains("下午"), let expression = try? NSRegularExpression(pattern: #"下午(\d{1,2})时(?:至(\d{1,2})时)?"#) else { return text }
        var result = text
        for match in expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            var hours: [String] = []
            for group in 1...2 {
                if let range = Range(match.range(at: group), in: text), let hour = Int(text[range]) { hours.append(String(hour < 12 ? hour + 12 : hour)) }
            }
            if let whole = Range(match.range, in: result) { result.replaceSubrange(whole, with: " " + hours.joined(separator: " ") + " ") }
        }
        return result
    }

    static func of(_ text: String) -> [String] {
        // Full-width digits to ASCII.
        var normalised = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
        }))
        // English month names stand for their numbers, as Chinese dates write them: a capitalised
        // month name, except "May", which counts only beside a day or a year ("may wish to").
        for (index, month) in months.enumerated() {
            let name = month.prefix(1).uppercased() + month.dropFirst()
            let pattern = month == "may" ? #"(?<=\d\s)May\b|\bMay(?=\s+\d)"# : "\\b\(name)\\b"
            normalised = normalised.replacingOccurrences(of: pattern, with: " \(index + 1) ", options: .regularExpression)
        }
        // The other UN languages' month names: « 5 octobre », "5 de octubre", «5 октября», and the UN
        // Arabic double name «تشرين الأول/أكتوبر» (one month, not two).
        for (index, names) in otherMonths.enumerated() {
            normalised = normalised.replacingOccurrences(of: "(?i)\\b(?:\(names))\\b", with: " \(index + 1) ", options: .regularExpression)
        }
        // Times: "3 p.m." is « 15 heures », "15.00 horas", «15:00»: the hour of the 24-hour clock,
        // with its minutes only when they are not :00.
        normalised = normalised.replacingOccurrences(of: #"\b(\d{1,2})(?::(\d{2}))?\s*p\.\s?m\."#, with: " pm$1 $2 ", options: .regularExpression)
        if normalised.contains("pm") {
            for hour in (1...11).reversed() { normalised = normalised.replacingOccurrences(of: " pm\(hour) ", with: " \(hour + 12) ") }
        }
        normalised = normalised.replacingOccurrences(of: #"\b(\d{1,2})(?::(\d{2}))?\s*a\.\s?m\."#, with: " $1 $2 ", options: .regularExpression)
        normalised = normalised.replacingOccurrences(of: #"\b(\d{1,2})[.:h]00\b"#, with: " $1 ", options: .regularExpression)
        normalised = normalised.replacingOccurrences(of: #"(\d{1,2})\s*ч\.\s*00\s*м(?:ин)?\."#, with: " $1 ", options: .regularExpression)
        // Chinese afternoon hours: 下午3时至6时 is 15 to 18.
        normalised = afternoon(normalised)
        // Digit grouping: "1,372", "1 372", "1.372" (and a no-break space) are one number.
        normalised = normalised.replacingOccurrences(of: #"(?<=\d)[,.\x{00A0}\x{202F} ](?=\d{3}(?!\d))"#, with: "",
                                                     options: .regularExpression)
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
