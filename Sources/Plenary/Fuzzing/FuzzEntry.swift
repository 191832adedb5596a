public import Foundation

/// Entry points for the libFuzzer targets in `Fuzz/` (a separate package, built with
/// `-sanitize=fuzzer`): each feeds arbitrary bytes to one parser the way a build would, and must
/// return — with a value or a diagnostic — for every input, never crash or hang.
public enum FuzzEntry {
    /// The template compiler: `data` is one template file in a scratch templates folder.
    public static func templateCompiler(_ data: Data, folder: URL) {
        let file = folder.appendingPathComponent("t.xml")
        guard (try? data.write(to: file)) != nil else { return }
        var compiler = TemplateCompiler(root: folder, displayRoot: folder)
        _ = try? compiler.compile("t.xml", requestedAt: SourceLocation(path: "fuzz", line: 1, column: 1))
    }

    /// The inline-markup parser, on a text entry.
    public static func inlineMarkup(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        let file = SourceFile(path: "fuzz.yaml", text: "p1: " + text)
        _ = try? InlineParser(source: SourceText(value: text, location: SourceLocation(path: "fuzz.yaml", line: 1, column: 5), file: file)).parse()
    }

    /// The source loader: `data` replaces `textFile` of a small meeting in `folder` (its English
    /// text, or its document.yaml; the meeting is written there by the caller once), which is then
    /// loaded and resolved in every language.
    public static func sourceLoader(_ data: Data, meeting folder: URL, textFile: String) {
        guard (try? data.write(to: folder.appendingPathComponent(textFile))) != nil else { return }
        guard let meeting = try? MeetingLoader(displayRoot: folder).load(folder) else { return }
        let catalogText = "percent: \"{n}%\"\nref-para-one-above: \"{a}\"\nref-para-one-below: \"{a}\"\nref-para-two-above: \"{a}{b}\"\nref-para-two-below: \"{a}{b}\"\nref-para-range-above: \"{a}{b}\"\nref-para-range-below: \"{a}{b}\"\nref-para-list-above: \"{list}{last}\"\nref-para-list-below: \"{list}{last}\"\nlist-separator: \",\"\nref-section: \"{n}\"\nref-annex: a\nref-decision: \"{n}\"\ntable-label: \"{n}\"\nfigure-label: \"{n}\"\nref-table-below: \"{n}\"\nref-table-above: \"{n}\"\nref-table: \"{n}\"\nfigure-alt: \"{title}{values}\"\nfigure-alt-value: \"{group}{value}\"\ngroup-AFR: a\ngroup-WEOG: w\ngroup-short-AFR: a\ngroup-short-WEOG: w\n"
        // Every document is read as a note: the kind's file is the templates folder's, which this
        // target does not have.
        let kindText = "akn: {element: doc, name: note, subtype: communication}\ntemplate: note\nheadings:\n  section: {number: upper-roman, label: section-number}\n  subsection: {number: upper-alpha, label: subsection-number, in: [section]}\n"
        guard let note = try? KindReader(file: YAMLFile(data: Data(kindText.utf8), path: "note.yaml"), name: "note").read() else { return }
        let kinds = Dictionary(meeting.documents.map { ($0.kind, note) }) { first, _ in first }
        for language in meeting.languages {
            guard let catalog = try? Catalog(language: language, file: YAMLFile(data: Data(catalogText.utf8), path: "c.yaml")) else { continue }
            for document in meeting.documents {
                guard var resolver = try? Resolver(meeting: meeting, document: document, kinds: kinds, language: language, catalog: catalog) else { continue }
                _ = try? resolver.resolve()
            }
        }
    }

    /// The XLIFF import: `data` is the XLIFF file, imported into document `document` of the meeting
    /// in `folder` (written there by the caller once). An input that imports cleanly rewrites the
    /// language file, as the command would; the next input starts from that.
    public static func xliffImport(_ data: Data, meeting folder: URL, document: String) {
        let file = folder.appendingPathComponent("fuzz.xlf")
        guard (try? data.write(to: file)) != nil,
              let workspace = try? TranslationWorkspace(documentPath: folder.appendingPathComponent("documents/\(document)"), displayRoot: folder)
        else { return }
        _ = try? XLIFFImporter(workspace: workspace).importFile(file, displayPath: "fuzz.xlf")
    }
}
