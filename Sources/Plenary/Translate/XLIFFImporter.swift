public import Foundation

/// `plenary xliff import`: writes the translations of an XLIFF file (1.2 or 2.0, as Plenary
/// exported it and as CAT tools send it back) into the language file. The whole file is checked
/// before anything is written, and one problem anywhere writes nothing. Refused, naming the unit: a
/// source that differs from the current original (exported from another version), a target that
/// does not carry every inline code of the source exactly once (the schemas do not check that), an
/// inline element that cannot be mapped back to Plenary's markup, a character a YAML file cannot
/// hold, a unit id given twice. An empty or absent target never replaces a translation: the unit is
/// skipped and reported. A state that is not a finished translation and a translator's note are
/// reported per unit (README.md, "XLIFF"). Entries whose text did not change are left byte for byte.
public struct XLIFFImporter: Sendable {
    public let workspace: TranslationWorkspace

    public init(workspace: TranslationWorkspace) { self.workspace = workspace }

    public struct Result: Sendable {
        public var language: Language
        public var changed: [String]
        public var markedTranslated: Int
        /// Units whose target is absent, empty, partial or marked untranslated: left as they were.
        public var skipped: [String]
        /// One per unit whose state asks for review or that carries a translator's note.
        public var warnings: [Diagnostic]
    }

    typealias ImportedUnit = XLIFFReader.Unit

