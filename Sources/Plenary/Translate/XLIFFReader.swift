import Foundation

/// Reads the units of an XLIFF 1.2 or 2.0 file as CAT tools send them back: segmented
/// (`<seg-source>`/`<mrk mtype="seg">`, several 2.0 `<segment>`s), annotated (`<mrk>`), codes
/// rewritten as `<x/>` or `<bx/>`/`<ex/>` (1.2) or `<sc/>`/`<ec/>` (2.0), pretty-printed, with
/// states and notes. Whatever it cannot map back to Plenary's markup is a problem naming the unit
/// and its place in the file: nothing in a target is ever dropped without a word.
struct XLIFFReader {
    typealias Piece = XLIFFExporter.Piece

    /// What a unit's target says about itself.
    enum Verdict: Equatable {
        /// Translated, reviewed or final: recorded as translated from the current original.
        case translated
        /// A state that is not a finished translation but carries a draft (1.2 `needs-review-*`,
        /// 2.0 `initial` or any `subState`): the text is imported, not recorded, and a warning says so.
        case needsReview(String)
        /// A state that says there is no translation yet (1.2 `new`, `needs-translation`, …): the unit is skipped.
        case untranslated(String)
        /// No state at all: the text is imported, not recorded as translated.
        case unstated
    }

    struct Unit {
        var id: String
        var line: Int
        var source: [Piece]
        /// nil: no target, an empty one, or a segmented target with a segment left empty.
        var target: [Piece]?
        /// Why `target` is nil although the file has a target element.
        var incomplete: String?
        var verdict: Verdict
        var notes: [String]
    }

    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    let path: String
    let lines: [Substring]?
    /// The current original of each unit, as pieces: what `<x id="2"/>` or `<bx id="e1"/>` stand for.
    let originals: [String: [Piece]]
    private(set) var problems: [Diagnostic] = []

    init(path: String, data: Data, originals: [String: [Piece]]) {
        self.path = path
        self.originals = originals
        // Columns are found in the text of UTF-8 files only; libxml2 keeps no column on nodes.
        lines = String(data: data, encoding: .utf8).map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
    }

    // MARK: Locations

    /// Where `node` starts: its line, and the column of its `<name` on that line when it can be found.
    func location(of node: XMLNode) -> SourceLocation {
        let line = max(1, node.line)
        var column = 1
        if node.kind == .element, let lines, line <= lines.count, let range = lines[line - 1].range(of: "<" + node.name) ?? lines[line - 1].range(of: ":" + node.name) {
            column = lines[line - 1].distance(from: lines[line - 1].startIndex, to: range.lowerBound) + 1
        }
        return SourceLocation(path: path, line: line, column: column)
    }

    mutating func refuse(_ node: XMLNode, unit: String, _ message: String, hint: String? = nil) {
        problems.append(.error(at: location(of: node), "unit `\(unit)`: \(message)", hint: hint))
    }

    static let codeHint = "keep the inline codes as the exported file has them (ph, g, x, bx/ex in XLIFF 1.2; ph, pc, sc/ec in 2.0) and annotations as mrk"

    // MARK: XLIFF 1.2

    mutating func units12(_ tree: XMLTree) -> [Unit] {
        let ns = ["x": XLIFFExporter.namespace12]
        return (tree.select("//x:trans-unit", namespaces: ns) ?? []).map { element in
            let id = element.attribute("id") ?? ""
            let source = element.elementChildren.first { $0.name == "source" }
            let target = element.elementChildren.first { $0.name == "target" }
            // The codes by the ids the exporter gave them, for <x id="…"/> and an emptied <ph id="…"/>.
            let (codes, paired) = Self.codeTable(originals[id] ?? [])
            let sourcePieces = source.map { normalised(pieces12($0, unit: id, codes: codes, paired: paired), of: $0) } ?? []
            var unit = Unit(id: id, line: element.line, source: sourcePieces, target: nil, incomplete: nil, verdict: .unstated,
                            notes: element.elementChildren.filter { $0.name == "note" && $0.attribute("from") != "plenary" }.map(\.textContent))
            guard let target else { return unit }
            unit.verdict = verdict12(state: target.attribute("state"), qualifier: target.attribute("state-qualifier"),
                                     approved: element.attribute("approved"))
            let pieces = normalised(pieces12(target, unit: id, codes: codes, paired: paired), of: target)
            // A segmented target with a segment left empty is a partial translation: never half a unit.
            let segments = target.elementChildren.filter { $0.name == "mrk" && $0.attribute("mtype") == "seg" }
            if segments.contains(where: { $0.textContent.allSatisfy(\.isWhitespace) && $0.elementChildren.isEmpty }) {
                unit.incomplete = "a segment of the target is empty"
            } else if !Self.isEmpty(pieces) {
                unit.target = pieces
            }
            return unit
        }
    }

