import Foundation

/// The numbers a text states, as a language-neutral multiset, so that the two language versions of
/// a unit can be compared: "1,372" ≡ "1 372", "30 May 2012" ≡ "2012年5月30日", full-width digits ≡
/// ASCII digits. Word order does not matter (Chinese puts the year first).
enum NumberTokens {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december"]

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
        // Digit grouping: "1,372", "1 372" (and a no-break space) are one number.
        normalised = normalised.replacingOccurrences(of: #"(?<=\d)[,\x{00A0}\x{202F} ](?=\d{3}(?!\d))"#, with: "",
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
