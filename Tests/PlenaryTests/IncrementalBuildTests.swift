import Foundation
import Testing
@testable import Plenary

/// Incremental builds (issue 9): a build renders exactly the documents whose sources, templates,
/// catalogs or data changed since the last one.
@Suite("Incremental builds")
struct IncrementalBuildTests {
    static func build(_ project: URL, formats: [String] = TemplateLibrary.formats, templates: String = "Templates", output: String = "Output",
                      expectingErrors: Bool = false) throws -> BuildReport {
        var options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/bs-copmop-6")],
                                   output: project.appendingPathComponent(output),
                                   templates: project.appendingPathComponent(templates), displayRoot: project, jobs: 2)
        options.formats = formats
        let report = try Builder(options: options).run()
        if !expectingErrors { #expect(report.errors.isEmpty, "\(report.errors)") }
        return report
    }

    /// The documents of the bundled meeting, in the order a build reports them.
    static let all = ["bs-vi-3", "bs-vi-7", "cp-6-1", "cp-6-1-add1", "cp-6-18", "cp-6-7", "cp-6-l3"]
    /// The figures' files, beside the Akoma Ntoso that points to them.
    static let languages = ["ar", "en", "es", "fr", "ru", "zh"]
    static let figures = languages.map { "cp-6-7/\($0).figure-1.svg" }
    /// A document's Akoma Ntoso files, one per language.
    static func xml(_ document: String) -> [String] { languages.map { "\(document)/\($0).xml" } }
    static func others(than document: String) -> [String] { all.filter { $0 != document } }

    static func edit(_ path: String, in project: URL, _ change: (String) -> String) throws {
        let text = try TestSupport.read(path, in: project)
        let changed = change(text)
        #expect(changed != text, "the edit of \(path) changed nothing")
        try TestSupport.write(changed, to: path, in: project)
    }