    /// The codes of a unit as the exporter numbers them (the n-th distinct `[[…]]` tag is id n,
    /// 2.0 data `dn`) and the ids of its paired codes.
    static func codeTable(_ pieces: [Piece]) -> (codes: [String: String], paired: Set<String>) {
        var codes: [String] = [], paired: Set<String> = []
        func walk(_ pieces: [Piece]) {
            for piece in pieces {
                switch piece {
                case .code(let raw): if !codes.contains(raw) { codes.append(raw) }
                case .paired(let id, let inner): paired.insert(id); walk(inner)
                case .text, .lineBreak: break
                }
            }
        }
        walk(pieces)
        return (Dictionary(uniqueKeysWithValues: codes.enumerated().map { (String($0.offset + 1), $0.element) }), paired)
    }

    /// 1.2 states: translate-toolkit and others also say `approved="yes"` on the unit.
    func verdict12(state: String?, qualifier: String?, approved: String?) -> Verdict {
        let finished: Set<String> = ["translated", "signed-off", "final"]
        if let qualifier, ["fuzzy-match", "mt-suggestion"].contains(qualifier) { return .needsReview("state-qualifier=\"\(qualifier)\"") }
        switch state {
        case let state? where finished.contains(state): return .translated
        case let state? where ["new", "needs-translation"].contains(state): return .untranslated("state=\"\(state)\"")
        case let state?: return .needsReview("state=\"\(state)\"")
        case nil: return approved == "yes" ? .translated : .unstated
        }
    }

    private mutating func pieces12(_ node: XMLNode, unit: String, codes: [String: String], paired: Set<String>) -> [Piece] {
        // <bx/> … <ex/> open and close a paired code among siblings.
        var codes12 = PairedCodes(node)
        func add(_ piece: Piece) { codes12.add(piece) }
        for child in node.children {
            switch child.kind {
            case .text: add(.text(child.textContent))
            case .comment: continue
            case .other:
                refuse(node, unit: unit, "the text holds a processing instruction or entity reference, which Plenary cannot keep", hint: Self.codeHint)
            case .element where child.namespaceURI != XLIFFExporter.namespace12:
                refuse(child, unit: unit, "<\(child.name)> from another namespace is not XLIFF inline markup", hint: Self.codeHint)
            case .element:
                switch child.name {
                case "ph", "x":
                    if child.textContent.isEmpty, Self.isLineBreak(child, typedBy: "ctype", value: "lb") {
                        add(.lineBreak)
                    } else if child.name == "ph", !child.elementChildren.isEmpty {
                        refuse(child, unit: unit, "<ph> with elements inside cannot be mapped back to a Plenary tag", hint: Self.codeHint)
                    } else if child.name == "ph", !child.textContent.isEmpty {
                        add(.code(child.textContent))
                    } else if let code = child.attribute("id").flatMap({ codes[$0] }) {
                        add(.code(code))
                    } else {
                        refuse(child, unit: unit, "<\(child.name) id=\"\(child.attribute("id") ?? "")\"/> stands for no code of the source", hint: Self.codeHint)
                    }
                case "g": add(.paired(id: child.attribute("id") ?? "", pieces12(child, unit: unit, codes: codes, paired: paired)))
                case "mrk": for piece in pieces12(child, unit: unit, codes: codes, paired: paired) { add(piece) }
                case "bx":
                    let id = child.attribute("rid") ?? child.attribute("id") ?? ""
                    if !codes12.open(id, at: child, known: paired) {
                        refuse(child, unit: unit, "<bx id=\"\(id)\"/> opens no paired code of the source", hint: Self.codeHint)
                    }
                case "ex":
                    let id = child.attribute("rid") ?? child.attribute("id") ?? ""
                    if !codes12.close(id) {
                        refuse(child, unit: unit, "<ex id=\"\(id)\"/> closes no open <bx/>", hint: Self.codeHint)
                    }
                default:
                    refuse(child, unit: unit, "<\(child.name)> is not inline markup Plenary can map back to its own", hint: Self.codeHint)
                }
            }
        }
        for open in codes12.unclosed() {
            refuse(open.node, unit: unit, "<bx id=\"\(open.id)\"/> is never closed by an <ex/>", hint: Self.codeHint)
        }
        return codes12.pieces
    }

