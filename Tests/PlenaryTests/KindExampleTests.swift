import Foundation
import Testing
@testable import Plenary

/// The example meeting of Meetings/README.md ("Kinds of document"), Tests/PlenaryTests/Fixtures/kinds:
/// one small document of each kind, built once with the package's Templates/. Each test reads what
/// one document prints, in both languages (the information document in English only): its numbers
/// and the punctuation Plenary adds, its masthead, and its Akoma Ntoso document element.
///
/// Expected strings are lines of the output, compared without their indentation; a run of lines
/// must appear one after the other.
@Suite("Examples of every kind", ExampleMeeting())
struct KindExampleTests {

    // MARK: Reading the built example

    static func build() throws -> ExampleMeeting.Build { try #require(ExampleMeeting.current, "the example meeting was not built") }

    /// `documents/<document>` in `language`, as `format` (xml or html).
    static func read(_ document: String, _ language: String, _ format: String) throws -> String {
        try KindTests.read("\(document)/\(language).\(format)", in: build().output)
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.drop { $0 == " " } }
    }

    /// Where the lines of `run` stand one after the other in `text`, indentation aside.
    static func position(of run: String, in text: String) -> Int? {
        let expected = lines(run), all = lines(text)
        guard !expected.isEmpty, expected.count <= all.count else { return nil }
        return (0...(all.count - expected.count)).first { start in
            expected.indices.allSatisfy { all[start + $0] == expected[$0] }
        }
    }

    /// Expects each run in `document`'s `language`.`format`.
    static func expect(_ document: String, _ language: String, _ format: String, _ runs: [String],
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let text = try read(document, language, format)
        for run in runs {
            #expect(position(of: run, in: text) != nil, "\(document)/\(language).\(format) lacks:\n\(run)", sourceLocation: sourceLocation)
        }
    }

    // MARK: The masthead

    /// What every masthead of the meeting prints, per language.
    static let meeting = [
        "en": (body: "Conference of the Parties to the Convention on Biological Diversity serving as the meeting of the Parties to the Cartagena Protocol on Biosafety",
               session: "Seventh meeting", venue: "Pyeongchang, Republic of Korea, 29 September–3 October 2014",
               languages: ["ORIGINAL: ENGLISH"], footnote: "UNEP/CBD/BS/COP-MOP/7/1."),
        "zh": (body: "作为卡塔赫纳生物安全议定书缔约方会议的生物多样性公约缔约方大会",
               session: "第七次会议", venue: "2014年9月29日至10月3日，大韩民国平昌",
               languages: ["CHINESE", "ORIGINAL: ENGLISH"], footnote: "UNEP/CBD/BS/COP-MOP/7/1。"),
    ]

