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
    }

    public func run(progress: @Sendable (String) -> Void = { _ in }) throws -> BuildReport {
        let started = Date()
        var report = BuildReport()
        for folder in options.meetings {
            try build(folder, into: &report, progress: progress)
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

    private func build(_ folder: URL, into report: inout BuildReport, progress: @Sendable (String) -> Void) throws {
        let meeting: Meeting
        do { meeting = try MeetingLoader(displayRoot: options.displayRoot).load(folder) } catch {
            report.errors += error.diagnostics
            return
        }
        report.documents += meeting.documents.count
        let requests = Dictionary(meeting.documents.map { ($0.template, $0.templateLocation) }) { first, _ in first }
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(folder: options.templates, displayRoot: options.displayRoot, requests: requests,
                                      pages: ["index": meeting.location], languages: meeting.languages)
        } catch {
            report.errors += error.diagnostics
            report.failedDocuments += meeting.documents.count
            return
        }

        let results = Self.parallelMap(meeting.documents, jobs: options.jobs) { document in
            progress("\(meeting.id): \(document.symbol)")
            return render(document, meeting: meeting, library: library)
        }

        let outputFolder = options.output.appendingPathComponent(meeting.id)
        let lock = try OutputLock(folder: outputFolder) {
            progress("another plenary build is writing to \(outputFolder.path); waiting for it to finish")
        }
        defer { withExtendedLifetime(lock) {} }
        AtomicWriter.removeStrayTemporaries(in: outputFolder)

        var titles: [(Document, [Language: String])] = []
        for (document, result) in zip(meeting.documents, results) {
            report.warnings += result.warnings
            guard result.errors.isEmpty else {
                report.errors += result.errors
                report.failedDocuments += 1
                continue
            }
            titles.append((document, result.titles))
            for file in result.files {
                try count(AtomicWriter.write(file.data, to: outputFolder.appendingPathComponent(file.name)), in: &report)
            }
        }
        let stylesheet = options.templates.appendingPathComponent("plenary.css")
        if let css = FileManager.default.contents(atPath: stylesheet.path) {
            try count(AtomicWriter.write(css, to: outputFolder.appendingPathComponent("plenary.css")), in: &report)
        }
        do {
            let index = try MeetingIndex(meeting: meeting, titles: titles, library: library).render()
            try count(AtomicWriter.write(index, to: outputFolder.appendingPathComponent("index.html")), in: &report)
        } catch let error as DiagnosticError {
            report.errors += error.diagnostics
        }
    }

    private func count(_ outcome: AtomicWriter.Outcome, in report: inout BuildReport) {
        if outcome == .written { report.filesWritten += 1 } else { report.filesUnchanged += 1 }
    }

    /// Renders one document in every language and format, in memory.
    func render(_ document: Document, meeting: Meeting, library: TemplateLibrary) -> DocumentResult {
        var result = DocumentResult()
        for language in meeting.languages {
            guard let catalog = library.catalogs[language] else { continue }
            var resolver = Resolver(meeting: meeting, document: document, language: language, catalog: catalog)
            let value: Value
            do {
                let resolved = try resolver.resolve()
                value = resolved.value
                result.warnings += resolved.warnings
            } catch {
                result.errors += error.diagnostics
                continue
            }
            if case .object(let object) = value, case .markup(let title)? = object.fields["title"] {
                result.titles[language] = title.map(\.plainText).joined()
            }
            for format in TemplateLibrary.formats {
                guard let template = library.template(document.template, format: format) else { continue }
                do {
                    let tree = try TemplateRenderer(template: template, catalog: catalog, language: language, document: value).render()
                    let data = MarkupSerializer.data(for: tree, mode: format == "html" ? .html : .xml)
                    result.files.append(("\(document.id)/\(language.code).\(format == "html" ? "html" : "xml")", data))
                } catch {
                    result.errors += error.diagnostics
                }
            }
        }
        return result
    }

    /// Maps `items` on `jobs` threads, keeping the order of the results.
    static func parallelMap<T: Sendable, R: Sendable>(_ items: [T], jobs: Int, _ transform: @Sendable (T) -> R) -> [R] {
        guard jobs > 1, items.count > 1 else { return items.map(transform) }
        let results = ResultSlots<R>(count: items.count)
        let next = ResultSlots<Int>(count: 0)
        DispatchQueue.concurrentPerform(iterations: min(jobs, items.count)) { _ in
            while let index = next.takeIndex(limit: items.count) {
                results.set(index, transform(items[index]))
            }
        }
        return results.values()
    }
}

/// Results filled in by worker threads, guarded by a lock.
final class ResultSlots<R: Sendable>: @unchecked Sendable {
    private var slots: [R?]
    private var cursor = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: R) { lock.withLock { slots[index] = value } }
    func values() -> [R] { lock.withLock { slots.map { $0! } } }
    func takeIndex(limit: Int) -> Int? {
        lock.withLock {
            guard cursor < limit else { return nil }
            defer { cursor += 1 }
            return cursor
        }
    }
}
