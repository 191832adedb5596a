/// Template indentation is layout, not content: whitespace runs that contain a line break collapse
/// to one space inside text and vanish at its ends; whitespace-only text between tags disappears.
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
                if result.count > 0 && !atEnd { result.append(ascii: UInt8(ascii: " "), placedAs: run.lowerBound, of: text) }
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
}
