import Foundation
import Testing
@testable import Plenary

/// Issue 14 (B): `plenary xliff import` never loses text and never reports success for what it did
/// not do. The files in Fixtures/xliff are what Plenary exported, what translate-toolkit wrote from
/// it, and hand-made memoQ/Trados-style variants (Fixtures/xliff/README.md says which is which).
@Suite("XLIFF import")
struct XLIFFImportTests {
    static let document = "Meetings/mini/documents/n1"
    static let zh = "\(document)/zh.yaml"

    /// A scratch project with the mini fixture meeting.
    static func project() throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-xliff-\(UUID().uuidString)")
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent("Meetings/mini"))
        return project
    }

    static func fixtureURL(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: "Fixtures/xliff/\(name)", withExtension: nil))
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtureURL(name), encoding: .utf8)
    }

    static func workspace(_ project: URL) throws -> TranslationWorkspace {
        try TranslationWorkspace(documentPath: project.appendingPathComponent(document), displayRoot: project)
    }

    /// Imports `xliff` (the text of a file) into the project's n1.
    static func importing(_ xliff: String, in project: URL) throws -> XLIFFImporter.Result {
        try Data(xliff.utf8).write(to: project.appendingPathComponent("t.xlf"))
        return try XLIFFImporter(workspace: workspace(project)).importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
    }

    /// The import's diagnostics, after checking that it failed and wrote nothing.
    static func refusal(_ xliff: String, in project: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [Diagnostic] {
        let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
        let error = #expect(throws: DiagnosticError.self, sourceLocation: sourceLocation) { try importing(xliff, in: project) }
        #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before, "nothing is written", sourceLocation: sourceLocation)
        return error?.diagnostics ?? []
    }

    static func entry(_ id: String, in project: URL) throws -> String? {
        try workspace(project).document.texts[Language("zh")]?.entries[id]?.text.value
    }

    /// The exported 1.2 file with one unit's target replaced.
    static func exported(replacing old: String, with new: String) throws -> String {
        let text = try fixture("plenary-export-1.2.xlf")
        #expect(text.contains(old))
        return text.replacingOccurrences(of: old, with: new)
    }

    // MARK: Inline elements and segmentation

    @Test func aSegmentedFileWithTermMarksKeepsEveryWord() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try XLIFFImporter(workspace: Self.workspace(project))
            .importFile(Self.fixtureURL("memoq-segmented.xlf"), displayPath: "memoq-segmented.xlf")
        #expect(try Self.entry("p2a", in: project) == "第一项；")      // <mrk mtype="seg"> and a term <mrk> inside
        #expect(try Self.entry("p2b", in: project) == "第二项。")
        // Pretty-printed around <x/> codes: the line breaks and indentation are layout, not text.
        #expect(try Self.entry("p3", in: project) == "见[[para p1, p2]]和[[section s1]]。")
        #expect(result.changed.sorted() == ["p2a", "p2b"])
        #expect(result.skipped.sorted() == ["fn1", "s2"])
        #expect(try Self.entry("fn1", in: project) == "脚注。")
        #expect(try Self.entry("s2", in: project) == "结论")
    }

    @Test func xliff20SegmentsMrkAndLanguageWithRegionKeepEveryWord() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try XLIFFImporter(workspace: Self.workspace(project))
            .importFile(Self.fixtureURL("xliff20-segmented.xlf"), displayPath: "x.xlf")
        #expect(try Self.entry("p1", in: project) == "第一段引用[[symbol UNEP/X/1]]。[[footnote fn1]]")
        #expect(try Self.entry("p2b", in: project) == "第二款。")     // <mrk translate="no"> keeps what it wraps
        #expect(try Self.entry("p3", in: project) == "参见[[para p1, p2]]和[[section s1]]。")
        #expect(result.language == Language("zh"))           // trgLang="zh-Hans-CN"
        #expect(result.changed.sorted() == ["p2a", "p2b", "p3"])
    }

    @Test func placeholdersRewrittenAsXAndBxExMapBackToTheMarkup() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let xliff = try Self.exported(
            replacing: "<target state=\"translated\">它提及<ph id=\"1\" ctype=\"x-plenary-markup\">[[para p3]]</ph>和<ph id=\"2\" ctype=\"x-plenary-markup\">[[decision X/1]]</ph>：</target>",
            with: "<target state=\"translated\">它提到<x id=\"1\"/>和<ph id=\"2\"/>：</target>")
        _ = try Self.importing(xliff, in: project)
        #expect(try Self.entry("p2", in: project) == "它提到[[para p3]]和[[decision X/1]]：")
    }

    @Test func pairedCodesRewrittenAsBxExOrScEcMapBackToTheVerb() throws {
        // The bundled meeting's decisions have an operative verb, exported as <g id="verb"> / <pc id="verb">.
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let document = project.appendingPathComponent("Meetings/bs-copmop-6/documents/cp-6-7")
        let workspace = try TranslationWorkspace(documentPath: document, displayRoot: project)
        let entry = { (id: String) throws -> TextEntry? in
            try TranslationWorkspace(documentPath: document, displayRoot: project).document.texts[Language("zh")]?.entries[id]
        }
        let id = try #require(workspace.document.texts[Language("zh")]?.entries.first { $0.value.verb?.value == "注意到" }?.key)
        for version in [XLIFFExporter.Version.v12, .v20] {
            var xliff = String(decoding: try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: version), as: UTF8.self)
            let (old, new) = version == .v12
                ? ("<target state=\"translated\"><g id=\"verb\" ctype=\"x-plenary-verb\">注意到</g>", "<target state=\"translated\"><bx id=\"7\" rid=\"verb\"/>欣见<ex id=\"8\" rid=\"verb\"/>")
                : ("<target><pc id=\"verb\" type=\"fmt\">注意到</pc>", "<target><sc id=\"verb\"/>欣见<ec startRef=\"verb\"/>")
            #expect(xliff.contains(old))
            xliff = xliff.replacingOccurrences(of: old, with: new)
            try Data(xliff.utf8).write(to: project.appendingPathComponent("t.xlf"))
            _ = try XLIFFImporter(workspace: TranslationWorkspace(documentPath: document, displayRoot: project))
                .importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
            #expect(try entry(id)?.verb?.value == "欣见")
            // Back to the original verb for the next version.
            try Data(String(decoding: try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: version), as: UTF8.self).utf8)
                .write(to: project.appendingPathComponent("t.xlf"))
            _ = try XLIFFImporter(workspace: TranslationWorkspace(documentPath: document, displayRoot: project))
                .importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
            #expect(try entry(id)?.verb?.value == "注意到")
        }
    }

    @Test func anInlineElementThatMapsToNothingIsRefusedWithItsPlace() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let xliff = try Self.exported(replacing: "<target state=\"translated\">第二。</target>",
                                      with: "<target state=\"translated\">第<bpt id=\"9\">&lt;b&gt;</bpt>二<ept id=\"9\">&lt;/b&gt;</ept>。</target>")
        let problems = try Self.refusal(xliff, in: project)
        #expect(problems.map(\.description) == ["t.xlf:30:37: error: unit `p2b`: <bpt> is not inline markup Plenary can map back to its own",
                                                 "t.xlf:30:65: error: unit `p2b`: <ept> is not inline markup Plenary can map back to its own"])
        let unknownCode = try Self.exported(replacing: "<target state=\"translated\">第二。</target>",
                                            with: "<target state=\"translated\">第二<x id=\"7\"/>。</target>")
        #expect(try Self.refusal(unknownCode, in: project).map(\.message) == ["unit `p2b`: <x id=\"7\"/> stands for no code of the source"])
    }

    // MARK: Never a translation replaced by nothing

    @Test func anEmptyOrNewTargetLeavesTheTranslationAndIsReportedAsSkipped() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        var xliff = try Self.exported(replacing: "<target state=\"translated\">第二。</target>", with: "<target/>")
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">脚注。</target>", with: "<target state=\"new\"/>")
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">结论</target>", with: "")
        let before = try TestSupport.read(Self.zh, in: project)
        let result = try Self.importing(xliff, in: project)
        #expect(result.changed.isEmpty)
        #expect(result.skipped.sorted() == ["fn1", "p2b", "s2"])
        #expect(try TestSupport.read(Self.zh, in: project) == before)
    }

    @Test func aTargetMarkedUntranslatedIsSkippedWithAWarning() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try Self.importing(Self.exported(replacing: "<target state=\"translated\">第二。</target>",
                                                      with: "<target state=\"needs-translation\">second.</target>"), in: project)
        #expect(result.skipped == ["p2b"])
        #expect(result.warnings.map(\.message) == ["unit `p2b`: the target is marked state=\"needs-translation\", not a translation: skipped"])
        #expect(try Self.entry("p2b", in: project) == "第二。")
    }

    // MARK: White space

    @Test func prettyPrintedTargetsLoseTheirLayoutUnlessSpaceIsPreserved() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        var xliff = try Self.exported(replacing: "<trans-unit id=\"p2b\" resname=\"p2b\" xml:space=\"preserve\">",
                                      with: "<trans-unit id=\"p2b\" resname=\"p2b\">")
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">第二。</target>", with: "<target state=\"translated\">\n          第二项。\n        </target>")
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">A footnote.</target>", with: "")
        xliff = xliff.replacingOccurrences(of: "<trans-unit id=\"s2\" resname=\"s2\" xml:space=\"preserve\">\n        <source>Conclusions</source>\n        <target state=\"translated\">结论</target>",
                                           with: "<trans-unit id=\"s2\" resname=\"s2\" xml:space=\"default\">\n        <source>\n          Conclusions\n        </source>\n        <target state=\"translated\">\n          结论  与\n          建议\n        </target>")
        _ = try Self.importing(xliff, in: project)
        #expect(try Self.entry("p2b", in: project) == "第二项。")
        #expect(try Self.entry("s2", in: project) == "结论  与建议")    // a run without a line break is the translator's
        // Under xml:space="preserve" (as Plenary exports), white space is text.
        let preserved = try Self.exported(replacing: "<target state=\"translated\">第一；</target>", with: "<target state=\"translated\"> 第一；\n</target>")
        _ = try Self.importing(preserved, in: project)
        #expect(try Self.entry("p2a", in: project) == " 第一；\n")
    }

    // MARK: Refusals

    @Test func aDuplicateUnitIdIsRefused() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let xliff = try Self.exported(replacing: "      <trans-unit id=\"fn1\"",
                                      with: "      <trans-unit id=\"p2b\" xml:space=\"preserve\">\n        <source>second.</source>\n        <target state=\"translated\">第二条。</target>\n      </trans-unit>\n      <trans-unit id=\"fn1\"")
        let problems = try Self.refusal(xliff, in: project)
        #expect(problems.map(\.description) == ["t.xlf:40:1: error: unit `p2b` is given twice, first at line 28"])
    }

    @Test func controlCharactersAreRefused() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        for (reference, name) in [("&#x7F;", "U+007F"), ("&#x85;", "U+0085"), ("&#x9B;", "U+009B")] {
            let xliff = try Self.exported(replacing: "<target state=\"translated\">第二。</target>", with: "<target state=\"translated\">第二\(reference)。</target>")
            let problems = try Self.refusal(xliff, in: project)
            #expect(problems.map(\.message) == ["unit `p2b`: the target contains \(name), a control character a language file cannot hold"])
        }
    }

    @Test func oneBadUnitWritesNothingAtAll() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        var xliff = try Self.exported(replacing: "<target state=\"translated\">第二。</target>", with: "<target state=\"translated\">第二项。</target>")
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">脚注。</target>", with: "<target state=\"translated\">脚注<it pos=\"open\">x</it>。</target>")
        #expect(try Self.refusal(xliff, in: project).count == 1)
    }

    // MARK: States and notes

    @Test func reviewStatesAndTranslatorNotesAreReportedPerUnit() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try XLIFFImporter(workspace: Self.workspace(project))
            .importFile(Self.fixtureURL("memoq-segmented.xlf"), displayPath: "memoq.xlf")
        #expect(result.warnings.map(\.description) == [
            "memoq.xlf:12:1: warning: unit `p2b` has a translator's note: Is 项 right here?",
            "memoq.xlf:12:1: warning: unit `p2b`: the target is marked state=\"needs-review-translation\": imported, not recorded as translated",
        ])
        // Not recorded as translated: the record has p2a (translated) and p3, not p2b.
        let record = try TestSupport.read("\(Self.document)/zh.origin.yaml", in: project)
        #expect(record.contains("p2a:") && record.contains("p3:") && !record.contains("p2b:"))
        let twenty = try XLIFFImporter(workspace: Self.workspace(project)).importFile(Self.fixtureURL("xliff20-segmented.xlf"), displayPath: "x.xlf")
        #expect(twenty.warnings.map(\.message) == [
            "unit `p3` has a translator's note: Section references follow the Chinese style.",
            "unit `p3`: the target is marked state=\"translated\" subState=\"memoq:proofread-pending\": imported, not recorded as translated",
            "unit `p2a`: the target is marked state=\"initial\": imported, not recorded as translated",
        ])
    }

    // MARK: Files as real tools write them

    @Test func aUTF16FileWithALowercaseRegionTagIsRead() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let result = try XLIFFImporter(workspace: Self.workspace(project)).importFile(Self.fixtureURL("trados-utf16.xlf"), displayPath: "t.xlf")
        #expect(result.changed.sorted() == ["p2", "s1"])
        #expect(try Self.entry("p2", in: project) == "它提到[[para p3]]和[[decision X/1]]：")
        #expect(try Self.entry("s1", in: project) == "引言")
    }

    @Test(arguments: ["zh", "zh-CN", "zh-cn", "zh-Hans-CN", "ZH_hans"])
    func targetLanguageTagsThatMeanChinese(tag: String) throws {
        #expect(LanguageTag.matches(tag, Language("zh")))
    }

    @Test(arguments: ["zh-Hant", "zh-Hant-TW", "en", "zho", ""])
    func targetLanguageTagsThatDoNot(tag: String) throws {
        #expect(!LanguageTag.matches(tag, Language("zh")))
    }

    @Test func filesReSavedAndEditedWithTranslateToolkit() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let before = try TestSupport.read(Self.zh, in: project)
        let resaved = try XLIFFImporter(workspace: Self.workspace(project)).importFile(Self.fixtureURL("translate-toolkit-resaved.xlf"), displayPath: "r.xlf")
        #expect(resaved.changed.isEmpty && resaved.warnings.isEmpty)
        #expect(try TestSupport.read(Self.zh, in: project) == before)
        // Edited through translate-toolkit's API: p2b changed, p2a marked fuzzy (needs-translation),
        // a note on s2, fn1's target emptied.
        let edited = try XLIFFImporter(workspace: Self.workspace(project)).importFile(Self.fixtureURL("translate-toolkit-edited.xlf"), displayPath: "e.xlf")
        #expect(edited.changed == ["p2b"])
        #expect(edited.skipped == ["p2a", "fn1"])
        #expect(edited.warnings.map(\.message) == [
            "unit `p2a`: the target is marked state=\"needs-translation\", not a translation: skipped",
            "unit `s2` has a translator's note: Check the term with the glossary",
        ])
        #expect(try Self.entry("p2b", in: project) == "第二项。")
        #expect(try Self.entry("p2a", in: project) == "第一；")
        #expect(try Self.entry("fn1", in: project) == "脚注。")
        // po2xliff writes XLIFF 1.1 with gettext ids: not a file exported by Plenary, refused.
        let po = try String(contentsOf: Self.fixtureURL("translate-toolkit-po2xliff.xlf"), encoding: .utf8)
        #expect(try Self.refusal(po, in: project).map(\.message) == ["not an XLIFF 1.2 or 2.0 file"])
    }

    // MARK: Writing

    @Test func theLanguageFileKeepsItsMode() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let path = project.appendingPathComponent(Self.zh).path
        try FileManager.default.setAttributes([.posixPermissions: 0o664], ofItemAtPath: path)
        _ = try Self.importing(Self.exported(replacing: "第二。</target>", with: "第二项。</target>"), in: project)
        #expect(try Self.entry("p2b", in: project) == "第二项。")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o664)
    }

    /// A 1.2 file with the one unit `id`.
    static func oneUnit(_ id: String, source: String, target: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
          <file original="n1/en.yaml" source-language="en" target-language="zh-Hans" datatype="plaintext">
            <body>
              <trans-unit id="\(id)"><source>\(source)</source><target state="translated">\(target)</target></trans-unit>
            </body>
          </file>
        </xliff>
        """
    }

    @Test func concurrentImportsIntoOneDocumentBothLand() throws {
        // Two translators' files, one unit each: run at once, both changes must land.
        for round in 0..<10 {
            let project = try Self.project()
            defer { try? FileManager.default.removeItem(at: project) }
            try Data(Self.oneUnit("p2b", source: "second.", target: "第二项\(round)。").utf8).write(to: project.appendingPathComponent("a.xlf"))
            try Data(Self.oneUnit("fn1", source: "A footnote.", target: "脚注\(round)。").utf8).write(to: project.appendingPathComponent("b.xlf"))
            let processes = ["a.xlf", "b.xlf"].map { file in
                let process = Process()
                process.executableURL = TestSupport.plenary
                process.arguments = ["xliff", "import", file, "--document", Self.document]
                process.currentDirectoryURL = project
                process.standardError = FileHandle.nullDevice
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit() }
            #expect(processes.map(\.terminationStatus) == [0, 0])
            #expect(try Self.entry("p2b", in: project) == "第二项\(round)。")
            #expect(try Self.entry("fn1", in: project) == "脚注\(round)。")
        }
    }

    // MARK: Bold, superscript and line breaks (issue 15)

    /// The mini meeting with p2a in bold, emphasis, superscript and line breaks in both languages
    /// (one line break written `[[ br ]]`), every unit recorded as translated.
    static func formattedProject() throws -> URL {
        let project = try project()
        let folder = project.appendingPathComponent(document)
        for (file, old, new) in [("en.yaml", "p2a: first;", #"p2a: "**first** *a **b** c* 10^3^[[br]]x^*n*^ ***both***, \\^ and [[br]];""#),
                                 ("zh.yaml", "p2a: 第一；", #"p2a: "**第一** *甲 **乙** 丙* 10^3^[[ br ]]x^*n*^ ***两者***，\\^ 和[[br]]；""#)] {
            let url = folder.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old))
            try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        }
        _ = try workspace(project).markTranslated(Language("zh"))
        return project
    }

    static func exported(_ project: URL, _ version: XLIFFExporter.Version) throws -> String {
        String(decoding: try XLIFFExporter(workspace: workspace(project)).export(to: Language("zh"), version: version), as: UTF8.self)
    }

    /// `xliff` with `old` replaced by `new` once, in the target of p2a only.
    static func editingTarget(_ xliff: String, _ old: String, _ new: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let unit = try #require(xliff.range(of: #"id="p2a""#), sourceLocation: sourceLocation)
        let target = try #require(xliff.range(of: "<target", range: unit.upperBound..<xliff.endIndex), sourceLocation: sourceLocation)
        let found = try #require(xliff.range(of: old, range: target.upperBound..<xliff.endIndex), sourceLocation: sourceLocation)
        return xliff.replacingCharacters(in: found, with: new)
    }

    @Test(arguments: XLIFFExporter.Version.allCases)
    func boldSuperscriptAndLineBreaksRoundTripByteForByte(version: XLIFFExporter.Version) throws {
        let project = try Self.formattedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let xliff = try Self.exported(project, version)
        // Bold and superscript are paired codes like emphasis, numbered each on its own; a line break a placeholder.
        #expect(xliff.contains(version == .v12
            ? #"<source><g id="b1" ctype="bold">first</g> <g id="e1" ctype="italic">a <g id="b2" ctype="bold">b</g> c</g> 10<g id="s1" ctype="x-superscript">3</g><x id="br1" ctype="lb"/>x<g id="s2" ctype="x-superscript"><g id="e2" ctype="italic">n</g></g> <g id="b3" ctype="bold"><g id="e3" ctype="italic">both</g></g>, ^ and <x id="br2" ctype="lb"/>;</source>"#
            : #"<source><pc id="b1" type="fmt" subType="xlf:b">first</pc> <pc id="e1" type="fmt">a <pc id="b2" type="fmt" subType="xlf:b">b</pc> c</pc> 10<pc id="s1" type="fmt" subType="plenary:superscript">3</pc><ph id="br1" type="fmt" subType="xlf:lb"/>x<pc id="s2" type="fmt" subType="plenary:superscript"><pc id="e2" type="fmt">n</pc></pc> <pc id="b3" type="fmt" subType="xlf:b"><pc id="e3" type="fmt">both</pc></pc>, ^ and <ph id="br2" type="fmt" subType="xlf:lb"/>;</source>"#),
            "\(xliff)")
        #expect(xliff.contains(version == .v12 ? #"10<g id="s1" ctype="x-superscript">3</g><x id="br1" ctype="lb"/>x"# : #"10<pc id="s1" type="fmt" subType="plenary:superscript">3</pc><ph id="br1" type="fmt" subType="xlf:lb"/>x"#))
        let schema = version == .v12 ? "xliff12/xliff-core-1.2-strict.xsd" : "xliff20/xliff_core_2.0.xsd"
        let validator = try XMLSchema(contentsOf: TestSupport.packageRoot.appendingPathComponent("../shared/schemas/\(schema)").standardizedFileURL)
        #expect(validator.validate(try XMLTree.parse(Data(xliff.utf8), path: "export.xlf")).isEmpty)
        // Imported unchanged: every byte of the sources stays, `[[ br ]]` included.
        let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
        let result = try Self.importing(xliff, in: project)
        #expect(result.changed.isEmpty)
        #expect(result.warnings.isEmpty, "\(result.warnings)")
        #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before)
    }

    @Test func droppedBoldSuperscriptOrLineBreakCodesAreRefused() throws {
        let project = try Self.formattedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let xliff = try Self.exported(project, .v12)
        let dropped = [
            (#"<x id="br1" ctype="lb"/>"#, "", "the inline code [[br]] appears 1 time in the target and 2 in the source"),
            (#"<g id="s1" ctype="x-superscript">3</g>"#, "3", "the inline code <s1> appears 0 times in the target and 1 in the source"),
            (#"<g id="b1" ctype="bold">第一</g>"#, "第一", "the inline code <b1> appears 0 times in the target and 1 in the source"),
            (#"<g id="b1" ctype="bold">第一</g>"#, #"<g id="b1" ctype="bold">第一</g><g id="b1" ctype="bold">二</g>"#, "the inline code <b1> appears 2 times in the target and 1 in the source"),
            (#"<x id="br1" ctype="lb"/>"#, #"<x id="br1" ctype="lb"/><x id="br1" ctype="lb"/>"#, "the inline code [[br]] appears 3 times in the target and 2 in the source"),
        ]
        for (old, new, message) in dropped {
            let problems = try Self.refusal(Self.editingTarget(xliff, old, new), in: project)
            #expect(problems.map(\.message) == ["unit `p2a`: \(message)"])
            #expect(problems.first?.hint == "inline codes stand for markup; keep each one, once")
        }
        // Unbalanced: opened and never closed, in either version.
        let v12 = try Self.editingTarget(xliff, #"<g id="b1" ctype="bold">第一</g>"#, #"<bx id="7" rid="b1"/>第一"#)
        #expect(try Self.refusal(v12, in: project).map(\.message).contains("unit `p2a`: <bx id=\"b1\"/> is never closed by an <ex/>"))
        let v20 = try Self.editingTarget(try Self.exported(project, .v20), #"<pc id="b1" type="fmt" subType="xlf:b">第一</pc>"#, #"<sc id="b1"/>第一"#)
        #expect(try Self.refusal(v20, in: project).map(\.message).contains("unit `p2a`: <sc id=\"b1\"/> is never closed by an <ec/> in the same segment"))
        // A code a CAT tool let the translator put against a space would not read back.
        let spaced = try Self.editingTarget(xliff, #"<g id="b1" ctype="bold">第一</g>"#, #"<g id="b1" ctype="bold">第一 </g>"#)
        let problems = try Self.refusal(spaced, in: project)
        #expect(problems.map(\.message) == [#"unit `p2a`: `**第一 ** *甲 **乙** 丙* 10^3^[[br]]x^*n*^ ***两者***，\^ 和[[br]]；` would not read back as markup: a `**` after a space does not close bold"#])
        // Emphasis alone may be dropped, as before: Chinese sets no italics.
        _ = try Self.importing(Self.editingTarget(xliff, #"<g id="e2" ctype="italic">n</g>"#, "n"), in: project)
        #expect(try Self.entry("p2a", in: project) == #"**第一** *甲 **乙** 丙* 10^3^[[br]]x^n^ ***两者***，\^ 和[[br]]；"#)
    }

    @Test func boldAndLineBreaksRewrittenAsBxExOrUntypedXMapBack() throws {
        let project = try Self.formattedProject()
        defer { try? FileManager.default.removeItem(at: project) }
        var xliff = try Self.editingTarget(Self.exported(project, .v12), #"<g id="b1" ctype="bold">第一</g>"#, #"<bx id="7" rid="b1"/>第壹<ex id="8" rid="b1"/>"#)
        xliff = try Self.editingTarget(xliff, #"<x id="br1" ctype="lb"/>"#, #"<x id="br1"/>"#)
        _ = try Self.importing(xliff, in: project)
        #expect(try Self.entry("p2a", in: project) == #"**第壹** *甲 **乙** 丙* 10^3^[[br]]x^*n*^ ***两者***，\^ 和[[br]]；"#)
        // And 2.0: <sc/>/<ec/> and a <ph/> that lost its type.
        var v20 = try Self.editingTarget(Self.exported(project, .v20), #"<pc id="s1" type="fmt" subType="plenary:superscript">3</pc>"#, #"<sc id="s1"/>6<ec startRef="s1"/>"#)
        v20 = try Self.editingTarget(v20, #"<ph id="br2" type="fmt" subType="xlf:lb"/>"#, #"<ph id="br2"/>"#)
        _ = try Self.importing(v20, in: project)
        #expect(try Self.entry("p2a", in: project) == #"**第壹** *甲 **乙** 丙* 10^6^[[br]]x^*n*^ ***两者***，\^ 和[[br]]；"#)
    }

    /// Any text the parser accepts, made of asterisks, carets, escapes, spaces and line breaks,
    /// is written back by the importer as markup that parses to the same codes: a target imported
    /// unchanged never becomes text the next build refuses.
    @Test func markupWrittenBackReadsAsTheSameCodes() throws {
        var random = SplitMix64(seed: 15)
        let alphabet = ["*", "*", "^", " ", "a", "b", "\\", "[[br]]", "中", "\\^", "\\*", "[[para p1]]"]
        func entry(_ text: String) -> TextEntry {
            let location = Plenary.SourceLocation(path: "t.yaml", line: 1, column: 5)
            return TextEntry(text: SourceText(value: text, location: location, file: SourceFile(path: "t.yaml", text: "p1: " + text)), verb: nil, location: location)
        }
        var accepted = 0
        for _ in 0..<60_000 {
            let text = (0..<Int.random(in: 1...14, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
            guard let pieces = XLIFFExporter.pieces(of: entry(text)) else { continue }
            accepted += 1
            let written = XLIFFImporter.markup(pieces).text
            #expect(XLIFFExporter.pieces(of: entry(written)) == pieces, "\(text) was written back as \(written)")
        }
        #expect(accepted > 10_000)
    }

    @Test func exportToALanguageTheDocumentDoesNotHaveIsAUsageError() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try TestSupport.run(["xliff", "export", Self.document, "--to", "fr"], in: project)
        #expect(run.status == 2)
        #expect(run.stderr.contains("`fr` is not a translation language of n1: its translation languages are zh"))
        #expect(try TestSupport.run(["xliff", "export", Self.document, "--to", "zh-CN", "-o", "t.xlf"], in: project).status == 0)
    }
}
