import Foundation

/// A template file's text as UTF-8 bytes, read once and shared by everything compiled from it.
///
/// The compiler scans bytes (every XML syntax character is ASCII) and keeps byte offsets; a line
/// and column is worked out only when a location is really needed: one the compiled result
/// stores, or an error's. The offsets the cursor hands out always fall on Character boundaries
/// (it moves one Character at a time, see `characterEnd(at:)`), so a column counts Characters as
/// `SourceLocation` wants, and a caret lines up under Chinese text.
final class TemplateSource: Sendable {
    let path: String
    /// The file's UTF-8. Invalid sequences are already replaced (U+FFFD), as the file's text reads.
    let bytes: [UInt8]
    /// Where the text starts: after the byte order mark, if there is one.
    let start: Int
    /// The same text as a `String`, for the rare step over a Character that is not one ASCII byte.
    private let text: String
    /// The offset at which each line starts. CRLF and a lone CR are one line break, like LF: XML
    /// reads them so, and so does libxml2's line count.
    private let lineStarts: [Int]
    /// Whether each line is all ASCII, so that its columns are byte counts.
    private let asciiLines: [Bool]

    init(path: String, data: Data) {
        self.path = path
        text = String(decoding: data, as: UTF8.self)
        let bytes = Array(text.utf8)
        self.bytes = bytes
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineStarts = [start], asciiLines: [Bool] = []
        var offset = start, ascii = true
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            if byte >= 0x80 {
                ascii = false
            } else if byte == 0x0A || byte == 0x0D {
                if byte == 0x0D && offset < bytes.count && bytes[offset] == 0x0A { offset += 1 }
                lineStarts.append(offset)
                asciiLines.append(ascii)
                ascii = true
            }
        }
        asciiLines.append(ascii)
        self.lineStarts = lineStarts
        self.asciiLines = asciiLines
    }

    /// Where the Character that starts at `offset` ends: one byte for most ASCII, so the common
    /// case costs a comparison or two; Swift's own rules otherwise (a CR LF pair, an accent that
    /// combines with the letter before it, a multi-byte Character).
    @inline(__always)
    func characterEnd(at offset: Int) -> Int {
        let next = offset + 1
        let byte = bytes[offset]
        if byte < 0x80 {
            if next == bytes.count { return next }
            let following = bytes[next]
            // Two ASCII bytes are two Characters, but for CR LF.
            if following < 0x80 { return byte == 0x0D && following == 0x0A ? next + 1 : next }
        }
        return slowCharacterEnd(at: offset)
    }

    private func slowCharacterEnd(at offset: Int) -> Int {
        let utf8 = text.utf8
        // Both conversions are O(1) on a native string.
        let index = utf8.index(utf8.startIndex, offsetBy: offset)
        return utf8.distance(from: utf8.startIndex, to: text.index(after: index))
    }

    /// Whether the Character at `offset` is exactly `ascii`, not `ascii` with an accent on it.
    @inline(__always)
    func isCharacter(_ ascii: UInt8, at offset: Int) -> Bool {
        offset < bytes.count && bytes[offset] == ascii && characterEnd(at: offset) == offset + 1
    }

    /// Whether the Character from `offset` to `end` is white space (`Character.isWhitespace`).
    func isWhitespace(from offset: Int, to end: Int) -> Bool {
        if end == offset + 1 { return CharacterCode.isWhitespace(bytes[offset]) }
        return String(decoding: bytes[offset..<end], as: UTF8.self).first?.isWhitespace ?? false
    }

    /// The text of `range`, which starts and ends on Character boundaries.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The line and column of `offset` (clamped to the text).
    func location(at offset: Int) -> SourceLocation {
        let offset = min(max(offset, start), bytes.count)
        // The last line that starts at or before `offset`.
        var low = 0, high = lineStarts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle }
        }
        if asciiLines[low] { return SourceLocation(path: path, line: low + 1, column: offset - lineStarts[low] + 1) }
        var column = 1, position = lineStarts[low]
        while position < offset {
            position = characterEnd(at: position)
            column += 1
        }
        return SourceLocation(path: path, line: low + 1, column: column)
    }

    /// Where line `line` (1-based) starts; nil if the text has no such line.
    func lineStart(_ line: Int) -> Int? {
        line >= 1 && line <= lineStarts.count ? lineStarts[line - 1] : nil
    }
}
