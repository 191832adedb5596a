/// Template indentation is layout, not content: whitespace runs that contain a line break collapse
/// to one space inside text and vanish at its ends; whitespace-only text between tags disappears.
/// Between two Chinese (or Japanese) characters such a run vanishes too: Chinese is written
/// without spaces, so a template line broken inside Chinese wording must not put one there (the
/// rule CSS applies to line breaks in East Asian text).
enum Whitespace {
    static func normalise(_ text: PlacedText) -> PlacedText {
        let lineFeed = UInt8(ascii: "\n")
        guard text.codes.contains(lineFeed) else { return text }
        var result = PlacedText(emptyAtEndOf: text)
        guard !text.isBlank else { return result }
        // The offsets of the whitespace run being read.
        var pending: Range<Int>?
        func flush(atEnd: Bool) {
            defer { pending = nil }
            guard let run = pending else { return }
            if text.codes[run].contains(lineFeed) {
                guard result.count > 0, !atEnd else { return }
                if isWide(text, at: run.lowerBound - 1) && isWide(text, at: run.upperBound) { return }
                result.append(ascii: UInt8(ascii: " "), placedAs: run.lowerBound, of: text)
            } else {
                for offset in run { result.append(characterAt: offset, of: text) }
            }
        }
        for (offset, code) in text.codes.enumerated() {
            if CharacterCode.isWhitespace(code) {
                pending = (pending?.lowerBound ?? offset)..<(offset + 1)
                continue
            }
            flush(atEnd: false)
            result.append(characterAt: offset, of: text)
        }
        flush(atEnd: true)
        return result
    }

    /// Whether the character at `offset` is East Asian wide or fullwidth and not Hangul (Korean
    /// is written with spaces): CJK ideographs, kana, bopomofo, CJK punctuation and fullwidth forms.
    private static func isWide(_ text: PlacedText, at offset: Int) -> Bool {
        guard offset >= 0, offset < text.count, text.codes[offset] >= CharacterCode.nonASCII,
              let scalar = text.string(offset..<(offset + 1)).unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x2FDF, // CJK radicals, Kangxi radicals
             0x3000...0x303F, // CJK symbols and punctuation (、。「」…)
             0x3040...0x31BF, // hiragana, katakana, bopomofo
             0x31C0...0x31FF, // CJK strokes, katakana extension
             0x3200...0x4DBF, // enclosed CJK, compatibility, extension A
             0x4E00...0x9FFF, // CJK unified ideographs
             0xF900...0xFAFF, // CJK compatibility ideographs
             0xFE30...0xFE4F, // CJK compatibility forms
             0xFF01...0xFF60, 0xFFE0...0xFFE6, // fullwidth forms (，：；（）…)
             0x20000...0x3FFFD: // extensions B and later
            return true
        default:
            return false
        }
    }
}
