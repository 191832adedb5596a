import Foundation
import Testing
@testable import Plenary

/// Tools for translators (issue 7): fingerprints and staleness, the aligned diff, QA checks, XLIFF.
@Suite("Translation")
struct TranslationTests {
    /// A scratch project with the mini fixture meeting (`Meetings/mini`) and the real templates.
    static func project() throws -> URL { try TestSupport.fixtureProject("mini") }

    static let document = "Meetings/mini/documents/n1"

    static func workspace(_ project: URL) throws -> TranslationWorkspace {
        try TranslationWorkspace(documentPath: project.appendingPathComponent(document), displayRoot: project)
    }

    static func edit(_ file: String, in project: URL, _ change: (String) -> String) throws {
        let path = "\(document)/\(file)"
        try TestSupport.write(change(try TestSupport.read(path, in: project)), to: path, in: project)
    }

    // MARK: Tokens and diffs

    @Test func chineseDiffIsPerCharacterWithNumbersAndSymbolsWhole() {
        let characters = TextDiff(from: "第BS-V/3号决定", to: "第BS-V/3号决议")
        #expect(characters.changedTokens == 1)
        #expect(characters.marked == "第BS-V/3号决[-定-]{+议+}")
        let numbers = TextDiff(from: "12个缔约方", to: "14个缔约方")
        #expect(numbers.changedTokens == 1)
        #expect(numbers.marked == "[-12-]{+14+}个缔约方")
        #expect(Tokenizer.tokens("见UNEP/CBD/BS/COP-MOP/6/7号文件和[[para p1, p2]]，共1,372项") ==
                ["见", "UNEP/CBD/BS/COP-MOP/6/7", "号", "文", "件", "和", "[[para p1, p2]]", "，", "共", "1,372", "项"])
    }

    @Test func englishDiffIsPerWord() {
        let diff = TextDiff(from: "The Parties adopted the plan.", to: "The Parties endorsed the plan.")
        #expect(diff.marked == "The Parties [-adopted-]{+endorsed+} the plan.")
        #expect(diff.changedTokens == 1)
    }

    // MARK: Staleness

    @Test func editingOneWordMarksExactlyThatUnitStale() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.workspace(project).markTranslated(Language("zh"))
        try Self.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p3: See", with: "p3: Consult") }
        let status = try Self.workspace(project).status(Language("zh"))
        #expect(status.units.filter { $0.state != .translated }.map(\.id) == ["p3"])
        let unit = try #require(status.units.first { $0.id == "p3" })
        #expect(unit.state == .staleSubstantive)
        #expect(TextDiff(from: unit.previousOriginal ?? "", to: unit.original ?? "").marked
                == "p3: [-See-]{+Consult+} [[para p1, p2]] and [[section s1]].".dropFirst(4))
        let report = DiffReport(status: status).text()
        #expect(report.contains("1 stale-substantive"))
        #expect(report.contains("[-See-]{+Consult+}"))
        #expect(String(decoding: DiffReport(status: status).html(), as: UTF8.self).contains("<del>See</del><ins>Consult</ins>"))
    }

    @Test func changingANumberIsSubstantiveAndAddingACommaIsMinor() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p2b: second.", with: "p2b: second, item 12.") }
        try Self.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "p2b: 第二。", with: "p2b: 第二，项目12。") }
        try Self.workspace(project).markTranslated(Language("zh"))
        try Self.edit("en.yaml", in: project) {
            $0.replacingOccurrences(of: "second, item 12.", with: "second, item 14.")
                .replacingOccurrences(of: "p2a: first;", with: "p2a: first,;")
        }
        let status = try Self.workspace(project).status(Language("zh"))
        #expect(status.units.first { $0.id == "p2b" }?.state == .staleSubstantive)
        #expect(status.units.first { $0.id == "p2a" }?.state == .staleMinor)
        #expect(status.count(.translated) == status.units.count - 2)
    }

    @Test func untranslatedAndOrphanUnitsAndTheJSONIsDeterministic() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "p2b: 第二。\n", with: "") + "p9: 孤立的段落。\n" }
        let status = try Self.workspace(project).status(Language("zh"))
        #expect(status.units.first { $0.id == "p2b" }?.state == .untranslated)
        #expect(status.units.first { $0.id == "p9" }?.state == .orphan)
        let json = try DiffReport(status: status).json()
        #expect(json == (try DiffReport(status: Self.workspace(project).status(Language("zh"))).json()))
        #expect(json.contains("\"untranslated\" : 1"))
        let run = try TestSupport.run(["diff", Self.document, "--lang", "zh"], in: project)
        #expect(run.status == 0)
        #expect(run.stdout.contains("1 untranslated, 1 orphan"))
    }

    // MARK: QA

    @Test func aNumberThatDiffersFailsCheckWithTheIdBothNumbersAndBothLocations() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p2b: second.", with: "p2b: second, 12 items.") }
        try Self.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "p2b: 第二。", with: "p2b: 第二，14项。") }
        let problems = try QAChecker().check(Self.workspace(project))
        let error = try #require(problems.first { $0.severity == .error })
        #expect(error.description == "Meetings/mini/documents/n1/zh.yaml:7:1: error: `p2b`: the numbers differ: 14 in zh, 12 in en")
        #expect(error.hint == "the en text is at Meetings/mini/documents/n1/en.yaml:7:1")
        let run = try TestSupport.run(["check", "Meetings/mini"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("zh.yaml:7:1: error: `p2b`: the numbers differ: 14 in zh, 12 in en"))
    }

    @Test func symbolsDecisionsReferencesAndFootnotesAreCompared() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("zh.yaml", in: project) {
            $0.replacingOccurrences(of: "[[para p1, p2]]", with: "[[para p1]]").replacingOccurrences(of: "。[[footnote fn1]]", with: "。")
        }
        let messages = try QAChecker().check(Self.workspace(project)).filter { $0.severity == .error }.map(\.message)
        #expect(messages.contains("`p3`: the cross-references differ: para p1, section s1 in zh, para p1, p2, section s1 in en"))
        #expect(messages.contains("`p1`: the footnote markers differ: none in zh, fn1 in en"))
    }

    @Test func datesAndGroupingAreEquivalentAcrossLanguages() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p2b: second.", with: "p2b: \"second, 1,372 records on 17 August 2012.\"") }
        try Self.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "p2b: 第二。", with: "p2b: 第二，2012年8月17日的1 372项记录。") }
        #expect(try QAChecker().check(Self.workspace(project)).filter { $0.severity == .error }.isEmpty)
    }

    @Test func chinesePunctuationUntranslatedAndFinalProfile() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.edit("zh.yaml", in: project) {
            $0.replacingOccurrences(of: "p2a: 第一；", with: "p2a: 第一,第二.")
                .replacingOccurrences(of: "s2: 结论", with: "s2: Conclusions")
                .replacingOccurrences(of: "p2b: 第二。\n", with: "")
        }
        let draft = try QAChecker().check(Self.workspace(project))
        #expect(draft.allSatisfy { $0.severity == .warning })
        let messages = draft.map(\.message)
        #expect(messages.contains("`p2a`: ASCII punctuation between Chinese characters: use ，；：（）"))
        #expect(messages.contains("`p2a`: a Chinese sentence ends with an ASCII full stop: use 。"))
        #expect(messages.contains("`s2` is identical to the en original: untranslated?"))
        #expect(messages.contains("`p2b` has no zh translation"))
        let final = try QAChecker(final: true).check(Self.workspace(project)).filter { $0.severity == .error }.map(\.message)
        #expect(final.contains("`p2b` has no zh translation"))
        #expect(final.contains("`s2` is identical to the en original: untranslated?"))
    }

    @Test func theBundledMeetingPassesCheck() throws {
        let run = try TestSupport.run(["check", "Meetings/bs-copmop-6"], in: TestSupport.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("7 documents checked: 0 errors"), "\(run.stderr)")
    }

    // MARK: XLIFF

    @Test(arguments: ["1.2", "2.0"])
    func exportedXLIFFValidatesAgainstTheSharedSchema(version: String) throws {
        let workspace = try TranslationWorkspace(documentPath: TestSupport.meeting.appendingPathComponent("documents/cp-6-7"),
                                                 displayRoot: TestSupport.packageRoot)
        let data = try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: XLIFFExporter.Version(rawValue: version)!)
        let schema = version == "1.2" ? "xliff12/xliff-core-1.2-strict.xsd" : "xliff20/xliff_core_2.0.xsd"
        let validator = try XMLSchema(contentsOf: TestSupport.packageRoot.appendingPathComponent("../shared/schemas/\(schema)").standardizedFileURL)
        #expect(validator.validate(try XMLTree.parse(data, path: "export.xlf")).isEmpty)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(version == "1.2" ? "<trans-unit id=\"p6\"" : "<unit id=\"p6\""))
        #expect(text.contains("[[stat capacity-activities percent AFR]]"))
    }

    @Test(arguments: ["1.2", "2.0"])
    func exportThenImportWithNoChangeLeavesEveryByte(version: String) throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let sources = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
        let output = TestSupport.snapshot(project.appendingPathComponent("Output"))
        let document = "Meetings/bs-copmop-6/documents/cp-6-7"
        #expect(try TestSupport.run(["xliff", "export", document, "--to", "zh", "--xliff-version", version, "-o", "t.xlf"], in: project).status == 0)
        let run = try TestSupport.run(["xliff", "import", "t.xlf", "--document", document], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("0 units changed"))
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == sources)
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == output)
    }

    @Test func importWritesAChangedTranslationAndOnlyThat() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let workspace = try Self.workspace(project)
        var xliff = String(decoding: try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: .v12), as: UTF8.self)
        xliff = xliff.replacingOccurrences(of: "<target state=\"translated\">第二。</target>", with: "<target state=\"translated\">第二项*。</target>")
        try Data(xliff.utf8).write(to: project.appendingPathComponent("t.xlf"))
        let before = try TestSupport.read("\(Self.document)/zh.yaml", in: project)
        let result = try XLIFFImporter(workspace: workspace).importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
        #expect(result.changed == ["p2b"])
        let after = try TestSupport.read("\(Self.document)/zh.yaml", in: project)
        #expect(after == before.replacingOccurrences(of: "p2b: 第二。", with: "p2b: \"第二项\\\\*。\""))
        let reloaded = try Self.workspace(project)
        #expect(reloaded.document.texts[Language("zh")]?.entries["p2b"]?.text.value == "第二项\\*。")
    }

    @Test func importRefusesABrokenInlineCode() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let workspace = try Self.workspace(project)
        var xliff = String(decoding: try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: .v12), as: UTF8.self)
        xliff = xliff.replacingOccurrences(of: "和<ph id=\"2\" ctype=\"x-plenary-markup\">[[decision X/1]]</ph>：</target>", with: "和：</target>")
        try Data(xliff.utf8).write(to: project.appendingPathComponent("t.xlf"))
        let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
        let error = #expect(throws: DiagnosticError.self) {
            try XLIFFImporter(workspace: workspace).importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
        }
        #expect(error?.diagnostics.map(\.message) == ["unit `p2`: the inline code [[decision X/1]] appears 0 times in the target and 1 in the source"])
        #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before)
    }

    @Test func importRefusesAFileExportedFromAnotherVersionOfTheOriginal() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let exported = try XLIFFExporter(workspace: Self.workspace(project)).export(to: Language("zh"), version: .v20)
        try exported.write(to: project.appendingPathComponent("t.xlf"))
        try Self.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p3: See", with: "p3: Consult") }
        let run = try TestSupport.run(["xliff", "import", "t.xlf", "--document", Self.document], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: unit `p3`: the source differs from the current en text: the file was exported from a different version of the original"))
    }

    // MARK: diff --since

    @Test func diffSinceAFolderOfEarlierOutput() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet", "--output", "before"], in: project).status == 0)
        try Self.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "第一段引用", with: "第一段援用") }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let run = try TestSupport.run(["diff", "--since", "before", "--lang", "zh"], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("1 files compared, 1 units changed"))
        #expect(run.stdout.contains("mini/n1/zh.xml para_1 (changed): 1. 第一段[-引-]{+援+}用"), "\(run.stdout)")
    }

    /// Issue 14, item 8: the note and its annex both have a title without an eId; they were one
    /// key, so an identical copy reported "title changed".
    @Test func diffSinceAnIdenticalCopyReportsNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        try FileManager.default.copyItem(at: project.appendingPathComponent("Output"), to: project.appendingPathComponent("before"))
        for language in ["en", "zh"] {
            let run = try TestSupport.run(["diff", "--since", "before", "--lang", language], in: project)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout == "7 files compared, 0 units changed\n", "\(run.stdout)")
        }
        // The annex's title is a unit of its own: changing it names it, and only it (in the note
        // and in L.3, which carries the same annex).
        let en = "Meetings/bs-copmop-6/documents/cp-6-7/en.yaml"
        let text = try TestSupport.read(en, in: project)
        try TestSupport.write(text.replacingOccurrences(of: "annex: Coordination Mechanism", with: "annex: The Coordination Mechanism"), to: en, in: project)
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let run = try TestSupport.run(["diff", "--since", "before", "--lang", "en"], in: project)
        #expect(run.stdout.contains("7 files compared, 2 units changed"), "\(run.stdout)")
        #expect(run.stdout.contains("bs-copmop-6/cp-6-l3/en.xml att_1__title (changed)"), "\(run.stdout)")
        #expect(run.stdout.contains("bs-copmop-6/cp-6-7/en.xml att_1__title (changed): {+The +}Coordination Mechanism"), "\(run.stdout)")
    }
}
