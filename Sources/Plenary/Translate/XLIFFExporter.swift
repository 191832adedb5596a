public import Foundation

/// `plenary xliff export`: one unit per Plenary id, inline markup as protected codes a CAT tool
/// will not let the translator break (`[[…]]` tags and line breaks as placeholders, emphasis,
/// bold, superscript and a decision element's operative verb as paired codes), the state and the
/// stale notes carried over.
/// XLIFF 1.2 by default (what Trados, memoQ and Okapi read best), 2.0 on request.
public struct XLIFFExporter: Sendable {
    public enum Version: String, Sendable, CaseIterable { case v12 = "1.2", v20 = "2.0" }

    static let namespace12 = "urn:oasis:names:tc:xliff:document:1.2"
    static let namespace20 = "urn:oasis:names:tc:xliff:document:2.0"

    public let workspace: TranslationWorkspace

    public init(workspace: TranslationWorkspace) { self.workspace = workspace }

    /// One inline piece of a unit's text.
    enum Piece: Equatable {
        case text(String)
        case code(String)                   // a [[…]] tag, kept verbatim
        case lineBreak                      // [[br]]
        case paired(id: String, [Piece])    // emphasis (e1, e2, …), bold (b1, …), superscript (s1, …) or the operative verb
    }

    /// The markup a paired code stands for, by its id (nil for the verb and unknown ids).
    static func span(ofPaired id: String) -> InlineParser.Span? {
        guard let first = id.first, id.count > 1, id.dropFirst().allSatisfy(\.isASCII), id.dropFirst().allSatisfy(\.isNumber) else { return nil }
        switch first {
        case "e": return .emphasis
        case "b": return .strong
        case "s": return .superscript
        default: return nil
        }
    }

    /// The prefix of the ids of a span's paired codes.
    static func pairedPrefix(_ span: InlineParser.Span) -> String {
        switch span {
        case .emphasis: "e"
        case .strong: "b"
        case .superscript: "s"
        }
    }

    /// Splits an entry into pieces: the verb (if any) as a paired code, then the text.
    static func pieces(of entry: TextEntry) -> [Piece]? {
        // Each kind of span numbered on its own, in document order: e1, e2, …; b1, …; s1, ….
        func convert(_ markup: [InlineMarkup], counts: inout [InlineParser.Span: Int]) -> [Piece] {
            markup.map { node in
                func paired(_ span: InlineParser.Span, _ inner: [InlineMarkup]) -> Piece {
                    counts[span, default: 0] += 1
                    let id = pairedPrefix(span) + String(counts[span, default: 0])
                    return .paired(id: id, convert(inner, counts: &counts))
                }
                switch node {
                case .text(let text): return .text(text)
                case .tag(_, let raw): return .code(raw)
                case .lineBreak: return .lineBreak
                case .emphasis(let inner): return paired(.emphasis, inner)
                case .strong(let inner): return paired(.strong, inner)
                case .superscript(let inner): return paired(.superscript, inner)
                }
            }
        }
        var counts: [InlineParser.Span: Int] = [:]
        var result: [Piece] = []
        if let verb = entry.verb {
            guard let markup = try? InlineParser(source: verb).parse() else { return nil }
            result.append(.paired(id: "verb", convert(markup, counts: &counts)))
            result.append(.text(" "))
        }
        guard let markup = try? InlineParser(source: entry.text).parse() else { return nil }
        return XLIFFImporter.merge(result + convert(markup, counts: &counts))
    }

