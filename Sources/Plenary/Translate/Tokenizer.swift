public import Foundation

/// Splits text into the tokens a translator compares: words in English, single characters
/// (graphemes) in Chinese, and, whatever the language, runs that must stay whole — inline markup
/// (`[[para p2]]`), URLs, document symbols (`UNEP/CBD/BS/COP-MOP/6/7`), decision numbers (`BS-V/3`)
/// and numbers (`1,372`, `12`). The rules are explicit, never the machine's locale.
enum Tokenizer {
    private static let protected = try! NSRegularExpression(pattern: [
        #"\[\[[^\]]*\]\]"#,                                  // inline markup
        #"https?://[^\s<>"\]）)，。]+"#,                       // URLs
        #"[A-Z][A-Za-z-]*(?:/[A-Za-z0-9.-]+)+"#,            // symbols and decision numbers
        #"\d+(?:[.,]\d{3})*(?:\.\d+)?"#,                   // numbers
        #"[A-Za-z\x{00C0}-\x{024F}]+(?:['’-][A-Za-z\x{00C0}-\x{024F}]+)*"#, // Latin words
    ].joined(separator: "|"))

    static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        let ns = text as NSString
        var position = 0
        for match in protected.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            if match.range.location > position {
                result += graphemes(ns.substring(with: NSRange(location: position, length: match.range.location - position)))
            }
            result.append(ns.substring(with: match.range))
            position = match.range.location + match.range.length
        }
        if position < ns.length { result += graphemes(ns.substring(from: position)) }
        return result
    }

    /// Every other character is its own token; a run of white space is one token.
    private static func graphemes(_ text: String) -> [String] {
        var result: [String] = []
        for character in text {
            if character.isWhitespace, let last = result.last, last.allSatisfy(\.isWhitespace) {
                result[result.count - 1] = last + String(character)
            } else {
                result.append(String(character))
            }
        }
        return result
    }
}
