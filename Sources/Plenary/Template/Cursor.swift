/// Reads the template's source text in step with the compiler, which visits libxml2's nodes in
/// document order: start tags (with each attribute's place), text, comments, end tags. libxml2
/// gives elements a line but no column, and decodes entities and line breaks; the cursor gives
/// every character of an attribute value or a text its real place in the file.
///
/// It reads the file's UTF-8 bytes (`TemplateSource`), but one Character at a time, exactly as if
/// it read `[Character]`: a syntax character only counts where it is a whole Character (not a `<`
/// with an accent combined onto it), and every offset it hands out is a Character boundary.
/// Offsets are bytes; a line and column is worked out only for a location somebody keeps.
struct Cursor {
    let source: TemplateSource
    private let bytes: [UInt8]
    /// The next character to read: a byte offset.
    private(set) var index: Int

    struct Tag {
        var location: SourceLocation
        var attributes: [Attribute]
        var selfClosing: Bool
        /// Just after the start tag's `>`.
        var end: Int
    }

    struct Attribute {
        /// Its name without the prefix: bytes in the file.
        var localName: Range<Int>
        var isNamespaceDeclaration: Bool
        /// Where its name starts in the file.
        var name: Int
        /// The value's bytes in the file, quotes excluded.
        var value: Range<Int>
        var taken = false
    }

    /// An attribute as the compiler gets it: the value with the place of each Character, and where
    /// the attribute's name is.
    struct AttributeText {
        var value: PlacedText
        private let source: TemplateSource
        private let nameOffset: Int?
        private let tagLocation: SourceLocation

        fileprivate init(value: PlacedText, source: TemplateSource, nameOffset: Int?, tagLocation: SourceLocation) {
            self.value = value
            self.source = source
            self.nameOffset = nameOffset
            self.tagLocation = tagLocation
        }

        /// Where the attribute's name is (its start tag, if the cursor did not find it).
        var name: SourceLocation { nameOffset.map(source.location(at:)) ?? tagLocation }
    }

    init(source: TemplateSource) {
        self.source = source
        bytes = source.bytes
        index = source.start
    }

    func location(_ offset: Int) -> SourceLocation { source.location(at: offset) }

    /// Where the Character at `offset` ends.
    @inline(__always)
    private func next(_ offset: Int) -> Int { source.characterEnd(at: offset) }

    /// Whether the Character at `offset` is exactly `character` (ASCII).
    @inline(__always)
    private func isCharacter(_ character: Unicode.Scalar, at offset: Int) -> Bool {
        source.isCharacter(UInt8(ascii: character), at: offset)
    }

    /// The Character at `offset`: its byte if it is one ASCII byte (else `CharacterCode.nonASCII`),
    /// and where it ends.
    @inline(__always)
    private func character(at offset: Int) -> (byte: UInt8, end: Int) {
        let end = next(offset)
        return (end == offset + 1 ? bytes[offset] : CharacterCode.nonASCII, end)
    }

    /// Whether the Character from `offset` to `end`, whose byte `character(at:)` gave, is white space.
    @inline(__always)
    private func isWhitespace(_ byte: UInt8, from offset: Int, to end: Int) -> Bool {
        byte == CharacterCode.nonASCII ? source.isWhitespace(from: offset, to: end) : CharacterCode.isWhitespace(byte)
    }

    /// Whether the Characters from `offset` are exactly `needle` (ASCII).
    private func matches(_ needle: StaticString, at offset: Int) -> Bool {
        needle.withUTF8Buffer { needle in
            var position = offset
            for byte in needle {
                guard source.isCharacter(byte, at: position) else { return false }
                position += 1
            }
            return true
        }
    }

    private func find(_ needle: StaticString, from start: Int) -> Int? {
        let first = needle.utf8Start.pointee
        var position = max(start, 0)
        while position < bytes.count {
            let byte = bytes[position]
            if byte == first && matches(needle, at: position) { return position }
            // An ASCII byte is a Character, or starts one that no needle matches (CR LF, a letter
            // with an accent): one byte on is the next Character, or inside this one, which `next`
            // then steps out of (a Character that starts with a byte above ASCII).
            position = byte < 0x80 ? position + 1 : next(position)
        }
        return nil
    }

    /// After a comment, CDATA section, processing instruction or DOCTYPE that starts at `offset`;
    /// nil if none starts there.
    private func afterMarkup(at offset: Int) -> Int? {
        // All of them start with `<!` or `<?`.
        guard isCharacter("<", at: offset), offset + 1 < bytes.count,
              bytes[offset + 1] == UInt8(ascii: "!") || bytes[offset + 1] == UInt8(ascii: "?") else { return nil }
        if matches("<!--", at: offset) { return (find("-->", from: offset + 4) ?? bytes.count) + 3 }
        if matches("<![CDATA[", at: offset) { return (find("]]>", from: offset + 9) ?? bytes.count) + 3 }
        if matches("<?", at: offset) { return (find("?>", from: offset + 2) ?? bytes.count) + 2 }
        if matches("<!", at: offset) {
            var position = offset + 2, inSubset = false
            while position < bytes.count {
                if isCharacter("[", at: position) {
                    inSubset = true
                } else if isCharacter("]", at: position) {
                    inSubset = false
                } else if isCharacter(">", at: position) && !inSubset {
                    return position + 1
                }
                position = next(position)
            }
            return bytes.count
        }
        return nil
    }

