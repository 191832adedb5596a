/// Text from a template file with the place of each of its Characters, so that an error inside an
/// expression points at its real line and column even after an entity (`&lt;`), a line break
/// inside an attribute, or indentation collapsed by `Whitespace`.
///
/// Offsets into it count Characters. The compiler scans it for braces, quotes and names, so each
/// Character is kept as its `CharacterCode`, with the UTF-8 alongside (when it differs) to spell
/// names and literals. A place is a byte offset into the file (see `TemplateSource`), made a
/// `SourceLocation` only when one is asked for: most places are never needed.
///
/// It is cheap to make and to cut: most text and attribute values are in the file byte for byte,
/// and then the text is a window onto the file's own bytes, its places the bytes' offsets; a part
/// (`text[range]`) is a narrower window onto the same storage.
struct PlacedText {
    /// What the places count.
    enum Origin {
        /// Byte offsets into a template file.
        case file(TemplateSource)
        /// Columns after a location, for text written on one line.
        case line(SourceLocation)
    }

    /// Where the Characters of `storage` are.
    private enum Places {
        /// At consecutive places: `storage[i]` at `first + i`.
        case run(first: Int)
        /// `storage[i]` at `list[i]`.
        case list([Int])
    }

    /// The UTF-8 of `storage`, and where each of its Characters starts in it (and, last, where the
    /// last one ends): for text whose Characters are not all one ASCII byte.
    private struct Spelling {
        var utf8: [UInt8]
        var bounds: [Int]
    }

    /// The codes (see `CharacterCode`) of the text this one is part of; for text that is in the
    /// file byte for byte, the file's own bytes.
    private var storage: [UInt8]
    /// nil when every Character of `storage` is one ASCII byte: then the codes are the UTF-8.
    private var spelling: Spelling?
    private var places: Places
    private let origin: Origin
    /// This text is `storage[start..<(start + count)]`.
    private var start: Int
    private(set) var count: Int
    /// Just after the last Character.
    private var endPlace: Int

    /// `text` (as libxml2 decoded it); `place` says, given the number of Characters, where each
    /// one is and where the text ends.
    init(_ text: String, origin: Origin, place: (_ count: Int) -> (places: [Int], end: Int)) {
        let utf8 = Array(text.utf8)
        // The usual case: ASCII without CR (CR LF is one Character), one byte per Character.
        if !utf8.contains(where: { $0 >= CharacterCode.nonASCII || $0 == 0x0D }) {
            storage = utf8
            spelling = nil
        } else {
            var codes: [UInt8] = [], bounds = [0]
            for character in text {
                codes.append(CharacterCode.code(for: character))
                bounds.append(bounds[bounds.count - 1] + character.utf8.count)
            }
            storage = codes
            spelling = Spelling(utf8: utf8, bounds: bounds)
        }
        start = 0
        count = storage.count
        let (places, end) = place(count)
        // If the two ever disagree (a construct the cursor does not know), the end stands in.
        if places.count == count {
            self.places = .list(places)
        } else {
            self.places = .list(Array((places + repeatElement(end, count: max(0, count - places.count))).prefix(count)))
        }
        endPlace = end
        self.origin = origin
    }

    /// The `count` bytes of `source` from `offset`, which are ASCII, one byte per Character, and
    /// what libxml2 read there.
    init(_ source: TemplateSource, from offset: Int, count: Int) {
        storage = source.bytes
        spelling = nil
        places = .run(first: 0)
        origin = .file(source)
        start = offset
        self.count = count
        endPlace = offset + count
    }

    /// Text written on one line from `start`.
    init(_ text: String, at start: SourceLocation) {
        self.init(text, origin: .line(start)) { count in ([], count) }
        places = .run(first: 0)
    }

    /// No text, placed where `text` ends; `append` adds to it.
    init(emptyAtEndOf text: PlacedText) {
        storage = []
        spelling = nil
        places = .run(first: 0)
        origin = text.origin
        start = 0
        count = 0
        endPlace = text.endPlace
    }

    /// The codes of the Characters, one per Character.
    var codes: Codes { Codes(storage: storage, start: start, count: count) }

    struct Codes: RandomAccessCollection {
        fileprivate let storage: [UInt8]
        fileprivate let start: Int
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(offset: Int) -> UInt8 { storage[start + offset] }
    }

    var string: String { string(0..<count) }

    /// The text of the Characters in `range`.
    func string(_ range: Range<Int>) -> String { String(decoding: utf8(range), as: UTF8.self) }

