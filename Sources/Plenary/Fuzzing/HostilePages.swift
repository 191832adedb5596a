public import Foundation

/// The `pages` fuzz target (issue 14): the bundled templates rendered with hostile values. Every
/// text of every document of a meeting (symbol, title, paragraphs, meeting name, distribution…)
/// is replaced with the fuzzer's bytes, and the pages must stay safe whatever they hold:
/// `</style>`, `<script>`, quotes, control characters, a string of hundreds of kilobytes. A
/// render may fail with a located error (a `javascript:` link is one); what it writes must
/// hold no `<script`, no `</style` but the real closing tags, and parse (the HTML with libxml2's
/// HTML parser, with the same style elements and none of script; the Akoma Ntoso as XML). A
/// violation stops the process (`fatalError`), which libFuzzer records as a crash.
public final class HostilePages: Sendable {
    private struct Page: Sendable {
        let html: CompiledTemplate
        let akn: CompiledTemplate
        let catalog: Catalog
        let language: Language
        let document: Value
    }
    private let pages: [Page]

    /// Loads and resolves the meeting at `meeting` and compiles its templates from `templates`, once.
    public init(templates: URL, meeting: URL) throws(DiagnosticError) {
        let loaded = try MeetingLoader(displayRoot: meeting.deletingLastPathComponent()).load(meeting)
        var requests: [String: SourceLocation] = [:]
        for document in loaded.documents where !document.template.isEmpty { requests[document.template] = document.templateLocation }
        let kinds = Dictionary(loaded.documents.map { ($0.kind, $0.kindLocation) }) { first, _ in first }
        let library = try TemplateLibrary(folder: templates, displayRoot: templates.deletingLastPathComponent(),
                                          requests: requests, kinds: kinds, languages: loaded.languages)
        var pages: [Page] = []
        for document in loaded.documents {
            for language in document.languages(of: loaded) {
                let template = library.templateName(for: document)
                guard let catalog = library.catalogs[language], let html = library.template(template, format: "html"),
                      let akn = library.template(template, format: "akn") else { continue }
                var resolver = try Resolver(meeting: loaded, document: document, kinds: library.kinds, language: language, catalog: catalog)
                pages.append(Page(html: html, akn: akn, catalog: catalog, language: language, document: try resolver.resolve().value))
            }
        }
        self.pages = pages
    }

    /// Renders every page with `data` as every text, and stops the process on a violation.
    public func check(_ data: Data) {
        if let problem = problems(with: data).first { fatalError(problem) }
    }

    /// What is wrong with the pages rendered with `data` as every text: nothing, if all is well.
    /// A first byte 0xFF makes the symbol and the title 2,000 times as long (every text that long
    /// would make a single run take seconds, and find nothing more).
    public func problems(with data: Data) -> [String] {
        var problems: [String] = []
        let huge = data.first == 0xFF
        // What a source can hold: the loader refuses characters XML cannot carry (YAMLFile
        // checkCharacters, at the source line), so none reaches a value; here they become U+FFFD.
        let text = String(String.UnicodeScalarView(String(decoding: huge ? data.dropFirst() : data[...], as: UTF8.self)
            .unicodeScalars.map { YAMLFile.isXMLCharacter($0) ? $0 : "\u{FFFD}" }))
        for page in pages {
            var document = Self.replacingText(in: page.document, with: text)
            if huge, case .object(let object) = document {
                var fields = object.fields
                let long = String(repeating: text, count: 2_000)
                fields["symbol"] = .string(long)
                fields["title"] = .markup([.text(long)])
                document = .object(ValueObject(object.typeName, fields))
            }
            for (template, mode) in [(page.html, MarkupSerializer.Mode.html), (page.akn, .xml)] {
                guard let tree = try? TemplateRenderer(template: template, catalog: page.catalog, language: page.language, document: document).render() else {
                    continue
                }
                let output = MarkupSerializer.data(for: tree, mode: mode)
                if let problem = mode == .html ? Self.htmlProblem(output, built: tree) : Self.xmlProblem(output) {
                    problems.append("\(template.name), \(page.language.code): \(problem)\n\(String(decoding: output.prefix(4_000), as: UTF8.self))")
                }
            }
        }
        return problems
    }

    /// Fields that steer the templates rather than hold wording (`block.kind == 'section'`):
    /// replaced, they would only make every render fail.
    private static let structural: Set<FieldName> = ["kind", "type", "level", "eId", "code", "alpha3", "tag"]

    /// `value` with every text in it `text`, structural fields aside.
    static func replacingText(in value: Value, with text: String) -> Value {
        switch value {
        case .string: return .string(text)
        case .markup: return .markup([.text(text), .emphasis([.text(text)]), .strong([.text(text)]), .superscript([.text(text)]), .lineBreak])
        case .list(let items): return .list(items.map { replacingText(in: $0, with: text) })
        case .object(let object):
            var fields = object.fields
            for (name, field) in object.fields where !structural.contains(name) { fields[name] = replacingText(in: field, with: text) }
            return .object(ValueObject(object.typeName, fields))
        case .null, .int, .bool: return value
        }
    }

    /// What is wrong with a rendered page, if anything.
    static func htmlProblem(_ output: Data, built tree: XMLTree) -> String? {
        let lowered = String(decoding: output, as: UTF8.self).lowercased()
        if lowered.contains("<script") { return "a <script in the page" }
        let opened = lowered.components(separatedBy: "<style").count - 1, closed = lowered.components(separatedBy: "</style").count - 1
        let built = count("style", in: tree.root)
        if opened != built || closed != built { return "\(built) style elements built, \(opened) opened and \(closed) closed in the page" }
        guard let parsed = XMLTree.parseHTML(output, path: "page.html"), let root = parsed.root else { return "the page does not parse" }
        if count("script", in: root) != 0 { return "a script element in the parsed page" }
        if count("style", in: root) != built { return "the parsed page has \(count("style", in: root)) style elements, not \(built)" }
        return nil
    }

    static func xmlProblem(_ output: Data) -> String? {
        do { _ = try XMLTree.parse(output, path: "page.xml") } catch { return "the Akoma Ntoso does not parse: \(error.first.message)" }
        return nil
    }

    /// How many elements named `name` are in the subtree of `node`, counted without recursion.
    private static func count(_ name: String, in node: XMLNode?) -> Int {
        guard let node else { return 0 }
        var count = 0, stack = [node]
        while let next = stack.popLast() {
            if next.kind == .element && next.name.lowercased() == name { count += 1 }
            stack += next.children
        }
        return count
    }
}