    // MARK: XLIFF 2.0

    mutating func units20(_ tree: XMLTree) -> [Unit] {
        let ns = ["x": XLIFFExporter.namespace20]
        return (tree.select("//x:unit", namespaces: ns) ?? []).map { element in
            let id = element.attribute("id") ?? ""
            var data: [String: String] = [:]
            for item in element.elementChildren.first(where: { $0.name == "originalData" })?.elementChildren ?? [] {
                data[item.attribute("id") ?? ""] = item.textContent
            }
            let notes = element.elementChildren.first { $0.name == "notes" }?.elementChildren
                .filter { $0.name == "note" && $0.attribute("category") != "plenary" }.map(\.textContent) ?? []
            var unit = Unit(id: id, line: element.line, source: [], target: nil, incomplete: nil, verdict: .unstated, notes: notes)
            let (codes, paired) = Self.codeTable(originals[id] ?? [])
            for (number, code) in codes where data["d" + number] == nil { data["d" + number] = code }
            // A unit is its segments and ignorables in order; an ignorable without a target keeps its source.
            var target: [Piece] = [], hasTarget = false, states: [Verdict] = []
            for part in element.elementChildren where part.name == "segment" || part.name == "ignorable" {
                let source = part.elementChildren.first { $0.name == "source" }
                let sourcePieces = source.map { normalised(pieces20($0, unit: id, data: data, paired: paired), of: $0) } ?? []
                unit.source += sourcePieces
                let partTarget = part.elementChildren.first { $0.name == "target" }
                let targetPieces = partTarget.map { normalised(pieces20($0, unit: id, data: data, paired: paired), of: $0) }
                if part.name == "ignorable" {
                    target += targetPieces ?? sourcePieces
                    continue
                }
                let state = part.attribute("state") ?? "initial"
                let subState = part.attribute("subState")
                states.append(subState.map { .needsReview("state=\"\(state)\" subState=\"\($0)\"") }
                              ?? (["translated", "reviewed", "final"].contains(state) ? .translated : .needsReview("state=\"\(state)\"")))
                if let targetPieces, !Self.isEmpty(targetPieces) {
                    hasTarget = true
                    target += targetPieces
                } else if !Self.isEmpty(sourcePieces) {
                    unit.incomplete = partTarget == nil ? "a segment has no target" : "a segment of the target is empty"
                }
            }
            unit.source = Self.merge(unit.source)
            unit.verdict = states.first { $0 != .translated } ?? .translated
            if hasTarget && unit.incomplete == nil { unit.target = Self.merge(target) }
            if !hasTarget { unit.incomplete = nil }
            return unit
        }
    }

