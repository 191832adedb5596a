public import Foundation

/// Reads `documents/<id>/document.yaml` (metadata and structure) and the language files beside it.
struct DocumentLoader {
    let loader: MeetingLoader
    let meeting: Meeting

    static let metadataKeys = ["symbol", "kind", "template", "agenda-item", "date", "distribution", "status", "original",
                               "languages", "reissue", "proponent", "contents", "session", "number", "body", "annex",
                               "annexes", "footnotes", "decision-from"]

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
                                       required: ["symbol", "kind", "date", "original"])
        var document = Document(id: id, folder: folder, symbol: "", kind: "", kindLocation: .file(file.path),
                                template: "", templateLocation: .file(file.path),
                                agendaItems: [], date: DateComponents(), distribution: "general", status: nil,
                                original: meeting.languages.first ?? Language("en"), issuedIn: nil, reissue: false,
                                proponent: nil, contents: nil, inSession: true, decisionNumber: nil, body: [], annexes: [],
                                footnotes: [], decisionSource: nil, texts: [:], location: file.location(of: file.root))
        var structure = StructureReader(file: file)
        var problems: [Diagnostic] = []
        var languagesNode: YAMLNode?
        if entries.contains(where: { $0.key == "annex" }), let node = entries.first(where: { $0.key == "annexes" })?.keyNode {
            problems.append(.error(at: file.location(of: node), "a document has `annex:` or `annexes:`, not both",
                                   hint: "list every annex under `annexes:`"))
        }
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
                    // Checked against the kinds of the templates folder when the build reads them.
                    document.kind = try file.identifier(value, what: "the kind", .templateName)
                    document.kindLocation = file.location(of: value)
                case "template":
                    document.template = try file.identifier(value, what: "the template", .templateName)
                    document.templateLocation = file.location(of: value)
                case "agenda-item":
                    let nodes: [YAMLNode]
                    if case .scalar = value { nodes = [value] } else { nodes = try file.sequence(value, what: "the agenda items") }
                    var numbers: [(String, YAMLNode)] = []
                    for node in nodes { numbers.append((try file.string(node, what: "an agenda item"), node)) }
                    // "5-7" (or "5–7"): a range, its two ends items of the agenda.
                    if numbers.count == 1, let dash = numbers[0].0.firstIndex(where: { $0 == "-" || $0 == "–" }) {
                        let text = numbers[0].0, node = numbers[0].1
                        let ends = [String(text[..<dash]), String(text[text.index(after: dash)...])].map { $0.trimmingCharacters(in: .whitespaces) }
                        guard let first = Int(ends[0]), let last = Int(ends[1]), first < last else {
                            throw DiagnosticError(.error(at: file.location(of: node), "`\(text)` is not a range of agenda items",
                                                         hint: "a range is two whole items, the first lower: `5-7`"))
                        }
                        numbers = [(String(first), node), (String(last), node)]
                        document.agendaRange = true
                    }
                    for (number, node) in numbers {
                        if meeting.agendaItem(number) == nil {
                            problems.append(.error(at: file.location(of: node), "agenda item \(number) is not in the meeting's agenda",
                                                   hint: meeting.agenda.isEmpty ? "add the agenda to meeting.yaml (`agenda:`)"
                                                       : "the agenda has items \(meeting.agendaNumbers.joined(separator: ", "))"))
                        }
                        document.agendaItems.append(number)
                    }
                case "date": document.date = try file.date(value, what: "the date")
                case "distribution":
                    document.distribution = try file.string(value, what: "the distribution")
                    document.distributionLocation = file.location(of: value)
                case "status":
                    document.status = try file.identifier(value, what: "the status", .templateName)
                    document.statusLocation = file.location(of: value)
                case "original": document.original = try meetingLanguage(value, in: file, what: "the original language")
                case "languages":
                    var languages: [Language] = []
                    for node in try file.sequence(value, what: "the languages the document is issued in") {
                        languages.append(try meetingLanguage(node, in: file, what: "a language"))
                    }
                    guard !languages.isEmpty else {
                        throw DiagnosticError(.error(at: file.location(of: value), "a document is issued in at least one language"))
                    }
                    document.issuedIn = languages
                    languagesNode = value
                case "reissue": document.reissue = try file.bool(value, what: "reissue")
                case "proponent":
                    document.proponent = try file.identifier(value, what: "the proponent line", .templateName)
                    document.proponentLocation = file.location(of: value)
                case "contents": document.contents = try file.bool(value, what: "contents")
                case "session": document.inSession = try file.bool(value, what: "session")
                case "number":
                    let number = try file.identifier(value, what: "the decision's number", .symbol)
                    if meeting.decisions[number] == nil {
                        problems.append(.error(at: file.location(of: value), "the decision `\(number)` is not in the meeting's `decisions`",
                                               hint: "add it to meeting.yaml with its title in each language"))
                    }
                    document.decisionNumber = number
                case "body": document.body = try structure.blocks(value)
                case "annex": document.annexes = [try structure.annex(value)]
                case "annexes":
                    for node in try file.sequence(value, what: "the annexes") {
                        do throws(DiagnosticError) { document.annexes.append(try structure.annex(node)) } catch { problems += error.diagnostics }
                    }
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
        if let languagesNode, let issuedIn = document.issuedIn, !issuedIn.contains(document.original) {
            problems.append(.error(at: file.location(of: languagesNode), "the document is not issued in its original language \(document.original.code)",
                                   hint: "add `\(document.original.code)` to `languages`"))
        }
        // The provisional agenda's text files hold the titles of the meeting's agenda items.
        if document.symbol == meeting.provisionalAgenda {
            // Only the items without a `title:` in meeting.yaml have their title here.
            func declare(_ items: [AgendaItem]) {
                for item in items {
                    if item.title == nil {
                        if let first = structure.declared[item.unit.id] {
                            problems.append(.error(at: first, "`\(item.unit.id)` is also an agenda item of meeting.yaml",
                                                   hint: "the agenda's ids are this document's too: use another id"))
                        }
                        structure.declare(item.unit)
                        document.agendaUnits.append(item.unit)
                    }
                    declare(item.items)
                }
            }
            declare(meeting.agenda)
        }
        problems += structure.problems
        if !problems.isEmpty { throw DiagnosticError(problems) }
        document.declared = structure.declared
        if !loader.deferringTexts { try loadTexts(of: &document) }
        return document
    }

    /// One of the meeting's languages, written at `node`.
    private func meetingLanguage(_ node: YAMLNode, in file: YAMLFile, what: String) throws(DiagnosticError) -> Language {
        let code = try file.string(node, what: what)
        guard meeting.languages.contains(Language(code)) else {
            throw DiagnosticError(.error(at: file.location(of: node), "`\(code)` is not one of the meeting's languages",
                                         hint: "the meeting's languages are \(meeting.languages.map(\.code).joined(separator: ", "))"))
        }
        return Language(code)
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
