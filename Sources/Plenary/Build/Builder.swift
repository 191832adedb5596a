public import Foundation

/// Runs the pipeline for each meeting: Loader → Resolver → Renderer → Writer. A document whose
/// sources have errors writes nothing, so its previous output stays as it was; other documents
/// are still built.
public struct Builder: Sendable {
    public let options: BuildOptions

    public init(options: BuildOptions) { self.options = options }

    /// One rendered document: its files, or the problems that stopped it.
    struct DocumentResult: Sendable {
        var files: [(name: String, data: Data)] = []
        var titles: [Language: String] = [:]
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var stages: [String: Double] = [:]
        /// The other documents of the meeting it links to or cites (their structure is an input).
        var references: Set<String> = []
    }

    /// `progress` shows what is being rendered (a terminal's status line); `notice` says something
    /// the user should see wherever the output goes (a build waiting for another one).
    public func run(progress: @Sendable (String) -> Void = { _ in }, notice: (String) -> Void = { _ in }) throws -> BuildReport {
        let started = Date()
        var report = BuildReport()
        // PDF needs its engine: without it nothing is built (a build that silently left the PDFs
        // out would look complete).
        var printer: PDFPrinter?
        if options.formats.contains("pdf") {
            do throws(DiagnosticError) { printer = try PDFPrinter(jobs: options.jobs, python: options.python ?? PDFPrinter.defaultPython) } catch {
                report.errors += error.diagnostics
                report.seconds = Date().timeIntervalSince(started)
                return report
            }
        }
        defer { printer?.close() }
        for folder in options.meetings {
            try build(folder, into: &report, printer: printer, progress: progress, notice: notice)
        }
        report.errors = Self.sorted(report.errors)
        report.warnings = Self.sorted(report.warnings)
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        Array(Set(diagnostics)).sorted {
            ($0.location.path, $0.location.line, $0.location.column, $0.message) < ($1.location.path, $1.location.line, $1.location.column, $1.message)
        }
    }

    private func build(_ folder: URL, into report: inout BuildReport, printer: PDFPrinter?, progress: @Sendable (String) -> Void,
                       notice: (String) -> Void) throws {
        let outputFolder = options.output.appendingPathComponent(folder.lastPathComponent)
        let paths = MeetingLoader(displayRoot: options.displayRoot)
        // An output that cannot be written is the user's environment, not the sources: one message
        // with the path and what to do. The meeting stops there; what is on disk stays as it was.
        func cannotWrite(_ error: any Error, at path: URL) {
            report.errors.append(OutputError.from(error, path: path.path).diagnostic { paths.displayPath(URL(fileURLWithPath: $0)) })
            report.unwrittenMeetings.append(folder.lastPathComponent)
        }
        let lock: OutputLock
        do {
            lock = try OutputLock(folder: outputFolder) {
                notice("another plenary build is writing to \(paths.displayPath(outputFolder)); waiting for it to finish")
            }
        } catch {
            cannotWrite(error, at: outputFolder)
            return
        }
        // A build that wrote nothing into a new output folder takes the folder away again.
        defer { lock.removeFoldersIfUnused() }
        AtomicWriter.removeStrayTemporaries(in: outputFolder)

        // What the last build recorded is trusted only if it was made by this plenary with these
        // options; its outputs, whoever made them, are the files this build may remove.
        let fingerprint = options.fingerprint(of: folder, engine: printer?.engine)
        let stored = BuildManifest.load(from: outputFolder)
        let previous = stored.flatMap { $0.tool == BuildManifest.toolIdentity && $0.options == fingerprint ? $0 : nil }
        // Nothing changed since the last build: leave without loading anything.
        if let previous, isUpToDate(previous, meetingFolder: folder, output: outputFolder) {
            report.documents += previous.documents.count
            report.filesUnchanged += previous.documents.values.map(\.outputs.count).reduce(previous.shared.count, +)
            report.skippedDocuments += previous.documents.keys.sorted()
            return
        }

        var loaded: Meeting
        var clock = Stopwatch()
        var loader = MeetingLoader(displayRoot: options.displayRoot)
        loader.jobs = options.jobs
        // Texts are read document by document below, as each one is rendered: memory holds the
        // documents in flight, not the whole meeting, and an unchanged document is never read.
        loader.deferringTexts = true
        do { loaded = try loader.load(folder); report.add("load structure", clock.lap()) } catch {
            report.errors += error.diagnostics
            report.unloadedMeetings.append(folder.lastPathComponent)
            return
        }
        // The provisional agenda's texts are the agenda's titles, which every document prints:
        // read once here rather than once per document. If they do not load, each document that
        // needs them reports why.
        if let symbol = loaded.provisionalAgenda, let index = loaded.documents.firstIndex(where: { $0.symbol == symbol }),
           let (agenda, _) = try? loader.loadingTexts(of: loaded.documents[index], in: loaded) {
            loaded.documents[index] = agenda
        }
        let meeting = loaded
        report.documents += meeting.documents.count
        let requests = Dictionary(meeting.documents.filter { !$0.template.isEmpty }.map { ($0.template, $0.templateLocation) }) { first, _ in first }
        let kinds = Dictionary(meeting.documents.map { ($0.kind, $0.kindLocation) }) { first, _ in first }
        // The SVG template is compiled only for a meeting that has figures: asked for at the first.
        var figures: [String: SourceLocation] = [:]
        if let figure = meeting.documents.lazy.compactMap(\.firstFigure).first { figures[Self.figureTemplate] = figure.location }
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(folder: options.templates, displayRoot: options.displayRoot, requests: requests,
                                          kinds: kinds, pages: ["index": meeting.location], figures: figures, languages: meeting.languages)
            report.add("compile templates", clock.lap())
        } catch {
            report.errors += error.diagnostics
            report.failedDocuments += meeting.documents.count
            return
        }

