/// The places in HTML where escaping the text is not enough, and what the compiler and the
/// renderer do about each. The output is a tree and every value is escaped as text or as an
/// attribute, but HTML reads a few places differently:
///
/// - The text of `<style>` and `<script>` is *raw text*: HTML (and `MarkupSerializer`, which writes
///   it unescaped so CSS and JavaScript keep their `<` and `&`) reads it up to the first
///   `</style` or `</script`. A value holding `</style><script>…` would end the element and run.
///   So a `{…}` in a `<style>` must be a quoted CSS string (`{x | css-string}`), which can hold no
///   `<`; in a `<script>`, where Plenary has no escaping, a `{…}` is refused. Both when compiled.
///   (`<title>` and `<textarea>` are *escapable* raw text: `&lt;` works there, so the ordinary
///   escaping is safe.)
/// - An `on…` attribute is JavaScript and `srcdoc` is a whole HTML document: a `{…}` there is
///   refused when compiled.
/// - A URL attribute (`href`, `src`, …) runs a `javascript:` URL when followed: a value that
///   decides the scheme is checked when rendered, against the schemes a document's own links may
///   use.
enum MarkupContext {
    /// The raw-text elements of HTML, lowercased: the name of `element` if it is one.
    /// (Each of these runs on every element or attribute the compiler reads: the common case, a
    /// name of another length or first letter, is decided without making a lowercased copy.)
    static func rawTextElement(_ name: String, namespace: String?) -> String? {
        guard namespace != templateNamespace, name.utf8.count == 5 || name.utf8.count == 6,
              let first = name.utf8.first, first | 0x20 == UInt8(ascii: "s") else { return nil }
        let lowered = name.lowercased()
        return lowered == "style" || lowered == "script" ? lowered : nil
    }

    /// Attributes whose value is JavaScript or HTML, where no `{…}` may stand.
    static func isCode(attribute name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next() else { return false }
        if first | 0x20 == UInt8(ascii: "o") && second | 0x20 == UInt8(ascii: "n") { return true }
        return name.utf8.count == 6 && name.lowercased() == "srcdoc"
    }

    /// Attributes whose value is a URL that a browser follows or loads (HTML, SVG's `xlink:href`).
    static func isURL(attribute name: String) -> Bool {
        if urlAttributes.contains(name) { return true }
        guard name.utf8.contains(where: { $0 == UInt8(ascii: ":") || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) }) else { return false }
        let local = name.split(separator: ":").last.map { $0.lowercased() } ?? ""
        return urlAttributes.contains(local)
    }

    private static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "poster", "cite", "data", "background", "codebase",
        "longdesc", "usemap", "manifest", "ping", "srcset", "archive", "profile", "icon",
    ]

    /// The schemes a URL may have: those of a document's own links (`[[link …]]`, Resolver+Inline).
    static let schemes: Set<String> = ["http", "https", "mailto", "ftp"]

    /// The scheme of `url` if it has one that is not allowed, as a browser reads it: leading
    /// spaces and control characters are skipped, and tabs and line breaks inside are ignored
    /// (`java&#9;script:` is `javascript:`). A URL without a scheme (`#fn1`, `../plenary.css`,
    /// `/akn/…`) is fine.
    static func disallowedScheme(in url: String) -> String? {
        var scheme: [UInt8] = []
        var leading = true
        for byte in url.utf8 {
            if leading && byte <= 0x20 { continue }
            leading = false
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            switch byte {
            case UInt8(ascii: ":"):
                guard !scheme.isEmpty else { return nil }
                let name = String(decoding: scheme, as: UTF8.self).lowercased()
                return schemes.contains(name) ? nil : name
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                scheme.append(byte)
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                guard !scheme.isEmpty else { return nil }
                scheme.append(byte)
            default:
                return nil
            }
        }
        return nil
    }

    /// `text` as a quoted CSS string (`"…"`), the `css-string` filter: `"`, `\`, `<`, `>`, `&`,
    /// `'`, line breaks and control characters become hexadecimal escapes (`\3c `), so the string
    /// can neither end early nor hold `</style`. Everything else is kept as it is.
    static func cssString(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22, 0x27, 0x5C, 0x3C, 0x3E, 0x26, 0x00...0x1F, 0x7F, 0x80...0x9F, 0x2028, 0x2029:
                // A NUL is not allowed in CSS: U+FFFD is what a browser reads in its place.
                let value = scalar.value == 0 ? 0xFFFD : scalar.value
                // The space ends the escape, so a hexadecimal digit after it stays itself.
                result += "\\" + String(value, radix: 16) + " "
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// Where in `codes` text that is written raw inside `element` would end it early or change how
    /// HTML reads it: `</element`, and in a script `<!--` (which makes `</script>` not end it).
    static func breakout(in codes: PlacedText.Codes, element: String) -> (offset: Int, text: String)? {
        let close = Array("</\(element)".utf8), comment = Array("<!--".utf8)
        func matches(_ pattern: [UInt8], at index: Int) -> Bool {
            guard index + pattern.count <= codes.endIndex else { return false }
            for (offset, expected) in pattern.enumerated() {
                var code = codes[index + offset]
                if code >= UInt8(ascii: "A") && code <= UInt8(ascii: "Z") { code += 0x20 }
                if code != expected { return false }
            }
            return true
        }
        for index in codes.indices where codes[index] == UInt8(ascii: "<") {
            if matches(close, at: index) { return (index, "</\(element)") }
            if element == "script" && matches(comment, at: index) { return (index, "<!--") }
        }
        return nil
    }

}