    /// Imports `url`. The document is locked for the whole import (see `DocumentLock`) and
    /// reloaded under the lock, so two imports into one document take turns and neither loses
    /// the other's changes; `waiting` is called once if another holds the lock.
    public func importFile(_ url: URL, displayPath: String, waiting: () -> Void = {}) throws -> Result {
        let data = try Data(contentsOf: url)
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: displayPath) } catch { throw DiagnosticError(error.diagnostic()) }
        guard let root = tree.root, root.name == "xliff",
              root.namespaceURI == XLIFFExporter.namespace12 || root.namespaceURI == XLIFFExporter.namespace20 else {
            throw DiagnosticError(.error(at: .file(displayPath), "not an XLIFF 1.2 or 2.0 file"))
        }
        let is20 = root.namespaceURI == XLIFFExporter.namespace20
        let tags = is20 ? [root.attribute("trgLang") ?? ""]
            : (tree.select("//x:file", namespaces: ["x": XLIFFExporter.namespace12]) ?? []).map { $0.attribute("target-language") ?? "" }
        let languages = Set(tags.map { tag in workspace.translations.first { LanguageTag.matches(tag, $0) } })
        guard languages.count == 1, let found = languages.first, let language = found else {
            let named = tags.isEmpty ? "none" : tags.map { "`\($0)`" }.joined(separator: ", ")
            throw DiagnosticError(.error(at: SourceLocation(path: displayPath, line: max(1, root.line), column: 1), "the target language (\(named)) is not one translation language of \(workspace.document.id)",
                                         hint: "the translation languages are \(workspace.translations.map(\.code).joined(separator: ", "))"))
        }

        let lock = try DocumentLock(folder: workspace.document.folder, waiting: waiting)
        defer { withExtendedLifetime(lock) {} }
        // Reloaded under the lock: another import may have written the file since `workspace` was read.
        let current = try TranslationWorkspace(documentPath: workspace.document.folder, displayRoot: workspace.displayRoot)
        let document = current.document
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[language]?.entries ?? [:]
        var reader = XLIFFReader(path: displayPath, data: data, originals: originals.compactMapValues(XLIFFExporter.pieces(of:)))
        let units = is20 ? reader.units20(tree) : reader.units12(tree)
        var problems = reader.problems
        var replacements: [(id: String, text: String)] = [], toMark: [String] = [], skipped: [String] = []
        var warnings: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for unit in units {
            let at = SourceLocation(path: displayPath, line: unit.line, column: 1)
            if let first = seen[unit.id] {
                problems.append(.error(at: at, "unit `\(unit.id)` is given twice, first at line \(first)", hint: "a file has one unit per id"))
                continue
            }
            seen[unit.id] = unit.line
            guard let original = originals[unit.id], let currentPieces = XLIFFExporter.pieces(of: original) else {
                problems.append(.error(at: at, "unit `\(unit.id)` is not a unit of \(document.id)"))
                continue
            }
            guard currentPieces == unit.source else {
                problems.append(.error(at: at, "unit `\(unit.id)`: the source differs from the current \(document.original.code) text: the file was exported from a different version of the original",
                                       hint: "export the document again and carry the translations over"))
                continue
            }
            for note in unit.notes {
                warnings.append(Diagnostic(.warning, at: at, "unit `\(unit.id)` has a translator's note: \(note.trimmingCharacters(in: .whitespacesAndNewlines))"))
            }
            if case .untranslated(let state) = unit.verdict {
                if unit.target != nil { warnings.append(Diagnostic(.warning, at: at, "unit `\(unit.id)`: the target is marked \(state), not a translation: skipped")) }
                skipped.append(unit.id)
                continue
            }
            guard let target = unit.target else {
                if let why = unit.incomplete { warnings.append(Diagnostic(.warning, at: at, "unit `\(unit.id)`: \(why): skipped, the translation is left as it was")) }
                skipped.append(unit.id)
                continue
            }
            if let problem = codeMismatch(source: unit.source, target: target) {
                problems.append(.error(at: at, "unit `\(unit.id)`: \(problem)", hint: "inline codes stand for markup; keep each one, once"))
                continue
            }
            if let problem = Self.unreadableMarkup(target) {
                problems.append(.error(at: at, "unit `\(unit.id)`: \(problem)", hint: "put the codes against the words they mark, with the spaces outside them"))
                continue
            }
            if let scalar = XLIFFReader.forbiddenCharacter(in: target) {
                problems.append(.error(at: at, "unit `\(unit.id)`: the target contains U+\(String(format: "%04X", scalar.value)), a control character a language file cannot hold",
                                       hint: "remove it in the CAT tool and export again"))
                continue
            }
            let existing = translations[unit.id].flatMap(XLIFFExporter.pieces(of:))
            if existing != target { replacements.append((unit.id, Self.yamlValue(target))) }
            switch unit.verdict {
            case .translated: toMark.append(unit.id)
            case .needsReview(let state):
                warnings.append(Diagnostic(.warning, at: at, "unit `\(unit.id)`: the target is marked \(state): \(existing != target ? "imported" : "unchanged"), not recorded as translated",
                                           hint: "review it; `plenary translated` records it once it is final"))
            case .unstated, .untranslated: break
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }

        let languageFile = document.folder.appendingPathComponent("\(language.code).yaml")
        if !replacements.isEmpty {
            let editor = try YAMLEntryEditor(url: languageFile, displayPath: MeetingLoader(displayRoot: current.displayRoot).displayPath(languageFile))
            try Self.replace(languageFile, with: Data(editor.replacing(replacements).utf8))
        }
        // Record what was translated from the reloaded sources, so fingerprints match what is on disk.
        let reloaded = try TranslationWorkspace(documentPath: document.folder, displayRoot: current.displayRoot)
        let marked = toMark.isEmpty ? 0 : try reloaded.markTranslated(language, ids: toMark)
        return Result(language: language, changed: replacements.map(\.id), markedTranslated: marked, skipped: skipped, warnings: warnings)
    }

    /// Writes `data` over the language file atomically (temporary file, then rename), giving the
    /// new file the old one's permission mode: a file a team shares read-write stays so.
    static func replace(_ url: URL, with data: Data) throws {
        let mode = ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.posixPermissions] as? Int).map { mode_t($0) } ?? 0o644
        if AtomicWriter.isUnchanged(data, at: url) { return }
        let temporary = try AtomicWriter.writeTemporary(data, for: url, synchronize: true)
        guard chmod(temporary.path, mode) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO, userInfo: [NSFilePathErrorKey: url.path])
        }
        try AtomicWriter.moveIntoPlace(temporary, url)
    }

    /// Every code of the source once in the target: placeholders as a multiset, paired codes by id.
    func codeMismatch(source: [XLIFFExporter.Piece], target: [XLIFFExporter.Piece]) -> String? {
        func codes(_ pieces: [XLIFFExporter.Piece]) -> [String] {
            pieces.flatMap { piece -> [String] in
                switch piece {
                case .text: []
                case .code(let raw): [raw]
                case .lineBreak: ["[[br]]"]
                case .paired(let id, let inner): ["<\(id)>"] + codes(inner)
                }
            }
        }
        let a = codes(source), b = codes(target)
        for code in Set(a + b).sorted() {
            let inSource = a.filter { $0 == code }.count, inTarget = b.filter { $0 == code }.count
            // Emphasis (<e1>, …) may be dropped — Chinese sets no italics — but never added or
            // doubled. Bold and superscript (<b1>, <s1>) carry meaning (10^3^) and must stay.
            let optional = code.hasPrefix("<e") && inTarget < inSource
            if inSource != inTarget && !optional {
                return "the inline code \(code) appears \(inTarget) time\(inTarget == 1 ? "" : "s") in the target and \(inSource) in the source"
            }
        }
        return nil
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
        let (verb, text) = markup(pieces)
        if let verb { return "{verb: \(TranslationRecord.quoted(verb)), text: \(TranslationRecord.quoted(text))}" }
        return TranslationRecord.quoted(text)
    }

    /// Why the markup written for `pieces` would not parse, if it would not: a code a CAT tool let
    /// the translator put against a space (`** 粗体**`) would make the next build fail.
    static func unreadableMarkup(_ pieces: [XLIFFExporter.Piece]) -> String? {
        let (verb, text) = markup(pieces)
        for value in [verb, text].compactMap({ $0 }) {
            let file = SourceFile(path: "target", text: value)
            do { _ = try InlineParser(source: SourceText(value: value, location: SourceLocation(path: "target", line: 1, column: 1), file: file)).parse() }
            catch { return "`\(Diagnostic.clipped(value, to: Diagnostic.longestValue))` would not read back as markup: \(error.diagnostics.first?.message ?? "")" }
        }
        return nil
    }

    /// The pieces as the markup of a language file: the verb's (if the first piece is the verb) and the text's.
    static func markup(_ pieces: [XLIFFExporter.Piece]) -> (verb: String?, text: String) {
        func markup(_ pieces: [XLIFFExporter.Piece]) -> String {
            pieces.map { piece in
                switch piece {
                case .text(let text):
                    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*")
                        .replacingOccurrences(of: "[[", with: "\\[[").replacingOccurrences(of: "^", with: "\\^")
                case .code(let raw): raw
                case .lineBreak: "[[br]]"
                case .paired(let id, let inner):
                    XLIFFExporter.span(ofPaired: id).map { $0.delimiter + markup(inner) + $0.delimiter } ?? "*" + markup(inner) + "*"
                }
            }.joined()
        }
        if case .paired("verb", let verb)? = pieces.first {
            var rest = Array(pieces.dropFirst())
            if case .text(let text)? = rest.first {
                let trimmed = String(text.drop { $0 == " " })
                if trimmed.isEmpty { rest.removeFirst() } else { rest[0] = .text(trimmed) }
            }
            return (markup(verb), markup(rest))
        }
        return (nil, markup(pieces))
    }
}

/// An exclusive `flock` on a document folder, held while an import reads and rewrites the
/// document's files, so that two imports take turns. The folder itself is locked, not a lock file
/// in it as the build does for output: a source folder is under version control, and a dot-file
/// left there would show up in every `git status`. The kernel releases the lock when the process
/// ends, even by SIGKILL.
final class DocumentLock {
    private let descriptor: Int32

    init(folder: URL, waiting: () -> Void) throws {
        descriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO, userInfo: [NSFilePathErrorKey: folder.path]) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            waiting()
            guard flock(descriptor, LOCK_EX) == 0 else {
                let code = errno
                close(descriptor)
                throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO, userInfo: [NSFilePathErrorKey: folder.path])
            }
        }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
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