        // Each document's files are staged as soon as it is rendered, so memory does not grow with
        // the number of documents; a document whose inputs are unchanged is not rendered at all.
        let textLoader = loader
        // Files are staged as documents finish and made safe in batches (see OutputBatch).
        let batch = OutputBatch(folder: outputFolder)
        // Each input file is hashed once, before the documents are shared out.
        let hashing = InputHashes(root: options.displayRoot)
        let inputs = Dictionary(uniqueKeysWithValues: meeting.documents.map {
            ($0.id, hashing.hashes(of: inputFiles(of: $0, meeting: meeting, library: library)))
        })
        // Each document's structure (document.yaml), by document and by path: a document that
        // links to another, or cites its paragraphs, records that structure as an input too —
        // only those it cites, not every document's (a thousand notes would record a million).
        let structures = Dictionary(uniqueKeysWithValues: meeting.documents.map { document in
            let path = textLoader.displayPath(document.folder.appendingPathComponent("document.yaml"))
            return (document.id, (path: path, hash: hashing.hash(path)))
        })
        let structureHashes = Dictionary(structures.values.map { ($0.path, $0.hash) }) { first, _ in first }
        // No document is printed (nor written) when the stylesheet cannot be read.
        let printing: Printing?
        do throws(DiagnosticError) { printing = try printer.map(printing(with:)) } catch {
            report.errors += error.diagnostics
            report.failedDocuments += meeting.documents.count
            return
        }
        let registry = Self.registry(of: meeting)
        let trusted = previous?.documentRegistry == registry ? previous : nil
        let sharedAgenda = SharedAgenda()
        let outcomes = Self.parallelMap(meeting.documents, jobs: options.jobs) { document -> DocumentOutcome in
            let hashes = inputs[document.id]!
            if let entry = trusted?.documents[document.id],
               hashes.allSatisfy({ entry.inputs[$0.key] == $0.value }),
               entry.inputs.allSatisfy({ (hashes[$0.key] ?? structureHashes[$0.key] ?? InputHashes.absent) == $0.value }),
               BuildManifest.hasCurrentOutputs(entry, output: outputFolder, formats: options.formats) {
                return DocumentOutcome(entry: entry, skipped: true, unchanged: entry.outputs.count)
            }
            progress("\(meeting.id): \(document.symbol)")
            var loading = Stopwatch()
            let withTexts: (document: Document, meeting: Meeting)
            do throws(DiagnosticError) { withTexts = try textLoader.loadingTexts(of: document, in: meeting) } catch {
                return DocumentOutcome(errors: error.diagnostics)
            }
            let loaded = loading.lap()
            let result = render(withTexts.document, meeting: withTexts.meeting, library: library, sharedAgenda: sharedAgenda, printing: printing)
            var outcome = DocumentOutcome(errors: result.errors, warnings: result.warnings, stages: result.stages)
            outcome.stages["load texts"] = loaded
            guard result.errors.isEmpty else { return outcome }
            var recorded = hashes
            for id in result.references { if let structure = structures[id] { recorded[structure.path] = structure.hash } }
            var entry = BuildManifest.Entry(inputs: recorded, outputs: [:], titles: [:], formats: options.formats)
            for (language, title) in result.titles { entry.titles[language.code] = title }
            var writing = Stopwatch()
            do {
                for file in result.files {
                    let written = try batch.stage(file.data, to: outputFolder.appendingPathComponent(file.name))
                    if written == .written { outcome.written += 1 } else { outcome.unchanged += 1 }
                    entry.outputs[file.name] = file.data.count
                }
            } catch {
                outcome.failure = OutputError.from(error, path: outputFolder.path)
            }
            outcome.stages["write", default: 0] += writing.lap()
            outcome.entry = entry
            return outcome
        }
        // The first document that could not be written stops the meeting: the others would only
        // say the same (a full disk) at more paths. The staged files go with the batch.
        if let failure = outcomes.lazy.compactMap(\.failure).first {
            cannotWrite(failure, at: outputFolder)
            return
        }