    /// The name in `range` without its prefix: its last part between `:`s that is not empty, as
    /// `split(separator: ":").last` gives it; nil if there is none.
    private func localName(in range: Range<Int>) -> Range<Int>? {
        var last: Range<Int>?
        var part = range.lowerBound, position = range.lowerBound
        while position < range.upperBound {
            let end = next(position)
            if end == position + 1 && bytes[position] == UInt8(ascii: ":") {
                if position > part { last = part..<position }
                part = end
            }
            position = end
        }
        return range.upperBound > part ? part..<range.upperBound : last
    }

    /// Whether the name in `range` is `string`, as `String`'s `==` decides.
    private func equals(_ range: Range<Int>, _ string: String) -> Bool {
        var string = string
        return string.withUTF8 { utf8 in
            if bytes[range].elementsEqual(utf8) { return true }
            // Strings compare by canonical equivalence: different bytes may be equal only if not ASCII.
            let nonASCII = { (byte: UInt8) in byte >= CharacterCode.nonASCII }
            return (bytes[range].contains(where: nonASCII) || utf8.contains(where: nonASCII)) && source.string(range) == String(decoding: utf8, as: UTF8.self)
        }
    }

    /// Whether the attribute name in `range` is `xmlns` or starts with `xmlns:`.
    private func isNamespaceDeclaration(_ range: Range<Int>) -> Bool {
        let prefix = range.lowerBound + 5
        guard range.count >= 5, bytes[range.lowerBound..<prefix].elementsEqual("xmlns".utf8) else { return false }
        return range.count == 5 || isCharacter(":", at: prefix)
    }

