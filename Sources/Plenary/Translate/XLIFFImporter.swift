public import Foundation

/// `plenary xliff import`: writes the translations of an XLIFF file (1.2 or 2.0, as Plenary
/// exported it) back into the language file. Refuses, naming the unit, a file whose sources
/// differ from the current original (exported from another version) or whose targets do not carry
/// every inline code of the source exactly once — the schemas do not check that. Entries whose
/// text did not change are left byte for byte as they were.
public struct XLIFFImporter: Sendable {
    public let workspace: TranslationWorkspace

    public init(workspace: TranslationWorkspace) { self.workspace = workspace }

    public struct Result: Sendable {
        public var language: Language
        public var changed: [String]
        public var markedTranslated: Int
    }

    struct ImportedUnit {
        var id: String
        var source: [XLIFFExporter.Piece]
        var target: [XLIFFExporter.Piece]?
        var translated: Bool
        var line: Int
    }

    public func importFile(_ url: URL, displayPath: String) throws -> Result {
        let data = try Data(contentsOf: url)
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: displayPath) } catch {
            throw DiagnosticError(.error(at: SourceLocation(path: displayPath, line: error.first.line, column: max(1, error.first.column)),
                                         "not well-formed XML: \(error.first.message)"))
        }
        guard let root = tree.root, root.name == "xliff" else {
            throw DiagnosticError(.error(at: .file(displayPath), "not an XLIFF file"))
        }
        let is20 = root.namespaceURI == XLIFFExporter.namespace20
        let languageTag = is20 ? root.attribute("trgLang") : tree.select("//x:file", namespaces: ["x": XLIFFExporter.namespace12])?.first?.attribute("target-language")
        guard let tag = languageTag, let language = workspace.translations.first(where: { $0.localeIdentifier == tag || $0.code == tag }) else {
            throw DiagnosticError(.error(at: .file(displayPath), "the target language `\(languageTag ?? "")` is not a translation language of \(workspace.document.id)"))
        }
        let units = try is20 ? units20(tree, path: displayPath) : units12(tree, path: displayPath)

        let document = workspace.document
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[language]?.entries ?? [:]
        var problems: [Diagnostic] = []
        var replacements: [(id: String, text: String)] = []
        var toMark: [String] = []
        for unit in units {
            let at = SourceLocation(path: displayPath, line: unit.line, column: 1)
            guard let original = originals[unit.id], let current = XLIFFExporter.pieces(of: original) else {
                problems.append(.error(at: at, "unit `\(unit.id)` is not a unit of \(document.id)"))
                continue
            }
            guard current == unit.source else {
                problems.append(.error(at: at, "unit `\(unit.id)`: the source differs from the current \(document.original.code) text: the file was exported from a different version of the original",
                                       hint: "export the document again and carry the translations over"))
                continue
            }
            guard let target = unit.target else { continue }
            if let problem = codeMismatch(source: unit.source, target: target) {
                problems.append(.error(at: at, "unit `\(unit.id)`: \(problem)", hint: "inline codes stand for markup; keep each one, once"))
                continue
            }
            let existing = translations[unit.id].flatMap(XLIFFExporter.pieces(of:))
            if existing != target { replacements.append((unit.id, Self.yamlValue(target))) }
            if unit.translated { toMark.append(unit.id) }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }

        let languageFile = document.folder.appendingPathComponent("\(language.code).yaml")
        if !replacements.isEmpty {
            let editor = try YAMLEntryEditor(url: languageFile, displayPath: MeetingLoader(displayRoot: workspace.displayRoot).displayPath(languageFile))
            _ = try AtomicWriter.write(Data(editor.replacing(replacements).utf8), to: languageFile)
        }
        // Record what was translated from the reloaded sources, so fingerprints match what is on disk.
        let reloaded = try TranslationWorkspace(documentPath: document.folder, displayRoot: workspace.displayRoot)
        let marked = toMark.isEmpty ? 0 : try reloaded.markTranslated(language, ids: toMark)
        return Result(language: language, changed: replacements.map(\.id), markedTranslated: marked)
    }

    /// Every code of the source once in the target: placeholders as a multiset, paired codes by id.
    func codeMismatch(source: [XLIFFExporter.Piece], target: [XLIFFExporter.Piece]) -> String? {
        func codes(_ pieces: [XLIFFExporter.Piece]) -> [String] {
            pieces.flatMap { piece -> [String] in
                switch piece {
                case .text: []
                case .code(let raw): [raw]
                case .paired(let id, let inner): ["<\(id)>"] + codes(inner)
                }
            }
        }
        let a = codes(source), b = codes(target)
        for code in Set(a + b).sorted() {
            let inSource = a.filter { $0 == code }.count, inTarget = b.filter { $0 == code }.count
            // Emphasis (<e1>, …) may be dropped — Chinese sets no italics — but never added or doubled.
            let optional = code.hasPrefix("<e") && inTarget < inSource
            if inSource != inTarget && !optional {
                return "the inline code \(code) appears \(inTarget) time\(inTarget == 1 ? "" : "s") in the target and \(inSource) in the source"
            }
        }
        return nil
    }

    // MARK: Reading units

    private func units12(_ tree: XMLTree, path: String) throws -> [ImportedUnit] {
        let ns = ["x": XLIFFExporter.namespace12]
        return (tree.select("//x:trans-unit", namespaces: ns) ?? []).map { element in
            let source = element.elementChildren.first { $0.name == "source" }
            let target = element.elementChildren.first { $0.name == "target" }
            let state = target?.attribute("state") ?? ""
            return ImportedUnit(id: element.attribute("id") ?? "", source: source.map { pieces12($0) } ?? [],
                                target: target.map { pieces12($0) }, translated: ["translated", "signed-off", "final"].contains(state),
                                line: element.line)
        }
    }

    private func pieces12(_ node: XMLNode) -> [XLIFFExporter.Piece] {
        Self.merge(node.children.compactMap { child -> XLIFFExporter.Piece? in
            switch child.kind {
            case .text: return .text(child.textContent)
            case .element where child.name == "ph" || child.name == "x": return .code(child.textContent)
            case .element where child.name == "g": return .paired(id: child.attribute("id") ?? "", pieces12(child))
            default: return nil
            }
        })
    }

    private func units20(_ tree: XMLTree, path: String) throws -> [ImportedUnit] {
        let ns = ["x": XLIFFExporter.namespace20]
        return (tree.select("//x:unit", namespaces: ns) ?? []).map { element in
            var data: [String: String] = [:]
            for item in element.elementChildren.first(where: { $0.name == "originalData" })?.elementChildren ?? [] {
                data[item.attribute("id") ?? ""] = item.textContent
            }
            let segment = element.elementChildren.first { $0.name == "segment" }
            let source = segment?.elementChildren.first { $0.name == "source" }
            let target = segment?.elementChildren.first { $0.name == "target" }
            let state = segment?.attribute("state") ?? "initial"
            return ImportedUnit(id: element.attribute("id") ?? "", source: source.map { pieces20($0, data: data) } ?? [],
                                target: target.map { pieces20($0, data: data) }, translated: ["translated", "reviewed", "final"].contains(state),
                                line: element.line)
        }
    }

    private func pieces20(_ node: XMLNode, data: [String: String]) -> [XLIFFExporter.Piece] {
        Self.merge(node.children.compactMap { child -> XLIFFExporter.Piece? in
            switch child.kind {
            case .text: return .text(child.textContent)
            case .element where child.name == "ph": return .code(data[child.attribute("dataRef") ?? ""] ?? child.attribute("disp") ?? "")
            case .element where child.name == "pc": return .paired(id: child.attribute("id") ?? "", pieces20(child, data: data))
            default: return nil
            }
        })
    }

    /// Adjacent text pieces joined, as the parser of the sources would give them.
    static func merge(_ pieces: [XLIFFExporter.Piece]) -> [XLIFFExporter.Piece] {
        var result: [XLIFFExporter.Piece] = []
        for piece in pieces {
            if case .text(let text) = piece, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + text)
            } else if case .text(let text) = piece, text.isEmpty {
                continue
            } else {
                result.append(piece)
            }
        }
        return result
    }

    // MARK: Writing the language file

    /// The pieces as the value of a YAML entry: `"text"` or `{verb: "…", text: "…"}`.
    static func yamlValue(_ pieces: [XLIFFExporter.Piece]) -> String {
        func markup(_ pieces: [XLIFFExporter.Piece]) -> String {
            pieces.map { piece in
                switch piece {
                case .text(let text):
                    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*")
                        .replacingOccurrences(of: "[[", with: "\\[[")
                case .code(let raw): raw
                case .paired(_, let inner): "*" + markup(inner) + "*"
                }
            }.joined()
        }
        if case .paired("verb", let verb)? = pieces.first {
            var rest = Array(pieces.dropFirst())
            if case .text(let text)? = rest.first {
                let trimmed = String(text.drop { $0 == " " })
                if trimmed.isEmpty { rest.removeFirst() } else { rest[0] = .text(trimmed) }
            }
            return "{verb: \(TranslationRecord.quoted(markup(verb))), text: \(TranslationRecord.quoted(markup(rest)))}"
        }
        return TranslationRecord.quoted(markup(pieces))
    }
}