        var manifest = BuildManifest(tool: BuildManifest.toolIdentity, options: fingerprint, documents: [:], shared: [:])
        manifest.documentRegistry = registry
        var titles: [(Document, [Language: String])] = []
        // A problem in a text several documents print (an agenda item's title) is found by each
        // of them: it is reported once.
        var reported: Set<Diagnostic> = []
        for (document, outcome) in zip(meeting.documents, outcomes) {
            report.warnings += outcome.warnings.filter { reported.insert($0).inserted }
            for (stage, seconds) in outcome.stages { report.add(stage, seconds, count: ["write", "load texts"].contains(stage) ? 1 : document.languages(of: meeting).count) }
            report.filesWritten += outcome.written
            report.filesUnchanged += outcome.unchanged
            guard outcome.errors.isEmpty, let entry = outcome.entry else {
                report.errors += outcome.errors.filter { reported.insert($0).inserted }
                report.failedDocuments += 1
                // Its last good files stay, so the index keeps listing them, with their titles.
                if let old = stored?.documents[document.id] {
                    manifest.documents[document.id] = BuildManifest.Entry(inputs: [:], outputs: old.outputs, titles: old.titles, formats: old.formats)
                    titles.append((document, Dictionary(uniqueKeysWithValues: old.titles.map { (Language($0.key), $0.value) })))
                }
                continue
            }
            if outcome.skipped { report.skippedDocuments.append(document.id) } else { report.builtDocuments.append(document.id) }
            manifest.documents[document.id] = entry
            titles.append((document, Dictionary(uniqueKeysWithValues: entry.titles.map { (Language($0.key), $0.value) })))
        }
        // The index and the stylesheet belong to the HTML pages: an XML-only build writes neither.
        if options.formats.contains("html") {
            var sharedErrors = false
            // A meeting-wide file that failed keeps its last good version, as a document does.
            func keepPrevious(_ name: String, _ diagnostics: [Diagnostic]) {
                report.errors += diagnostics
                sharedErrors = true
                manifest.shared[name] = stored?.shared[name]
            }
            var files: [(name: String, data: Data)] = []
            do throws(DiagnosticError) {
                if let css = try stylesheet() { files.append(("plenary.css", css)) }
            } catch { keepPrevious("plenary.css", error.diagnostics) }
            do throws(DiagnosticError) {
                files.append(("index.html", try MeetingIndex(meeting: meeting, titles: titles, library: library).render()))
            } catch { keepPrevious("index.html", error.diagnostics) }
            do {
                for file in files {
                    try count(batch.stage(file.data, to: outputFolder.appendingPathComponent(file.name)), in: &report)
                    manifest.shared[file.name] = file.data.count
                }
            } catch {
                cannotWrite(error, at: outputFolder)
                return
            }
            // With an error they are not recorded, so the next build makes them again.
            manifest.sharedInputs = sharedErrors ? nil : hashing.hashes(of: sharedInputFiles(of: meeting, library: library))
        } else {
            // Written or not, the index template is compiled, and a broken one fails the build.
            manifest.sharedInputs = hashing.hashes(of: sharedInputFiles(of: meeting, library: library))
        }
        var committing = Stopwatch()
        do { try batch.commit() } catch {
            cannotWrite(error, at: outputFolder)
            return
        }
        report.add("commit", committing.lap())
        // The files of the last build that nothing writes now (a document, a language, a format
        // gone) would otherwise stay, looking current: only files the manifest says Plenary wrote.
        for name in stored?.outputsDropped(by: manifest) ?? [] where AtomicWriter.removeOutput(name, in: outputFolder) {
            report.filesRemoved += 1
        }
        // Last, once every output is in place: a failed document keeps no input hashes, so the
        // next build renders it again.
        do { _ = try AtomicWriter.write(try manifest.data(), to: outputFolder.appendingPathComponent(BuildManifest.fileName)) } catch {
            cannotWrite(error, at: outputFolder.appendingPathComponent(BuildManifest.fileName))
        }
    }

    /// What rendering one document produced, for the report and the manifest.
    struct DocumentOutcome: Sendable {
        var entry: BuildManifest.Entry?
        var skipped = false
        var written = 0
        var unchanged = 0
        var errors: [Diagnostic] = []
        var warnings: [Diagnostic] = []
        var stages: [String: Double] = [:]
        var failure: OutputError?
    }

    /// Every file a document's output depends on, relative to the display root: every file that
    /// was looked for in loading, resolving and rendering it, whether it was there or not (a
    /// translation added later, a data file, a catalog). The loader looks for exactly these:
    /// meeting.yaml, data/'s three files, document.yaml and a file per language of the meeting
    /// (of the document, and of the note a stand-alone decision is published from), the
    /// templates with everything they include, a catalog per language.
    func inputFiles(of document: Document, meeting: Meeting, library: TemplateLibrary) -> [String] {
        let loader = MeetingLoader(displayRoot: options.displayRoot)
        var files = meetingFiles(meeting)
        let data = meeting.folder.appendingPathComponent("data")
        files += StatisticsLoader.fileNames.map { loader.displayPath(data.appendingPathComponent($0)) }
        func sources(_ folder: URL) -> [String] {
            DocumentLoader.fileNames(languages: meeting.languages).map { loader.displayPath(folder.appendingPathComponent($0)) }
        }
        files += sources(document.folder)
        if let source = document.decisionSource, let note = meeting.document(source.document) { files += sources(note.folder) }
        if let symbol = meeting.provisionalAgenda, let agenda = meeting.document(symbol: symbol) { files += sources(agenda.folder) }
        if let kind = library.kinds[document.kind] { files.append(kind.path) }
        // Every format's templates, not only those of --formats: the library compiles them all,
        // and one that breaks fails the build whatever is written.
        for format in TemplateLibrary.formats {
            files += library.template(library.templateName(for: document), format: format)?.files ?? []
        }
        if document.firstFigure != nil { files += library.template(Self.figureTemplate, format: "svg")?.files ?? [] }
        // A printed page carries its stylesheet: a change to it prints the PDF again.
        if options.formats.contains("pdf") { files.append(stylesheetDisplayPath) }
        files += catalogFiles(meeting)
        return Array(Set(files)).sorted()
    }

    /// The template each figure's SVG file is rendered with: `figure.svg.xml`.
    static let figureTemplate = "figure"

    /// The files the index page and the stylesheet are made from (the documents' titles are in
    /// the manifest already).
    func sharedInputFiles(of meeting: Meeting, library: TemplateLibrary) -> [String] {
        let loader = MeetingLoader(displayRoot: options.displayRoot)
        let files = meetingFiles(meeting) + (library.template("index", format: "html")?.files ?? []) + catalogFiles(meeting)
            + [stylesheetDisplayPath]
        return Array(Set(files)).sorted()
    }

    private func meetingFiles(_ meeting: Meeting) -> [String] {
        [MeetingLoader(displayRoot: options.displayRoot).displayPath(meeting.folder.appendingPathComponent("meeting.yaml"))]
    }

    /// A catalog per language of the meeting, as TemplateLibrary looks for them.
    private func catalogFiles(_ meeting: Meeting) -> [String] {
        let loader = MeetingLoader(displayRoot: options.displayRoot)
        return meeting.languages.map { loader.displayPath(options.templates.appendingPathComponent(TemplateLibrary.catalogPath($0))) }
    }

    /// `plenary.css` as diagnostics and the manifest name it.
    var stylesheetDisplayPath: String {
        MeetingLoader(displayRoot: options.displayRoot).displayPath(options.templates.appendingPathComponent("plenary.css"))
    }

    /// The templates folder's `plenary.css`, copied into every output folder with HTML, or nil when
    /// there is none. Whatever is read is published, so it is read like every file of the templates
    /// folder (`TemplateFolder.read`): a regular file inside the folder once links are resolved, of
    /// bounded size; a link to /etc/shadow is refused, and so is a FIFO, which would block the
    /// build. The refusal names the path only: quoting the file's first line would print it.
    func stylesheet() throws(DiagnosticError) -> Data? {
        let url = options.templates.appendingPathComponent("plenary.css").standardizedFileURL
        guard (try? FileManager.default.attributesOfItem(atPath: url.path)) != nil else { return nil }
        let folder = TemplateFolder(root: options.templates, displayRoot: options.displayRoot)
        return try folder.read(url, name: "plenary.css", at: .path(folder.displayPath(url)))
    }

    /// What the meeting publishes, as citations see it: each document's folder, symbol, kind, date
    /// and languages (what a link to it is made of), hashed. See `BuildManifest.documentRegistry`.
    static func registry(of meeting: Meeting) -> String {
        let lines = meeting.documents.map { document in
            [document.id, document.symbol, document.kind, Resolver.iso(document.date),
             document.languages(of: meeting).map(\.code).joined(separator: ",")].joined(separator: "\t")
        }
        return BuildManifest.hash(of: Data(lines.sorted().joined(separator: "\n").utf8))
    }

    /// The fast path: the same options and documents as last time, and every input and output as
    /// recorded.
    private func isUpToDate(_ manifest: BuildManifest, meetingFolder: URL, output: URL) -> Bool {
        let documents = meetingFolder.appendingPathComponent("documents")
        // Every entry counts, not only folders with a document.yaml: a new entry that is a broken
        // link or a document being created must reach the loader, which reports it.
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: documents.path)) ?? []).filter { !$0.hasPrefix(".") }
        guard Set(names) == Set(manifest.documents.keys), !names.isEmpty else { return false }
        let inputs = InputHashes(root: options.displayRoot)
        guard let shared = manifest.sharedInputs, inputs.areCurrent(shared) else { return false }
        for (path, size) in manifest.shared where BuildManifest.size(output.appendingPathComponent(path).path) != size { return false }
        return manifest.documents.values.allSatisfy {
            !$0.inputs.isEmpty && BuildManifest.isCurrent($0, inputs: inputs, output: output, formats: options.formats)
        }
    }

    private func count(_ outcome: AtomicWriter.Outcome, in report: inout BuildReport) {
        if outcome == .written { report.filesWritten += 1 } else { report.filesUnchanged += 1 }
    }

    /// Renders one document in every language and format, in memory.
    /// `sharedAgenda`: the meeting's agenda as the documents carry it, made once for all of them.
    func render(_ document: Document, meeting: Meeting, library: TemplateLibrary, sharedAgenda: SharedAgenda? = nil,
                printing: Printing? = nil) -> DocumentResult {
        var result = DocumentResult()
        var clock = Stopwatch()
        // Every document's kind was read with the templates (a failure stops the build there).
        guard let kind = library.kinds[document.kind] else {
            result.errors.append(.error(at: document.kindLocation, "unknown kind `\(document.kind)`"))
            return result
        }
        let outline = DocumentOutline(meeting: meeting, document: document, kind: kind, kinds: library.kinds)
        let templateName = library.templateName(for: document)
        // The document's trees are rendered one after another here: they share their names.
        let names = XMLNames()
        for language in document.languages(of: meeting) {
            guard let catalog = library.catalogs[language] else { continue }
            var resolver = Resolver(meeting: meeting, outline: outline, language: language, catalog: catalog)
            resolver.originalCatalog = library.catalogs[document.original]
            resolver.kinds = library.kinds
            resolver.sharedAgenda = sharedAgenda
            let value: Value
            do {
                let resolved = try resolver.resolve()
                result.stages["resolve", default: 0] += clock.lap()
                value = resolved.value
                result.warnings += resolved.warnings
            } catch {
                result.errors += error.diagnostics
                continue
            }
            result.references.formUnion(resolver.referencedDocuments)
            if case .object(let object) = value, case .markup(let title)? = object.fields["title"] {
                result.titles[language] = title.map(\.plainText).joined()
            }
            for format in options.formats {
                // The PDF is printed from the HTML template's page, rendered for paper.
                let pdf = format == "pdf"
                if pdf && printing == nil { continue }
                guard let template = library.template(templateName, format: pdf ? "html" : format) else { continue }
                do {
                    let tree = try TemplateRenderer(template: template, catalog: catalog, language: language, document: value,
                                                    medium: pdf ? "print" : "screen").render(names: names)
                    result.stages["render \(format)", default: 0] += clock.lap()
                    let data = MarkupSerializer.data(for: tree, mode: format == "akn" ? .xml : .html)
                    result.stages["serialise \(format)", default: 0] += clock.lap()
                    if pdf, let printing {
                        let name = "\(document.id)/\(language.code).pdf"
                        if let printed = printing.print(page: data, named: name, template: template, into: &result) {
                            result.files.append((name, printed))
                        }
                        result.stages["print pdf", default: 0] += clock.lap()
                    } else {
                        result.files.append(("\(document.id)/\(language.code).\(format == "html" ? "html" : "xml")", data))
                    }
                } catch {
                    result.errors += error.diagnostics
                }
            }
            // The figures as the Akoma Ntoso's images: a file each, beside it. The HTML page
            // draws them inline.
            if options.formats.contains("akn"), case .object(let object) = value, case .list(let figures)? = object.fields["figures"],
               !figures.isEmpty, let template = library.template(Self.figureTemplate, format: "svg") {
                for figure in figures {
                    guard case .object(let fields) = figure, let src = fields.fields["src"]?.text else { continue }
                    do {
                        let tree = try TemplateRenderer(template: template, catalog: catalog, language: language, document: value,
                                                        extra: [("figure", figure)]).render(names: names)
                        result.files.append(("\(document.id)/\(src)", MarkupSerializer.data(for: tree, mode: .xml)))
                    } catch {
                        result.errors += error.diagnostics
                    }
                }
                result.stages["render svg", default: 0] += clock.lap()
            }
        }
        return result
    }

    /// Maps `items` on `jobs` threads, keeping the order of the results.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
        guard jobs > 1, items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
            while let index = results.nextIndex() {
                results.set(index, transform(items[index]))
            }
        }
        return results.values()
    }
}

/// Results filled in by worker threads, and the next item to take, guarded by one lock.
final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private var cursor = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: R) { lock.withLock { slots[index] = value } }
    func values() -> [R] { lock.withLock { slots.map { $0! } } }
    /// The index of the next item no worker has taken yet, or nil when all are taken.
    func nextIndex() -> Int? {
        lock.withLock {
            guard cursor < slots.count else { return nil }
            defer { cursor += 1 }
            return cursor
        }
    }
}

/// Elapsed time between laps, on the monotonic clock.
struct Stopwatch {
    private var last = DispatchTime.now().uptimeNanoseconds

    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