    @Test func eachChangeRebuildsExactlyTheDocumentsThatDependOnIt() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try Self.build(project).builtDocuments == Self.all)

        let unchanged = try Self.build(project)
        #expect(unchanged.builtDocuments.isEmpty)
        #expect(unchanged.skippedDocuments == Self.all)
        #expect(unchanged.filesWritten == 0)

        // The stand-alone decision's own title: only it.
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml", in: project) { $0 + "\n# a comment\n" }
        #expect(try Self.build(project).builtDocuments == ["cp-6-l3"])

        // The note's HTML template: only the note (the only document of the bundled meeting whose kind's template is `note`).
        try Self.edit("Templates/note.html.xml", in: project) { $0.replacingOccurrences(of: "<!-- A document of the `doc` type", with: "<!-- A document, of the `doc` type") }
        #expect(try Self.build(project).builtDocuments == ["cp-6-7"])

        // A paragraph of the note: the note, and the decision that is published from its sources.
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-7/en.yaml", in: project) { $0.replacingOccurrences(of: "inter alia", with: "among other things") }
        let paragraph = try Self.build(project)
        #expect(paragraph.builtDocuments == ["cp-6-7", "cp-6-l3"])

        // The note's structure: the note, its decision, and the documents that link to it or cite
        // its paragraphs (the decision BS-VI/3, the annotations, the report) — not the agenda.
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-7/document.yaml", in: project) { $0 + "\n# a comment\n" }
        #expect(try Self.build(project).builtDocuments == ["bs-vi-3", "cp-6-1-add1", "cp-6-18", "cp-6-7", "cp-6-l3"])

        // The structure of the report, which no document cites: the report alone.
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-18/document.yaml", in: project) { $0 + "\n# a comment\n" }
        #expect(try Self.build(project).builtDocuments == ["cp-6-18"])

        // The layout every page uses: every document.
        try Self.edit("Templates/shared/page.html.xml", in: project) { $0.replacingOccurrences(of: "<!-- The page shell", with: "<!-- The shell") }
        #expect(try Self.build(project).builtDocuments == Self.all)

        // A deleted output file is written again, and only its document is rendered.
        try FileManager.default.removeItem(at: project.appendingPathComponent("Output/bs-copmop-6/cp-6-l3/zh.html"))
        let repaired = try Self.build(project)
        #expect(repaired.builtDocuments == ["cp-6-l3"])
        #expect(FileManager.default.fileExists(atPath: project.appendingPathComponent("Output/bs-copmop-6/cp-6-l3/zh.html").path))
    }

    @Test func anIncrementalBuildGivesTheSameBytesAsAFullOne() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-l3/zh.yaml", in: project) { $0.replacingOccurrences(of: "能力建设", with: "能力建设问题") }
        _ = try Self.build(project)
        var incremental = TestSupport.snapshot(project.appendingPathComponent("Output"))
        try FileManager.default.removeItem(at: project.appendingPathComponent("Output"))
        _ = try Self.build(project)
        var full = TestSupport.snapshot(project.appendingPathComponent("Output"))
        for key in incremental.keys where key.hasSuffix(".plenary.lock") { incremental[key] = nil; full[key] = nil }
        #expect(incremental == full)
    }

    /// A symbol the texts cite becomes a link once the meeting publishes a document under it: the
    /// documents that cite it are rendered again, as a clean build would render them.
    @Test func aNewDocumentUnderACitedSymbolMakesItsCitationsLinks() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        let documents = project.appendingPathComponent("Meetings/bs-copmop-6/documents")
        try FileManager.default.copyItem(at: documents.appendingPathComponent("cp-6-18"), to: documents.appendingPathComponent("inf-2"))
        try Self.edit("Meetings/bs-copmop-6/documents/inf-2/document.yaml", in: project) {
            $0.replacingOccurrences(of: "symbol: UNEP/CBD/BS/COP-MOP/6/18", with: "symbol: UNEP/CBD/BS/COP-MOP/6/INF/2")
        }
        _ = try Self.build(project)
        var incremental = TestSupport.snapshot(project.appendingPathComponent("Output"))
        #expect(incremental["bs-copmop-6/cp-6-7/en.html"].map { String(decoding: $0, as: UTF8.self).contains(#"href="../inf-2/en.html""#) } == true)
        try FileManager.default.removeItem(at: project.appendingPathComponent("Output"))
        _ = try Self.build(project)
        var full = TestSupport.snapshot(project.appendingPathComponent("Output"))
        for key in incremental.keys where key.hasSuffix(".plenary.lock") || key.hasSuffix(BuildManifest.fileName) { incremental[key] = nil; full[key] = nil }
        #expect(incremental == full)
    }

    @Test func anXMLOnlyBuildWritesNoPageAndTheNextFullBuildAddsThem() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let output = project.appendingPathComponent("Output/bs-copmop-6")
        let xmlOnly = try Self.build(project, formats: ["akn"])
        #expect(xmlOnly.builtDocuments == Self.all)
        let written = TestSupport.snapshot(output).keys.filter { !$0.hasPrefix(".") }.sorted()
        #expect(written == (Self.all.flatMap(Self.xml) + Self.figures).sorted())
        // Asking for XML only again changes nothing; asking for both renders both documents again.
        #expect(try Self.build(project, formats: ["akn"]).builtDocuments.isEmpty)
        let full = try Self.build(project)
        #expect(full.builtDocuments == Self.all)
        #expect(full.filesUnchanged == Self.languages.count * Self.all.count + Self.figures.count)
        #expect(TestSupport.snapshot(output)["index.html"] != nil)
        #expect(TestSupport.snapshot(output)["cp-6-7/zh.html"] != nil)
    }

    /// Texts are read document by document as each is rendered: an unreadable language file fails
    /// its document (and the stand-alone decision published from it), not the whole meeting, and
    /// a document whose inputs are unchanged is not read at all.
    @Test func aBrokenLanguageFileFailsOnlyTheDocumentsThatReadIt() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml", in: project) { $0 + "\nbroken: [\n" }
        let broken = try Self.build(project, expectingErrors: true)
        #expect(broken.failedDocuments == 1)
        #expect(broken.skippedDocuments == Self.others(than: "cp-6-l3"))
        #expect(broken.errors.map(\.location.path) == ["Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml"])
    }

    /// A meeting outside the folder paths are shown relative to: its inputs are recorded by their
    /// absolute paths, and must still be found again (they were hashed as missing, so nothing was
    /// ever up to date).
    @Test func aMeetingOutsideTheDisplayRootIsBuiltIncrementallyToo() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-elsewhere-\(UUID().uuidString)")
        let options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/bs-copmop-6")],
                                   output: project.appendingPathComponent("Output"),
                                   templates: project.appendingPathComponent("Templates"), displayRoot: elsewhere, jobs: 2)
        #expect(try Builder(options: options).run().builtDocuments == Self.all)
        let again = try Builder(options: options).run()
        #expect(again.builtDocuments.isEmpty)
        #expect(again.skippedDocuments == Self.all)
        try Self.edit("Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml", in: project) { $0 + "\n# a comment\n" }
        #expect(try Builder(options: options).run().builtDocuments == ["cp-6-l3"])
    }

    /// The output of a clean build of `project` as it is now, into an empty folder.
    static func cleanOutput(_ project: URL, templates: String = "Templates") throws -> [String: Data] {
        let folder = "clean-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(at: project.appendingPathComponent(folder)) }
        _ = try build(project, templates: templates, output: folder)
        return outputFiles(project.appendingPathComponent(folder))
    }

    /// Every output file, without the build's own dot-files (the lock, the manifest).
    static func outputFiles(_ folder: URL) -> [String: Data] {
        TestSupport.snapshot(folder).filter { !$0.key.split(separator: "/").contains { $0.hasPrefix(".") } }
    }

    /// Issue 14: a language file that was missing at the last build and is there now is read. The
    /// manifest recorded only the files that were there, so the Chinese page kept the English
    /// fallback ("0 rendered, 1 up to date") until something else changed.
    @Test func aLanguageFileThatAppearsIsRenderedAtTheNextBuild() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let zh = project.appendingPathComponent("Meetings/bs-copmop-6/documents/cp-6-l3/zh.yaml")
        let aside = project.appendingPathComponent("zh.yaml")
        try FileManager.default.moveItem(at: zh, to: aside)
        _ = try Self.build(project)
        try FileManager.default.moveItem(at: aside, to: zh)
        let added = try Self.build(project)
        #expect(added.builtDocuments == ["cp-6-l3"])
        #expect(Self.outputFiles(project.appendingPathComponent("Output")) == (try Self.cleanOutput(project)))
    }

    /// Issue 14: the templates folder is an input like any other: another one (with other bytes)
    /// renders everything again, and one that does not exist is an error, not "up to date".
    @Test func anotherTemplatesFolderRebuildsEverything() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        try FileManager.default.copyItem(at: project.appendingPathComponent("Templates"), to: project.appendingPathComponent("Other"))
        // A change to the note's template alone; the other documents are rendered again all the same.
        try Self.edit("Other/note.html.xml", in: project) { $0.replacingOccurrences(of: "<!-- A document of the `doc` type", with: "<!-- A document, of the `doc` type") }
        let other = try Self.build(project, templates: "Other")
        #expect(other.builtDocuments == Self.all)
        #expect(Self.outputFiles(project.appendingPathComponent("Output")) == (try Self.cleanOutput(project, templates: "Other")))
        let missing = try Self.build(project, templates: "Nowhere", expectingErrors: true)
        #expect(!missing.errors.isEmpty)
        #expect(missing.skippedDocuments.isEmpty)
    }

    /// Issue 14: the index page and the stylesheet are rebuilt when what they are made of changes,
    /// even by an edit that keeps the stylesheet's size.
    @Test func theIndexAndTheStylesheetFollowTheirInputs() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        try Self.edit("Templates/index.html.xml", in: project) { $0.replacingOccurrences(of: "<body class=\"index\">", with: "<body class=\"index edited\">") }
        _ = try Self.build(project)
        #expect(try TestSupport.read("Output/bs-copmop-6/index.html", in: project).contains("index edited"))
        try Self.edit("Templates/plenary.css", in: project) { text in
            let first = text.firstIndex { $0.isLetter && $0.isLowercase }!
            return text.replacingCharacters(in: first...first, with: text[first] == "x" ? "y" : "x")
        }
        _ = try Self.build(project)
        #expect(Self.outputFiles(project.appendingPathComponent("Output")) == (try Self.cleanOutput(project)))
    }

    /// Issue 14: the files of a document no longer in the meeting are removed - those the manifest
    /// says Plenary wrote, and nothing else.
    @Test func theOutputsOfARemovedDocumentAreRemovedAndNothingElse() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        _ = try Self.build(project)
        let output = project.appendingPathComponent("Output/bs-copmop-6")
        try TestSupport.write("mine", to: "Output/bs-copmop-6/cp-6-7/notes.txt", in: project)
        try TestSupport.write("mine", to: "Output/bs-copmop-6/notes.txt", in: project)
        try FileManager.default.removeItem(at: project.appendingPathComponent("Meetings/bs-copmop-6/documents/cp-6-l3"))
        let report = try Self.build(project)
        #expect(report.filesRemoved == 2 * Self.languages.count)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("cp-6-l3").path))
        var expected = try Self.cleanOutput(project)
        expected["bs-copmop-6/cp-6-7/notes.txt"] = Data("mine".utf8)
        expected["bs-copmop-6/notes.txt"] = Data("mine".utf8)
        #expect(Self.outputFiles(project.appendingPathComponent("Output")) == expected)
        // And an XML-only build removes the pages: the folder is what a clean XML-only build writes.
        _ = try Self.build(project, formats: ["akn"])
        let xml = Self.others(than: "cp-6-l3").flatMap(Self.xml)
        #expect(Self.outputFiles(output).keys.sorted() == (xml + Self.figures + ["cp-6-7/notes.txt", "notes.txt"]).sorted())
    }

    /// The manifest is a file in the output folder: whatever it says, a build removes only plain
    /// files inside that folder.
    @Test func aManifestNamingFilesOutsideTheOutputRemovesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-remove-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out/doc"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: folder.appendingPathComponent("outside.txt"))
        try Data("keep".utf8).write(to: folder.appendingPathComponent("out/.hidden"))
        for name in ["../outside.txt", "/etc/hostname", ".hidden", "doc", "doc/../../outside.txt", ""] {
            #expect(!AtomicWriter.removeOutput(name, in: folder.appendingPathComponent("out")), "\(name)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("outside.txt").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/doc").path))
        try Data("x".utf8).write(to: folder.appendingPathComponent("out/doc/en.xml"))
        #expect(AtomicWriter.removeOutput("doc/en.xml", in: folder.appendingPathComponent("out")))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/doc").path), "the emptied folder goes too")
    }
}