    /// Reads the start tag of the next element called `localName` (with any prefix) and its
    /// attributes, and moves past it.
    mutating func startTag(_ localName: String) -> Tag {
        var search = index
        while let open = find("<", from: search) {
            if let after = afterMarkup(at: open) { search = after; continue }
            var position = open + 1
            while position < bytes.count {
                let (byte, end) = character(at: position)
                if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || isWhitespace(byte, from: position, to: end) { break }
                position = end
            }
            // An end tag has an empty name (`/` ends it), so it never matches.
            guard let name = self.localName(in: (open + 1)..<position), equals(name, localName) else {
                search = max(position, open + 1)
                continue
            }
            var attributes: [Attribute] = []
            var selfClosing = false
            while position < bytes.count {
                let (byte, end) = character(at: position)
                if isWhitespace(byte, from: position, to: end) { position = end; continue }
                if byte == UInt8(ascii: ">") { position += 1; break }
                if matches("/>", at: position) { position += 2; selfClosing = true; break }
                let nameStart = position
                while position < bytes.count {
                    let (byte, end) = character(at: position)
                    if byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
                        || isWhitespace(byte, from: position, to: end) { break }
                    position = end
                }
                let qualified = nameStart..<position
                // Past the `=` to the quote that opens the value.
                var quote = CharacterCode.nonASCII
                while position < bytes.count {
                    let (byte, end) = character(at: position)
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: ">") { quote = byte; break }
                    position = end
                }
                guard position < bytes.count, quote != UInt8(ascii: ">") else { continue }
                let valueEnd = (quote == UInt8(ascii: "\"") ? find("\"", from: position + 1) : find("'", from: position + 1)) ?? bytes.count
                attributes.append(Attribute(localName: self.localName(in: qualified) ?? qualified,
                                            isNamespaceDeclaration: isNamespaceDeclaration(qualified),
                                            name: nameStart, value: (position + 1)..<valueEnd))
                position = valueEnd + 1
            }
            index = min(position, bytes.count)
            return Tag(location: location(open), attributes: attributes, selfClosing: selfClosing, end: index)
        }
        return Tag(location: location(index), attributes: [], selfClosing: true, end: index)
    }

    /// The next attribute `localName` of `tag` not taken yet: where its name is, and its value (as
    /// libxml2 gives it) with the place of each character.
    func attribute(_ localName: String, _ value: String, of tag: inout Tag) -> AttributeText {
        guard let found = tag.attributes.firstIndex(where: { !$0.taken && !$0.isNamespaceDeclaration && equals($0.localName, localName) }) else {
            return AttributeText(value: PlacedText(value, at: tag.location), source: source, nameOffset: nil, tagLocation: tag.location)
        }
        tag.attributes[found].taken = true
        let range = tag.attributes[found].value
        if isVerbatim(value, at: range.lowerBound, count: range.count) {
            return AttributeText(value: PlacedText(source, from: range.lowerBound, count: range.count),
                                 source: source, nameOffset: tag.attributes[found].name, tagLocation: tag.location)
        }
        let text = PlacedText(value, origin: .file(source)) { _ in
            var places: [Int] = []
            var position = range.lowerBound
            while position < range.upperBound {
                places.append(position)
                if bytes[position] == UInt8(ascii: "&"), let after = afterReference(at: position, limit: range.upperBound) {
                    position = after
                } else {
                    position = next(position)
                }
            }
            return (places, range.upperBound)
        }
        return AttributeText(value: text, source: source, nameOffset: tag.attributes[found].name, tagLocation: tag.location)
    }

    /// Whether `decoded` is in the file from `start` byte for byte (and is `count` bytes long), ASCII
    /// without a reference, markup or CR: then reading it Character by Character would place
    /// each of its Characters at the next byte, and the text can be those bytes themselves.
    private func isVerbatim(_ decoded: String, at start: Int, count: Int? = nil) -> Bool {
        var decoded = decoded
        return decoded.withUTF8 { decoded in
            let end = start + decoded.count
            guard count == nil || count == decoded.count, end <= bytes.count else { return false }
            for (offset, byte) in decoded.enumerated() {
                guard byte == bytes[start + offset], byte < 0x80, byte != 0x0D, byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") else {
                    return false
                }
            }
            // The last Character ends where the text does: what follows does not combine with it.
            return end == bytes.count || bytes[end] < 0x80
        }
    }

    /// After the entity or character reference that starts at `offset` (one character once read).
    private func afterReference(at offset: Int, limit: Int, predefinedOnly: Bool = false) -> Int? {
        guard isCharacter("&", at: offset) else { return nil }
        var position = offset + 1, length = 1
        while position < limit, length <= 32, !isCharacter(";", at: position) {
            position = next(position)
            length += 1
        }
        guard position < limit, isCharacter(";", at: position) else { return nil }
        if predefinedOnly {
            let name = source.string((offset + 1)..<position)
            if !name.hasPrefix("#") && !["lt", "gt", "amp", "quot", "apos"].contains(name) { return nil }
        }
        return position + 1
    }

    /// Reads the text node that starts here (`decoded` is its text as libxml2 gives it).
    mutating func text(_ decoded: String) -> PlacedText {
        if isVerbatim(decoded, at: index) {
            let text = PlacedText(source, from: index, count: decoded.utf8.count)
            index += text.count
            return text
        }
        var position = index
        let text = PlacedText(decoded, origin: .file(source)) { count in
            var places: [Int] = []
            places.reserveCapacity(count)
            while places.count < count, position < bytes.count {
                if matches("<![CDATA[", at: position) {
                    position += 9
                    while position < bytes.count, !matches("]]>", at: position), places.count < count {
                        places.append(position)
                        position = next(position)
                    }
                    if matches("]]>", at: position) { position += 3 }
                    continue
                }
                if isCharacter("<", at: position) { break }
                if isCharacter("&", at: position) {
                    // A reference to an entity of the DTD is a node of its own.
                    guard let after = afterReference(at: position, limit: bytes.count, predefinedOnly: true) else { break }
                    places.append(position)
                    position = after
                    continue
                }
                places.append(position)
                position = next(position)
            }
            return (places, position)
        }
        index = position
        return text
    }

    /// Moves past the comment that comes next.
    mutating func comment() {
        if let open = find("<!--", from: index) { index = afterMarkup(at: open) ?? index }
    }

    /// Moves past an entity reference or processing instruction that comes next.
    mutating func skipReference() {
        if let after = afterReference(at: index, limit: bytes.count) ?? (matches("<?", at: index) ? afterMarkup(at: index) : nil) {
            index = after
        }
    }

    /// Moves past the end of the element whose start tag is `tag`: from the current place once its
    /// children are read, or `fromStart` (after its start tag) to skip whatever is left of it.
    mutating func leave(_ tag: Tag, fromStart: Bool = false) {
        var position = fromStart ? tag.end : max(index, tag.end)
        guard !tag.selfClosing else { index = max(index, tag.end); return }
        var depth = 1
        while depth > 0, let open = find("<", from: position) {
            if let after = afterMarkup(at: open) { position = after; continue }
            if matches("</", at: open) {
                depth -= 1
                position = (find(">", from: open) ?? bytes.count) + 1
                continue
            }
            // The `>` that ends this start tag, outside quoted values; and the Character before it.
            var close = open + 1, previous = open, quote: UInt8?
            while close < bytes.count {
                let end = next(close)
                let byte = end == close + 1 ? bytes[close] : CharacterCode.nonASCII
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                previous = close
                close = end
            }
            if close < bytes.count, !isCharacter("/", at: previous) { depth += 1 }
            position = close + 1
        }
        index = min(position, bytes.count)
    }

    /// The `&` that libxml2 complains about just before `location`, if there is one on its line
    /// (counting `location.column` in Characters from the line's start).
    func ampersand(before location: SourceLocation) -> SourceLocation {
        guard let start = source.lineStart(location.line) else { return location }
        var characters: [Int] = []
        var position = start
        while characters.count < location.column - 1, position < bytes.count {
            characters.append(position)
            position = next(position)
        }
        guard let ampersand = characters.last(where: { isCharacter("&", at: $0) }) else { return location }
        return self.location(ampersand)
    }
}
