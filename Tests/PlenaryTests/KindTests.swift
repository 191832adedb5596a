import Foundation
import Testing
@testable import Plenary

/// Issue 15: kinds of document are data (Templates/kinds/<kind>.yaml). A kind the engine has never
/// heard of builds with its own levels and numbering; its mistakes, and a document's headings the
/// kind does not allow, are errors where they are written; the punctuation Plenary adds is the
/// kind's to switch; references reach the other documents of the meeting; the agenda is
/// meeting.yaml's, titled by the provisional agenda.
@Suite("Kinds of document")
struct KindTests {
    static let mini = "Meetings/mini"
    static let n1 = "Meetings/mini/documents/n1/"

    /// A scratch project: a copy of the small fixture meeting and a copy of Templates/ that the
    /// test may change (the package's own are never touched).
    static func project() throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-kinds-\(UUID().uuidString)")
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent(mini))
        try FileManager.default.copyItem(at: TestSupport.templates, to: project.appendingPathComponent("Templates"))
        return project
    }

    /// Replaces `old` (which must occur) by `new` in a file of the project.
    static func replace(_ old: String, with new: String, in path: String, of project: URL) throws {
        let text = try TestSupport.read(path, in: project)
        try #require(text.contains(old), "`\(old)` is not in \(path)")
        try TestSupport.write(text.replacingOccurrences(of: old, with: new), to: path, in: project)
    }

    static func append(_ text: String, to path: String, of project: URL) throws {
        try TestSupport.write(try TestSupport.read(path, in: project) + text, to: path, in: project)
    }

    static func build(_ project: URL) throws -> (output: URL, report: BuildReport) {
        try ContentTests.build(project, meeting: "mini")
    }

    /// The Akoma Ntoso schema's complaints about an output file.
    static func schemaIssues(_ file: String, in output: URL) throws -> [String] {
        let schema = try XMLSchema(contentsOf: TestSupport.aknSchema)
        return schema.validate(try XMLTree.parse(contentsOf: output.appendingPathComponent(file))).map { "\($0)" }
    }

    static func read(_ file: String, in output: URL) throws -> String {
        try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
    }

    /// The errors of a build of `project`, as `file:line:column: message`.
    static func errors(_ project: URL) throws -> [Diagnostic] {
        let (output, report) = try build(project)
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
        return report.errors
    }

    // MARK: A kind defined by a templates folder alone

    /// Minutes: chapters A, B, … holding articles 1, 2, … — a kind no Swift code names.
    static let minutes = """
        # Minutes: a kind of this test's templates folder only.
        akn: {element: doc, name: minutes, subtype: communication}
        template: note
        proponent: none
        headings:
          chapter: {number: upper-alpha, label: chapter-number}
          article: {number: decimal, label: article-number, in: [chapter]}
        paragraphs: {number: decimal, label: paragraph-number}
        lists: {number: [lower-alpha, lower-roman], label: item-number}
        operative: {number: lower-alpha, label: item-number}

        """

    /// n1 as minutes: two chapters, the second with two articles. No `template:` (the kind names it).
    static let minutesStructure = """
        symbol: UNEP/X/2
        kind: minutes
        agenda-item: 3
        date: 2012-08-17
        original: en
        body:
          - chapter: s1
            content:
              - p1
              - para: p2
                list: [p2a, p2b]
          - chapter: s2
            content:
              - article: a1
                content: [p3]
              - article: a2
                content: [p4]
        footnotes: [fn1]

        """

    /// A project whose templates folder has the minutes kind (and the labels of its levels in both
    /// catalogs), and whose n1 is minutes.
    static func minutesProject() throws -> URL {
        let project = try Self.project()
        try TestSupport.write(minutes, to: "Templates/kinds/minutes.yaml", in: project)
        try Self.append("\nchapter-number: \"Chapter {n}.\"\narticle-number: \"Article {n}\"\n", to: "Templates/strings/en.yaml", of: project)
        try Self.append("\nchapter-number: \"第{n}章\"\narticle-number: \"第{n}条\"\n", to: "Templates/strings/zh.yaml", of: project)
        try TestSupport.write(minutesStructure, to: Self.n1 + "document.yaml", in: project)
        try Self.append("a1: First article\na2: Second article\np4: Last.\n", to: Self.n1 + "en.yaml", of: project)
        try Self.append("a1: 第一条标题\na2: 第二条标题\np4: 最后。\n", to: Self.n1 + "zh.yaml", of: project)
        return project
    }

    @Test func aKindDefinedOnlyInTheTemplatesFolderBuildsWithItsOwnNumbering() throws {
        #expect(!FileManager.default.fileExists(atPath: TestSupport.templates.appendingPathComponent("kinds/minutes.yaml").path),
                "the kind is the test's, not the package's")
        let project = try Self.minutesProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let (output, report) = try Self.build(project)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let xml = try Self.read("n1/en.xml", in: output)
        #expect(xml.contains("""
                  <chapter eId="chp_1">
                    <num>Chapter A.</num>
                    <heading>Introduction</heading>
                    <paragraph eId="para_1">
            """), "\(xml)")
        #expect(xml.contains("""
                  <chapter eId="chp_2">
                    <num>Chapter B.</num>
                    <heading>Conclusions</heading>
                    <hcontainer name="article" eId="chp_2__article_1">
                      <num>Article 1</num>
                      <heading>First article</heading>
                      <paragraph eId="para_3">
            """))
        // Articles are counted within their chapter, paragraphs through the body.
        #expect(xml.contains("""
                    <hcontainer name="article" eId="chp_2__article_2">
                      <num>Article 2</num>
                      <heading>Second article</heading>
                      <paragraph eId="para_4">
                        <num>4.</num>
            """))
        let html = try Self.read("n1/en.html", in: output)
        #expect(html.contains(#"<h2 class="akn-heading"><span class="akn-num">Chapter B.</span> <span>Conclusions</span></h2>"#), "\(html)")
        #expect(html.contains(#"<h3 class="akn-heading"><span class="akn-num">Article 2</span> <span>Second article</span></h3>"#))
        // `proponent: none`: no "Note by the Executive Secretary", though the note's template is used.
        #expect(!html.contains("Note by the Executive Secretary"))
        let zhXML = try Self.read("n1/zh.xml", in: output)
        #expect(zhXML.contains("<num>第B章</num>\n        <heading>结论</heading>"), "\(zhXML)")
        #expect(zhXML.contains("<num>第2条</num>\n          <heading>第二条标题</heading>"))
        let zhHTML = try Self.read("n1/zh.html", in: output)
        #expect(zhHTML.contains(#"<h2 class="akn-heading"><span class="akn-num">第A章</span> <span>导言</span></h2>"#), "\(zhHTML)")
        #expect(zhHTML.contains(#"<h3 class="akn-heading"><span class="akn-num">第1条</span> <span>第一条标题</span></h3>"#))
        for language in ["en", "zh"] { #expect(try Self.schemaIssues("n1/\(language).xml", in: output).isEmpty) }
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
    }

    // MARK: Mistakes in a kind, and in the kind a document names

    @Test func anUnknownKindIsAnErrorAtItsLineWithADidYouMean() throws {
        let project = try Self.minutesProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("kind: minutes", with: "kind: minuets", in: Self.n1 + "document.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/documents/n1/document.yaml:2:7: unknown kind `minuets`"])
        #expect(errors.first?.hint == "did you mean `minutes`?")
    }

    @Test(arguments: [
        ("headings:", "headngs:",
         "Templates/kinds/minutes.yaml:5:1: unknown key `headngs` in a kind", "did you mean `headings`?"),
        ("article: {number: decimal,", "article: {number: decimel,",
         "Templates/kinds/minutes.yaml:7:21: unknown numbering style `decimel`", "did you mean `decimal`?"),
        ("in: [chapter]", "in: [chaptre]",
         "Templates/kinds/minutes.yaml:7:3: the level `article` stands in `chaptre`, which is not a level here", "did you mean `chapter`?"),
        // `in` and `akn` belong to heading levels: on paragraphs they would be read and ignored.
        ("paragraphs: {number: decimal,", "paragraphs: {in: [chapter], number: decimal,",
         "Templates/kinds/minutes.yaml:8:14: unknown key `in` in paragraphs", "the known keys are `number`, `label`"),
    ])
    func aMistakeInAKindFileIsAnErrorAtItsLine(_ old: String, _ new: String, _ expected: String, _ hint: String) throws {
        let project = try Self.minutesProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace(old, with: new, in: "Templates/kinds/minutes.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == [expected])
        #expect(errors.first?.hint == hint)
    }

    /// A level whose numbering style is misspelt is reported; the levels that stand in it must not
    /// add "stands in `chapter`, which is not a level here" (the level is there, misspelt).
    @Test func aMisspeltStyleOfALevelIsOneError() throws {
        let project = try Self.minutesProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("chapter: {number: upper-alpha,", with: "chapter: {number: upper-alfa,", in: "Templates/kinds/minutes.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors).first == "Templates/kinds/minutes.yaml:6:21: unknown numbering style `upper-alfa`")
        #expect(SourceErrorTests.located(errors) == ["Templates/kinds/minutes.yaml:6:21: unknown numbering style `upper-alfa`"])
    }

    // MARK: Headings the kind does not allow

    @Test(arguments: [
        ("  - chapter: s1\n", "  - article: s1\n",
         "Meetings/mini/documents/n1/document.yaml:7:5: an `article` cannot stand at the top of the body in a minutes",
         "in a minutes, an `article` stands inside a `chapter` (Templates/kinds/minutes.yaml)"),
        ("      - article: a2\n", "      - chapter: a2\n",
         "Meetings/mini/documents/n1/document.yaml:16:9: a `chapter` cannot stand inside a `chapter` in a minutes",
         "in a minutes, a `chapter` stands at the top of the body (Templates/kinds/minutes.yaml)"),
        ("      - article: a2\n", "      - section: a2\n",
         "Meetings/mini/documents/n1/document.yaml:16:9: `section` is not a heading level of a minutes",
         "its levels are article, chapter (Templates/kinds/minutes.yaml)"),
    ])
    func aHeadingTheKindDoesNotAllowThereIsAnErrorAtIt(_ old: String, _ new: String, _ expected: String, _ hint: String) throws {
        let project = try Self.minutesProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace(old, with: new, in: Self.n1 + "document.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == [expected])
        #expect(errors.first?.hint == hint)
    }

    // MARK: Punctuation

    /// The same decision in a note (which punctuates its elements) and in a kind that switches the
    /// operative punctuation off: ";" and "." come and go in both languages and both formats.
    @Test func theKindSwitchesTheOperativePunctuation() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("      - p3\n", with: "      - p3\n      - decision: dec\n        elements: [d1, d2]\n", in: Self.n1 + "document.yaml", of: project)
        try Self.append("d1: {verb: Decides, text: to meet again}\nd2: {verb: Requests, text: the Secretariat to report}\n", to: Self.n1 + "en.yaml", of: project)
        try Self.append("d1: {verb: 决定, text: 再次举行会议}\nd2: {verb: 请, text: 秘书处提出报告}\n", to: Self.n1 + "zh.yaml", of: project)
        let note = try TestSupport.read("Templates/kinds/note.yaml", in: project)
        try #require(note.contains("\n  operative: true "))
        try TestSupport.write(note.replacingOccurrences(of: "\n  operative: true ", with: "\n  operative: false"), to: "Templates/kinds/note-plain.yaml", in: project)

        let punctuated = [("<p><i>Decides</i> to meet again;</p>", "<p><i>Requests</i> the Secretariat to report.</p>"),
                          ("<p>决定再次举行会议；</p>", "<p>请秘书处提出报告。</p>")]
        let plain = [("<p><i>Decides</i> to meet again</p>", "<p><i>Requests</i> the Secretariat to report</p>"),
                     ("<p>决定再次举行会议</p>", "<p>请秘书处提出报告</p>")]
        for (kind, expected) in [("note", punctuated), ("note-plain", plain)] {
            if kind != "note" { try Self.replace("kind: note", with: "kind: \(kind)", in: Self.n1 + "document.yaml", of: project) }
            let (output, report) = try Self.build(project)
            #expect(report.errors.isEmpty, "\(report.errors)")
            for (language, (first, last)) in zip(["en", "zh"], expected) {
                for format in ["xml", "html"] {
                    let text = try Self.read("n1/\(language).\(format)", in: output)
                    #expect(text.contains(first) && text.contains(last), "\(kind) \(language).\(format): \(text)")
                }
            }
            try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
        }
    }

    // MARK: References to the other documents of the meeting

    /// n1, and n2 (a copy of it, UNEP/X/3), which n1 cites.
    static func twoDocumentProject() throws -> URL {
        let project = try Self.project()
        let documents = project.appendingPathComponent("\(Self.mini)/documents")
        try FileManager.default.copyItem(at: documents.appendingPathComponent("n1"), to: documents.appendingPathComponent("n2"))
        try Self.replace("symbol: UNEP/X/2", with: "symbol: UNEP/X/3", in: "\(Self.mini)/documents/n2/document.yaml", of: project)
        try Self.replace("  UNEP/X/2: {en: A note, zh: 说明}\n", with: "  UNEP/X/2: {en: A note, zh: 说明}\n  UNEP/X/3: {en: Another note, zh: 另一份说明}\n",
                    in: "\(Self.mini)/meeting.yaml", of: project)
        try Self.replace("p3: See [[para p1, p2]] and [[section s1]].",
                    with: "p3: See [[para p1, p2]] and [[section s1]], [[para n2:p3]], [[para n2:p1, n2:p2]] and [[symbol UNEP/X/3]].",
                    in: Self.n1 + "en.yaml", of: project)
        try Self.replace("p3: 见[[para p1, p2]]和[[section s1]]。",
                    with: "p3: 见[[para p1, p2]]、[[section s1]]、[[para n2:p3]]、[[para n2:p1, n2:p2]]和[[symbol UNEP/X/3]]。",
                    in: Self.n1 + "zh.yaml", of: project)
        return project
    }

    @Test func paragraphsAndSymbolsOfAnotherDocumentAreLinkedToIt() throws {
        let project = try Self.twoDocumentProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let (output, report) = try Self.build(project)
        #expect(report.errors.isEmpty, "\(report.errors)")
        let iri = "/akn/un/doc/communication/test-cop/2012-08-17/UNEP-X-3"
        let expected = [
            "n1/en.html": #"<a class="akn-ref" href="../n2/en.html#para_3">paragraph 3 of document UNEP/X/3</a>, "#
                + #"<a class="akn-ref" href="../n2/en.html#para_1">paragraphs 1 and 2 of document UNEP/X/3</a> and "#
                + #"<a class="akn-ref" href="../n2/en.html">UNEP/X/3</a>.</p>"#,
            "n1/en.xml": #"<ref href="\#(iri)/eng@2012-08-17#para_3">paragraph 3 of document UNEP/X/3</ref>, "#
                + #"<ref href="\#(iri)/eng@2012-08-17#para_1">paragraphs 1 and 2 of document UNEP/X/3</ref> and "#
                + #"<ref href="\#(iri)/eng@2012-08-17">UNEP/X/3</ref>.</p>"#,
            "n1/zh.html": #"<a class="akn-ref" href="../n2/zh.html#para_3">UNEP/X/3号文件第3段</a>、"#
                + #"<a class="akn-ref" href="../n2/zh.html#para_1">UNEP/X/3号文件第1和2段</a>和"#
                + #"<a class="akn-ref" href="../n2/zh.html">UNEP/X/3</a>。</p>"#,
            "n1/zh.xml": #"<ref href="\#(iri)/zho@2012-08-17#para_3">UNEP/X/3号文件第3段</ref>、"#
                + #"<ref href="\#(iri)/zho@2012-08-17#para_1">UNEP/X/3号文件第1和2段</ref>和"#
                + #"<ref href="\#(iri)/zho@2012-08-17">UNEP/X/3</ref>。</p>"#,
        ]
        for (file, text) in expected {
            let generated = try Self.read(file, in: output)
            #expect(generated.contains(text), "\(file): \(generated)")
        }
        // A document's own symbol is not a link to itself.
        #expect(try Self.read("n2/en.html", in: output).contains("See "))
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
    }

    @Test(arguments: [
        ("[[para n2:p3]]", "[[para n3:p3]]", "no document `n3` in this meeting", "did you mean `n1`?"),
        ("[[para n2:p3]]", "[[para n2:p33]]", "`n2` has no paragraph `p33`", "did you mean `p3`?"),
        ("[[para n2:p3]]", "[[para n2:s1]]", "`n2` has no paragraph `s1`", nil),
    ])
    func aParagraphOfAnotherDocumentMustExist(_ old: String, _ new: String, _ message: String, _ hint: String?) throws {
        let project = try Self.twoDocumentProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace(old, with: new, in: Self.n1 + "en.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/documents/n1/en.yaml:8:45: \(message)"])
        if let hint { #expect(errors.first?.hint == hint) }
    }

    // MARK: The agenda

    /// The fixture with an agenda of ids (2 with sub-items 2.1 and 2.2) titled by a provisional
    /// agenda, documents/pa (UNEP/X/1); n1 is issued under items 3 and 4.
    static func agendaProject() throws -> URL {
        let project = try Self.project()
        try Self.replace("agenda:\n  - {item: reports, number: 3, title: {en: Reports, zh: 报告}}\n",
                    with: "agenda:\n  - opening\n  - item: organization\n    items: [officers, adoption]\n  - reports\n  - other\n",
                    in: "\(Self.mini)/meeting.yaml", of: project)
        let pa = project.appendingPathComponent("\(Self.mini)/documents/pa")
        try FileManager.default.createDirectory(at: pa, withIntermediateDirectories: true)
        try TestSupport.write("symbol: UNEP/X/1\nkind: agenda-provisional\ndate: 2012-07-01\noriginal: en\nbody: []\n",
                              to: "\(Self.mini)/documents/pa/document.yaml", in: project)
        try TestSupport.write("""
            title: Provisional agenda
            opening: Opening of the meeting
            organization: Organizational matters
            officers: Election of officers
            adoption: Adoption of the agenda
            reports: Reports
            other: Other matters

            """, to: "\(Self.mini)/documents/pa/en.yaml", in: project)
        try TestSupport.write("""
            title: 临时议程
            opening: 会议开幕
            organization: 组织事项
            officers: 选举主席团成员
            adoption: 通过议程
            reports: 报告
            other: 其他事项

            """, to: "\(Self.mini)/documents/pa/zh.yaml", in: project)
        try Self.replace("agenda-item: 3", with: "agenda-item: [3, 4]", in: Self.n1 + "document.yaml", of: project)
        return project
    }

    /// The numbers and titles of the agenda items of an Akoma Ntoso file, in order.
    static func agendaItems(_ xml: String) throws -> [String] {
        let pattern = try Regex(#"<hcontainer name="agendaItem" eId="item_[0-9-]+">\s*<num>([^<]*)</num>\s*<heading>([^<]*)</heading>"#)
        return xml.matches(of: pattern).map { "\($0.output[1].substring ?? "") \($0.output[2].substring ?? "")" }
    }

    @Test func theProvisionalAgendaListsItsItemsWithTheirPunctuation() throws {
        let project = try Self.agendaProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let (output, report) = try Self.build(project)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(try Self.agendaItems(Self.read("pa/en.xml", in: output)) == [
            "1. Opening of the meeting.", "2. Organizational matters:", "2.1. Election of officers;", "2.2. Adoption of the agenda.",
            "3. Reports.", "4. Other matters.",
        ])
        #expect(try Self.agendaItems(Self.read("pa/zh.xml", in: output)) == [
            "1. 会议开幕。", "2. 组织事项：", "2.1. 选举主席团成员；", "2.2. 通过议程。", "3. 报告。", "4. 其他事项。",
        ])
        let html = try Self.read("pa/en.html", in: output)
        let subItem = [#"<div class="akn-agendaItem" id="item_2-1">"#, #"  <span class="akn-num">2.1.</span>"#,
                       #"  <div class="akn-content">"#, #"    <p>Election of officers;</p>"#]
        #expect(html.contains(subItem.map { String(repeating: " ", count: 14) + $0 }.joined(separator: "\n")), "\(html)")
        #expect(try Self.read("pa/zh.html", in: output).contains("<p>组织事项：</p>"))
        #expect(try Self.schemaIssues("pa/en.xml", in: output).isEmpty)
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
    }

    @Test(arguments: [
        ("[3, 4]", "Items 3 and 4 of the provisional agenda", "项目3和4"),
        (#""2.1""#, "Item 2.1 of the provisional agenda", "项目2.1"),
        (#"[1, "2.1", 3]"#, "Items 1, 2.1 and 3 of the provisional agenda", "项目1、2.1和3"),
        (#""2-4""#, "Items 2–4 of the provisional agenda", "项目2至4"),
    ])
    func theAgendaItemsOfADocumentAreNamedInItsMasthead(_ items: String, _ english: String, _ chinese: String) throws {
        let project = try Self.agendaProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("agenda-item: [3, 4]", with: "agenda-item: \(items)", in: Self.n1 + "document.yaml", of: project)
        let (output, report) = try Self.build(project)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(try Self.read("n1/en.xml", in: output).contains(#"<p class="agenda">\#(english)<authorialNote"#))
        #expect(try Self.read("n1/en.html", in: output).contains(#"<p class="agenda-item">\#(english)<sup"#))
        #expect(try Self.read("n1/zh.xml", in: output).contains("</authorialNote>\(chinese)</p>"))
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
    }

    @Test(arguments: [("\"4-2\"", "`4-2` is not a range of agenda items"), ("\"3-9\"", "agenda item 9 is not in the meeting's agenda")])
    func aRangeOfAgendaItemsIsChecked(_ items: String, _ message: String) throws {
        let project = try Self.agendaProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("agenda-item: [3, 4]", with: "agenda-item: \(items)", in: Self.n1 + "document.yaml", of: project)
        #expect(SourceErrorTests.located(try Self.errors(project)) == ["Meetings/mini/documents/n1/document.yaml:4:14: \(message)"])
    }

    @Test func anAgendaItemWithoutATitleIsAnErrorInMeetingYAML() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        // No `title:`, and no document publishes the provisional agenda UNEP/X/1.
        try Self.replace("- {item: reports, number: 3, title: {en: Reports, zh: 报告}}", with: "- {item: reports, number: 3}",
                         in: "\(Self.mini)/meeting.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/meeting.yaml:11:12: agenda item 3 has no title"])
        #expect(errors.first?.hint?.contains("give it a `title:` here") == true)
    }

    @Test func anAgendaItemTheProvisionalAgendaDoesNotTitleIsAnErrorInMeetingYAML() throws {
        let project = try Self.agendaProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("other: Other matters\n", with: "", in: "\(Self.mini)/documents/pa/en.yaml", of: project)
        let located = SourceErrorTests.located(try Self.errors(project))
        #expect(!located.isEmpty && located.allSatisfy { $0.hasPrefix("Meetings/mini/meeting.yaml:15:5: `other` has no text in ") }, "\(located)")
        // Found by every document that prints the agenda, reported once, naming the file.
        #expect(located == ["Meetings/mini/meeting.yaml:15:5: `other` has no text in documents/pa/en.yaml"])
    }

    // MARK: Addenda, corrigenda and revisions

    /// n2 is `UNEP/X/2/Corr.1`, a corrigendum to the note n1 (`UNEP/X/2`): read from the symbol,
    /// printed under the title ("Corrigendum" / "更正") and referred to in Akoma Ntoso.
    static func corrigendumProject() throws -> URL {
        let project = try Self.project()
        let documents = project.appendingPathComponent("\(Self.mini)/documents")
        try FileManager.default.copyItem(at: documents.appendingPathComponent("n1"), to: documents.appendingPathComponent("n2"))
        try Self.replace("symbol: UNEP/X/2", with: "symbol: UNEP/X/2/Corr.1", in: "\(Self.mini)/documents/n2/document.yaml", of: project)
        try Self.replace("  UNEP/X/2: {en: A note, zh: 说明}\n", with: "  UNEP/X/2: {en: A note, zh: 说明}\n  UNEP/X/2/Corr.1: {en: A note, zh: 说明}\n",
                    in: "\(Self.mini)/meeting.yaml", of: project)
        return project
    }

    @Test func aCorrigendumSaysSoAndRefersToItsDocument() throws {
        let project = try Self.corrigendumProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let (output, report) = try Self.build(project)
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(try Self.read("n2/en.html", in: output).contains(#"<p class="supplement">Corrigendum</p>"#))
        #expect(try Self.read("n2/zh.html", in: output).contains(#"<p class="supplement">更正</p>"#))
        let xml = try Self.read("n2/en.xml", in: output)
        #expect(xml.contains(#"<TLCReference eId="supplemented" name="corrigendumOf" href="/akn/un/doc/communication/test-cop/2012-08-17/UNEP-X-2" showAs="UNEP/X/2"/>"#), "\(xml)")
        #expect(xml.contains(#"<FRBRthis value="/akn/un/doc/communication/test-cop/2012-08-17/UNEP-X-2-Corr.1"/>"#))
        #expect(try Self.schemaIssues("n2/en.xml", in: output) == [])
        // The document it corrects prints no such line.
        #expect(!(try Self.read("n1/en.html", in: output)).contains("supplement"))
    }

    @Test func aCorrigendumToASymbolTheMeetingDoesNotHaveIsAnError() throws {
        let project = try Self.corrigendumProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("symbol: UNEP/X/2/Corr.1", with: "symbol: UNEP/X/7/Corr.1", in: "\(Self.mini)/documents/n2/document.yaml", of: project)
        try Self.replace("  UNEP/X/2/Corr.1:", with: "  UNEP/X/7/Corr.1:", in: "\(Self.mini)/meeting.yaml", of: project)
        let errors = try Self.errors(project)
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/documents/n2/document.yaml:1:9: `UNEP/X/7/Corr.1` is a corrigendum to `UNEP/X/7`, which is not in the meeting's `symbols`"])
        #expect(errors.first?.hint == "did you mean `UNEP/X/1`?")
    }

    // MARK: Documents outside a session

    /// A value that is absent prints nothing: no "Zeroth meeting", no line starting with ", ".
    @Test func aDocumentOutsideASessionHasNoSessionVenueOrAgendaLine() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try Self.replace("agenda-item: 3\n", with: "agenda-item: 3\nsession: false\n", in: Self.n1 + "document.yaml", of: project)
        let (output, report) = try Self.build(project)
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        for file in ["n1/en.html", "n1/zh.html", "n1/en.xml", "n1/zh.xml"] {
            let text = try Self.read(file, in: output)
            for absent in ["meeting-session", "meeting-venue", "agenda-item", #"class="session""#, #"class="venue""#, #"class="agenda""#, "Second meeting", "第二次会议", "Geneva", "日内瓦"] {
                #expect(!text.contains(absent), "\(file) has \(absent)")
            }
        }
        #expect(try Self.schemaIssues("n1/en.xml", in: output) == [])
    }

    @Test func aMeetingWithoutSessionsPrintsNoSessionLine() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        for line in ["session: 2\n", "venue: {en: \"Geneva, Switzerland\", zh: 瑞士日内瓦}\n", "dates: {start: 2012-10-01, end: 2012-10-05}\n"] {
            try Self.replace(line, with: "", in: "\(Self.mini)/meeting.yaml", of: project)
        }
        let (output, report) = try Self.build(project)
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        let html = try Self.read("n1/en.html", in: output)
        #expect(!html.contains("meeting-session") && !html.contains("meeting-venue") && !html.contains(">, "), "\(html)")
        // The agenda line stays: the document is still under an item of the agenda.
        #expect(html.contains("Item 3 of the provisional agenda"))
        let index = try Self.read("index.html", in: output)
        #expect(!index.contains("meeting-session") && !index.contains("meeting-venue") && !index.contains(" – </title>"), "\(index)")
        #expect(index.contains("<title>Conference of the Parties</title>"), "\(index)")
    }
}