    /// The UTF-8 of the Characters in `range`.
    func utf8(_ range: Range<Int>) -> ArraySlice<UInt8> {
        let range = (start + range.lowerBound)..<(start + range.upperBound)
        guard let spelling else { return storage[range] }
        return spelling.utf8[spelling.bounds[range.lowerBound]..<spelling.bounds[range.upperBound]]
    }

    /// Whether the text is empty or all white space.
    var isBlank: Bool { codes.allSatisfy(CharacterCode.isWhitespace) }

    private func place(_ offset: Int) -> Int {
        guard offset >= 0 && offset < count else { return endPlace }
        switch places {
        case .run(let first): return first + start + offset
        case .list(let places): return places[start + offset]
        }
    }

    /// Where the Character at `offset` is; the end of the text for an offset past it.
    func location(at offset: Int) -> SourceLocation {
        let place = place(offset)
        switch origin {
        case .file(let source): return source.location(at: place)
        case .line(let start): return SourceLocation(path: start.path, line: start.line, column: start.column + place)
        }
    }

    subscript(range: Range<Int>) -> PlacedText {
        var part = self
        part.endPlace = place(range.upperBound)
        part.start = start + range.lowerBound
        part.count = range.count
        return part
    }

    /// Adds the Character at `offset` in `text`, which has the same origin, with its place. Only
    /// for text made by `init(emptyAtEndOf:)`.
    mutating func append(characterAt offset: Int, of text: PlacedText) {
        let bytes = text.utf8(offset..<(offset + 1))
        if spelling == nil && bytes.count != 1 { spelling = Spelling(utf8: storage, bounds: Array(0...storage.count)) }
        append(code: text.codes[offset], utf8: bytes, place: text.place(offset))
    }

    /// Adds the ASCII character `byte` at the place of the Character at `offset` in `text`.
    mutating func append(ascii byte: UInt8, placedAs offset: Int, of text: PlacedText) {
        append(code: byte, utf8: [byte], place: text.place(offset))
    }

    private mutating func append(code: UInt8, utf8: ArraySlice<UInt8>, place: Int) {
        precondition(start == 0 && count == storage.count, "only a text being built grows")
        switch places {
        case .run where count == 0:
            places = .run(first: place)
        case .run(let first) where first + count == place:
            break
        case .run(let first):
            places = .list(Array(first..<(first + count)) + [place])
        case .list(var list):
            places = .run(first: 0) // so that `list` is not shared while it grows
            list.append(place)
            places = .list(list)
        }
        storage.append(code)
        if var spelling {
            self.spelling = nil // so that its arrays are not shared while they grow
            spelling.utf8 += utf8
            spelling.bounds.append(spelling.utf8.count)
            self.spelling = spelling
        }
        count += 1
    }

    func trimmed() -> PlacedText {
        guard let first = codes.firstIndex(where: { !CharacterCode.isWhitespace($0) }),
              let last = codes.lastIndex(where: { !CharacterCode.isWhitespace($0) }) else { return self[count..<count] }
        return self[first..<(last + 1)]
    }

    /// The first Character that is `character` (ASCII).
    func firstIndex(of character: Unicode.Scalar) -> Int? { codes.firstIndex(of: UInt8(ascii: character)) }

    /// The first place of `needle` (ASCII).
    func firstRange(of needle: String) -> Range<Int>? {
        let needle = Array(needle.utf8), codes = codes
        guard needle.count <= count else { return nil }
        for start in 0...(count - needle.count) where codes[start..<(start + needle.count)].elementsEqual(needle) {
            return start..<(start + needle.count)
        }
        return nil
    }

    /// Splits at `separator` (ASCII) where it stands outside quotes and parentheses.
    func split(separator: Unicode.Scalar) -> [PlacedText] {
        let separator = UInt8(ascii: separator)
        var pieces: [PlacedText] = []
        var start = 0, depth = 0, quote: UInt8?
        for (index, code) in codes.enumerated() {
            if let open = quote {
                if code == open { quote = nil }
            } else if code == UInt8(ascii: "'") || code == UInt8(ascii: "\"") {
                quote = code
            } else if code == UInt8(ascii: "(") {
                depth += 1
            } else if code == UInt8(ascii: ")") {
                depth -= 1
            } else if code == separator && depth == 0 {
                pieces.append(self[start..<index])
                start = index + 1
            }
        }
        pieces.append(self[start..<count])
        return pieces
    }
}