    public func export(to language: Language, version: Version) throws(DiagnosticError) -> Data {
        let status = try workspace.status(language)
        let document = workspace.document
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[language]?.entries ?? [:]
        let tree = XMLTree()
        let root = tree.makeRoot("xliff", namespace: version == .v12 ? Self.namespace12 : Self.namespace20)
        root.setAttribute("version", version.rawValue)
        let body: XMLNode
        if version == .v12 {
            let file = root.appendElement("file")
            file.setAttribute("original", "\(document.id)/\(document.original.code).yaml")
            file.setAttribute("source-language", document.original.localeIdentifier)
            file.setAttribute("target-language", language.localeIdentifier)
            file.setAttribute("datatype", "plaintext")
            file.setAttribute("tool-id", "plenary")
            let header = file.appendElement("header")
            header.appendElement("tool").setAttributes(["tool-id": "plenary", "tool-name": "Plenary"])
            body = file.appendElement("body")
        } else {
            root.setAttribute("srcLang", document.original.localeIdentifier)
            root.setAttribute("trgLang", language.localeIdentifier)
            body = root.appendElement("file")
            body.setAttribute("id", document.id)
            body.setAttribute("original", "\(document.id)/\(document.original.code).yaml")
        }
        for unit in status.units where unit.state != .orphan {
            guard let source = originals[unit.id], let sourcePieces = Self.pieces(of: source) else {
                throw DiagnosticError(.error(at: originals[unit.id]?.location ?? document.location,
                                             "`\(unit.id)` has markup errors; run plenary build to see them"))
            }
            let targetPieces = translations[unit.id].flatMap(Self.pieces(of:))
            let note = unit.previousOriginal.map { "The \(document.original.code) text changed since this unit was translated. It was: \($0)" }
            if version == .v12 {
                let element = body.appendElement("trans-unit")
                element.setAttribute("id", unit.id)
                element.setAttribute("resname", unit.id)
                element.setAttribute("xml:space", "preserve")
                var data: [String] = []
                collect(sourcePieces, into: &data)
                var breaks = 0
                write12(sourcePieces, into: element.appendElement("source"), data: data, breaks: &breaks)
                if let targetPieces {
                    let target = element.appendElement("target")
                    target.setAttribute("state", unit.state == .translated || unit.state == .staleMinor ? "translated" : "needs-review-translation")
                    var targetBreaks = 0
                    write12(targetPieces, into: target, data: data, breaks: &targetBreaks)
                }
                if let note {
                    let element = element.appendElement("note")
                    element.setAttribute("from", "plenary")
                    element.appendText(note)
                }
            } else {
                let element = body.appendElement("unit")
                element.setAttribute("id", unit.id)
                if let note {
                    let notes = element.appendElement("notes").appendElement("note")
                    notes.setAttribute("category", "plenary")
                    notes.appendText(note)
                }
                var data: [String] = []
                collect(sourcePieces, into: &data)
                if !data.isEmpty {
                    let original = element.appendElement("originalData")
                    for (index, code) in data.enumerated() {
                        let item = original.appendElement("data")
                        item.setAttribute("id", "d\(index + 1)")
                        item.appendText(code)
                    }
                }
                let segment = element.appendElement("segment")
                segment.setAttribute("state", targetPieces == nil ? "initial" : unit.state == .translated || unit.state == .staleMinor ? "translated" : "initial")
                var codes = 0, breaks = 0
                write20(sourcePieces, into: segment.appendElement("source"), codes: &codes, breaks: &breaks, data: data)
                if let targetPieces {
                    var targetCodes = 0, targetBreaks = 0
                    write20(targetPieces, into: segment.appendElement("target"), codes: &targetCodes, breaks: &targetBreaks, data: data)
                }
            }
        }
        return MarkupSerializer.data(for: tree, mode: .xml)
    }

    private func collect(_ pieces: [Piece], into data: inout [String]) {
        for piece in pieces {
            switch piece {
            case .code(let raw): if !data.contains(raw) { data.append(raw) }
            case .paired(_, let inner): collect(inner, into: &data)
            case .text, .lineBreak: break
            }
        }
    }

    /// A code's id is the position of its first occurrence among the source's codes, so the same
    /// tag has the same id in the source and in the target.
    private func write12(_ pieces: [Piece], into node: XMLNode, data: [String], breaks: inout Int) {
        for piece in pieces {
            switch piece {
            case .text(let text): node.appendText(text)
            case .code(let raw):
                let ph = node.appendElement("ph")
                ph.setAttribute("id", String((data.firstIndex(of: raw) ?? data.count) + 1))
                ph.setAttribute("ctype", "x-plenary-markup")
                ph.appendText(raw)
            case .lineBreak:
                breaks += 1
                let x = node.appendElement("x")
                x.setAttribute("id", "br\(breaks)")
                x.setAttribute("ctype", "lb")
            case .paired(let id, let inner):
                let g = node.appendElement("g")
                g.setAttribute("id", id)
                let ctype = switch Self.span(ofPaired: id) {
                case .emphasis: "italic"
                case .strong: "bold"
                case .superscript: "x-superscript"
                case nil: "x-plenary-verb"
                }
                g.setAttribute("ctype", ctype)
                write12(inner, into: g, data: data, breaks: &breaks)
            }
        }
    }

    private func write20(_ pieces: [Piece], into node: XMLNode, codes: inout Int, breaks: inout Int, data: [String]) {
        for piece in pieces {
            switch piece {
            case .text(let text): node.appendText(text)
            case .code(let raw):
                codes += 1
                let ph = node.appendElement("ph")
                let index = (data.firstIndex(of: raw) ?? 0) + 1
                ph.setAttribute("id", "c\(codes)")
                ph.setAttribute("dataRef", "d\(index)")
                ph.setAttribute("disp", raw)
            case .lineBreak:
                breaks += 1
                let ph = node.appendElement("ph")
                ph.setAttribute("id", "br\(breaks)")
                ph.setAttribute("type", "fmt")
                ph.setAttribute("subType", "xlf:lb")
            case .paired(let id, let inner):
                let pc = node.appendElement("pc")
                pc.setAttribute("id", id)
                pc.setAttribute("type", "fmt")
                switch Self.span(ofPaired: id) {
                case .strong: pc.setAttribute("subType", "xlf:b")
                case .superscript: pc.setAttribute("subType", "plenary:superscript")
                case .emphasis, nil: break
                }
                write20(inner, into: pc, codes: &codes, breaks: &breaks, data: data)
            }
        }
    }
}

extension XMLNode {
    func setAttributes(_ attributes: KeyValuePairs<String, String>) {
        for (name, value) in attributes { setAttribute(name, value) }
    }
}
