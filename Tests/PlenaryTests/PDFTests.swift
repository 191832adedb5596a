import Foundation
import Testing
@testable import Plenary

/// Print-ready PDF (issue 18): the bundled meeting printed through WeasyPrint, read back with
/// poppler-utils (pdftotext, pdffonts, pdfinfo) as a reader of the PDF would: the note's
/// paragraphs in order, each footnote on the page of its marker, the running header from page 2,
/// "/…" on every page that continues, fonts embedded and subset, the metadata, the tags, and the
/// same bytes from a second build. `make test` installs WeasyPrint and poppler-utils (pdf-deps).
@Suite("PDF", .serialized)
struct PDFTests {
    static let languages = ["en", "zh", "fr", "es", "ru", "ar"]
    static let symbol = "UNEP/CBD/BS/COP-MOP/6/7"

    /// The bundled meeting built once with PDF, shared by the tests of this suite.
    static let built: Result<(project: URL, output: URL, report: BuildReport), any Error> = Result {
        let project = try TestSupport.scratchProject()
        let (output, report) = try build(project)
        return (project, output, report)
    }

    static func build(_ project: URL, output: URL? = nil, python: String? = nil) throws -> (URL, BuildReport) {
        let output = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("plenary-pdf-\(UUID().uuidString)")
        var options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/bs-copmop-6")], output: output,
                                   templates: project.appendingPathComponent("Templates"), displayRoot: project, jobs: 2)
        options.formats = ["akn", "html", "pdf"]
        options.python = python
        return (output.appendingPathComponent("bs-copmop-6"), try Builder(options: options).run())
    }

    static func meeting() throws -> (output: URL, report: BuildReport) {
        let built = try built.get()
        return (built.output, built.report)
    }

    // MARK: - Reading a PDF back

    /// Runs a poppler tool (or python3) and returns its standard output.
    static func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(name) \(arguments.joined(separator: " ")) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// The text of each page, in pdftotext's reading order.
    static func pages(_ pdf: URL) throws -> [String] {
        var pages = try tool("pdftotext", ["-enc", "UTF-8", pdf.path, "-"]).components(separatedBy: "\u{0C}")
        if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages
    }

    /// Text compared without its spacing and line breaks (which are the layout's), the direction
    /// marks pdftotext puts around right-to-left runs, nor hyphens (pdftotext joins a word broken
    /// at a hyphen at the end of a line, "capacity-|building" → "capacitybuilding").
    static func normalized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !$0.properties.isWhitespace && !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value)
                && !(0x2066...0x2069).contains($0.value) && ![0xAD, 0x2D, 0x2010].contains($0.value)
        }))
    }

    /// The note's page in `language` as the screen shows it: its paragraphs and its footnotes, each
    /// with the text just before its marker.
    struct Note {
        var paragraphs: [String] = []
        /// Each footnote: its id, its marker (1, *), its text without the marker, the characters before its marker.
        var footnotes: [(id: String, mark: String, text: String, context: String)] = []
        var pageBefore = "", pageAfter = ""
    }

    static func note(_ language: String, in output: URL) throws -> Note {
        let url = output.appendingPathComponent("cp-6-7/\(language).html")
        let tree = try #require(XMLTree.parseHTML(try Data(contentsOf: url), path: url.path))
        var note = Note()
        // Every paragraph of the text and the annexes (not of a table), without its number: pdftotext
        // may gather the numbers of a page, which hang in a column of their own, into one block.
        // The numbers inside it ("7." of an item) likewise, as the running text loses them.
        for paragraph in tree.select("//div[contains(concat(' ', @class, ' '), ' akn-paragraph ')][not(ancestor::table)]") ?? [] {
            let id = paragraph.attribute("id") ?? ""
            var content = normalized(tree.evaluate("string(//div[@id='\(id)']/div[contains(@class, 'akn-content')])") ?? "")
            for number in tree.select("//div[@id='\(id)']/div[contains(@class, 'akn-content')]//*[contains(@class, 'akn-num')]") ?? [] {
                let shown = normalized(number.textContent)
                if shown.wholeMatch(of: /[0-9]+\./) != nil, let range = content.range(of: shown) { content.removeSubrange(range) }
            }
            note.paragraphs.append(content)
        }
        for footnote in tree.select("//footer//div[contains(@class, 'akn-authorialNote')]") ?? [] {
            let id = try #require(footnote.attribute("id"))
            let marker = "(//sup[a/@href='#\(id)'])[1]"
            // The few characters before the marker: enough to find that place on a page.
            let before = normalized((tree.evaluate("string(\(marker)/preceding::text()[2])") ?? "")
                + (tree.evaluate("string(\(marker)/preceding::text()[1])") ?? ""))
            let mark = normalized(tree.evaluate("string(\(marker))") ?? "")
            let text = normalized(tree.evaluate("string(//footer//div[@id='\(id)']/span)") ?? "")
            note.footnotes.append((id, mark, text, String(before.suffix(10)) + mark))
        }
        let catalog = try String(contentsOf: TestSupport.templates.appendingPathComponent("strings/\(language).yaml"), encoding: .utf8)
        func value(_ key: String) -> String {
            let line = catalog.split(separator: "\n").first { $0.hasPrefix("\(key):") } ?? ""
            return normalized(line.dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        }
        note.pageBefore = value("page-before")
        note.pageAfter = value("page-after")
        return note
    }

    // MARK: - The tests

    @Test("The build prints every document in every language, and --timings has the print stage")
    func everyDocumentIsPrinted() throws {
        let (output, report) = try Self.meeting()
        #expect(report.errors.isEmpty, "\(report.errors.map(\.description))")
        #expect(report.warnings.filter { $0.message.contains("WeasyPrint") }.isEmpty, "\(report.warnings.map(\.description))")
        let documents = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { !$0.contains(".") }.sorted()
        #expect(documents.count == 7)
        for document in documents {
            let languages = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent(document).path)
                .filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }
            #expect(!languages.isEmpty)
            for language in languages {
                let pdf = try Data(contentsOf: output.appendingPathComponent("\(document)/\(language).pdf"))
                #expect(pdf.starts(with: Data("%PDF-".utf8)) && pdf.count > 10_000, "\(document)/\(language).pdf")
            }
        }
        #expect(report.stageCounts["print pdf"] == 42)
    }

    /// The running text of a printed document: each page without its header, its footnotes (and
    /// their markers, which pdftotext may set apart in a column of their own) and its "/…"; pages
    /// separated by a form feed.
    static func runningText(_ pages: [String], note: Note) -> String {
        var text = ""
        for (index, page) in pages.enumerated() {
            let all = normalized(page)
            let here = note.footnotes.filter { all.contains($0.text) }
            // A line that is only a footnote's marker or a number ("42.", "(a)" stays): pdftotext
            // gathers those of a page, which hang in a column of their own, away from their text.
            let lines = page.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
                let shown = normalized(String(line))
                return !here.contains { $0.mark == shown } && shown.wholeMatch(of: /[0-9]+\./) == nil
            }
            var body = normalized(lines.joined(separator: "\n"))
            if index > 0, let header = body.range(of: normalized(Self.symbol) + note.pageBefore + "\(index + 1)" + note.pageAfter) {
                body.removeSubrange(header)
            }
            for footnote in here { if let range = body.range(of: footnote.text) { body.removeSubrange(range) } }
            for mark in ["/…", "…/"] where body.hasSuffix(mark) { body.removeLast(mark.count) }
            text += body + "\u{0C}"
        }
        return text
    }

    /// The languages whose text pdftotext gives back in reading order. Arabic it does not: it
    /// writes a line's words, punctuation and left-to-right runs (symbols, numbers) in the order
    /// they are drawn, so the Arabic PDF is checked word by word (`arabicWordsOnTheirPages`).
    static let readInOrder = languages.filter { $0 != "ar" }

    @Test("Every paragraph of the note is printed, in order, interrupted only by page breaks", arguments: readInOrder)
    func paragraphsInOrder(language: String) throws {
        let (output, _) = try Self.meeting()
        let note = try Self.note(language, in: output)
        let pages = try Self.pages(output.appendingPathComponent("cp-6-7/\(language).pdf"))
        let text = Array(Self.runningText(pages, note: note))
        #expect(note.paragraphs.count > 40)
        var at = 0
        for (number, paragraph) in note.paragraphs.map(Array.init).enumerated() {
            // From each place its first characters are printed (a heading may begin like it), the
            // first from which the whole paragraph follows.
            var candidate = at, end: Int?, failure = ""
            while end == nil, let start = Self.find(paragraph.prefix(24), in: text, from: candidate) {
                (end, failure) = Self.follow(paragraph, in: text, from: start)
                candidate = start + 1
            }
            guard let end else {
                Issue.record("\(language): paragraph \(number + 1) is not printed after the one before it\(failure.isEmpty ? "" : ": ")\(failure) (\(String(paragraph.prefix(40)))…)")
                continue
            }
            at = end
        }
    }

    /// Reads `paragraph` in `text` from `start`, character by character; where the text differs the
    /// rest must go on after a page break (a form feed) close by. Where it ends, or why it stopped.
    static func follow(_ paragraph: [Character], in text: [Character], from start: Int) -> (Int?, String) {
        var (index, position) = (0, start)
        while index < paragraph.count {
            if position < text.count, text[position] == paragraph[index] { index += 1; position += 1; continue }
            // A number in the paragraph ("7." of a list inside it) that the running text lost with
            // the number-only lines.
            var digits = index
            while digits < paragraph.count, paragraph[digits].isASCII, paragraph[digits].isNumber { digits += 1 }
            if digits > index, digits < paragraph.count, paragraph[digits] == "." { index = digits + 1; continue }
            guard let next = find(paragraph[index..<min(index + 24, paragraph.count)], in: text, from: position),
                  next - position < 4000, text[position..<next].contains("\u{0C}") else {
                return (nil, "interrupted at “\(String(paragraph[max(0, index - 20)..<min(index + 20, paragraph.count)]))”: the PDF has “\(String(text[position..<min(position + 40, text.count)]))”")
            }
            position = next
        }
        return (position, "")
    }

    @Test("The Arabic note: every word of each paragraph and footnote on the pages, each footnote on one page")
    func arabicWordsOnTheirPages() throws {
        let (output, _) = try Self.meeting()
        let url = output.appendingPathComponent("cp-6-7/ar.html")
        let tree = try #require(XMLTree.parseHTML(try Data(contentsOf: url), path: url.path))
        let pages = try Self.pages(output.appendingPathComponent("cp-6-7/ar.pdf"))
        func words(_ text: String) -> Set<String> {
            Set(text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation })
                .map { String(String.UnicodeScalarView($0.unicodeScalars.filter { (0x0621...0x064A).contains($0.value) })) }
                .filter { $0.count > 1 })
        }
        let printed = pages.map(words)
        let all = printed.reduce(into: Set<String>()) { $0.formUnion($1) }
        let paragraphs = tree.select("//div[contains(concat(' ', @class, ' '), ' akn-paragraph ')][not(ancestor::table)]") ?? []
        #expect(paragraphs.count > 40)
        // pdftotext reads a few words drawn with ligatures (لل in للنهج) as other letters: a
        // paragraph passes with at least 95% of its words found, and the whole note with 98%.
        var (found, total) = (0, 0)
        for paragraph in paragraphs {
            let own = words(paragraph.textContent)
            let missing = own.subtracting(all)
            found += own.count - missing.count
            total += own.count
            #expect(Double(missing.count) <= Double(own.count) * 0.05, "ar: \(paragraph.attribute("id") ?? ""): \(missing.sorted().prefix(5)) not printed")
        }
        #expect(Double(found) >= Double(total) * 0.98, "ar: \(found) of \(total) words found")
        for footnote in tree.select("//footer//div[contains(@class, 'akn-authorialNote')]") ?? [] {
            let own = words(footnote.textContent)
            guard !own.isEmpty else { continue }   // a symbol only (the agenda's note)
            let on = printed.indices.filter { Double(own.subtracting(printed[$0]).count) <= Double(own.count) * 0.05 }
            #expect(!on.isEmpty, "ar: \(footnote.attribute("id") ?? "") is not printed")
        }
    }

    static func find(_ needle: ArraySlice<Character>, in text: [Character], from start: Int) -> Int? {
        guard let first = needle.first, start <= text.count - needle.count else { return nil }
        var index = start
        while index <= text.count - needle.count {
            if text[index] == first, text[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    @Test("Each footnote is printed at the foot of the page of its marker", arguments: readInOrder)
    func footnotesOnTheirPage(language: String) throws {
        let (output, _) = try Self.meeting()
        let note = try Self.note(language, in: output)
        let pages = try Self.pages(output.appendingPathComponent("cp-6-7/\(language).pdf")).map(Self.normalized)
        // The note's footnotes: the agenda's * and the numbered ones (1, 2, …).
        #expect(note.footnotes.count >= 10)
        for footnote in note.footnotes {
            let on = pages.indices.filter { pages[$0].contains(footnote.text) }
            guard on.count == 1, let page = on.first else {
                Issue.record("\(language): \(footnote.id) is printed on pages \(on.map { $0 + 1 }) (once expected)")
                continue
            }
            #expect(pages[page].contains(footnote.context),
                    "\(language): \(footnote.id) is on page \(page + 1), its marker (after “\(footnote.context)”) is not")
            // At the foot: after the text of the page, before "/…".
            let at = try #require(pages[page].range(of: footnote.text))
            let rest = pages[page][at.upperBound...]
            #expect(rest.count < 600 || page == pages.count - 1, "\(language): \(footnote.id) is not at the foot of page \(page + 1)")
        }
        // The agenda's note is on the first page, with the masthead.
        if let agenda = note.footnotes.first(where: { $0.id == "fnote_agenda" }) {
            #expect(pages[0].contains(agenda.text))
        }
    }

    @Test("The running header (symbol and page) from page 2 on, not on the first; /… on every page but the last",
          arguments: languages)
    func runningHeader(language: String) throws {
        let (output, _) = try Self.meeting()
        let note = try Self.note(language, in: output)
        let pages = try Self.pages(output.appendingPathComponent("cp-6-7/\(language).pdf")).map(Self.normalized)
        #expect(pages.count >= 10)
        let symbol = Self.normalized(Self.symbol)
        // The first page starts with the masthead: the symbol there is the masthead's, with no page number.
        #expect(!pages[0].contains(symbol + note.pageBefore + "1" + note.pageAfter))
        for (index, page) in pages.enumerated() where index > 0 {
            #expect(page.hasPrefix(symbol + note.pageBefore + "\(index + 1)" + note.pageAfter),
                    "\(language): page \(index + 1) starts with “\(page.prefix(40))”")
        }
        for (index, page) in pages.enumerated() {
            let continues = page.hasSuffix("/…") || page.hasSuffix("…/")
            #expect(continues == (index < pages.count - 1), "\(language): page \(index + 1) of \(pages.count) ends with “\(page.suffix(12))”")
        }
    }

    @Test("Every font is embedded and subset, CJK and Arabic included", arguments: languages)
    func fontsEmbedded(language: String) throws {
        let (output, _) = try Self.meeting()
        for document in ["cp-6-7", "cp-6-1", "bs-vi-7"] {
            let list = try Self.tool("pdffonts", [output.appendingPathComponent("\(document)/\(language).pdf").path])
            let rows = list.split(separator: "\n").dropFirst(2).map { $0.split(separator: " ").map(String.init) }
            #expect(!rows.isEmpty)
            for row in rows {
                // name type encoding … emb sub uni object generation
                #expect(row.count >= 6 && row[row.count - 5] == "yes" && row[row.count - 4] == "yes",
                        "\(document)/\(language).pdf: \(row.joined(separator: " "))")
            }
            let names = rows.compactMap(\.first).joined(separator: " ")
            if language == "zh" { #expect(names.contains("CJK"), "\(names)") }
            if language == "ar" { #expect(names.contains("Naskh") || names.contains("Arabic"), "\(names)") }
        }
    }

    @Test("The PDF is A4, tagged, and carries its title, symbol and language", arguments: languages)
    func metadataAndTags(language: String) throws {
        let (output, _) = try Self.meeting()
        let pdf = output.appendingPathComponent("cp-6-7/\(language).pdf")
        let info = try Self.tool("pdfinfo", [pdf.path])
        #expect(info.contains("Tagged:          yes"))
        #expect(info.contains("Page size:       595.276 x 841.89 pts (A4)"))
        #expect(info.contains("Keywords:        \(Self.symbol)\n"))
        let html = try String(contentsOf: output.appendingPathComponent("cp-6-7/\(language).html"), encoding: .utf8)
        let title = try #require(html.firstMatch(of: /<title>([^<]*)<\/title>/)).1
        #expect(info.contains("Title:           \(title)\n"), "\(info)")
        // The structure tree: headings, paragraphs, the table with its header cells, the figure.
        let tags = Set(try Self.tool("pdfinfo", ["-struct", pdf.path]).split(separator: "\n")
            .compactMap { $0.split(separator: " ").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ":")) } })
        for tag in ["H1", "H2", "H3", "P", "Table", "TR", "TH", "TD", "Caption", "Figure", "Link"] {
            #expect(tags.contains(tag), "\(language): no \(tag) in the structure tree")
        }
        // The catalog's /Lang, in an object stream: inflated by Python's zlib.
        let lang = try Self.tool("python3", ["-c", """
            import re, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            texts = [data]
            for m in re.finditer(rb'stream\\r?\\n', data):
                try: texts.append(zlib.decompressobj().decompress(data[m.end():m.end() + 1000000]))
                except zlib.error: pass
            found = [x.group(1).decode() for t in texts for x in re.finditer(rb'/Lang \\((.*?)\\)', t)]
            print(' '.join(sorted(set(found))))
            """, pdf.path])
        let tag = try #require(html.firstMatch(of: /<html lang="([^"]+)"/)).1
        #expect(lang.trimmingCharacters(in: .whitespacesAndNewlines) == String(tag))
    }

    @Test("A second build prints the same bytes; an unchanged document is not printed again")
    func deterministicAndIncremental() throws {
        let built = try Self.built.get()
        let (again, report) = try Self.build(built.project)
        #expect(report.errors.isEmpty)
        var compared = 0
        for document in try FileManager.default.contentsOfDirectory(atPath: built.output.path) where !document.contains(".") {
            for file in try FileManager.default.contentsOfDirectory(atPath: built.output.appendingPathComponent(document).path) where file.hasSuffix(".pdf") {
                let first = try Data(contentsOf: built.output.appendingPathComponent("\(document)/\(file)"))
                let second = try Data(contentsOf: again.appendingPathComponent("\(document)/\(file)"))
                #expect(first == second, "\(document)/\(file) differs between two builds")
                compared += 1
            }
        }
        #expect(compared == 42)
        // Into the same folder again: nothing printed.
        let (_, unchanged) = try Self.build(built.project, output: again.deletingLastPathComponent())
        #expect(unchanged.builtDocuments.isEmpty && unchanged.skippedDocuments.count == 7)
        #expect(unchanged.stages["print pdf"] == nil)
        // One text changed: that document alone is printed again, in each of its languages.
        let text = "Meetings/bs-copmop-6/documents/cp-6-18/en.yaml"
        try TestSupport.write(try TestSupport.read(text, in: built.project) + "\n", to: text, in: built.project)
        let (_, edited) = try Self.build(built.project, output: again.deletingLastPathComponent())
        #expect(edited.builtDocuments == ["cp-6-18"], "\(edited.builtDocuments)")
        #expect(edited.stageCounts["print pdf"] == edited.stageCounts["render pdf"])
        try? FileManager.default.removeItem(at: again.deletingLastPathComponent())
    }

    /// The fixture `mini` built into a fresh folder with `formats`; the project, the output and the
    /// options (removed when `body` returns).
    static func withMini(formats: [String], _ body: (URL, URL, inout BuildOptions) throws -> Void) throws {
        let project = try TestSupport.fixtureProject("mini")
        defer { try? FileManager.default.removeItem(at: project) }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-pdf-mini-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        var options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/mini")], output: output,
                                   templates: project.appendingPathComponent("Templates"), displayRoot: project, jobs: 1)
        options.formats = formats
        #expect(try Builder(options: options).run().errors.isEmpty)
        try body(project, output, &options)
    }

    @Test("Without the engine, a PDF build fails with what to install, and the last output stays")
    func missingEngine() throws { try Self.withMini(formats: ["akn", "html"]) { _, output, options in
        let before = TestSupport.snapshot(output)
        options.formats = ["akn", "html", "pdf"]
        options.python = "/nonexistent/python3"
        let report = try Builder(options: options).run()
        #expect(report.errors.map(\.description) == ["/nonexistent/python3: error: cannot print PDF: there is no program `/nonexistent/python3` to run"])
        #expect(report.errors.first?.hint?.contains("make pdf-deps") == true)
        #expect(TestSupport.snapshot(output) == before)
        // A Python without WeasyPrint (Debian's own, where it is there).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
           (try? Self.tool("/usr/bin/python3", ["-c", "import importlib.util as u; print(u.find_spec('weasyprint') is None)"])) == "True\n" {
            options.python = "/usr/bin/python3"
            #expect(try Builder(options: options).run().errors.map(\.description) == ["/usr/bin/python3: error: cannot print PDF: WeasyPrint is not installed for it"])
            #expect(TestSupport.snapshot(output) == before)
        }
    } }

    @Test("Without the stylesheet a PDF build prints nothing and says why; the last output stays")
    func missingStylesheet() throws { try Self.withMini(formats: ["akn", "html", "pdf"]) { project, output, options in
        let before = TestSupport.snapshot(output)
        try FileManager.default.removeItem(at: project.appendingPathComponent("Templates/plenary.css"))
        let report = try Builder(options: options).run()
        #expect(report.errors.map(\.description) == ["Templates/plenary.css: error: cannot print PDF without the stylesheet Templates/plenary.css: it lays out the pages (A4, the running header, the footnotes at the foot of each page)"])
        #expect(TestSupport.snapshot(output) == before)
    } }

    @Test("PLENARY_PRINT_TIMEOUT is a number of seconds from 1 to 86400, or an error naming it")
    func timeoutSetting() throws {
        #expect(try PDFPrinter.timeout(from: [:]) == 300)
        #expect(try PDFPrinter.timeout(from: ["PLENARY_PRINT_TIMEOUT": "30"]) == 30)
        for wrong in ["abc", "inf", "nan", "1e300", "-5", "0"] {
            #expect(throws: DiagnosticError.self) { try PDFPrinter.timeout(from: ["PLENARY_PRINT_TIMEOUT": wrong]) }
        }
    }

    @Test("A worker that answers nonsense (a negative size, a PDF that is not one) fails its page, not the build")
    func malformedAnswers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-fake-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, answer) in [("negative", #"{"ok": true, "size": -5}\n"#), ("huge", #"{"ok": true, "size": 999999999999}\n"#),
                               ("not-a-pdf", #"{"ok": true, "size": 3}\nabc"#), ("no-size", #"{"ok": true}\n"#)] {
            // A stand-in for Python: it passes the probe, greets, and answers every page with `answer`.
            let fake = folder.appendingPathComponent(name)
            try """
                #!/bin/sh
                case "$2" in *importlib.metadata*) echo "70.0 0.13.0 4.68.0 1.50.12"; exit 0;; esac
                printf '{"ok": true, "version": "70.0"}\\n'
                while read -r line; do printf '\(answer)'; done
                """.write(to: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
            let printer = try PDFPrinter(jobs: 1, python: fake.path, timeout: 10)
            // Refused at once, as a worker that cannot be trusted again: not after the page's timeout.
            #expect("\(name)") { _ = try printer.print(html: "<html lang=en><body><p>x</p></body></html>", css: "") } throws: { error in
                guard case PrintWorker.Failure.died = error else { return false }
                return true
            }
            printer.close()
        }
    }

    @Test("A printed page loads nothing but its stylesheet: a file or a URL it names is refused")
    func pageResourcesAreRefused() throws {
        let printer = try PDFPrinter(jobs: 1)
        defer { printer.close() }
        for page in ["<img src='file:///etc/passwd'>", "<link rel=stylesheet href='/etc/hostname'>",
                     "<p style=\"background: url('http://example.invalid/x.png')\">x</p>"] {
            #expect {
                _ = try printer.print(html: "<html lang=en><body>\(page)<p>Text</p></body></html>", css: "")
            } throws: { error in
                guard case PrintWorker.Failure.page(let why) = error else { return false }
                return why.contains("a printed page may load nothing but its stylesheet")
            }
        }
        // The printer goes on: the next page prints.
        let printed = try printer.print(html: "<html lang=en><body><p>Text</p></body></html>", css: "p { color: black }")
        #expect(printed.pages == 1 && printed.pdf.starts(with: Data("%PDF-".utf8)))
    }

    @Test("A page that takes longer than the timeout stops its worker, not the build")
    func timeout() throws {
        let printer = try PDFPrinter(jobs: 1, timeout: 1)
        defer { printer.close() }
        let long = "<html lang=en><body>" + String(repeating: "<p>A paragraph of some length to lay out and print.</p>", count: 15_000) + "</body></html>"
        #expect {
            _ = try printer.print(html: long, css: "")
        } throws: { error in
            guard case PrintWorker.Failure.timedOut(let seconds) = error else { return false }
            return seconds == 1
        }
        let printed = try printer.print(html: "<html lang=en><body><p>Text</p></body></html>", css: "")
        #expect(printed.pages == 1)
    }

    @Test("The stylesheet's warnings point at its line and column")
    func stylesheetWarningsAreLocated() {
        let warning = Builder.Printing.warning("Ignored `foo: bar` at 12:3, unknown property.", in: "Templates/plenary.css")
        #expect(warning.description == "Templates/plenary.css:12:3: warning: WeasyPrint: Ignored `foo: bar` here, unknown property.")
    }
}
