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
            "(?:\(levantine[month])\\s*/\\s*(?:\(western[month]))|\(levantine[month])|\(western[month])|\(french[month])|\(spanish[month])|\(russian[month])"
        }
    }()

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