    private mutating func pieces20(_ node: XMLNode, unit: String, data: [String: String], paired: Set<String>) -> [Piece] {
        // <sc/> … <ec/> open and close a paired code among siblings.
        var codes20 = PairedCodes(node)
        func add(_ piece: Piece) { codes20.add(piece) }
        for child in node.children {
            switch child.kind {
            case .text: add(.text(child.textContent))
            case .comment: continue
            case .other:
                refuse(node, unit: unit, "the text holds a processing instruction or entity reference, which Plenary cannot keep", hint: Self.codeHint)
            case .element where child.namespaceURI != XLIFFExporter.namespace20:
                refuse(child, unit: unit, "<\(child.name)> from another namespace is not XLIFF inline markup", hint: Self.codeHint)
            case .element:
                switch child.name {
                case "ph":
                    if let code = child.attribute("dataRef").flatMap({ data[$0] }) { add(.code(code)) }
                    else if Self.isLineBreak(child, typedBy: "subType", value: "xlf:lb") { add(.lineBreak) }
                    else {
                        refuse(child, unit: unit, "<ph id=\"\(child.attribute("id") ?? "")\"/> refers to no original data of the unit", hint: Self.codeHint)
                    }
                case "pc": add(.paired(id: child.attribute("id") ?? "", pieces20(child, unit: unit, data: data, paired: paired)))
                case "mrk": for piece in pieces20(child, unit: unit, data: data, paired: paired) { add(piece) }
                case "sm", "em": continue   // annotation boundaries: no text of their own
                case "sc":
                    let id = child.attribute("id") ?? ""
                    if !codes20.open(id, at: child, known: paired) {
                        refuse(child, unit: unit, "<sc id=\"\(id)\"/> opens no paired code of the source", hint: Self.codeHint)
                    }
                case "ec":
                    let id = child.attribute("startRef") ?? ""
                    if !codes20.close(id) {
                        refuse(child, unit: unit, "<ec startRef=\"\(id)\"/> closes no open <sc/> of this segment", hint: Self.codeHint)
                    }
                default:
                    refuse(child, unit: unit, "<\(child.name)> is not inline markup Plenary can map back to its own", hint: Self.codeHint)
                }
            }
        }
        for open in codes20.unclosed() {
            refuse(open.node, unit: unit, "<sc id=\"\(open.id)\"/> is never closed by an <ec/> in the same segment", hint: Self.codeHint)
        }
        return codes20.pieces
    }

    /// A placeholder for `[[br]]`: typed as a line break (1.2 `ctype="lb"`, 2.0 `subType="xlf:lb"`),
    /// or with the id the exporter gives line breaks (`br1`, `br2`, …) where a tool dropped the type.
    static func isLineBreak(_ node: XMLNode, typedBy attribute: String, value: String) -> Bool {
        if node.attribute(attribute) == value { return true }
        guard let id = node.attribute("id"), id.hasPrefix("br") else { return false }
        let number = id.dropFirst(2)
        return !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    // MARK: Text

    static func isEmpty(_ pieces: [Piece]) -> Bool {
        pieces.allSatisfy { if case .text(let text) = $0 { text.allSatisfy(\.isWhitespace) } else { false } }
    }

    /// Adjacent text pieces joined, empty ones dropped, as the parser of the sources would give them.
    static func merge(_ pieces: [Piece]) -> [Piece] { XLIFFImporter.merge(pieces) }

    /// Whether `xml:space="preserve"` is in force on `node` (the nearest `xml:space` wins).
    static func preservesSpace(_ node: XMLNode) -> Bool {
        var current: XMLNode? = node
        while let element = current {
            if let value = element.attributes.first(where: { $0.name == "space" && $0.namespaceURI == xmlNamespace })?.value {
                return value == "preserve"
            }
            current = element.parent
        }
        return false
    }

    /// Under `xml:space="default"` (or none), the white space a pretty-printer adds is not text: a
    /// run with a line break at either end of the element goes, one inside becomes a space (or
    /// nothing between two Chinese characters, which are written without spaces). Runs without a
    /// line break are the translator's and stay.
    func normalised(_ pieces: [Piece], of node: XMLNode) -> [Piece] {
        Self.preservesSpace(node) ? pieces : Self.collapsingLayout(pieces, atStart: true, atEnd: true)
    }

    static func collapsingLayout(_ pieces: [Piece], atStart: Bool, atEnd: Bool) -> [Piece] {
        var pieces = pieces
        func layout(_ run: some Collection<Character>) -> Bool { run.contains { $0 == "\n" || $0 == "\r" } }
        if atStart, case .text(let text)? = pieces.first {
            let run = text.prefix { $0.isWhitespace }
            if layout(run) { pieces[0] = .text(String(text.dropFirst(run.count))) }
        }
        if atEnd, case .text(let text)? = pieces.last {
            let run = text.reversed().prefix { $0.isWhitespace }
            if layout(run) { pieces[pieces.count - 1] = .text(String(text.dropLast(run.count))) }
        }
        return merge(pieces.map { piece -> Piece in
            switch piece {
            case .text(let text): .text(collapse(text))
            case .code, .lineBreak: piece
            case .paired(let id, let inner): .paired(id: id, collapsingLayout(inner, atStart: false, atEnd: false))
            }
        })
    }

    /// Each run of white space holding a line break becomes a space, or nothing next to a Chinese
    /// character; runs at the ends of the element were removed before.
    private static func collapse(_ text: String) -> String {
        guard text.contains(where: { $0 == "\n" || $0 == "\r" }) else { return text }
        let characters = Array(text)
        var output = "", index = 0
        while index < characters.count {
            guard characters[index].isWhitespace else { output.append(characters[index]); index += 1; continue }
            var end = index
            while end < characters.count, characters[end].isWhitespace { end += 1 }
            let run = characters[index..<end]
            if run.contains(where: { $0 == "\n" || $0 == "\r" }) {
                let wide = (index > 0 && isWide(characters[index - 1])) || (end < characters.count && isWide(characters[end]))
                if !wide { output.append(" ") }
            } else {
                output.append(contentsOf: run)
            }
            index = end
        }
        return output
    }

    private static func isWide(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x2E80...0x303F, 0x3040...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF, 0x20000...0x3FFFD: return true
        default: return false
        }
    }

