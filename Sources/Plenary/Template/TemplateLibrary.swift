public import Foundation

/// A compiled template: its nodes and the macros visible in it (its own and its includes').
public struct CompiledTemplate: Sendable {
    public var name: String
    var nodes: [TemplateNode]
    var macros: [String: Macro]
    /// Every file read to compile it, for the build manifest.
    public var files: [String]
}

/// Every template and catalog a build needs, compiled once into immutable values that render any
/// number of documents on any number of tasks.
public struct TemplateLibrary: Sendable {
    public let folder: URL
    public private(set) var templates: [String: CompiledTemplate] = [:]
    public private(set) var catalogs: [Language: Catalog] = [:]
    /// The kinds of document the build uses, read from `kinds/<name>.yaml`.
    public private(set) var kinds: [String: DocumentKind] = [:]

    /// The output formats and the template file each one reads: `note` → `note.akn.xml`, `note.html.xml`.
    public static let formats = ["akn", "html"]

    /// A language's catalog, relative to the templates folder.
    static func catalogPath(_ language: Language) -> String { "strings/\(language.code).yaml" }

    /// A kind's file, relative to the templates folder.
    static func kindPath(_ name: String) -> String { "kinds/\(name).yaml" }

    /// Compiles the templates named by `requests` (template name → where it was asked for) for every
    /// format, and loads the catalogs of `languages`. All errors are reported together.
    /// `pages` are HTML-only templates (the meeting index); `figures` are SVG templates (the file
    /// a figure is written to), asked for only by a meeting that has figures.
    /// `kinds` are the kinds of document asked for (name → where): each is read, and its template
    /// compiled, for the documents that do not name their own.
    public init(folder: URL, displayRoot: URL, requests: [String: SourceLocation], kinds kindRequests: [String: SourceLocation] = [:],
                pages: [String: SourceLocation] = [:], figures: [String: SourceLocation] = [:], languages: [Language]) throws(DiagnosticError) {
        self.folder = folder
        var problems: [Diagnostic] = []
        let loader = MeetingLoader(displayRoot: displayRoot)
        // The shared files (macros, layouts) are found, read and parsed once for all the templates,
        // and an included file is compiled once where the including template does not change it.
        // Catalogs are read through it too, inside the same sandbox.
        let templateFolder = TemplateFolder(root: folder, displayRoot: displayRoot)
        for language in languages {
            let url = folder.appendingPathComponent(Self.catalogPath(language))
            let display = loader.displayPath(url)
            do throws(DiagnosticError) {
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw DiagnosticError(.error(at: .file(display), "no strings catalog for `\(language.code)`",
                                                 hint: Self.missingCatalogHint(for: language, in: folder, languages: languages, loader: loader)))
                }
                let data = try templateFolder.read(url, name: Self.catalogPath(language), at: .file(display))
                catalogs[language] = try Catalog(language: language, file: YAMLFile(data: data, path: display))
            } catch { problems += error.diagnostics }
        }
        var requests = requests
        for (name, location) in kindRequests.sorted(by: { $0.key < $1.key }) {
            do throws(DiagnosticError) {
                let kind = try Self.readKind(name, in: templateFolder, requestedAt: location, loader: loader)
                kinds[name] = kind
                if requests[kind.template] == nil { requests[kind.template] = kind.templateLocation }
            } catch { problems += error.diagnostics }
        }
        // A kind's catalog keys (its labels, its proponent line) are checked now, at the kind's
        // line, rather than when a document of the kind is rendered.
        for kind in kinds.values.sorted(by: { $0.name < $1.name }) {
            for (key, location) in kind.catalogKeys {
                for language in languages {
                    if let problem = catalogs[language]?.problem(with: key, at: location) { problems.append(problem) }
                }
            }
        }
        let jobs = requests.sorted(by: { $0.key < $1.key }).flatMap { name, location in Self.formats.map { (name, $0, location) } }
            + pages.sorted(by: { $0.key < $1.key }).map { ($0.key, "html", $0.value) }
            + figures.sorted(by: { $0.key < $1.key }).map { ($0.key, "svg", $0.value) }
        for (name, format, location) in jobs {
            let file = "\(name).\(format).xml"
            var compiler = TemplateCompiler(folder: templateFolder)
            do throws(DiagnosticError) {
                let nodes = try compiler.compile(file, requestedAt: location)
                let template = CompiledTemplate(name: file, nodes: nodes, macros: compiler.macros, files: compiler.files)
                try TemplateChecker.check(template, catalogs: Array(catalogs.values))
                templates[file] = template
            } catch { problems += error.diagnostics }
        }
        // A language's catalog has every key of the first language's (but for the optional keys
        // of LanguageConventions): a new language is told exactly what it lacks, at its file, once
        // for each key the templates' check has not already named.
        if let reference = languages.first.flatMap({ catalogs[$0] }) {
            let optional = Set(LanguageConventions.keys)
            for language in languages.dropFirst() {
                guard let catalog = catalogs[language] else { continue }
                for key in reference.keys where !optional.contains(key) && catalog.entries[key] == nil {
                    let named = "the \(language.code) catalog has no key `\(key)`"
                    guard !problems.contains(where: { $0.message.hasPrefix(named) }) else { continue }
                    let model = reference.entries[key].map { "\($0.location.path):\($0.location.line)" } ?? reference.path
                    problems.append(.error(at: .file(catalog.path), named,
                                           hint: "\(model) has it in \(reference.language.code); add `\(key):` in \(language.code)"))
                }
            }
        }
        // A shared file (the macros every page includes) is checked with each template that
        // includes it: its mistakes are reported once.
        var reported: Set<Diagnostic> = []
        problems = problems.filter { reported.insert($0).inserted }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }

    /// What to do about a missing catalog: translate one that exists; or, when the folder has no
    /// catalogs at all, check that it is the templates folder (`--templates`).
    private static func missingCatalogHint(for language: Language, in folder: URL, languages: [Language], loader: MeetingLoader) -> String {
        let strings = folder.appendingPathComponent("strings")
        let model = (languages.map(\.code) + ["en"]).first { $0 != language.code && FileManager.default.fileExists(atPath: strings.appendingPathComponent("\($0).yaml").path) }
        guard let model else {
            return "\(loader.displayPath(folder)) has no strings catalogs at all: is it the templates folder? (plenary build --templates DIR)"
        }
        return "copy \(loader.displayPath(strings.appendingPathComponent("\(model).yaml"))) to \(language.code).yaml and translate it"
    }

    public func template(_ name: String, format: String) -> CompiledTemplate? { templates["\(name).\(format).xml"] }

    /// The template a document is rendered with: its own, or its kind's.
    public func templateName(for document: Document) -> String {
        document.template.isEmpty ? kinds[document.kind]?.template ?? "" : document.template
    }

    private static func readKind(_ name: String, in folder: TemplateFolder, requestedAt location: SourceLocation,
                                 loader: MeetingLoader) throws(DiagnosticError) -> DocumentKind {
        let url = folder.root.appendingPathComponent(kindPath(name))
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: folder.root.appendingPathComponent("kinds").path)) ?? [])
                .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
            throw DiagnosticError(.error(at: location, "unknown kind `\(name)`",
                                         hint: Suggestion.hint(for: name, in: known)
                                            ?? (known.isEmpty ? "the templates folder has no kinds/ folder" : "the kinds are \(known.joined(separator: ", ")) (files in \(loader.displayPath(url.deletingLastPathComponent())))")))
        }
        let data = try folder.read(url, name: kindPath(name), at: location)
        return try KindReader(file: YAMLFile(data: data, path: loader.displayPath(url)), name: name).read()
    }
}