/// Replaces whole top-level entries of a YAML language file, leaving every other line — comments,
/// blank lines, folding — exactly as the translator wrote it. New entries go at the end.
struct YAMLEntryEditor {
    let lines: [String]
    let starts: [(id: String, line: Int)]

    init(url: URL, displayPath: String) throws {
        let file = try YAMLFile(url: url, displayPath: displayPath)
        lines = file.source.text.components(separatedBy: "\n")
        starts = try file.entries(file.root, what: displayPath).map { ($0.key, file.location(of: $0.keyNode).line) }
    }

    func replacing(_ replacements: [(id: String, text: String)]) -> String {
        var output = lines
        var appended: [String] = []
        // From the last entry up, so earlier line numbers stay valid.
        let byId = Dictionary(replacements.map { ($0.id, $0.text) }, uniquingKeysWith: { a, _ in a })
        let ordered = starts.sorted { $0.line < $1.line }
        for (index, start) in ordered.enumerated().reversed() {
            guard let text = byId[start.id] else { continue }
            var end = index + 1 < ordered.count ? ordered[index + 1].line - 1 : output.count
            // Keep the blank lines and comments that precede the next entry.
            while end > start.line, output[end - 1].trimmingCharacters(in: .whitespaces).isEmpty || output[end - 1].hasPrefix("#") { end -= 1 }
            output.replaceSubrange((start.line - 1)..<end, with: ["\(start.id): \(text)"])
        }
        let known = Set(starts.map(\.id))
        for (id, text) in replacements where !known.contains(id) { appended.append("\(id): \(text)") }
        var result = output.joined(separator: "\n")
        if !appended.isEmpty {
            if !result.hasSuffix("\n") { result += "\n" }
            result += appended.joined(separator: "\n") + "\n"
        }
        return result
    }
}