    /// The first character a YAML file cannot hold (C0 controls other than tab and line breaks,
    /// DEL, C1 controls): written into a language file, it would make every later build fail.
    static func forbiddenCharacter(in pieces: [Piece]) -> Unicode.Scalar? {
        for piece in pieces {
            switch piece {
            case .text(let text), .code(let text):
                if let scalar = text.unicodeScalars.first(where: { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || (0x7F...0x9F).contains($0.value) || $0.value == 0xFEFF }) {
                    return scalar
                }
            case .paired(_, let inner):
                if let scalar = forbiddenCharacter(in: inner) { return scalar }
            case .lineBreak: break
            }
        }
        return nil
    }
}

/// BCP 47 matching of an XLIFF file's target language against a Plenary language: the primary
/// subtag case-insensitively; a region (`zh-CN`) is accepted, and so is a script unless it
/// contradicts the language's own (`zh-Hant` is not Plenary's `zh`, which is `zh-Hans`).
enum LanguageTag {
    static func matches(_ tag: String, _ language: Language) -> Bool {
        let subtags = tag.replacingOccurrences(of: "_", with: "-").lowercased().split(separator: "-").map(String.init)
        guard let primary = subtags.first, primary == language.code.lowercased() else { return false }
        let own: String? = language.localeIdentifier.lowercased().split(separator: "-").map(String.init).dropFirst().first { $0.count == 4 }
        if let script = subtags.dropFirst().first(where: { $0.count == 4 && $0.allSatisfy(\.isLetter) }), let own, script != own { return false }
        return true
    }
}

/// Paired codes written as separate open and close elements among siblings (1.2 `<bx/>`/`<ex/>`,
/// 2.0 `<sc/>`/`<ec/>`): a stack of the open ones, each gathering the pieces written inside it.
/// The two readers give their own messages for what does not pair.
private struct PairedCodes {
    private var stack: [(id: String, node: XMLNode, pieces: [XLIFFReader.Piece])]

    init(_ node: XMLNode) { stack = [("", node, [])] }

    mutating func add(_ piece: XLIFFReader.Piece) { stack[stack.count - 1].pieces.append(piece) }

    /// Opens `id` if the source has a paired code of that id.
    mutating func open(_ id: String, at node: XMLNode, known: Set<String>) -> Bool {
        guard known.contains(id) else { return false }
        stack.append((id, node, []))
        return true
    }

    /// Closes `id` if it is the innermost open code.
    mutating func close(_ id: String) -> Bool {
        guard stack.count > 1, stack[stack.count - 1].id == id else { return false }
        let open = stack.removeLast()
        add(.paired(id: open.id, XLIFFReader.merge(open.pieces)))
        return true
    }

    /// The codes still open, innermost first; they are closed (their pieces dropped).
    mutating func unclosed() -> [(id: String, node: XMLNode)] {
        var result: [(id: String, node: XMLNode)] = []
        while stack.count > 1 {
            let open = stack.removeLast()
            result.append((open.id, open.node))
        }
        return result
    }

    var pieces: [XLIFFReader.Piece] { XLIFFReader.merge(stack[0].pieces) }
}
