public import Foundation

/// Reads a meeting folder (`meeting.yaml`, `documents/*/`, `data/`) into a `Meeting`, checking
/// everything that can be checked without rendering. All problems found are reported together.
public struct MeetingLoader: Sendable {
    /// Paths in diagnostics are shown relative to this folder (the project root), as editors see them.
    public var displayRoot: URL
    /// Keep translation entries for undeclared ids as orphans instead of reporting errors
    /// (`plenary diff` shows them; `plenary build` and `plenary check` refuse them).
    public var keepingOrphans = false
    /// How many documents load at once.
    public var jobs = 1
    /// Read only each document's metadata and structure; its texts are read later, one document at
    /// a time, with `loadingTexts(of:in:)`. A build of a thousand documents then holds the text of
    /// the documents being rendered, not of all of them.
    public var deferringTexts = false

    public init(displayRoot: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath), keepingOrphans: Bool = false) {
        self.displayRoot = displayRoot
        self.keepingOrphans = keepingOrphans
    }

    func displayPath(_ url: URL) -> String {
        let root = displayRoot.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    public func load(_ folder: URL) throws(DiagnosticError) -> Meeting {
        let manifestURL = folder.appendingPathComponent("meeting.yaml")
        let file = try YAMLFile(url: manifestURL, displayPath: displayPath(manifestURL))
        // The folder's name is the meeting's id: the folder of Output/ its documents go to.
        guard IdentifierPattern.folderName.matches(folder.lastPathComponent) else {
            throw DiagnosticError(.error(at: .file(displayPath(folder)), "the meeting folder's name `\(Diagnostic.clipped(folder.lastPathComponent, to: Diagnostic.longestValue))` is not allowed",
                                         hint: "rename the folder: \(IdentifierPattern.folderName.description)"))
        }
        var meeting = try readManifest(file, folder: folder)
        var problems: [Diagnostic] = []

        do throws(DiagnosticError) {
            meeting.statistics = try StatisticsLoader(loader: self).load(folder.appendingPathComponent("data"), meeting: meeting)
        } catch { problems += error.diagnostics }

        let documentsFolder = folder.appendingPathComponent("documents")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: documentsFolder.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        // Documents are independent once the manifest is read: they load on `jobs` threads, and
        // their order (and so every output and message) stays that of their names.
        let snapshot = meeting
        let loaded = Builder.parallelMap(names, jobs: jobs) { name -> Result<Document?, DiagnosticError> in
            let documentFolder = documentsFolder.appendingPathComponent(name)
            if let problem = YAMLFile.brokenLink(documentFolder) {
                return .failure(DiagnosticError(.error(at: .file(displayPath(documentFolder)), "cannot read the document folder `\(name)`: \(problem)",
                                                       hint: "make the link point at a document folder, or remove it")))
            }
            guard FileManager.default.fileExists(atPath: documentFolder.appendingPathComponent("document.yaml").path) else { return .success(nil) }
            // The folder's name is the document's id: a folder of Output/ and a link on the index page.
            guard IdentifierPattern.folderName.matches(name) else {
                return .failure(DiagnosticError(.error(at: .file(displayPath(documentFolder)), "the document folder's name `\(Diagnostic.clipped(name, to: Diagnostic.longestValue))` is not allowed",
                                                       hint: "rename the folder: \(IdentifierPattern.folderName.description)")))
            }
            return Result { () throws(DiagnosticError) in try DocumentLoader(loader: self, meeting: snapshot).load(documentFolder, id: name) }
        }
        for result in loaded {
            switch result {
            case .success(let document): if let document { meeting.documents.append(document) }
            case .failure(let error): problems += error.diagnostics
            }
        }
        meeting.indexDocuments()
        if meeting.documents.isEmpty && problems.isEmpty {
            problems.append(.error(at: file.location(of: file.root), "the meeting has no documents",
                                   hint: "add a folder documents/<name>/ with a document.yaml"))
        }
        if problems.isEmpty {
            problems += DocumentChecker(meeting: meeting).check()
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return meeting
    }

    /// `document` with its texts read (a no-op for a document loaded with them). A stand-alone
    /// draft decision publishes its note's text, and the provisional agenda holds the agenda's
    /// titles: `meeting` comes back with their texts too.
    public func loadingTexts(of document: Document, in meeting: Meeting) throws(DiagnosticError) -> (Document, Meeting) {
        var meeting = meeting
        // The provisional agenda's texts are the agenda's titles, which any document may print
        // ("Item 9. Capacity-building"), and they are one small file.
        let others = [document.decisionSource?.document, meeting.provisionalAgenda.flatMap { meeting.document(symbol: $0)?.id }]
        for id in others.compactMap({ $0 }) where id != document.id {
            if let index = meeting.position(of: id), meeting.documents[index].texts.isEmpty {
                try DocumentLoader(loader: self, meeting: meeting).loadTexts(of: &meeting.documents[index])
            }
        }
        var document = document
        if document.texts.isEmpty { try DocumentLoader(loader: self, meeting: meeting).loadTexts(of: &document) }
        return (document, meeting)
    }

    private func readManifest(_ file: YAMLFile, folder: URL) throws(DiagnosticError) -> Meeting {
        let keys = ["body", "actor", "session", "venue", "dates", "languages", "provisional-agenda", "agenda", "chapeau",
                    "symbols", "decisions"]
        // `session`, `venue` and `dates` are left out for documents issued outside a session
        // (quarterly reports, notifications): their lines then print nothing.
        let entries = try file.entries(file.root, what: "meeting.yaml", allowed: keys,
                                       required: ["body", "actor", "languages"])
        var meeting = Meeting(id: folder.lastPathComponent, folder: folder,
                              body: LocalizedText(values: [:], location: file.location(of: file.root)), actor: "", session: nil,
                              venue: LocalizedText(values: [:], location: file.location(of: file.root)),
                              startDate: nil, endDate: nil, languages: [], provisionalAgenda: nil,
                              agenda: [], chapeau: nil, symbols: [:], decisions: [:], documents: [], statistics: [:],
                              location: file.location(of: file.root))
        var problems: [Diagnostic] = []
        var provisionalAgendaNode: YAMLNode?
        var symbolsRead = true
        for (key, _, value) in entries {
            do throws(DiagnosticError) {
                switch key {
                case "body": meeting.body = try file.localized(value, what: "the body")
                case "actor": meeting.actor = try file.identifier(value, what: "the actor", .actor)
                case "session": meeting.session = try file.int(value, what: "the session number", in: 1...999)
                case "venue": meeting.venue = try file.localized(value, what: "the venue", nonEmpty: true)
                case "dates":
                    let dates = try file.entries(value, what: "the dates", allowed: ["start", "end"], required: ["start", "end"])
                    for (name, _, node) in dates {
                        if name == "start" { meeting.startDate = try file.date(node, what: "the start date") }
                        else { meeting.endDate = try file.date(node, what: "the end date") }
                    }
                case "languages":
                    for node in try file.sequence(value, what: "the languages") {
                        let code = try file.string(node, what: "a language")
                        guard Language(code).alpha3 != nil else {
                            throw DiagnosticError(.error(at: file.location(of: node), "unknown language `\(code)`",
                                                         hint: "use a two-letter code of a UN language: ar, en, es, fr, ru, zh"))
                        }
                        meeting.languages.append(Language(code))
                    }
                case "provisional-agenda":
                    meeting.provisionalAgenda = try file.identifier(value, what: "the provisional agenda's symbol", .symbol)
                    provisionalAgendaNode = value
                case "agenda":
                    var reader = AgendaReader(file: file)
                    meeting.agenda = reader.items(value, prefix: "", depth: 1)
                    problems += reader.problems
                case "chapeau": meeting.chapeau = try file.localized(value, what: "the chapeau", nonEmpty: true)
                case "symbols":
                    symbolsRead = false
                    for (symbol, keyNode, title) in try file.entries(value, what: "the symbols") {
                        _ = try file.identifier(keyNode, what: "the symbol", .symbol)
                        meeting.symbols[symbol] = try file.localized(title, what: "the title of \(symbol)")
                    }
                    symbolsRead = true
                case "decisions":
                    for (decision, keyNode, title) in try file.entries(value, what: "the decisions") {
                        _ = try file.identifier(keyNode, what: "the decision symbol", .symbol)
                        meeting.decisions[decision] = try file.localized(title, what: "the title of decision \(decision)")
                    }
                default: break
                }
            } catch { problems += error.diagnostics }
        }
        // Every language prints the venue ("Hyderabad, India, 1–5 October 2012"): one missing
        // would print ", 1–5 October 2012".
        if !meeting.venue.values.isEmpty {
            for language in meeting.languages where meeting.venue[language] == nil {
                problems.append(.error(at: meeting.venue.location, "the venue has no `\(language.code)`",
                                       hint: "add `\(language.code): …` with the venue in that language"))
            }
        }
        // Not when `symbols` itself has an error: the symbol may well be there.
        if symbolsRead, let symbol = meeting.provisionalAgenda, meeting.symbols[symbol] == nil, let node = provisionalAgendaNode {
            problems.append(.error(at: file.location(of: node), "the provisional agenda `\(symbol)` is not in `symbols`",
                                   hint: Suggestion.hint(for: symbol, in: meeting.symbols.keys) ?? "add it to `symbols` with its title"))
        }
        if meeting.session != nil, !entries.contains(where: { $0.key == "dates" }) {
            problems.append(.error(at: meeting.location, "a meeting with a `session` needs its `dates`",
                                   hint: "add `dates: {start: YYYY-MM-DD, end: YYYY-MM-DD}`"))
        }
        // A title written here is written in every language, as the venue is.
        func checkTitles(_ items: [AgendaItem]) {
            for item in items {
                if let title = item.title {
                    for language in meeting.languages where title[language] == nil {
                        problems.append(.error(at: title.location, "the title of agenda item \(item.number) has no `\(language.code)`",
                                               hint: "add `\(language.code): …` with the title in that language"))
                    }
                }
                checkTitles(item.items)
            }
        }
        checkTitles(meeting.agenda)
        func untitled(_ items: [AgendaItem]) -> Bool { items.contains { $0.title == nil || untitled($0.items) } }
        if untitled(meeting.agenda), meeting.provisionalAgenda == nil {
            problems.append(.error(at: meeting.location, "an agenda item without a `title:` has its title in the provisional agenda, and meeting.yaml names none",
                                   hint: "add `provisional-agenda: <its symbol>` and a document with that symbol, or a `title:` to every item"))
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return meeting
    }
}