    /// A document's masthead down to its agenda line (the title and the line under it are each
    /// test's), as the Akoma Ntoso preface and as the HTML header print it. `agenda` is the
    /// agenda line ("Item 5 of the provisional agenda"; in Chinese the text after the footnote
    /// marker, "项目5"), nil for none.
    static func expectMasthead(_ document: String, _ language: String, symbol: String, distribution: String, status: String? = nil,
                               date: String, printed: String, agenda: String?, languages: [String]? = nil,
                               sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let meeting = try #require(Self.meeting[language])
        let languageLines = languages ?? meeting.languages
        let status = status.map { [#"<p class="status">\#($0)</p>"#] } ?? []
        var xml = [#"<p class="symbol"><docNumber>\#(symbol)</docNumber></p>"#, #"<p class="distribution">\#(distribution)</p>"#] + status
            + [#"<p class="date"><docDate date="\#(date)">\#(printed)</docDate></p>"#] + languageLines.map { #"<p class="language">\#($0)</p>"# }
            + [#"<p class="body"><docAuthority>\#(meeting.body)</docAuthority></p>"#, #"<p class="session">\#(meeting.session)</p>"#,
               #"<p class="venue">\#(meeting.venue)</p>"#]
        var html = [#"<p class="akn-docNumber"><bdi>\#(symbol)</bdi></p>"#, #"<p class="distribution">\#(distribution)</p>"#] + status
            + [#"<p class="akn-docDate"><time datetime="\#(date)">\#(printed)</time></p>"#] + languageLines.map { #"<p class="language">\#($0)</p>"# }
            + ["</div>", "</div>", #"<p class="meeting-body">\#(meeting.body)</p>"#, #"<p class="meeting-session">\#(meeting.session)</p>"#,
               #"<p class="meeting-venue">\#(meeting.venue)</p>"#]
        let note = #"<authorialNote marker="*" placement="bottom" eId="fnote_agenda"><p>\#(meeting.footnote)</p></authorialNote>"#
        let marker = ##"<sup class="akn-noteRef"><a id="fnote_agenda-ref" href="#fnote_agenda">*</a></sup>"##
        if let agenda {
            // English: "Item 5 of the provisional agenda*"; Chinese: "临时议程*项目5".
            xml.append(language == "zh" ? #"<p class="agenda">临时议程\#(note)\#(agenda)</p>"# : #"<p class="agenda">\#(agenda)\#(note)</p>"#)
            html.append(language == "zh" ? #"<p class="agenda-item">临时议程\#(marker)\#(agenda)</p>"# : #"<p class="agenda-item">\#(agenda)\#(marker)</p>"#)
        }
        try expect(document, language, "xml", [xml.joined(separator: "\n")], sourceLocation: sourceLocation)
        try expect(document, language, "html", [html.joined(separator: "\n")], sourceLocation: sourceLocation)
        if agenda == nil {
            #expect(try !read(document, language, "xml").contains(#"<p class="agenda">"#), sourceLocation: sourceLocation)
            #expect(try !read(document, language, "html").contains(#"<p class="agenda-item">"#), sourceLocation: sourceLocation)
        }
    }

    /// The title and the line under it (the proponent; nil for none): `<docProponent>` in a
    /// document, `<docType>` in a decision.
    static func expectTitle(_ document: String, _ language: String, _ title: String, proponent: String?, element: String = "docProponent",
                            sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if let proponent {
            try expect(document, language, "xml", [#"<p class="title"><docTitle>\#(title)</docTitle></p>"# + "\n"
                                                   + #"<p class="proponent"><\#(element)>\#(proponent)</\#(element)></p>"#], sourceLocation: sourceLocation)
            try expect(document, language, "html", [#"<h1 class="akn-docTitle">\#(title)</h1>"# + "\n"
                                                    + #"<p class="akn-docProponent">\#(proponent)</p>"#], sourceLocation: sourceLocation)
        } else {
            try expect(document, language, "xml", [#"<p class="title"><docTitle>\#(title)</docTitle></p>"#], sourceLocation: sourceLocation)
            try expect(document, language, "html", [#"<h1 class="akn-docTitle">\#(title)</h1>"#], sourceLocation: sourceLocation)
            let xml = try read(document, language, "xml"), html = try read(document, language, "html")
            #expect(!xml.contains("docProponent") && !xml.contains("<docType>") && !xml.contains(#"<p class="proponent">"#), sourceLocation: sourceLocation)
            #expect(!html.contains("akn-docProponent"), sourceLocation: sourceLocation)
        }
    }

    // MARK: Every document

    @Test func theExampleBuildsWithNoErrorOrWarning() throws {
        let build = try Self.build()
        #expect(build.report.errors.isEmpty, "\(build.report.errors)")
        #expect(build.report.warnings.isEmpty, "\(build.report.warnings)")
        #expect(build.report.documents == 8)
    }

    /// The Akoma Ntoso document element and name of each kind (AKN4UN), its FRBRsubtype, the
    /// languages written, and every XML valid against the schema.
    @Test(arguments: [
        ("note", "doc", "note", "communication", ["en", "zh"]),
        ("information", "doc", "informationDocument", "communication", ["en"]),
        ("progress", "doc", "progressReport", "paper", ["en", "zh"]),
        ("draft", "statement", "decisionDraft", "deliberation", ["en", "zh"]),
        ("adopted", "statement", "decision", "deliberation", ["en", "zh"]),
        ("agenda", "debateReport", "agendaListing", "agenda", ["en", "zh"]),
        ("annotations", "debateReport", "agendaAnnotated", "agenda", ["en", "zh"]),
        ("report", "debateReport", "meetingReport", "report", ["en", "zh"]),
    ])
    func theDocumentIsItsKindsAkomaNtosoDocument(_ document: String, _ element: String, _ name: String, _ subtype: String, _ languages: [String]) throws {
        let output = try Self.build().output
        for language in ["en", "zh"] {
            for format in ["xml", "html"] {
                let exists = FileManager.default.fileExists(atPath: output.appendingPathComponent("\(document)/\(language).\(format)").path)
                #expect(exists == languages.contains(language), "\(document)/\(language).\(format)")
            }
        }
        for language in languages {
            let xml = try Self.read(document, language, "xml")
            #expect(Self.lines(xml).prefix(3).map(String.init) == [#"<?xml version="1.0" encoding="UTF-8"?>"#,
                                                                     #"<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">"#,
                                                                     #"<\#(element) name="\#(name)">"#])
            #expect(xml.hasSuffix("</\(element)>\n</akomaNtoso>\n"))
            #expect(xml.contains(#"<FRBRsubtype value="\#(subtype)"/>"#))
            #expect(xml.contains(#"<FRBRname value="\#(name)"/>"#))
            #expect(xml.contains(#"<FRBRlanguage language="\#(language == "zh" ? "zho" : "eng")"/>"#))
            #expect(try KindTests.schemaIssues("\(document)/\(language).xml", in: output).isEmpty, "\(document)/\(language).xml")
        }
    }

    // MARK: note

    @Test func theNote() throws {
        for (language, date, agenda) in [("en", "20 July 2014", "Item 5 of the provisional agenda"), ("zh", "2014年7月20日", "项目5")] {
            try Self.expectMasthead("note", language, symbol: "UNEP/CBD/BS/COP-MOP/7/6", distribution: "Distr. GENERAL",
                                    date: "2014-07-20", printed: date, agenda: agenda)
        }
        try Self.expectTitle("note", "en", "Capacity-building", proponent: "Note by the Executive Secretary")
        try Self.expectTitle("note", "zh", "能力建设", proponent: "执行秘书的说明")

        // Sections I., II., III. (一., 二., 三.), subsections A., B., paragraphs through the body,
        // a paragraph's items (a), (b), an unnumbered paragraph, and the proposed elements:
        // preambular paragraphs with "," and elements (a)–(c) with (i), (ii), ";" and ".".
        let xml = [
            "en": [
                #"""
                <section eId="sec_1">
                <num>I.</num>
                <heading>Introduction</heading>
                <paragraph eId="para_1">
                <num>1.</num>
                """#,
                #"""
                <paragraph eId="para_2">
                <num>2.</num>
                <content>
                <p>The present note reports on the submissions received (<ref href="#sec_2">section II</ref>) and sets out proposed elements of a draft decision (<ref href="#sec_3">section III</ref>).</p>
                """#,
                #"""
                <section eId="sec_2">
                <num>II.</num>
                <heading>Submissions received</heading>
                <subsection eId="sec_2__subsec_1">
                <num>A.</num>
                <heading>Submissions from Parties</heading>
                <paragraph eId="para_3">
                <num>3.</num>
                """#,
                #"""
                <subsection eId="sec_2__subsec_2">
                <num>B.</num>
                <heading>Submissions from organizations</heading>
                <paragraph eId="para_4">
                <num>4.</num>
                <list eId="para_4__list_1">
                <intro>
                <p>Submissions from organizations concerned mainly:</p>
                </intro>
                <point eId="para_4__list_1__point_a">
                <num>(a)</num>
                <content>
                <p>training in risk assessment;</p>
                </content>
                </point>
                <point eId="para_4__list_1__point_b">
                <num>(b)</num>
                <content>
                <p>the detection and identification of living modified organisms.</p>
                """#,
                #"""
                <section eId="sec_3">
                <num>III.</num>
                <heading>Proposed elements of a draft decision</heading>
                <paragraph eId="para_5">
                <num>5.</num>
                <content>
                <p>In the light of <ref href="#para_3">paragraphs 3 and 4 above</ref>, the meeting of the Parties may wish to consider the elements below.</p>
                </content>
                </paragraph>
                <paragraph eId="para_p6">
                <content>
                <p>The meeting of the Parties may wish to adopt a decision along the following lines:</p>
                </content>
                </paragraph>
                <hcontainer name="decision" eId="sec_3__hcontainer_decision">
                <crossHeading refersTo="#preamble" eId="sec_3__hcontainer_decision__preamble_1"><i>Recalling</i> decision BS-VI/3,</crossHeading>
                <crossHeading refersTo="#preamble" eId="sec_3__hcontainer_decision__preamble_2"><i>Noting</i> the submissions of Parties and organizations on the implementation of the Framework and Action Plan,</crossHeading>
                <point eId="sec_3__hcontainer_decision__point_a" refersTo="#operative">
                <num>(a)</num>
                <content>
                <p><i>Welcomes</i> the progress made in the implementation of the Framework and Action Plan;</p>
                </content>
                </point>
                <point eId="sec_3__hcontainer_decision__point_b" refersTo="#operative">
                <num>(b)</num>
                <list eId="sec_3__hcontainer_decision__point_b__list_1">
                <intro>
                <p><i>Invites</i> Parties and relevant organizations:</p>
                </intro>
                <point eId="sec_3__hcontainer_decision__point_b__list_1__point_i">
                <num>(i)</num>
                <content>
                <p>to share their experiences through the Biosafety Clearing-House;</p>
                </content>
                </point>
                <point eId="sec_3__hcontainer_decision__point_b__list_1__point_ii">
                <num>(ii)</num>
                <content>
                <p>to report on their activities before the eighth meeting;</p>
                </content>
                </point>
                </list>
                </point>
                <point eId="sec_3__hcontainer_decision__point_c" refersTo="#operative">
                <num>(c)</num>
                <content>
                <p><i>Requests</i> the Executive Secretary to report on progress to the eighth meeting of the Parties.</p>
                """#,
            ],
            "zh": [
                #"""
                <section eId="sec_1">
                <num>一.</num>
                <heading>导言</heading>
                <paragraph eId="para_1">
                <num>1.</num>
                """#,
                #"""
                <p>本说明报告收到的提交材料（<ref href="#sec_2">第二节</ref>），并提出决定草案的拟议要点（<ref href="#sec_3">第三节</ref>）。</p>
                """#,
                #"""
                <section eId="sec_2">
                <num>二.</num>
                <heading>收到的提交材料</heading>
                <subsection eId="sec_2__subsec_1">
                <num>A.</num>
                <heading>缔约方的提交材料</heading>
                <paragraph eId="para_3">
                <num>3.</num>
                """#,
                #"""
                <subsection eId="sec_2__subsec_2">
                <num>B.</num>
                <heading>各组织的提交材料</heading>
                <paragraph eId="para_4">
                <num>4.</num>
                <list eId="para_4__list_1">
                <intro>
                <p>各组织的提交材料主要涉及：</p>
                </intro>
                <point eId="para_4__list_1__point_a">
                <num>(a)</num>
                <content>
                <p>风险评估培训；</p>
                </content>
                </point>
                <point eId="para_4__list_1__point_b">
                <num>(b)</num>
                <content>
                <p>改性活生物体的检测和识别。</p>
                """#,
                #"""
                <section eId="sec_3">
                <num>三.</num>
                <heading>决定草案的拟议要点</heading>
                <paragraph eId="para_5">
                <num>5.</num>
                <content>
                <p>鉴于<ref href="#para_3">上文第3和4段</ref>，缔约方会议不妨审议下列要点。</p>
                </content>
                </paragraph>
                <paragraph eId="para_p6">
                <content>
                <p>缔约方会议不妨按下列思路通过一项决定：</p>
                </content>
                </paragraph>
                <hcontainer name="decision" eId="sec_3__hcontainer_decision">
                <crossHeading refersTo="#preamble" eId="sec_3__hcontainer_decision__preamble_1">回顾第BS-VI/3号决定，</crossHeading>
                <crossHeading refersTo="#preamble" eId="sec_3__hcontainer_decision__preamble_2">注意到缔约方和各组织关于框架和行动计划执行情况的提交材料，</crossHeading>
                <point eId="sec_3__hcontainer_decision__point_a" refersTo="#operative">
                <num>(a)</num>
                <content>
                <p>欢迎框架和行动计划执行工作取得的进展；</p>
                </content>
                </point>
                <point eId="sec_3__hcontainer_decision__point_b" refersTo="#operative">
                <num>(b)</num>
                <list eId="sec_3__hcontainer_decision__point_b__list_1">
                <intro>
                <p>邀请缔约方和相关组织：</p>
                </intro>
                <point eId="sec_3__hcontainer_decision__point_b__list_1__point_i">
                <num>(i)</num>
                <content>
                <p>通过生物安全信息交换所交流其经验；</p>
                </content>
                </point>
                <point eId="sec_3__hcontainer_decision__point_b__list_1__point_ii">
                <num>(ii)</num>
                <content>
                <p>在第八次会议之前报告其活动；</p>
                </content>
                </point>
                </list>
                </point>
                <point eId="sec_3__hcontainer_decision__point_c" refersTo="#operative">
                <num>(c)</num>
                <content>
                <p>请执行秘书向缔约方第八次会议报告进展情况。</p>
                """#,
            ],
        ]
        let html = [
            "en": [
                #"<h2 class="akn-heading"><span class="akn-num">I.</span> <span>Introduction</span></h2>"#,
                #"<h2 class="akn-heading"><span class="akn-num">II.</span> <span>Submissions received</span></h2>"#,
                #"<h3 class="akn-heading"><span class="akn-num">A.</span> <span>Submissions from Parties</span></h3>"#,
                #"<h3 class="akn-heading"><span class="akn-num">B.</span> <span>Submissions from organizations</span></h3>"#,
                #"<h2 class="akn-heading"><span class="akn-num">III.</span> <span>Proposed elements of a draft decision</span></h2>"#,
                #"""
                <div class="akn-paragraph" id="para_4">
                <span class="akn-num">4.</span>
                <div class="akn-content">
                <p>Submissions from organizations concerned mainly:</p>
                <div class="akn-list">
                <div class="akn-point " id="para_4__list_1__point_a">
                <span class="akn-num">(a)</span>
                <div class="akn-content">
                <p>training in risk assessment;</p>
                """#,
                #"""
                <div class="akn-paragraph unnumbered" id="para_p6">
                <p>The meeting of the Parties may wish to adopt a decision along the following lines:</p>
                </div>
                <div class="akn-hcontainer decision" id="sec_3__hcontainer_decision">
                <div class="akn-container preambular" id="sec_3__hcontainer_decision__preamble_1">
                <p><i>Recalling</i> decision BS-VI/3,</p>
                </div>
                <div class="akn-container preambular" id="sec_3__hcontainer_decision__preamble_2">
                <p><i>Noting</i> the submissions of Parties and organizations on the implementation of the Framework and Action Plan,</p>
                </div>
                <div class="akn-point operative" id="sec_3__hcontainer_decision__point_a">
                <span class="akn-num">(a)</span>
                <div class="akn-content">
                <p><i>Welcomes</i> the progress made in the implementation of the Framework and Action Plan;</p>
                """#,
                #"""
                <span class="akn-num">(ii)</span>
                <div class="akn-content">
                <p>to report on their activities before the eighth meeting;</p>
                """#,
                #"""
                <div class="akn-point operative" id="sec_3__hcontainer_decision__point_c">
                <span class="akn-num">(c)</span>
                <div class="akn-content">
                <p><i>Requests</i> the Executive Secretary to report on progress to the eighth meeting of the Parties.</p>
                """#,
            ],
            "zh": [
                #"<h2 class="akn-heading"><span class="akn-num">一.</span> <span>导言</span></h2>"#,
                #"<h2 class="akn-heading"><span class="akn-num">二.</span> <span>收到的提交材料</span></h2>"#,
                #"<h3 class="akn-heading"><span class="akn-num">A.</span> <span>缔约方的提交材料</span></h3>"#,
                #"<h3 class="akn-heading"><span class="akn-num">B.</span> <span>各组织的提交材料</span></h3>"#,
                #"<h2 class="akn-heading"><span class="akn-num">三.</span> <span>决定草案的拟议要点</span></h2>"#,
                #"""
                <span class="akn-num">(a)</span>
                <div class="akn-content">
                <p>风险评估培训；</p>
                """#,
                #"""
                <div class="akn-paragraph unnumbered" id="para_p6">
                <p>缔约方会议不妨按下列思路通过一项决定：</p>
                </div>
                <div class="akn-hcontainer decision" id="sec_3__hcontainer_decision">
                <div class="akn-container preambular" id="sec_3__hcontainer_decision__preamble_1">
                <p>回顾第BS-VI/3号决定，</p>
                </div>
                <div class="akn-container preambular" id="sec_3__hcontainer_decision__preamble_2">
                <p>注意到缔约方和各组织关于框架和行动计划执行情况的提交材料，</p>
                </div>
                <div class="akn-point operative" id="sec_3__hcontainer_decision__point_a">
                <span class="akn-num">(a)</span>
                <div class="akn-content">
                <p>欢迎框架和行动计划执行工作取得的进展；</p>
                """#,
                #"""
                <span class="akn-num">(ii)</span>
                <div class="akn-content">
                <p>在第八次会议之前报告其活动；</p>
                """#,
                #"""
                <span class="akn-num">(c)</span>
                <div class="akn-content">
                <p>请执行秘书向缔约方第八次会议报告进展情况。</p>
                """#,
            ],
        ]
        for language in ["en", "zh"] {
            try Self.expect("note", language, "xml", xml[language] ?? [])
            try Self.expect("note", language, "html", html[language] ?? [])
            // A note prints no chapeau before its proposed elements.
            #expect(try !Self.read("note", language, "xml").contains("<formula"))
            #expect(try !Self.read("note", language, "html").contains("akn-formula"))
        }
    }

    // MARK: information

    @Test func theInformationDocumentIsInEnglishOnly() throws {
        try Self.expectMasthead("information", "en", symbol: "UNEP/CBD/BS/COP-MOP/7/INF/3", distribution: "Distr. GENERAL",
                                date: "2014-08-01", printed: "1 August 2014", agenda: "Item 5 of the provisional agenda",
                                languages: ["ENGLISH ONLY"])
        #expect(try !Self.read("information", "en", "xml").contains("ORIGINAL:"))
        #expect(try !Self.read("information", "en", "html").contains("ORIGINAL:"))
        try Self.expectTitle("information", "en", "Compilation of submissions on capacity-building", proponent: "Note by the Executive Secretary")
        let output = try Self.build().output
        for file in ["information/zh.xml", "information/zh.html"] {
            #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent(file).path), "\(file) is written")
        }

        // Sections I., II., subsection A., components 1., 2. — paragraphs numbered on through them.
        try Self.expect("information", "en", "xml", [
            #"""
            <section eId="sec_1">
            <num>I.</num>
            <heading>Introduction</heading>
            <paragraph eId="para_1">
            <num>1.</num>
            """#,
            #"""
            <section eId="sec_2">
            <num>II.</num>
            <heading>Submissions</heading>
            <subsection eId="sec_2__subsec_1">
            <num>A.</num>
            <heading>Submissions from Parties</heading>
            <hcontainer name="component" eId="sec_2__subsec_1__component_1">
            <num>1.</num>
            <heading>Africa</heading>
            <paragraph eId="para_2">
            <num>2.</num>
            """#,
            #"""
            <hcontainer name="component" eId="sec_2__subsec_1__component_2">
            <num>2.</num>
            <heading>Asia and the Pacific</heading>
            <paragraph eId="para_3">
            <num>3.</num>
            """#,
        ])
        try Self.expect("information", "en", "html", [
            #"<h2 class="akn-heading"><span class="akn-num">I.</span> <span>Introduction</span></h2>"#,
            #"<h2 class="akn-heading"><span class="akn-num">II.</span> <span>Submissions</span></h2>"#,
            #"""
            <h3 class="akn-heading"><span class="akn-num">A.</span> <span>Submissions from Parties</span></h3>
            <section class="akn-component" id="sec_2__subsec_1__component_1">
            <h4 class="akn-heading"><span class="akn-num">1.</span> <span>Africa</span></h4>
            <div class="akn-paragraph" id="para_2">
            <span class="akn-num">2.</span>
            """#,
            #"<h4 class="akn-heading"><span class="akn-num">2.</span> <span>Asia and the Pacific</span></h4>"#,
        ])
    }

    // MARK: progress-report

    @Test func theProgressReport() throws {
        for (language, date, agenda) in [("en", "25 July 2014", "Items 5 and 6 of the provisional agenda"), ("zh", "2014年7月25日", "项目5和6")] {
            try Self.expectMasthead("progress", language, symbol: "UNEP/CBD/BS/COP-MOP/7/4", distribution: "Distr. GENERAL",
                                    date: "2014-07-25", printed: date, agenda: agenda)
        }
        try Self.expectTitle("progress", "en", "Progress report on capacity-building and risk assessment", proponent: "Note by the Executive Secretary")
        try Self.expectTitle("progress", "zh", "关于能力建设和风险评估的进度报告", proponent: "执行秘书的说明")

        // The contents list, then components numbered after their subsection: A.1., A.2., B.1.
        let entries = [
            "en": [("sec_1", 1, "I. Introduction"), ("sec_2", 1, "II. Progress made"), ("sec_2__subsec_1", 2, "A. Capacity-building"),
                   ("sec_2__subsec_1__component_1", 3, "A.1. Training"), ("sec_2__subsec_1__component_2", 3, "A.2. Detection laboratories"),
                   ("sec_2__subsec_2", 2, "B. Risk assessment"), ("sec_2__subsec_2__component_1", 3, "B.1. Guidance"), ("sec_3", 1, "III. Conclusions")],
            "zh": [("sec_1", 1, "一. 导言"), ("sec_2", 1, "二. 取得的进展"), ("sec_2__subsec_1", 2, "A. 能力建设"),
                   ("sec_2__subsec_1__component_1", 3, "A.1. 培训"), ("sec_2__subsec_1__component_2", 3, "A.2. 检测实验室"),
                   ("sec_2__subsec_2", 2, "B. 风险评估"), ("sec_2__subsec_2__component_1", 3, "B.1. 指导"), ("sec_3", 1, "三. 结论")],
        ]
        for (language, contents) in [("en", "Contents"), ("zh", "目录")] {
            let entries = entries[language] ?? []
            try Self.expect("progress", language, "xml", [
                ([#"<container name="contents" eId="preface__container_contents">"#, #"<p class="contents-title">\#(contents)</p>"#, #"<toc eId="toc_1">"#]
                 + entries.map { ##"<tocItem href="#\##($0.0)" level="\##($0.1)">\##($0.2)</tocItem>"## } + ["</toc>", "</container>", "</preface>"])
                    .joined(separator: "\n"),
            ])
            try Self.expect("progress", language, "html", [
                ([#"<nav class="akn-toc">"#, #"<p class="contents-title">\#(contents)</p>"#, "<ol>"]
                 + entries.map { ##"<li class="akn-tocItem level-\##($0.1)"><a href="#\##($0.0)">\##($0.2)</a></li>"## } + ["</ol>", "</nav>"])
                    .joined(separator: "\n"),
            ])
        }
        let headings = [
            "en": ["Introduction", "Progress made", "Capacity-building", "Training", "Detection laboratories", "Risk assessment", "Guidance",
                   "Conclusions", "paragraphs 2–4 above"],
            "zh": ["导言", "取得的进展", "能力建设", "培训", "检测实验室", "风险评估", "指导", "结论", "上文第2至4段"],
        ]
        for (language, numerals) in [("en", ["I.", "II.", "III."]), ("zh", ["一.", "二.", "三."])] {
            let h = headings[language] ?? []
            try Self.expect("progress", language, "xml", [
                #"""
                <section eId="sec_2">
                <num>\#(numerals[1])</num>
                <heading>\#(h[1])</heading>
                <subsection eId="sec_2__subsec_1">
                <num>A.</num>
                <heading>\#(h[2])</heading>
                <hcontainer name="component" eId="sec_2__subsec_1__component_1">
                <num>A.1.</num>
                <heading>\#(h[3])</heading>
                <paragraph eId="para_2">
                <num>2.</num>
                """#,
                #"""
                <hcontainer name="component" eId="sec_2__subsec_1__component_2">
                <num>A.2.</num>
                <heading>\#(h[4])</heading>
                <paragraph eId="para_3">
                <num>3.</num>
                """#,
                #"""
                <subsection eId="sec_2__subsec_2">
                <num>B.</num>
                <heading>\#(h[5])</heading>
                <hcontainer name="component" eId="sec_2__subsec_2__component_1">
                <num>B.1.</num>
                <heading>\#(h[6])</heading>
                <paragraph eId="para_4">
                <num>4.</num>
                """#,
                #"""
                <section eId="sec_3">
                <num>\#(numerals[2])</num>
                <heading>\#(h[7])</heading>
                <paragraph eId="para_5">
                <num>5.</num>
                """#,
            ])
            #expect(try Self.read("progress", language, "xml").contains(##"<ref href="#para_2">\##(h[8])</ref>"##))
            try Self.expect("progress", language, "html", [
                #"<h2 class="akn-heading"><span class="akn-num">\#(numerals[0])</span> <span>\#(h[0])</span></h2>"#,
                #"<h3 class="akn-heading"><span class="akn-num">A.</span> <span>\#(h[2])</span></h3>"#,
                #"<h4 class="akn-heading"><span class="akn-num">A.1.</span> <span>\#(h[3])</span></h4>"#,
                #"<h4 class="akn-heading"><span class="akn-num">A.2.</span> <span>\#(h[4])</span></h4>"#,
                #"<h4 class="akn-heading"><span class="akn-num">B.1.</span> <span>\#(h[6])</span></h4>"#,
                #"<h2 class="akn-heading"><span class="akn-num">\#(numerals[2])</span> <span>\#(h[7])</span></h2>"#,
            ])
        }
    }

    // MARK: decision-draft

    @Test func theDraftDecision() throws {
        for (language, date, agenda) in [("en", "2 October 2014", "Item 6 of the provisional agenda"), ("zh", "2014年10月2日", "项目6")] {
            try Self.expectMasthead("draft", language, symbol: "UNEP/CBD/BS/COP-MOP/7/L.4", distribution: "Distr. LIMITED",
                                    date: "2014-10-02", printed: date, agenda: agenda)
        }
        // `proponent: draft-decision-chair` instead of the kind's "Draft decision".
        try Self.expectTitle("draft", "en", "Risk assessment and risk management", proponent: "Draft decision submitted by the Chair", element: "docType")
        try Self.expectTitle("draft", "zh", "风险评估和风险管理", proponent: "主席提交的决定草案", element: "docType")

        // The decision's own chapeau (italic, ","), preambular paragraphs (","), operative
        // paragraphs 1.–4. with (a), (b) and (i), (ii) (";" after each, "." after the last), and
        // an unnumbered group heading between 2. and 3.
        try Self.expect("draft", "en", "xml", [
            #"""
            <preamble>
            <formula name="enactingFormula" eId="preamble__formula_1">
            <p><i>The Conference of the Parties serving as the meeting of the Parties to the Protocol</i>,</p>
            </formula>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_1">
            <p><i>Recalling</i> decision BS-VI/12,</p>
            </container>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_2">
            <p><i>Noting</i> the results of the testing of the guidance on risk assessment of living modified organisms,</p>
            </container>
            </preamble>
            <mainBody>
            <paragraph eId="para_1" refersTo="#operative">
            <num>1.</num>
            <content>
            <p><i>Welcomes</i> the work of the Ad Hoc Technical Expert Group on Risk Assessment and Risk Management;</p>
            </content>
            </paragraph>
            <paragraph eId="para_2" refersTo="#operative">
            <num>2.</num>
            <list eId="para_2__list_1">
            <intro>
            <p><i>Invites</i> Parties and other Governments:</p>
            </intro>
            <point eId="para_2__list_1__point_a">
            <num>(a)</num>
            <content>
            <p>to continue testing the guidance in actual cases of risk assessment;</p>
            </content>
            </point>
            <point eId="para_2__list_1__point_b">
            <num>(b)</num>
            <list eId="para_2__list_1__point_b__list_1">
            <intro>
            <p>to share, through the Biosafety Clearing-House:</p>
            </intro>
            <point eId="para_2__list_1__point_b__list_1__point_i">
            <num>(i)</num>
            <content>
            <p>their experience in using the guidance;</p>
            </content>
            </point>
            <point eId="para_2__list_1__point_b__list_1__point_ii">
            <num>(ii)</num>
            <content>
            <p>the risk assessment reports they have prepared;</p>
            </content>
            </point>
            </list>
            </point>
            </list>
            </paragraph>
            <hcontainer name="group" eId="group_1">
            <heading>Guidance on risk assessment</heading>
            </hcontainer>
            <paragraph eId="para_3" refersTo="#operative">
            <num>3.</num>
            <content>
            <p><i>Decides</i> to extend the open-ended online forum on risk assessment and risk management;</p>
            </content>
            </paragraph>
            <paragraph eId="para_4" refersTo="#operative">
            <num>4.</num>
            <content>
            <p><i>Requests</i> the Executive Secretary to report on the results of the testing to its eighth meeting.</p>
            """#,
        ])
        try Self.expect("draft", "zh", "xml", [
            #"""
            <preamble>
            <formula name="enactingFormula" eId="preamble__formula_1">
            <p>作为《议定书》缔约方会议的缔约方大会，</p>
            </formula>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_1">
            <p>回顾第BS-VI/12号决定，</p>
            </container>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_2">
            <p>注意到改性活生物体风险评估指导的测试结果，</p>
            </container>
            </preamble>
            <mainBody>
            <paragraph eId="para_1" refersTo="#operative">
            <num>1.</num>
            <content>
            <p>欢迎风险评估和风险管理特设技术专家组的工作；</p>
            </content>
            </paragraph>
            <paragraph eId="para_2" refersTo="#operative">
            <num>2.</num>
            <list eId="para_2__list_1">
            <intro>
            <p>邀请缔约方和其他国家政府：</p>
            </intro>
            <point eId="para_2__list_1__point_a">
            <num>(a)</num>
            <content>
            <p>在实际风险评估案例中继续测试该指导；</p>
            </content>
            </point>
            <point eId="para_2__list_1__point_b">
            <num>(b)</num>
            <list eId="para_2__list_1__point_b__list_1">
            <intro>
            <p>通过生物安全信息交换所分享：</p>
            </intro>
            <point eId="para_2__list_1__point_b__list_1__point_i">
            <num>(i)</num>
            <content>
            <p>其使用该指导的经验；</p>
            </content>
            </point>
            <point eId="para_2__list_1__point_b__list_1__point_ii">
            <num>(ii)</num>
            <content>
            <p>其编写的风险评估报告；</p>
            </content>
            </point>
            </list>
            </point>
            </list>
            </paragraph>
            <hcontainer name="group" eId="group_1">
            <heading>风险评估指导</heading>
            </hcontainer>
            <paragraph eId="para_3" refersTo="#operative">
            <num>3.</num>
            <content>
            <p>决定延长风险评估和风险管理不限成员名额在线论坛；</p>
            </content>
            </paragraph>
            <paragraph eId="para_4" refersTo="#operative">
            <num>4.</num>
            <content>
            <p>请执行秘书向其第八次会议报告测试结果。</p>
            """#,
        ])
        try Self.expect("draft", "en", "html", [
            #"""
            <p class="akn-formula" id="preamble__formula_1"><i>The Conference of the Parties serving as the meeting of the Parties to the Protocol</i>,</p>
            <div class="akn-hcontainer decision" id="decision">
            <div class="akn-container preambular" id="preamble__container_1">
            <p><i>Recalling</i> decision BS-VI/12,</p>
            """#,
            #"""
            <div class="akn-paragraph operative" id="para_2">
            <span class="akn-num">2.</span>
            <div class="akn-content">
            <p><i>Invites</i> Parties and other Governments:</p>
            <div class="akn-list">
            <div class="akn-point " id="para_2__list_1__point_a">
            <span class="akn-num">(a)</span>
            """#,
            #"""
            <span class="akn-num">(i)</span>
            <div class="akn-content">
            <p>their experience in using the guidance;</p>
            """#,
            #"""
            <h3 class="akn-crossHeading" id="group_1">Guidance on risk assessment</h3>
            <div class="akn-paragraph operative" id="para_3">
            <span class="akn-num">3.</span>
            <div class="akn-content">
            <p><i>Decides</i> to extend the open-ended online forum on risk assessment and risk management;</p>
            """#,
            #"""
            <span class="akn-num">4.</span>
            <div class="akn-content">
            <p><i>Requests</i> the Executive Secretary to report on the results of the testing to its eighth meeting.</p>
            """#,
        ])
        try Self.expect("draft", "zh", "html", [
            #"""
            <p class="akn-formula" id="preamble__formula_1">作为《议定书》缔约方会议的缔约方大会，</p>
            <div class="akn-hcontainer decision" id="decision">
            <div class="akn-container preambular" id="preamble__container_1">
            <p>回顾第BS-VI/12号决定，</p>
            """#,
            #"""
            <span class="akn-num">(ii)</span>
            <div class="akn-content">
            <p>其编写的风险评估报告；</p>
            """#,
            #"""
            <h3 class="akn-crossHeading" id="group_1">风险评估指导</h3>
            <div class="akn-paragraph operative" id="para_3">
            <span class="akn-num">3.</span>
            """#,
            #"""
            <span class="akn-num">4.</span>
            <div class="akn-content">
            <p>请执行秘书向其第八次会议报告测试结果。</p>
            """#,
        ])
    }

    // MARK: decision-adopted

    @Test func theAdoptedDecision() throws {
        for (language, date, agenda) in [("en", "3 October 2014", "Item 5 of the provisional agenda"), ("zh", "2014年10月3日", "项目5")] {
            try Self.expectMasthead("adopted", language, symbol: "UNEP/CBD/BS/COP-MOP/DEC/7/3", distribution: "Distr. GENERAL",
                                    date: "2014-10-03", printed: date, agenda: agenda)
        }
        // The decision's number before its title, and the catalog's `decision-adopted-by`.
        let lines = [
            "en": (title: #"<p class="title"><docNumber>BS-VII/3</docNumber>. <docTitle>Capacity-building</docTitle></p>"#,
                   proponent: #"<p class="proponent"><docType>Decision adopted by the Conference of the Parties to the Convention on Biological Diversity serving as the meeting of the Parties to the Cartagena Protocol on Biosafety at its seventh meeting</docType></p>"#,
                   h1: #"<h1 class="akn-docTitle"><bdi class="akn-docNumber">BS-VII/3</bdi>. Capacity-building</h1>"#,
                   line: #"<p class="akn-docProponent first">Decision adopted by the Conference of the Parties to the Convention on Biological Diversity serving as the meeting of the Parties to the Cartagena Protocol on Biosafety at its seventh meeting</p>"#),
            "zh": (title: #"<p class="title"><docNumber>BS-VII/3</docNumber>. <docTitle>能力建设</docTitle></p>"#,
                   proponent: #"<p class="proponent"><docType>作为卡塔赫纳生物安全议定书缔约方会议的生物多样性公约缔约方大会第七次会议通过的决定</docType></p>"#,
                   h1: #"<h1 class="akn-docTitle"><bdi class="akn-docNumber">BS-VII/3</bdi>. 能力建设</h1>"#,
                   line: #"<p class="akn-docProponent first">作为卡塔赫纳生物安全议定书缔约方会议的生物多样性公约缔约方大会第七次会议通过的决定</p>"#),
        ]
        for language in ["en", "zh"] {
            let expected = try #require(lines[language])
            let xml = try Self.read("adopted", language, "xml"), html = try Self.read("adopted", language, "html")
            let positions = [Self.position(of: expected.title, in: xml), Self.position(of: expected.proponent, in: xml),
                             Self.position(of: expected.h1, in: html), Self.position(of: expected.line, in: html)]
            #expect(positions.allSatisfy { $0 != nil }, "adopted/\(language): \(positions)")
            // "Decision adopted by …" heads the decision, then "BS-VII/3. Capacity-building", as the
            // UN prints it (`proponent-first` in Templates/kinds/decision-adopted.yaml).
            if let title = positions[0], let line = positions[1] { #expect(line < title, "adopted/\(language).xml") }
            if let title = positions[2], let line = positions[3] { #expect(line < title, "adopted/\(language).html") }
        }

        // The meeting's chapeau (italic in English, ","), the preamble (","), paragraphs 1.–3.
        try Self.expect("adopted", "en", "xml", [
            #"""
            <formula name="enactingFormula" eId="preamble__formula_1">
            <p><i>The Conference of the Parties serving as the meeting of the Parties to the Cartagena Protocol on Biosafety</i>,</p>
            </formula>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_1">
            <p><i>Recalling</i> decision BS-VI/3,</p>
            </container>
            </preamble>
            <mainBody>
            <paragraph eId="para_1" refersTo="#operative">
            <num>1.</num>
            <content>
            <p><i>Takes note</i> of the progress report on capacity-building and risk assessment (<ref href="/akn/un/doc/paper/cbd-bs-copmop/2014-07-25/UNEP-CBD-BS-COP-MOP-7-4/eng@2014-07-25">UNEP/CBD/BS/COP-MOP/7/4</ref>);</p>
            </content>
            </paragraph>
            <paragraph eId="para_2" refersTo="#operative">
            <num>2.</num>
            <content>
            <p><i>Invites</i> Parties, other Governments and relevant organizations to continue implementing the Framework and Action Plan for Capacity-Building;</p>
            </content>
            </paragraph>
            <paragraph eId="para_3" refersTo="#operative">
            <num>3.</num>
            <content>
            <p><i>Requests</i> the Executive Secretary to report on progress to the eighth meeting of the Parties.</p>
            """#,
        ])
        try Self.expect("adopted", "zh", "xml", [
            #"""
            <formula name="enactingFormula" eId="preamble__formula_1">
            <p>作为《卡塔赫纳生物安全议定书》缔约方会议的缔约方大会，</p>
            </formula>
            <container name="preambular" refersTo="#preamble" eId="preamble__container_1">
            <p>回顾第BS-VI/3号决定，</p>
            </container>
            </preamble>
            <mainBody>
            <paragraph eId="para_1" refersTo="#operative">
            <num>1.</num>
            <content>
            <p>注意到关于能力建设和风险评估的进度报告（<ref href="/akn/un/doc/paper/cbd-bs-copmop/2014-07-25/UNEP-CBD-BS-COP-MOP-7-4/zho@2014-07-25">UNEP/CBD/BS/COP-MOP/7/4</ref>）；</p>
            </content>
            </paragraph>
            <paragraph eId="para_2" refersTo="#operative">
            <num>2.</num>
            <content>
            <p>邀请缔约方、其他国家政府和相关组织继续执行能力建设框架和行动计划；</p>
            </content>
            </paragraph>
            <paragraph eId="para_3" refersTo="#operative">
            <num>3.</num>
            <content>
            <p>请执行秘书向缔约方第八次会议报告进展情况。</p>
            """#,
        ])
        try Self.expect("adopted", "en", "html", [
            #"""
            <p class="akn-formula" id="preamble__formula_1"><i>The Conference of the Parties serving as the meeting of the Parties to the Cartagena Protocol on Biosafety</i>,</p>
            <div class="akn-hcontainer decision" id="decision">
            <div class="akn-container preambular" id="preamble__container_1">
            <p><i>Recalling</i> decision BS-VI/3,</p>
            </div>
            <div class="akn-paragraph operative" id="para_1">
            <span class="akn-num">1.</span>
            <div class="akn-content">
            <p><i>Takes note</i> of the progress report on capacity-building and risk assessment (<a class="akn-ref" href="../progress/en.html">UNEP/CBD/BS/COP-MOP/7/4</a>);</p>
            """#,
            #"""
            <span class="akn-num">3.</span>
            <div class="akn-content">
            <p><i>Requests</i> the Executive Secretary to report on progress to the eighth meeting of the Parties.</p>
            """#,
        ])
        try Self.expect("adopted", "zh", "html", [
            #"""
            <p class="akn-formula" id="preamble__formula_1">作为《卡塔赫纳生物安全议定书》缔约方会议的缔约方大会，</p>
            <div class="akn-hcontainer decision" id="decision">
            <div class="akn-container preambular" id="preamble__container_1">
            <p>回顾第BS-VI/3号决定，</p>
            </div>
            <div class="akn-paragraph operative" id="para_1">
            <span class="akn-num">1.</span>
            <div class="akn-content">
            <p>注意到关于能力建设和风险评估的进度报告（<a class="akn-ref" href="../progress/zh.html">UNEP/CBD/BS/COP-MOP/7/4</a>）；</p>
            """#,
            #"""
            <span class="akn-num">3.</span>
            <div class="akn-content">
            <p>请执行秘书向缔约方第八次会议报告进展情况。</p>
            """#,
        ])
    }

    // MARK: agenda-provisional

    @Test func theProvisionalAgenda() throws {
        for (language, date) in [("en", "30 June 2014"), ("zh", "2014年6月30日")] {
            try Self.expectMasthead("agenda", language, symbol: "UNEP/CBD/BS/COP-MOP/7/1", distribution: "Distr. GENERAL",
                                    date: "2014-06-30", printed: date, agenda: nil)
        }
        try Self.expectTitle("agenda", "en", "Provisional agenda", proponent: nil)
        try Self.expectTitle("agenda", "zh", "临时议程", proponent: nil)
        // Items 1.–8., sub-items 2.1.–2.3., "." after an item, ":" before sub-items, ";" between them.
        #expect(try KindTests.agendaItems(Self.read("agenda", "en", "xml")) == [
            "1. Opening of the meeting.", "2. Organizational matters:", "2.1. Election of officers;", "2.2. Adoption of the agenda;",
            "2.3. Organization of work.", "3. Report on the credentials of representatives to the seventh meeting of the Parties.",
            "4. Report of the Compliance Committee.", "5. Capacity-building.", "6. Risk assessment and risk management (Articles 15 and 16).",
            "7. Adoption of the report.", "8. Closure of the meeting.",
        ])
        #expect(try KindTests.agendaItems(Self.read("agenda", "zh", "xml")) == [
            "1. 会议开幕。", "2. 组织事项：", "2.1. 选举主席团成员；", "2.2. 通过议程；", "2.3. 安排工作。",
            "3. 关于出席缔约方第七次会议的代表的全权证书的报告。", "4. 遵约委员会的报告。", "5. 能力建设。",
            "6. 风险评估和风险管理（第15和16条）。", "7. 通过报告。", "8. 会议闭幕。",
        ])
        try Self.expect("agenda", "en", "xml", [
            #"""
            <hcontainer name="agendaItem" eId="item_2">
            <num>2.</num>
            <heading>Organizational matters:</heading>
            <hcontainer name="agendaItem" eId="item_2-1">
            <num>2.1.</num>
            <heading>Election of officers;</heading>
            </hcontainer>
            """#,
        ])
        for (language, texts) in [("en", ["Organizational matters:", "Election of officers;", "Organization of work.", "Closure of the meeting."]),
                                  ("zh", ["组织事项：", "选举主席团成员；", "安排工作。", "会议闭幕。"])] {
            try Self.expect("agenda", language, "html", [
                #"""
                <div class="akn-list agenda">
                <div class="akn-agendaItem" id="item_1">
                <span class="akn-num">1.</span>
                """#,
                #"""
                <div class="akn-agendaItem" id="item_2">
                <span class="akn-num">2.</span>
                <div class="akn-content">
                <p>\#(texts[0])</p>
                <div class="akn-list">
                <div class="akn-agendaItem" id="item_2-1">
                <span class="akn-num">2.1.</span>
                <div class="akn-content">
                <p>\#(texts[1])</p>
                """#,
                #"""
                <div class="akn-agendaItem" id="item_2-3">
                <span class="akn-num">2.3.</span>
                <div class="akn-content">
                <p>\#(texts[2])</p>
                """#,
                #"""
                <div class="akn-agendaItem" id="item_8">
                <span class="akn-num">8.</span>
                <div class="akn-content">
                <p>\#(texts[3])</p>
                """#,
            ])
        }
    }

    // MARK: agenda-annotated

    @Test func theAnnotatedAgenda() throws {
        for (language, date) in [("en", "15 July 2014"), ("zh", "2014年7月15日")] {
            try Self.expectMasthead("annotations", language, symbol: "UNEP/CBD/BS/COP-MOP/7/1/Add.1", distribution: "Distr. GENERAL",
                                    date: "2014-07-15", printed: date, agenda: nil)
        }
        try Self.expectTitle("annotations", "en", "Annotations to the provisional agenda", proponent: nil)
        try Self.expectTitle("annotations", "zh", "临时议程说明", proponent: nil)
        // An unnumbered introduction; "Item 1.", "Item 2." with "2.1.", "2.2." inside it, "Item 5."
        // (项目1. …), titled by the agenda; paragraphs numbered through them.
        let texts = [
            "en": (item: "Item ", headings: ["Introduction", "Opening of the meeting", "Organizational matters", "Election of officers",
                                            "Adoption of the agenda", "Capacity-building"],
                   citation: "paragraph 3 of document UNEP/CBD/BS/COP-MOP/7/6"),
            "zh": (item: "项目", headings: ["导言", "会议开幕", "组织事项", "选举主席团成员", "通过议程", "能力建设"],
                   citation: "UNEP/CBD/BS/COP-MOP/7/6号文件第3段"),
        ]
        for language in ["en", "zh"] {
            let (item, h, citation) = try #require(texts[language])
            try Self.expect("annotations", language, "xml", [
                #"""
                <section eId="sec_intro">
                <heading>\#(h[0])</heading>
                <paragraph eId="para_1">
                <num>1.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_1">
                <num>\#(item)1.</num>
                <heading>\#(h[1])</heading>
                <paragraph eId="para_2">
                <num>2.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_2">
                <num>\#(item)2.</num>
                <heading>\#(h[2])</heading>
                <hcontainer name="agendaItem" eId="item_2-1">
                <num>2.1.</num>
                <heading>\#(h[3])</heading>
                <paragraph eId="para_3">
                <num>3.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_2-2">
                <num>2.2.</num>
                <heading>\#(h[4])</heading>
                <paragraph eId="para_4">
                <num>4.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_5">
                <num>\#(item)5.</num>
                <heading>\#(h[5])</heading>
                <paragraph eId="para_5">
                <num>5.</num>
                """#,
            ])
            #expect(try Self.read("annotations", language, "xml").contains(
                #"<ref href="/akn/un/doc/communication/cbd-bs-copmop/2014-07-20/UNEP-CBD-BS-COP-MOP-7-6/\#(language == "zh" ? "zho" : "eng")@2014-07-20#para_3">\#(citation)</ref>"#))
            try Self.expect("annotations", language, "html", [
                #"<h2 class="akn-heading"><span>\#(h[0])</span></h2>"#,
                #"<h2 class="akn-heading"><span class="akn-num">\#(item)1.</span> <span>\#(h[1])</span></h2>"#,
                #"""
                <h2 class="akn-heading"><span class="akn-num">\#(item)2.</span> <span>\#(h[2])</span></h2>
                <section class="akn-agenda-item" id="item_2-1">
                <h3 class="akn-heading"><span class="akn-num">2.1.</span> <span>\#(h[3])</span></h3>
                """#,
                #"<h3 class="akn-heading"><span class="akn-num">2.2.</span> <span>\#(h[4])</span></h3>"#,
                #"<h2 class="akn-heading"><span class="akn-num">\#(item)5.</span> <span>\#(h[5])</span></h2>"#,
            ])
            #expect(try Self.read("annotations", language, "html").contains(#"<a class="akn-ref" href="../note/\#(language).html#para_3">\#(citation)</a>"#))
        }
    }

    // MARK: report

    @Test func theReport() throws {
        for (language, date, status) in [("en", "3 October 2014", "ADVANCE UNEDITED VERSION"), ("zh", "2014年10月3日", "未经编辑的预发本")] {
            try Self.expectMasthead("report", language, symbol: "UNEP/CBD/BS/COP-MOP/7/L.1", distribution: "Distr. LIMITED", status: status,
                                    date: "2014-10-03", printed: date, agenda: nil)
        }
        try Self.expectTitle("report", "en", "Draft report of the seventh meeting", proponent: nil)
        try Self.expectTitle("report", "zh", "第七次会议报告草稿", proponent: nil)

        let texts = [
            "en": (contents: "Contents", item: "Item ", headings: ["Introduction", "Opening of the meeting", "Organizational matters", "Election of officers",
                                                                   "Adoption of the agenda", "Capacity-building", "Action by the meeting"],
                   annexes: ["Annex I", "Annex II"], annexTitles: ["Decisions adopted by the meeting", "List of documents"],
                   refs: ["annex II", "annex I"], annexParagraph: "The following documents were before the meeting."),
            "zh": (contents: "目录", item: "项目", headings: ["导言", "会议开幕", "组织事项", "选举主席团成员", "通过议程", "能力建设", "会议采取的行动"],
                   annexes: ["附件一", "附件二"], annexTitles: ["会议通过的决定", "文件清单"],
                   refs: ["附件二", "附件一"], annexParagraph: "会议收到了下列文件。"),
        ]
        for language in ["en", "zh"] {
            let t = try #require(texts[language]), h = t.headings
            // The contents list: every heading as numbered in the text, then the annexes.
            let entries = [("sec_intro", 1, h[0]), ("item_1", 1, "\(t.item)1. \(h[1])"), ("item_2", 1, "\(t.item)2. \(h[2])"),
                           ("item_2-1", 2, "2.1. \(h[3])"), ("item_2-2", 2, "2.2. \(h[4])"), ("item_5", 1, "\(t.item)5. \(h[5])"),
                           ("item_5__subsec_1", 2, "5.1. \(h[6])")]
            try Self.expect("report", language, "xml", [
                ([#"<p class="contents-title">\#(t.contents)</p>"#, #"<toc eId="toc_1">"#]
                 + entries.map { ##"<tocItem href="#\##($0.0)" level="\##($0.1)">\##($0.2)</tocItem>"## }).joined(separator: "\n"),
            ])
            try Self.expect("report", language, "html", [
                ([#"<p class="contents-title">\#(t.contents)</p>"#, "<ol>"]
                 + entries.map { ##"<li class="akn-tocItem level-\##($0.1)"><a href="#\##($0.0)">\##($0.2)</a></li>"## }).joined(separator: "\n"),
            ])
            let xml = try Self.read("report", language, "xml"), html = try Self.read("report", language, "html")
            for (index, (label, title)) in zip(t.annexes, t.annexTitles).enumerated() {
                let entry = try Regex(##"<tocItem href="#att_\##(index + 1)" level="1">\##(label)(.*)\##(title)</tocItem>"##)
                let link = try Regex(##"<li class="akn-tocItem level-1"><a href="#att_\##(index + 1)">\##(label)(.*)\##(title)</a></li>"##)
                let separators = [xml.firstMatch(of: entry)?.output[1].substring, html.firstMatch(of: link)?.output[1].substring]
                #expect(separators.allSatisfy { $0 != nil }, "report/\(language): the contents entry of \(label)")
                if language == "en" {
                    // "Annex I. Decisions adopted by the meeting" (the catalog's `contents-annex`).
                    #expect(separators.allSatisfy { $0 == ". " }, "report/en: \(label) \(title)")
                } else {
                    #expect(separators.allSatisfy { $0 == " " }, "report/zh: \(label) \(title)")
                }
            }

            // Item 5's subsection 5.1, paragraphs through the items.
            try Self.expect("report", language, "xml", [
                #"""
                <section eId="sec_intro">
                <heading>\#(h[0])</heading>
                <paragraph eId="para_1">
                <num>1.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_2">
                <num>\#(t.item)2.</num>
                <heading>\#(h[2])</heading>
                <hcontainer name="agendaItem" eId="item_2-1">
                <num>2.1.</num>
                <heading>\#(h[3])</heading>
                <paragraph eId="para_3">
                <num>3.</num>
                """#,
                #"""
                <hcontainer name="agendaItem" eId="item_5">
                <num>\#(t.item)5.</num>
                <heading>\#(h[5])</heading>
                <subsection eId="item_5__subsec_1">
                <num>5.1.</num>
                <heading>\#(h[6])</heading>
                <paragraph eId="para_5">
                <num>5.</num>
                """#,
            ])
            #expect(xml.contains(##"<ref href="#att_2">\##(t.refs[0])</ref>"##) && xml.contains(##"<ref href="#att_1">\##(t.refs[1])</ref>"##))
            #expect(html.contains(##"<a class="akn-ref" href="#att_2">\##(t.refs[0])</a>"##) && html.contains(##"<a class="akn-ref" href="#att_1">\##(t.refs[1])</a>"##))
            try Self.expect("report", language, "html", [
                #"""
                <h2 class="akn-heading"><span class="akn-num">\#(t.item)5.</span> <span>\#(h[5])</span></h2>
                <section class="akn-subsection" id="item_5__subsec_1">
                <h3 class="akn-heading"><span class="akn-num">5.1.</span> <span>\#(h[6])</span></h3>
                """#,
            ])

            // The annexes: Annex I, Annex II (附件一, 附件二); paragraphs numbered afresh in each.
            try Self.expect("report", language, "xml", [
                #"""
                <attachment eId="att_1">
                <doc name="annex">
                """#,
                #"""
                <p class="annex-label">\#(t.annexes[0])</p>
                <p class="title"><docTitle>\#(t.annexTitles[0])</docTitle></p>
                """#,
                #"""
                <p class="annex-label">\#(t.annexes[1])</p>
                <p class="title"><docTitle>\#(t.annexTitles[1])</docTitle></p>
                </preface>
                <mainBody>
                <paragraph eId="att_2__para_1">
                <num>1.</num>
                <content>
                <p>\#(t.annexParagraph)</p>
                """#,
            ])
            try Self.expect("report", language, "html", [
                #"""
                <section class="akn-attachment annex" id="att_1">
                <p class="annex-label">\#(t.annexes[0])</p>
                <h2 class="akn-docTitle">\#(t.annexTitles[0])</h2>
                """#,
                #"""
                <section class="akn-attachment annex" id="att_2">
                <p class="annex-label">\#(t.annexes[1])</p>
                <h2 class="akn-docTitle">\#(t.annexTitles[1])</h2>
                <div class="akn-paragraph" id="att_2__para_1">
                <span class="akn-num">1.</span>
                """#,
            ])
        }
    }
}

/// Builds the example meeting once for the suite (with the package's Templates/, into a scratch
/// folder removed afterwards) and hands it to its tests.
struct ExampleMeeting: SuiteTrait, TestScoping {
    struct Build: Sendable {
        var output: URL
        var report: BuildReport
    }

    @TaskLocal static var current: Build?

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-examples-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: project) }
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/kinds", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent("Meetings/kinds"))
        let output = project.appendingPathComponent("Output")
        let options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/kinds")], output: output,
                                   templates: TestSupport.templates, displayRoot: project, jobs: 2)
        let report = try Builder(options: options).run()
        try await Self.$current.withValue(Build(output: output.appendingPathComponent("kinds"), report: report)) { try await function() }
    }
}
