public import Foundation

/// Reads `documents/<id>/document.yaml` (metadata and structure) and the language files beside it.
struct DocumentLoader {
    let loader: MeetingLoader
    let meeting: Meeting

    static let metadataKeys = ["symbol", "kind", "template", "agenda-item", "date", "distribution", "original",
                               "reissue", "body", "annex", "footnotes", "decision-from"]

    /// The files of a document folder the loader looks for: document.yaml and a text file per
    /// language of the meeting (the build records each, present or not).
    static func fileNames(languages: [Language]) -> [String] {
        ["document.yaml"] + languages.map(textFileName)
    }

    static func textFileName(_ language: Language) -> String { "\(language.code).yaml" }

    func load(_ folder: URL, id: String) throws(DiagnosticError) -> Document {
        let url = folder.appendingPathComponent("document.yaml")
        let file = try YAMLFile(url: url, displayPath: loader.displayPath(url))
        let entries = try file.entries(file.root, what: "document.yaml", allowed: Self.metadataKeys,
                                       required: ["symbol", "kind", "template", "date", "original"])
        var document = Document(id: id, folder: folder, symbol: "", kind: .note, template: "", templateLocation: .file(file.path),
                                agendaItem: nil, date: DateComponents(), distribution: "general",
                                original: meeting.languages.first ?? Language("en"), reissue: false, body: [], annex: nil,
                                footnotes: [], decisionSource: nil, texts: [:], location: file.location(of: file.root))
        var structure = StructureReader(file: file)
        var problems: [Diagnostic] = []
        for (key, _, value) in entries {
            do throws(DiagnosticError) {
                switch key {
                case "symbol":
                    document.symbol = try file.identifier(value, what: "the symbol", .symbol)
                    document.symbolLocation = file.location(of: value)
                    if meeting.symbols[document.symbol] == nil {
                        problems.append(.error(at: file.location(of: value), "the symbol `\(document.symbol)` is not in the meeting's `symbols`",
                                               hint: "add it to meeting.yaml with its title in each language"))
                    }
                case "kind":
                    let text = try file.string(value, what: "the kind")
                    guard let kind = Document.Kind(rawValue: text) else {
                        throw DiagnosticError(.error(at: file.location(of: value), "unknown kind `\(text)`",
                                                     hint: Suggestion.hint(for: text, in: Document.Kind.allCases.map(\.rawValue)) ?? "use `note` or `decision`"))
                    }
                    document.kind = kind
                case "template":
                    document.template = try file.identifier(value, what: "the template", .templateName)
                    document.templateLocation = file.location(of: value)
                case "agenda-item":
                    let item = try file.int(value, what: "the agenda item")
                    if meeting.agenda[item] == nil {
                        problems.append(.error(at: file.location(of: value), "agenda item \(item) is not in the meeting's agenda",
                                               hint: "the agenda has items \(meeting.agenda.keys.sorted().map(String.init).joined(separator: ", "))"))
                    }
                    document.agendaItem = item
                case "date": document.date = try file.date(value, what: "the date")
                case "distribution":
                    document.distribution = try file.string(value, what: "the distribution")
                    document.distributionLocation = file.location(of: value)
                case "original":
                    let code = try file.string(value, what: "the original language")
                    guard meeting.languages.contains(Language(code)) else {
                        throw DiagnosticError(.error(at: file.location(of: value), "`\(code)` is not one of the meeting's languages",
                                                     hint: "the meeting's languages are \(meeting.languages.map(\.code).joined(separator: ", "))"))
                    }
                    document.original = Language(code)
                case "reissue": document.reissue = try file.bool(value, what: "reissue")
                case "body": document.body = try structure.blocks(value, context: .body)
                case "annex": document.annex = try structure.annex(value)
                case "footnotes":
                    for node in try file.sequence(value, what: "the footnotes") {
                        document.footnotes.append(try structure.declare(node, what: "a footnote id"))
                    }
                case "decision-from":
                    let fields = try file.entries(value, what: "decision-from", allowed: ["document", "id"], required: ["document", "id"])
                    var source = Document.DecisionSource(document: "", id: "", location: file.location(of: value))
                    for (name, _, node) in fields {
                        if name == "document" { source.document = try file.string(node, what: "the document") }
                        else { source.id = try file.string(node, what: "the decision id") }
                    }
                    document.decisionSource = source
                default: break
                }
            } catch { problems += error.diagnostics }
        }
        problems += structure.problems
        if !problems.isEmpty { throw DiagnosticError(problems) }
        document.declared = structure.declared
        if !loader.deferringTexts { try loadTexts(of: &document) }
        return document
    }

    /// Reads the language files beside document.yaml: the original's must be there, a missing
    /// translation is a warning when it is rendered.
    func loadTexts(of document: inout Document) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        let folder = document.folder
        for language in meeting.languages {
            let url = folder.appendingPathComponent(Self.textFileName(language))
            // A language file that is a broken link is read (and reported), not taken as missing.
            guard FileManager.default.fileExists(atPath: url.path) || YAMLFile.brokenLink(url) != nil else {
                if language == document.original {
                    problems.append(.error(at: .file(loader.displayPath(folder.appendingPathComponent("document.yaml"))),
                                           "the original-language text \(language.code).yaml is missing",
                                           hint: "create \(language.code).yaml beside document.yaml"))
                }
                continue
            }
            do throws(DiagnosticError) {
                document.texts[language] = try TextLoader(file: YAMLFile(url: url, displayPath: loader.displayPath(url)))
                    .load(language: language, declared: document.declared, keepingOrphans: loader.keepingOrphans)
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }
}
