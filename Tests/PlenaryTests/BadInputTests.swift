import Foundation
#if canImport(CoreFoundation)
import CoreFoundation
#endif
import Testing
@testable import Plenary

/// Helpers of the reliability tests (issue 8).
enum Reliability {
    /// The output files of a snapshot, without the lock file and without temporaries.
    static func documents(_ snapshot: [String: Data]) -> [String: Data] {
        snapshot.filter { !($0.key as NSString).lastPathComponent.hasPrefix(".") }
    }
}

/// Issue 8, part 1: a corpus of bad inputs. Each case changes a scratch copy of the small fixture
/// meeting (Fixtures/mini; whole replacement files are in Fixtures/bad-input/) and builds it
/// through the library. Every case names its outcome: the exact `file:line:column` of every error
/// with a part of its message (and of its hint where a "did you mean" is expected), or that the
/// input is accepted, for some with the output byte for byte that of the clean fixture. A failing
/// document must write nothing; a few cases are also run through `plenary build`.
@Suite("Bad input")
struct BadInputTests {
    /// One change to the fixture meeting; paths are relative to the meeting folder.
    enum Edit: Sendable {
        /// Replaces `old` (which must occur) by `new`.
        case replace(String, String, in: String)
        /// Replaces the whole file by `text`.
        case text(String, in: String)
        /// Replaces the whole file by Fixtures/bad-input/`name`.
        case corpus(String, in: String)
        /// Rewrites the file's bytes.
        case bytes(in: String, @Sendable (Data) -> Data)
        /// Anything else, on the meeting folder.
        case custom(@Sendable (URL) throws -> Void)
    }

    struct Expected: Sendable {
        var location: String
        var message: String
        var hint: String?
    }

    enum Outcome: Sendable {
        /// Exactly these errors, in this order (the build's order: by file, line, column).
        case errors([Expected])
        /// No error, and the output is the clean fixture's, byte for byte.
        case sameAsClean
        /// No error; these warnings (locations), and a check of the output files (by relative path).
        case accepted(warnings: [String], check: (@Sendable ([String: Data]) throws -> Void)?)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var edits: [Edit]
        var outcome: Outcome
        var testDescription: String { name }

        init(_ name: String, _ edits: [Edit], _ outcome: Outcome) {
            self.name = name
            self.edits = edits
            self.outcome = outcome
        }
    }

    static func error(_ location: String, _ message: String, hint: String? = nil) -> Expected {
        Expected(location: location, message: message, hint: hint)
    }

    static func fails(_ expected: Expected...) -> Outcome { .errors(expected) }

    // MARK: Building a case

    static let mini = "Meetings/mini"

    /// A scratch project: Meetings/mini (a copy of the fixture) and Templates (a link to the package's).
    static func project() throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-bad-\(UUID().uuidString)")
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent(mini))
        try FileManager.default.createSymbolicLink(at: project.appendingPathComponent("Templates"), withDestinationURL: TestSupport.templates)
        return project
    }

    static func corpusFile(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/bad-input/\(name)", withExtension: nil), "no corpus file \(name)")
        return try Data(contentsOf: url)
    }

    static func apply(_ edit: Edit, to meeting: URL) throws {
        switch edit {
        case let .replace(old, new, file):
            let url = meeting.appendingPathComponent(file)
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.contains(old), "`\(old)` is not in \(file): the case no longer changes anything")
            try Data(text.replacingOccurrences(of: old, with: new).utf8).write(to: url)
        case let .text(text, file):
            try Data(text.utf8).write(to: meeting.appendingPathComponent(file))
        case let .corpus(name, file):
            try corpusFile(name).write(to: meeting.appendingPathComponent(file))
        case let .bytes(file, transform):
            let url = meeting.appendingPathComponent(file)
            try transform(try Data(contentsOf: url)).write(to: url)
        case let .custom(change):
            try change(meeting)
        }
    }

    /// Builds `project` through the library into a fresh output folder.
    static func build(_ project: URL) throws -> (output: URL, report: BuildReport) {
        let output = project.appendingPathComponent("Output")
        let options = BuildOptions(meetings: [project.appendingPathComponent(mini)], output: output,
                                   templates: project.appendingPathComponent("Templates"), displayRoot: project, jobs: 2)
        return (output.appendingPathComponent("mini"), try Builder(options: options).run())
    }

    /// The output of the unchanged fixture.
    static let clean: [String: Data] = {
        let folder = try! BadInputTests.project()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (output, report) = try! build(folder)
        precondition(report.errors.isEmpty, "\(report.errors)")
        return Reliability.documents(TestSupport.snapshot(output))
    }()

    // MARK: Byte-level helpers

    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Sendable static func withBOMAndCRLF(_ data: Data) -> Data {
        var result = Data(bom)
        for byte in data {
            if byte == 0x0A { result.append(0x0D) }
            result.append(byte)
        }
        return result
    }

    @Sendable static func withCRLF(_ data: Data) -> Data {
        Data(withBOMAndCRLF(data).dropFirst(3))
    }

    /// Replaces the bytes of `old` (UTF-8) by `new`, which may be anything.
    static func replacingBytes(_ old: String, _ new: [UInt8]) -> @Sendable (Data) -> Data {
        { data in
            let needle = Data(old.utf8)
            guard let range = data.range(of: needle) else {
                Issue.record("`\(old)` is not in the file")
                return data
            }
            var result = data
            result.replaceSubrange(range, with: new)
            return result
        }
    }

    static func nested(_ depth: Int, _ leaf: String) -> String {
        String(repeating: "[", count: depth) + leaf + String(repeating: "]", count: depth)
    }

    /// Text that looks like markup, template syntax or XML, and must be printed as it is.
    static let markupLookalike = #"<script>alert(1)</script> ]]> &amp; &#x41; {doc.symbol} {{doc.title}} <t:include src="x"/> <![CDATA[y]]> <!-- z --> "q" 'a'"#

    // MARK: The corpus

    static let cases: [Case] = meetingCases + documentCases + textCases + dataCases + folderCases + securityCases + wrongOutputCases

    static let meetingCases: [Case] = [
        Case("meeting: unclosed double quote (located at the quote, not at the end of the file)",
             [.replace("X/1: {en: A decision,", #"X/1: {en: "A decision,"#, in: "meeting.yaml")],
             fails(error("meeting.yaml:16:13", "malformed YAML: found unexpected end of stream (while scanning a quoted scalar)"))),
        Case("meeting: a double quote left open until the next quote (located where the parser stops)",
             [.replace("  en: Conference of the Parties", #"  en: "Conference of the Parties"#, in: "meeting.yaml")],
             fails(error("meeting.yaml:6:14", "malformed YAML: did not find expected key (while parsing a block mapping)"))),
        Case("meeting: unclosed single quote",
             [.replace(#"venue: {en: "Geneva, Switzerland""#, "venue: {en: 'Geneva, Switzerland", in: "meeting.yaml")],
             fails(error("meeting.yaml:6:13", "malformed YAML: found unexpected end of stream (while scanning a quoted scalar)"))),
        Case("meeting: unclosed bracket",
             [.replace("languages: [en, zh]", "languages: [en, zh", in: "meeting.yaml")],
             fails(error("meeting.yaml:9:19", "malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence)"))),
        Case("meeting: unclosed brace",
             [.corpus("meeting-unclosed-flow-mapping.yaml", in: "meeting.yaml")],
             fails(error("meeting.yaml:7:6", "malformed YAML: did not find expected ',' or '}' (while parsing a flow mapping)"))),
        Case("meeting: tabs for indentation",
             [.corpus("meeting-tab-indented.yaml", in: "meeting.yaml")],
             fails(error("meeting.yaml:2:1", "malformed YAML: found character that cannot start any token", hint: "never tabs"))),
        Case("meeting: a line indented too deep",
             [.replace("  zh: 缔约方大会", "   zh: 缔约方大会", in: "meeting.yaml")],
             fails(error("meeting.yaml:3:6", "malformed YAML: mapping values are not allowed in this context"))),
        Case("meeting: a line indented too little",
             [.replace("  zh: 缔约方大会", " zh: 缔约方大会", in: "meeting.yaml")],
             fails(error("meeting.yaml:3:2", "malformed YAML: did not find expected key (while parsing a block mapping)"))),
        Case("meeting: text for the session number",
             [.replace("session: 2", "session: two", in: "meeting.yaml")],
             fails(error("meeting.yaml:5:10", "the session number must be a whole number, not `two`"))),
        Case("meeting: a list for the session number",
             [.replace("session: 2", "session: [2]", in: "meeting.yaml")],
             fails(error("meeting.yaml:5:10", "the session number must be text, not a list"))),
        Case("meeting: a list where text per language is expected",
             [.replace("body:\n  en: Conference of the Parties\n  zh: 缔约方大会", "body: [Conference of the Parties, 缔约方大会]", in: "meeting.yaml")],
             fails(error("meeting.yaml:1:7", "the body must be a mapping of `key: value` lines, not a list"))),
        Case("meeting: a list where text is expected",
             [.replace("actor: test-cop", "actor: [test, cop]", in: "meeting.yaml")],
             fails(error("meeting.yaml:4:8", "the actor must be text, not a list"))),
        Case("meeting: an impossible date",
             [.replace("start: 2012-10-01", "start: 2012-02-30", in: "meeting.yaml")],
             fails(error("meeting.yaml:7:16", "the start date must be a date written YYYY-MM-DD, not `2012-02-30`"))),
        Case("meeting: a mapping for a date",
             [.replace("start: 2012-10-01", "start: {year: 2012, month: 10, day: 1}", in: "meeting.yaml")],
             fails(error("meeting.yaml:7:16", "the start date must be text, not a mapping"))),
        Case("meeting: a date in words",
             [.replace("end: 2012-10-05", "end: 5 October 2012", in: "meeting.yaml")],
             fails(error("meeting.yaml:7:33", "the end date must be a date written YYYY-MM-DD, not `5 October 2012`"))),
        // `session` may be left out (documents issued outside a session): a required key is misspelt.
        Case("meeting: an unknown key, with a did-you-mean",
             [.replace("actor: test-cop", "acter: test-cop", in: "meeting.yaml")],
             fails(error("meeting.yaml:1:1", "meeting.yaml has no `actor`"),
                   error("meeting.yaml:4:1", "unknown key `acter` in meeting.yaml", hint: "did you mean `actor`?"))),
        Case("meeting: a duplicate key",
             [.replace("session: 2\n", "session: 2\nactor: other-cop\n", in: "meeting.yaml")],
             fails(error("meeting.yaml:6:1", "duplicate key `actor` in meeting.yaml", hint: "it is already defined at line 4"))),
        Case("meeting: a duplicate key in a flow mapping",
             [.replace(#"venue: {en: "Geneva, Switzerland", zh: 瑞士日内瓦}"#, #"venue: {en: "Geneva, Switzerland", en: 瑞士日内瓦}"#, in: "meeting.yaml")],
             fails(error("meeting.yaml:6:36", "duplicate key `en` in the venue", hint: "already defined at line 6"))),
        Case("meeting: an unknown key in the dates, with a did-you-mean",
             [.replace("end: 2012-10-05", "ende: 2012-10-05", in: "meeting.yaml")],
             fails(error("meeting.yaml:7:8", "the dates has no `end`"),
                   error("meeting.yaml:7:28", "unknown key `ende` in the dates", hint: "did you mean `end`?"))),
        Case("meeting: an unknown language",
             [.replace("languages: [en, zh]", "languages: [en, zz]", in: "meeting.yaml")],
             fails(error("meeting.yaml:8:17", "unknown language `zz`"))),
        // The agenda is a list of item ids; an item may give its own number.
        Case("meeting: an agenda item number that is not a number",
             [.replace("item: reports, number: 3,", "item: reports, number: three,", in: "meeting.yaml")],
             fails(error("meeting.yaml:11:29", "the item's number must be a whole number, not `three`"))),
        Case("meeting: an agenda item that is not an id",
             [.replace("item: reports,", "item: 3rd,", in: "meeting.yaml")],
             fails(error("meeting.yaml:11:12", "`3rd` is not a valid id", hint: "an agenda item is an id"))),
        Case("meeting: an unregistered provisional agenda, with a did-you-mean",
             [.replace("provisional-agenda: UNEP/X/1", "provisional-agenda: UNEP/X/3", in: "meeting.yaml")],
             fails(error("meeting.yaml:9:21", "the provisional agenda `UNEP/X/3` is not in `symbols`", hint: "did you mean `UNEP/X/1`?"))),
        Case("meeting: an empty file", [.text("", in: "meeting.yaml")],
             fails(error("meeting.yaml:1:1", "the file is empty"))),
        Case("meeting: blank lines only", [.text("\n  \n\n", in: "meeting.yaml")],
             fails(error("meeting.yaml:1:1", "the file is empty"))),
        Case("meeting: Latin-1 bytes (the first bad byte)",
             [.bytes(in: "meeting.yaml", replacingBytes("Geneva", Array("Gen".utf8) + [0xE8] + Array("ve".utf8)))],
             fails(error("meeting.yaml:6:17", "the file is not valid UTF-8"))),
        Case(#"meeting: U+0000 written as "\0""#,
             [.replace(#""Geneva, Switzerland""#, #""Geneva,\0 Switzerland""#, in: "meeting.yaml")],
             fails(error("meeting.yaml:6:13", "the text holds U+0000, a character XML documents cannot contain"))),
        Case(#"meeting: U+FFFE written as "\uFFFE" in a symbol's title"#,
             [.replace("UNEP/X/1: {en: Provisional agenda,", #"UNEP/X/1: {en: "Provisional\uFFFE agenda","#, in: "meeting.yaml")],
             fails(error("meeting.yaml:13:18", "the text holds U+FFFE, a character XML documents cannot contain"))),
        Case("meeting: a UTF-8 byte-order mark and CRLF line endings",
             [.bytes(in: "meeting.yaml", withBOMAndCRLF)], .sameAsClean),
        Case("meeting: nested 10,000 levels deep",
             [.replace("languages: [en, zh]", "languages: " + nested(10_000, "en"), in: "meeting.yaml")],
             fails(error("meeting.yaml:8:75", "the file nests lists and mappings more than 64 levels deep"))),
    ]

    static let documentCases: [Case] = [
        Case("document: an unknown key, with a did-you-mean",
             [.replace("original: en", "orignal: en", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:1:1", "document.yaml has no `original`"),
                   error("documents/n1/document.yaml:6:1", "unknown key `orignal` in document.yaml", hint: "did you mean `original`?"))),
        Case("document: a duplicate key",
             [.replace("footnotes: [fn1]", "footnotes: [fn1]\ndate: 2012-08-18", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:17:1", "duplicate key `date` in document.yaml", hint: "it is already defined at line 5"))),
        Case("document: a duplicate id in the footnotes",
             [.replace("footnotes: [fn1]", "footnotes: [fn1, fn1]", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:16:18", "duplicate id `fn1`", hint: "it is already used at line 16"))),
        Case("document: an id used for two units",
             [.replace("      - p3", "      - p2a", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:15:9", "duplicate id `p2a`", hint: "it is already used at line 12"))),
        Case("document: `title` is not an id to declare",
             [.replace("      - p3", "      - title", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:15:9", "duplicate id `title`", hint: "`title` is reserved"))),
        Case("document: a dangling id (declared, with no text in the original language)",
             [.replace("      - p3", "      - p3\n      - p4", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:16:9", "`p4` has no text in en.yaml"))),
        Case("document: an unknown kind, with a did-you-mean",
             [.replace("kind: note", "kind: nots", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:2:7", "unknown kind `nots`", hint: "did you mean `note`?"))),
        Case("document: an impossible date",
             [.replace("date: 2012-08-17", "date: 2012-02-30", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:5:7", "the date must be a date written YYYY-MM-DD, not `2012-02-30`"))),
        Case("document: a mapping for a date",
             [.replace("date: 2012-08-17", "date: {day: 17, month: 8}", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:5:7", "the date must be text, not a mapping"))),
        Case("document: text for the agenda item",
             [.replace("agenda-item: 3", "agenda-item: three", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:4:14", "agenda item three is not in the meeting's agenda", hint: "the agenda has items 3"))),
        Case("document: an agenda item the meeting does not have",
             [.replace("agenda-item: 3", "agenda-item: 9", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:4:14", "agenda item 9 is not in the meeting's agenda", hint: "the agenda has items 3"))),
        Case("document: a reissue mark that is not true or false",
             [.replace("original: en", "original: en\nreissue: maybe", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:7:10", "reissue must be `true` or `false`, not `maybe`"))),
        Case("document: an original language the meeting does not have",
             [.replace("original: en", "original: fr", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:6:11", "`fr` is not one of the meeting's languages"))),
        Case("document: an unregistered symbol",
             [.replace("symbol: UNEP/X/2", "symbol: UNEP/X/7", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:1:9", "the symbol `UNEP/X/7` is not in the meeting's `symbols`"))),
        Case("document: a missing required key",
             [.replace("symbol: UNEP/X/2\n", "", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:1:1", "document.yaml has no `symbol`"))),
        Case("document: an invalid id",
             [.replace("      - p1", "      - 1p", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:10:9", "`1p` is not a valid id"))),
        Case("document: a misspelt unit kind, with a did-you-mean",
             [.replace("  - section: s2", "  - sektion: s2", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:13:5", "`sektion` is not a heading level of a note", hint: "did you mean `section`?"))),
        Case("document: an unknown key in a section, with a did-you-mean",
             [.replace("  - section: s2\n    content:", "  - section: s2\n    contnt:", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:14:5", "unknown key `contnt` in a section", hint: "did you mean `content`?"))),
        Case("document: a list where an id is expected",
             [.replace("      - p1", "      - [p1]", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:10:9", "a structure entry must be a mapping of `key: value` lines, not a list"))),
        Case("document: a list where text is expected",
             [.replace("template: note", "template: [note]", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:3:11", "the template must be text, not a list"))),
        Case("document: a mapping where a list is expected",
             [.replace("footnotes: [fn1]", "footnotes: {fn1: A footnote}", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:16:12", "the footnotes must be a list (lines starting with `- `), not a mapping"))),
        Case("document: a stand-alone decision from a document that does not exist",
             [.replace("footnotes: [fn1]", "footnotes: [fn1]\ndecision-from: {document: n2, id: dec}", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:17:16", "no document `n2` in this meeting"))),
        Case("document: tabs for indentation",
             [.replace("      - p1\n", "\t- p1\n", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:10:1", "malformed YAML: found character that cannot start any token"))),
        Case("document: an unclosed bracket at the end of the file (located at the bracket)",
             [.replace("footnotes: [fn1]", "footnotes: [fn1", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:16:12", "malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence)"))),
        Case("document: an empty file", [.text("", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:1:1", "the file is empty"))),
        Case("document: a list nested 10,000 levels deep in the body",
             [.replace("      - p3", "      - " + nested(10_000, "p3"), in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:15:69", "the file nests lists and mappings more than 64 levels deep"))),
        Case("document: block lists nested 10,000 levels deep in the body",
             [.replace("      - p3", "      - " + String(repeating: "- ", count: 10_000) + "p3", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:15:129", "the file nests lists and mappings more than 64 levels deep"))),
        Case("document: annex components nested 10,000 levels deep",
             [.replace("footnotes: [fn1]", "footnotes: [fn1]\nannex: {id: ax, content: [{section: axs, content: ["
                       + String(repeating: "{component: c, content: [", count: 10_000) + "ax1" + String(repeating: "]}", count: 10_000) + "]}]}",
                       in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:17:801", "the file nests lists and mappings more than 64 levels deep"))),
        Case("document: YAML aliases, which could expand without end",
             [.replace("        list: [p2a, p2b]", "        list:\n          - &a {item: p2a, list: [p2b]}\n          - *a", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:14:13", "YAML aliases (`*name`) are not supported"))),
        Case("document: list items nested 29 levels deep (within the limit) are built",
             [.replace("        list: [p2a, p2b]", "        list: [p2a, p2b, " + (0..<29).map { "{item: i\($0), list: [" }.joined() + "ix" + String(repeating: "]}", count: 29) + "]",
                       in: "documents/n1/document.yaml"),
              .replace("p2b: second.\n", "p2b: second.\n" + (0..<29).map { "i\($0): level \($0 + 1)\n" }.joined() + "ix: the deepest item\n", in: "documents/n1/en.yaml"),
              .replace("p2b: 第二。\n", "p2b: 第二。\n" + (0..<29).map { "i\($0): 第\($0 + 1)层\n" }.joined() + "ix: 最深的一项\n", in: "documents/n1/zh.yaml")],
             .accepted(warnings: [], check: { files in
                 let xml = try #require(files["n1/en.xml"])
                 #expect(String(decoding: xml, as: UTF8.self).contains("the deepest item"))
                 _ = try XMLTree.parse(xml, path: "n1/en.xml")
             })),
        Case("document: a UTF-8 byte-order mark and CRLF line endings",
             [.bytes(in: "documents/n1/document.yaml", withBOMAndCRLF)], .sameAsClean),
    ]

    static let textCases: [Case] = [
        Case("text: an unknown symbol, with a did-you-mean",
             [.replace("[[symbol UNEP/X/1]]", "[[symbol UNEP/X/3]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:4:31", "unknown document symbol `UNEP/X/3`", hint: "did you mean `UNEP/X/1`?"))),
        Case("text: an unknown decision in the translation",
             [.replace("[[decision X/1]]", "[[decision X/2]]", in: "documents/n1/zh.yaml")],
             fails(error("documents/n1/zh.yaml:5:21", "unknown decision `X/2`", hint: "did you mean `X/1`?"))),
        Case("text: a reference to a paragraph that does not exist, with a did-you-mean",
             [.replace("[[para p3]]", "[[para p33]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:5:19", "no paragraph `p33` in this document", hint: "did you mean `p3`?"))),
        Case("text: a reference to a footnote that does not exist",
             [.replace("[[footnote fn1]]", "[[footnote fn2]]", in: "documents/n1/en.yaml")],
             // Footnotes are numbered where the original cites them: fn1, no longer cited in English,
             // has no number, and the translation's citation of it is reported too.
             fails(error("documents/n1/en.yaml:4:51", "no footnote `fn2` in this document"),
                   error("documents/n1/zh.yaml:4:30", "no footnote `fn1` in this document"))),
        Case("text: a dangling id (a text for an id the structure does not declare), with a did-you-mean",
             [.replace("fn1: A footnote.\n", "fn1: A footnote.\np9: An extra paragraph.\n", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:10:1", "`p9` is not an id of this document's structure", hint: "did you mean `p1`?"))),
        Case("text: a duplicate key",
             [.replace("fn1: A footnote.\n", "fn1: A footnote.\np1: Again.\n", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:10:1", "duplicate key `p1` in en.yaml", hint: "it is already defined at line 4"))),
        Case("text: a list where text is expected",
             [.replace("p2a: first;", "p2a: [first, second]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:6", "the text of `p2a` must be text, not a list"))),
        Case("text: a decision element without its text, with a did-you-mean",
             [.replace("p2b: second.", "p2b: {verb: Notes, txt: the report}", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:7:6", "the element `p2b` has no `text`"),
                   error("documents/n1/en.yaml:7:20", "unknown key `txt` in the element `p2b`", hint: "did you mean `text`?"))),
        Case("text: unknown markup, with a did-you-mean",
             [.replace("[[footnote fn1]]", "[[footnot fn1]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:4:51", "unknown markup `[[footnot`", hint: "did you mean `footnote`?"),
                   error("documents/n1/zh.yaml:4:30", "no footnote `fn1` in this document"))),
        Case("text: markup that is never closed",
             [.replace("[[section s1]].", "[[section s1.", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:8:29", "`[[` is never closed"))),
        Case("text: markup without its argument",
             [.replace("[[para p3]]", "[[para]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:5:19", "`[[para]]` needs the id of a paragraph"))),
        Case("text: a malformed range of paragraphs",
             [.replace("[[para p3]]", "[[para p1..]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:5:19", "a range of paragraphs is written `[[para first..last]]`"))),
        Case("text: a decision reference with a stray word",
             [.replace("[[decision X/1]]", "[[decision X/1 plain]]", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:5:38", "`[[decision …]]` takes a decision number and optionally `bare`"))),
        Case("text: an unknown statistic, with a did-you-mean",
             [.replace("p2b: second.", "p2b: second [[stat said-yess]].", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:7:13", "said-yess", hint: "did you mean `said-yes`?"))),
        Case("text: an unknown form of a statistic, with a did-you-mean",
             [.replace("p2b: second.", "p2b: second [[stat said-yes percnt]].", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:7:13", "unknown form `percnt` of a statistic", hint: "did you mean `percent`?"))),
        Case("text: emphasis that is never closed",
             [.replace("p2a: first;", #"p2a: "*first;""#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:7", "emphasis opened with `*` is never closed"))),
        Case("text: an unquoted text starting with `*` is a YAML alias",
             [.replace("p2a: first;", "p2a: *first", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:6", "YAML aliases (`*name`) are not supported", hint: "quote a text that starts with `*`"))),
        Case("text: unclosed double quote (located at the quote)",
             [.replace(#"p2: "It refers to [[para p3]] and to [[decision X/1]]:""#, #"p2: "It refers to [[para p3]] and to [[decision X/1]]:"#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:5:5", "malformed YAML: found unexpected end of stream (while scanning a quoted scalar)"))),
        Case("text: unclosed single quote in the translation",
             [.replace("p2a: 第一；", "p2a: '第一；", in: "documents/n1/zh.yaml")],
             fails(error("documents/n1/zh.yaml:6:6", "malformed YAML: found unexpected end of stream (while scanning a quoted scalar)"))),
        Case("text: a tab before a key",
             [.replace("p2a: first;", "\tp2a: first;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:1", "malformed YAML: found character that cannot start any token"))),
        Case("text: Latin-1 bytes (the first bad byte)",
             [.bytes(in: "documents/n1/en.yaml", replacingBytes("Conclusions", Array("Concl".utf8) + [0xFC] + Array("sions".utf8)))],
             fails(error("documents/n1/en.yaml:3:10", "the file is not valid UTF-8"))),
        Case("text: a truncated UTF-8 sequence after Chinese text",
             [.bytes(in: "documents/n1/zh.yaml", replacingBytes("结论", Array("结".utf8) + [0xE8, 0xAE]))],
             fails(error("documents/n1/zh.yaml:3:6", "the file is not valid UTF-8"))),
        Case("text: a lone surrogate encoded in the bytes (CESU-8)",
             [.bytes(in: "documents/n1/en.yaml", replacingBytes("Conclusions", Array("Concl".utf8) + [0xED, 0xA0, 0x80]))],
             fails(error("documents/n1/en.yaml:3:10", "the file is not valid UTF-8"))),
        Case(#"text: U+0000 written as "\0""#,
             [.replace("s2: Conclusions", #"s2: "Conclu\0sions""#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:3:5", "the text holds U+0000, a character XML documents cannot contain"))),
        Case(#"text: U+FFFE written as "\uFFFE""#,
             [.replace("s2: Conclusions", #"s2: "Conclu\uFFFEsions""#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:3:5", "the text holds U+FFFE, a character XML documents cannot contain"))),
        Case(#"text: a lone surrogate written as "\uD800""#,
             [.replace("s2: Conclusions", #"s2: "Conclu\uD800sions""#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:3:14", "malformed YAML: found invalid Unicode character escape code"))),
        Case(#"text: a control character written as "\x01" in a decision verb"#,
             [.replace("p2b: second.", #"p2b: {verb: "Not\x01es", text: second}"#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:7:13", "the text holds U+0001, a character XML documents cannot contain"))),
        Case("text: a raw control character after Chinese text",
             [.bytes(in: "documents/n1/zh.yaml", replacingBytes("结论", Array("结论".utf8) + [0x01]))],
             fails(error("documents/n1/zh.yaml:3:7", "the file holds a character YAML cannot read: control characters are not allowed"))),
        Case("text: a raw U+FFFE",
             [.bytes(in: "documents/n1/en.yaml", replacingBytes("Conclusions", Array("Concl".utf8) + [0xEF, 0xBF, 0xBE]))],
             fails(error("documents/n1/en.yaml:3:10", "the file holds a character YAML cannot read"))),
        Case("text: a raw NUL byte",
             [.bytes(in: "documents/n1/en.yaml", replacingBytes("Conclusions", Array("Concl".utf8) + [0x00]))],
             fails(error("documents/n1/en.yaml:3:10", "the file holds a character YAML cannot read"))),
        Case("text: an empty file", [.text("", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:1:1", "the file is empty"))),
        Case("text: comments only", [.corpus("en-only-comments.yaml", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:1:1", "the file holds no YAML document"))),
        Case("text: a list instead of a mapping", [.corpus("en-not-a-mapping.yaml", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:1:1", "en.yaml must be a mapping of `key: value` lines, not a list"))),
        Case("text: a byte-order mark does not shift the columns of line 1",
             [.bytes(in: "documents/n1/en.yaml", { Data(bom) + replacingBytes("title:", Array("titel:".utf8))($0) })],
             fails(error("documents/n1/en.yaml:1:1", "`titel` is not an id of this document's structure", hint: "did you mean `title`?"))),
        Case("text: CRLF line endings do not shift the locations",
             [.replace("[[symbol UNEP/X/1]]", "[[symbol UNEP/X/3]]", in: "documents/n1/en.yaml"), .bytes(in: "documents/n1/en.yaml", withCRLF)],
             fails(error("documents/n1/en.yaml:4:31", "unknown document symbol `UNEP/X/3`"))),
        Case("text: a UTF-8 byte-order mark and CRLF line endings in the original",
             [.bytes(in: "documents/n1/en.yaml", withBOMAndCRLF)], .sameAsClean),
        Case("text: a UTF-8 byte-order mark and CRLF line endings in the translation",
             [.bytes(in: "documents/n1/zh.yaml", withBOMAndCRLF)], .sameAsClean),
        Case("text: a missing translation is a warning, not an error",
             [.replace("p2b: 第二。\n", "", in: "documents/n1/zh.yaml")],
             .accepted(warnings: ["documents/n1/document.yaml:12:21"], check: nil)),
        Case("text: a 10,000-deep list where text is expected",
             [.replace("p2a: first;", "p2a: " + nested(10_000, "first"), in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:69", "the file nests lists and mappings more than 64 levels deep"))),
        Case("text: markup and template syntax in the data are printed literally",
             [.replace("p2a: first;", "p2a: '\(markupLookalike.replacingOccurrences(of: "'", with: "''"))'", in: "documents/n1/en.yaml"),
              .replace("title: A small note", "title: '\(markupLookalike.replacingOccurrences(of: "'", with: "''"))'", in: "documents/n1/en.yaml")],
             .accepted(warnings: [], check: { files in try checkLiteral(files) })),
    ]

    static let dataCases: [Case] = [
        Case("data: an unclosed quote in a CSV row",
             [.corpus("parties-unclosed-quote.csv", in: "data/parties.csv")],
             fails(error("data/parties.csv:3:5", "this quote is never closed"))),
        Case("data: CSV rows with too few and too many fields",
             [.corpus("parties-field-counts.csv", in: "data/parties.csv")],
             fails(error("data/parties.csv:3:1", "this row has 5 fields, the header has 6"),
                   error("data/parties.csv:4:1", "this row has 7 fields, the header has 6"))),
        Case("data: a CSV header without a required column",
             [.corpus("parties-no-group-column.csv", in: "data/parties.csv")],
             fails(error("data/parties.csv:2:1", "the header has no column `group`"))),
        Case("data: a CSV header without the answer column",
             [.corpus("answers-no-answer-column.csv", in: "data/answers.csv")],
             fails(error("data/answers.csv:2:1", "the header has no column `answer`"))),
        Case("data: bad values in CSV rows (group, flag, duplicate Party)",
             [.corpus("parties-bad-values.csv", in: "data/parties.csv")],
             fails(error("data/parties.csv:4:1", "unknown regional group `AFX`", hint: "did you mean `AFR`?"),
                   error("data/parties.csv:5:1", "`ldc` and `sids` must be yes or no"),
                   error("data/parties.csv:7:1", "Party `AAA` is listed twice"))),
        Case("data: an unknown Party code, with a did-you-mean",
             [.replace("BBB,1,no", "BBX,1,no", in: "data/answers.csv")],
             fails(error("data/answers.csv:4:1", "unknown Party code `BBX`", hint: "did you mean `BBB`?"))),
        Case("data: an unclosed quote in the last field",
             [.replace("CCC,2,other", "CCC,2,\"other", in: "data/answers.csv")],
             fails(error("data/answers.csv:10:7", "this quote is never closed"))),
        Case("data: an empty CSV file", [.text("", in: "data/answers.csv")],
             fails(error("data/answers.csv:1:1", "the file is empty"))),
        Case("data: a CSV file of comments only", [.text("# nothing yet\n", in: "data/answers.csv")],
             fails(error("data/answers.csv:1:1", "the file is empty"))),
        Case("data: Latin-1 bytes in a CSV file",
             [.bytes(in: "data/parties.csv", replacingBytes("Gamma", Array("G".utf8) + [0xE4] + Array("mma".utf8)))],
             fails(error("data/parties.csv:5:6", "the file is not valid UTF-8"))),
        Case("data: a byte-order mark does not shift the column of a bad byte on line 1",
             [.bytes(in: "data/answers.csv", { Data(bom) + replacingBytes("# SYNTHETIC", [0x23, 0x20, 0xA7])($0) })],
             fails(error("data/answers.csv:1:3", "the file is not valid UTF-8"))),
        Case("data: quoted fields, a doubled quote and blank lines are accepted",
             [.corpus("parties-quoted-fields.csv", in: "data/parties.csv")], .sameAsClean),
        Case("data: a UTF-8 byte-order mark and CRLF line endings in CSV",
             [.bytes(in: "data/parties.csv", withBOMAndCRLF), .bytes(in: "data/answers.csv", withBOMAndCRLF)], .sameAsClean),
        Case("data: a UTF-8 byte-order mark and CRLF line endings in statistics.yaml",
             [.bytes(in: "data/statistics.yaml", withBOMAndCRLF)], .sameAsClean),
        Case("data: bad statistic definitions, each located",
             [.corpus("statistics-bad-definitions.yaml", in: "data/statistics.yaml")],
             fails(error("data/statistics.yaml:2:3", "the statistic `said-yes` has no `answers`"),
                   error("data/statistics.yaml:3:3", "unknown key `answer` in the statistic `said-yes`", hint: "did you mean `answers`?"),
                   error("data/statistics.yaml:8:16", "unknown denominator `mention`", hint: "did you mean `mentions`?"),
                   error("data/statistics.yaml:11:13", "no Party gave the answer `bilaterall` to question 2", hint: "did you mean `bilateral`?"),
                   error("data/statistics.yaml:13:13", "the question must be text, not a list"),
                   error("data/statistics.yaml:18:17", "unknown group `EUR`"))),
    ]

    static let folderCases: [Case] = [
        Case("folder: a documents/ entry that is a symbolic link loop",
             [.custom { meeting in
                 try FileManager.default.createSymbolicLink(atPath: meeting.appendingPathComponent("documents/loop").path, withDestinationPath: "loop")
             }],
             fails(error("documents/loop:1:1", "cannot read the document folder `loop`: its path goes through a symbolic link that loops"))),
        Case("folder: documents/ entries that loop through each other",
             [.custom { meeting in
                 try FileManager.default.createSymbolicLink(atPath: meeting.appendingPathComponent("documents/a").path, withDestinationPath: "b")
                 try FileManager.default.createSymbolicLink(atPath: meeting.appendingPathComponent("documents/b").path, withDestinationPath: "a")
             }],
             fails(error("documents/a:1:1", "symbolic link that loops"), error("documents/b:1:1", "symbolic link that loops"))),
        Case("folder: a documents/ entry that is a link to nowhere",
             [.custom { meeting in
                 try FileManager.default.createSymbolicLink(atPath: meeting.appendingPathComponent("documents/gone").path, withDestinationPath: "n2")
             }],
             fails(error("documents/gone:1:1", "cannot read the document folder `gone`: it is a symbolic link that points nowhere"))),
        Case("folder: a documents/ entry linking to its own folder is skipped (no document.yaml), without hanging",
             [.custom { meeting in
                 try FileManager.default.createSymbolicLink(atPath: meeting.appendingPathComponent("documents/self").path, withDestinationPath: ".")
             }],
             .sameAsClean),
        Case("folder: a translation that is a symbolic link loop is an error, not a missing translation",
             [.custom { meeting in
                 let file = meeting.appendingPathComponent("documents/n1/zh.yaml")
                 try FileManager.default.removeItem(at: file)
                 try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "zh.yaml")
             }],
             fails(error("documents/n1/zh.yaml:1:1", "cannot read the file: its path goes through a symbolic link that loops"))),
        Case("folder: meeting.yaml that is a link to nowhere",
             [.custom { meeting in
                 let file = meeting.appendingPathComponent("meeting.yaml")
                 try FileManager.default.removeItem(at: file)
                 try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "meeting.yml")
             }],
             fails(error("meeting.yaml:1:1", "cannot read the file: it is a symbolic link that points nowhere"))),
    ]

    /// The lookalike text is in the English title and in `p2a`: escaped in XML and HTML, never
    /// interpreted, and read back from the XML as the very same text.
    static func checkLiteral(_ files: [String: Data]) throws {
        for name in ["n1/en.xml", "n1/en.html", "index.html"] {
            let text = String(decoding: try #require(files[name], "\(name)"), as: UTF8.self)
            #expect(text.contains(#"&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp;amp; &amp;#x41; {doc.symbol} {{doc.title}} &lt;t:include src="x"/&gt; &lt;![CDATA[y]]&gt; &lt;!-- z --&gt;"#),
                    "\(name) does not hold the escaped text")
            #expect(!text.contains("<script>alert") && !text.contains("<t:include") && !text.contains("<![CDATA[y") && !text.contains("<!-- z"),
                    "\(name) holds the text as markup")
        }
        for name in ["n1/en.xml", "n1/zh.xml"] {
            _ = try XMLTree.parse(try #require(files[name]), path: name)
        }
        let tree = try XMLTree.parse(try #require(files["n1/en.xml"]), path: "n1/en.xml")
        let texts = (tree.select("//*[local-name()='p']") ?? []).map(\.textContent)
        #expect(texts.filter { $0 == markupLookalike }.count == 2, "the title and p2a do not read back as the same text: \(texts)")
    }

    // MARK: Security (issue 14): identifiers that reach a URL, an id or a file name

    /// A symbol that would close the page's `<style>` and open a script.
    static let hostileSymbol = "UNEP/X/2</style><script>alert(1)</script>"

    static let securityCases: [Case] = [
        Case("security: a symbol that closes <style> and opens <script>",
             [.replace("UNEP/X/2: {en: A note", "\"\(hostileSymbol)\": {en: A note", in: "meeting.yaml"),
              .replace("symbol: UNEP/X/2", "symbol: \"\(hostileSymbol)\"", in: "documents/n1/document.yaml")],
             fails(error("meeting.yaml:14:3", "the symbol `\(hostileSymbol)` is not allowed", hint: "separated by `/`"))),
        Case("security: a symbol with `..` segments",
             [.replace("UNEP/X/1: {en: Provisional agenda", "UNEP/../X/1: {en: Provisional agenda", in: "meeting.yaml")],
             fails(error("meeting.yaml:13:3", "the symbol `UNEP/../X/1` is not allowed"))),
        Case("security: a decision symbol with a quote",
             [.replace("X/1: {en: A decision", "X/1\": {en: A decision", in: "meeting.yaml")],
             fails(error("meeting.yaml:16:3", "the decision symbol `X/1\"` is not allowed"))),
        Case("security: an actor that would break out of the FRBR IRIs",
             [.replace("actor: test-cop", "actor: \"test-cop/../x?y=<z>\"", in: "meeting.yaml")],
             fails(error("meeting.yaml:4:8", "the actor `test-cop/../x?y=<z>` is not allowed", hint: "lower-case letters"))),
        Case("security: a template name that is a path",
             [.replace("template: note", "template: ../note", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:3:11", "the template `../note` is not allowed"))),
        Case("security: a document folder named javascript:… never becomes a link",
             [.custom { meeting in
                 try FileManager.default.moveItem(at: meeting.appendingPathComponent("documents/n1"),
                                                  to: meeting.appendingPathComponent("documents/javascript:alert(1)"))
             }],
             fails(error("documents/javascript:alert(1):1:1", "the document folder's name `javascript:alert(1)` is not allowed", hint: "rename the folder"))),
        Case("security: a document folder name with a space and a quote",
             [.custom { meeting in
                 try FileManager.default.moveItem(at: meeting.appendingPathComponent("documents/n1"),
                                                  to: meeting.appendingPathComponent("documents/n 1\""))
             }],
             fails(error("documents/n 1\":1:1", "the document folder's name `n 1\"` is not allowed"))),
    ]

    // MARK: Wrong output that was accepted (issue 14, item 8)

    static let wrongOutputCases: [Case] = [
        // Nesting is checked against the kind (Templates/kinds/note.yaml) when the document is
        // numbered; the headings have their texts, so that the nesting is the only error.
        Case("structure: a section inside a section",
             [.replace("  - section: s2\n    content:\n      - p3", "  - section: s2\n    content:\n      - section: s3\n        content: [p3]", in: "documents/n1/document.yaml"),
              .replace("s2: Conclusions", "s2: Conclusions\ns3: Details", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/document.yaml:15:9", "a `section` cannot stand inside a `section` in a note",
                         hint: "in a note, a `section` stands at the top of the body (Templates/kinds/note.yaml)"))),
        Case("structure: a subsection inside a subsection",
             [.replace("  - section: s2\n    content:\n      - p3", "  - section: s2\n    content:\n      - subsection: s2a\n        content:\n          - subsection: s2b\n            content: [p3]", in: "documents/n1/document.yaml"),
              .replace("s2: Conclusions", "s2: Conclusions\ns2a: Details\ns2b: More details", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/document.yaml:17:13", "a `subsection` cannot stand inside a `subsection` in a note",
                         hint: "stands inside a `section`"))),
        // A decision may now stand anywhere (a subsection included): what is wrong here is its misspelt key only.
        Case("structure: a decision inside a subsection, with a misspelt key",
             [.replace("  - section: s2\n    content:\n      - p3", "  - section: s2\n    content:\n      - subsection: s2a\n        content:\n          - decision: d\n            elemnts: [p3]", in: "documents/n1/document.yaml"),
              .replace("s2: Conclusions", "s2: Conclusions\ns2a: Details", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/document.yaml:18:13", "unknown key `elemnts` in a decision", hint: "did you mean `elements`?"))),
        Case("document: a distribution no catalog words is reported at its line, not at document.yaml:1:1",
             [.replace("original: en", "original: en\ndistribution: limted", in: "documents/n1/document.yaml")],
             fails(error("documents/n1/document.yaml:7:15", "no key `distribution-limted`"),
                   error("documents/n1/document.yaml:7:15", "no key `distribution-limted`"))),
        Case("meeting: two documents with the same symbol",
             [.custom { meeting in
                 try FileManager.default.copyItem(at: meeting.appendingPathComponent("documents/n1"), to: meeting.appendingPathComponent("documents/n2"))
             }],
             fails(error("documents/n2/document.yaml:1:9", "`n1` has the symbol `UNEP/X/2` already", hint: "give each document its own symbol"))),
        Case("meeting: session 0 (no \"Zeroth meeting\")",
             [.replace("session: 2", "session: 0", in: "meeting.yaml")],
             fails(error("meeting.yaml:5:10", "the session number must be from 1 to 999, not 0"))),
        Case("meeting: a negative session",
             [.replace("session: 2", "session: -3", in: "meeting.yaml")],
             fails(error("meeting.yaml:5:10", "the session number must be from 1 to 999, not -3"))),
        Case("meeting: an empty venue (no \", 1–5 October 2012\")",
             [.replace(#"venue: {en: "Geneva, Switzerland", zh: 瑞士日内瓦}"#, #"venue: {en: "", zh: 瑞士日内瓦}"#, in: "meeting.yaml")],
             fails(error("meeting.yaml:6:13", "the venue in `en` is empty"))),
        Case("meeting: a venue missing in one language",
             [.replace(#"venue: {en: "Geneva, Switzerland", zh: 瑞士日内瓦}"#, #"venue: {en: "Geneva, Switzerland"}"#, in: "meeting.yaml")],
             fails(error("meeting.yaml:6:8", "the venue has no `zh`"))),
        Case("text: `5 ** 3`: a `**` before a space does not open bold",
             [.replace("p2a: first;", "p2a: 5 ** 3 is **fifteen**;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:8", "a `**` before a space does not open bold", hint: "write `\\*` for an asterisk"))),
        Case("text: bold that is never closed",
             [.replace("p2a: first;", #"p2a: "a **first;""#, in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:9", "bold opened with `**` is never closed"))),
        Case("text: a `**` after a space does not close bold",
             [.replace("p2a: first;", "p2a: \"**first **;\"", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:14", "a `**` after a space does not close bold"))),
        Case("text: emphasis closed while the bold inside it is open",
             [.replace("p2a: first;", "p2a: \"*a **b* c**;\"", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:12", "`*` closes emphasis, but the bold opened inside it is still open"))),
        Case("text: `****` is not markup",
             [.replace("p2a: first;", "p2a: a****b;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:7", "`****` is not markup"))),
        Case("text: a superscript that is never closed",
             [.replace("p2a: first;", "p2a: 10^3;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:8", "superscript opened with `^` is never closed", hint: "write `\\^` for a literal caret"))),
        Case("text: a superscript holds no spaces (Pandoc)",
             [.replace("p2a: first;", "p2a: x^2 + y^2;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:7", "a superscript holds no spaces", hint: "write `\\^` for a caret"))),
        Case("text: a `^` before a space does not open a superscript",
             [.replace("p2a: first;", "p2a: 2 ^ 3;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:8", "a `^` before a space does not open a superscript", hint: "write `\\^` for a caret"))),
        Case("text: `^^` is an empty superscript",
             [.replace("p2a: first;", "p2a: a^^b;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:7", "`^^` is an empty superscript"))),
        Case("text: `[[br]]` takes no argument",
             [.replace("p2a: first;", "p2a: first[[br 2]];", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:11", "`[[br]]` takes no argument"))),
        Case("text: an unknown tag close to `br`",
             [.replace("p2a: first;", "p2a: first[[bt]];", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:11", "unknown markup `[[bt`", hint: "did you mean `br`?"))),
        Case("text: bold, superscript and a line break in both formats, and escaped",
             [.replace("p2a: first;", #"p2a: "**first** *a **b** c* 10^3^[[br]]x^*n*^ ***both***, \\^ \\*\\*;""#, in: "documents/n1/en.yaml"),
              .replace("p2a: 第一；", #"p2a: "**第一**[[br]]10^3^；""#, in: "documents/n1/zh.yaml")],
             .accepted(warnings: [], check: { files in
                 let xml = String(decoding: try #require(files["n1/en.xml"]), as: UTF8.self)
                 #expect(xml.contains("<p><b>first</b> <i>a <b>b</b> c</i> 10<sup>3</sup><eol/>x<sup><i>n</i></sup> <b><i>both</i></b>, ^ **;</p>"), "\(xml)")
                 let html = String(decoding: try #require(files["n1/en.html"]), as: UTF8.self)
                 #expect(html.contains("<b>first</b> <i>a <b>b</b> c</i> 10<sup>3</sup><br>x<sup><i>n</i></sup> <b><i>both</i></b>, ^ **;</p>"), "\(html)")
                 #expect(String(decoding: try #require(files["n1/zh.xml"]), as: UTF8.self).contains("<b>第一</b><eol/>10<sup>3</sup>；</p>"))
                 #expect(String(decoding: try #require(files["n1/zh.html"]), as: UTF8.self).contains("<b>第一</b><br>10<sup>3</sup>；</p>"))
                 // <b>, <sup> and <eol/> are Akoma Ntoso inlines: the documents stay valid.
                 let schema = try XMLSchema(contentsOf: TestSupport.aknSchema)
                 for name in ["n1/en.xml", "n1/zh.xml"] {
                     let issues = schema.validate(try XMLTree.parse(try #require(files[name]), path: name))
                     #expect(issues.isEmpty, "\(name): \(issues)")
                 }
             })),
        Case("text: a lone `*` before a space does not open emphasis",
             [.replace("p2a: first;", "p2a: 5 * 3 is *fifteen*;", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:8", "a `*` before a space does not open emphasis"))),
        Case("text: a `*` after a space does not close emphasis",
             [.replace("p2a: first;", "p2a: \"*first *;\"", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:13", "a `*` after a space does not close emphasis"))),
        Case("text: an asterisk as the last character",
             [.replace("p2a: first;", "p2a: first*", in: "documents/n1/en.yaml")],
             fails(error("documents/n1/en.yaml:6:11", "a `*` before a space does not open emphasis"))),
    ]

    // MARK: The tests

    @Test(arguments: cases)
    func badInput(_ test: Case) throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        for edit in test.edits { try Self.apply(edit, to: project.appendingPathComponent(Self.mini)) }
        let (output, report) = try Self.build(project)
        let files = Reliability.documents(TestSupport.snapshot(output))
        switch test.outcome {
        case .errors(let expected):
            #expect(report.errors.map(\.location.description) == expected.map { "\(Self.mini)/\($0.location)" },
                    "\(report.errors.map(\.description).joined(separator: "\n"))")
            for (diagnostic, expected) in zip(report.errors, expected) {
                #expect(diagnostic.severity == .error)
                #expect(diagnostic.message.contains(expected.message), "\(diagnostic)")
                if let hint = expected.hint {
                    #expect(diagnostic.hint?.contains(hint) == true, "\(diagnostic): hint \(diagnostic.hint ?? "none")")
                }
            }
            #expect(files.keys.filter { $0.hasPrefix("n1/") }.isEmpty, "a failing document writes nothing: \(files.keys.sorted())")
        case .sameAsClean:
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(files == Self.clean, "the output differs from the clean fixture's: \(files.keys.filter { files[$0] != Self.clean[$0] }.sorted())")
        case let .accepted(warnings, check):
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.warnings.map(\.location.description) == warnings.map { "\(Self.mini)/\($0)" }, "\(report.warnings)")
            #expect(files["n1/en.xml"] != nil && files["n1/zh.html"] != nil)
            try check?(files)
        }
    }

    @Test func theCorpusIsLargeAndItsNamesAreUnique() {
        #expect(Self.cases.count >= 60)
        #expect(Set(Self.cases.map(\.name)).count == Self.cases.count)
    }

    /// A 10 MB paragraph is built, whole, in seconds: its text runs are scanned as bytes (the inline
    /// parser once stepped through generic slices character by character, 37 s for this paragraph,
    /// and copied the rest of the text for every tag). It holds emphasis and escapes throughout and
    /// three references; see the report of issue 8 on many references in one such paragraph.
    @Test func aTenMegabyteParagraphIsBuiltQuickly() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let sentence = #"The Parties reported *activities* on capacity-building (能力建设), \*not\* \[[markup]]. "#
        let count = 10 * 1024 * 1024 / sentence.utf8.count + 1
        let half = String(repeating: sentence, count: count / 2)
        let paragraph = "See [[para p1]]. " + half + "As in [[para p1]], " + half + "and [[para p3]]."
        #expect(paragraph.utf8.count >= 10 * 1024 * 1024)
        try Self.apply(.replace("p2a: first;", "p2a: >-\n  \(paragraph)", in: "documents/n1/en.yaml"), to: project.appendingPathComponent(Self.mini))
        // The meeting has one document, so the whole build runs on this thread: its CPU time is
        // what the build costs, whatever else the machine (or the other tests) are doing.
        let started = Date(), startedCPU = Self.threadCPUSeconds()
        let (output, report) = try Self.build(project)
        let seconds = Date().timeIntervalSince(started), cpu = Self.threadCPUSeconds() - startedCPU
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(cpu < 60, "a 10 MB paragraph took \(cpu) s of CPU")
        let xml = try Data(contentsOf: output.appendingPathComponent("n1/en.xml"))
        #expect(xml.count > 10 * 1024 * 1024)
        let html = String(decoding: try Data(contentsOf: output.appendingPathComponent("n1/en.html")), as: UTF8.self)
        #expect(html.components(separatedBy: "paragraph 1 above").count - 1 == 2)
        #expect(html.contains(">paragraph 3 below</a>."))
        #expect(html.components(separatedBy: "<i>activities</i>").count - 1 == 2 * (count / 2))
        #expect(html.contains("capacity-building (能力建设), *not* [[markup]]. The Parties"))
        print("a 10 MB paragraph: built in \(String(format: "%.1f", cpu)) s of CPU, \(String(format: "%.1f", seconds)) s elapsed")
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }

    /// A meeting folder that is a symbolic link loop: an error at its meeting.yaml through the
    /// library, a usage error through the command line, and no hang either way.
    @Test func aMeetingFolderThatIsASymbolicLinkLoop() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let meetings = project.appendingPathComponent("Meetings")
        try FileManager.default.createSymbolicLink(atPath: meetings.appendingPathComponent("loop-a").path, withDestinationPath: "loop-b")
        try FileManager.default.createSymbolicLink(atPath: meetings.appendingPathComponent("loop-b").path, withDestinationPath: "loop-a")
        do {
            _ = try MeetingLoader(displayRoot: project).load(meetings.appendingPathComponent("loop-a"))
            Issue.record("a looping meeting folder was loaded")
        } catch {
            #expect(error.diagnostics.map(\.description) == ["Meetings/loop-a/meeting.yaml:1:1: error: cannot read the file: its path goes through a symbolic link that loops"])
        }
        let run = try TestSupport.run(["build", "Meetings/loop-a"], in: project)
        #expect(run.status == 2)
        #expect(run.stderr.contains("Meetings/loop-a is not a meeting folder"), "\(run.stderr)")
        // Building every meeting skips the loops (they hold no meeting.yaml) and builds the others.
        let all = try TestSupport.run(["build", "--quiet"], in: project)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(Reliability.documents(TestSupport.snapshot(project.appendingPathComponent("Output/mini"))) == Self.clean)
    }

    /// Through `plenary build`: exit status 1, `path:line:column: error:` on stderr, and the output
    /// folder exactly as the last good build left it.
    @Test(arguments: [
        ("meeting: an impossible date", "Meetings/mini/meeting.yaml:7:16: error: the start date must be a date"),
        ("text: Latin-1 bytes (the first bad byte)", "Meetings/mini/documents/n1/en.yaml:3:10: error: the file is not valid UTF-8"),
        (#"text: U+FFFE written as "\uFFFE""#, "Meetings/mini/documents/n1/en.yaml:3:5: error: the text holds U+FFFE"),
        ("document: a list nested 10,000 levels deep in the body", "Meetings/mini/documents/n1/document.yaml:15:69: error: the file nests"),
        ("data: CSV rows with too few and too many fields", "Meetings/mini/data/parties.csv:4:1: error: this row has 7 fields"),
        ("document: an id used for two units", "Meetings/mini/documents/n1/document.yaml:15:9: error: duplicate id `p2a`"),
        ("folder: a translation that is a symbolic link loop is an error, not a missing translation",
         "Meetings/mini/documents/n1/zh.yaml:1:1: error: cannot read the file: its path goes through a symbolic link that loops"),
    ])
    func throughTheCommandLineAFailureChangesNothing(_ name: String, _ expected: String) throws {
        let test = try #require(Self.cases.first { $0.name == name }, "no case \(name)")
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let first = try TestSupport.run(["build", "--quiet"], in: project)
        #expect(first.status == 0, "\(first.stderr)")
        let before = TestSupport.snapshot(project.appendingPathComponent("Output"))
        #expect(Reliability.documents(before.filter { $0.key.hasPrefix("mini/") }).count == 6)
        for edit in test.edits { try Self.apply(edit, to: project.appendingPathComponent(Self.mini)) }
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == before, "the output folder changed")
    }

    /// Issue 14, security: hostile templates through `plenary build` — a DOCTYPE with an entity
    /// bomb, a catalog or the stylesheet linked to a file outside the templates folder (whose
    /// contents must not reach a message either), a value written raw into
    /// the page's `<style>`. Each is an error at its template line, exit status 1, and the last
    /// good output stays as it was, byte for byte.
    @Test(arguments: [
        ("a template with an entity bomb", "note.html.xml",
         "Templates/note.html.xml:2:1: error: the file declares a DOCTYPE: Plenary reads no DTDs or entities"),
        ("a catalog linked to a file outside the folder", "strings/en.yaml",
         "Templates/strings/en.yaml: error: `strings/en.yaml` is a link that leads outside the templates folder"),
        ("a stylesheet linked to a file outside the folder", "plenary.css",
         "Templates/plenary.css: error: `plenary.css` is a link that leads outside the templates folder"),
        ("a value raw in the page's style", "shared/page.html.xml",
         "Templates/shared/page.html.xml:"),
    ])
    func throughTheCommandLineAHostileTemplateChangesNothing(_ name: String, _ file: String, _ expected: String) throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        // A copy of the templates to spoil (the project links the package's).
        let templates = project.appendingPathComponent("Templates")
        try FileManager.default.removeItem(at: templates)
        try FileManager.default.copyItem(at: TestSupport.templates, to: templates)
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let before = TestSupport.snapshot(project.appendingPathComponent("Output"))
        let target = templates.appendingPathComponent(file)
        switch file {
        case "note.html.xml":
            let laughs = (1...9).map { "<!ENTITY l\($0) \"" + String(repeating: "&l\($0 - 1);", count: 10) + "\">" }.joined()
            let text = try String(contentsOf: target, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE x [<!ENTITY l0 \"ha\">\(laughs)]>\n").utf8).write(to: target)
        case "strings/en.yaml", "plenary.css":
            let outside = project.appendingPathComponent("secret.yaml")
            try Data("secret: root\n".utf8).write(to: outside)
            try FileManager.default.removeItem(at: target)
            try FileManager.default.createSymbolicLink(at: target, withDestinationURL: outside)
        default:
            let text = try String(contentsOf: target, encoding: .utf8)
            let old = "{doc.symbol | css-string}"
            #expect(text.contains(old))
            try Data(text.replacingOccurrences(of: old, with: "\"{doc.symbol}\"").utf8).write(to: target)
        }
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1, "\(name): \(run.stderr)")
        #expect(run.stderr.contains(expected), "\(name): \(run.stderr)")
        #expect(!run.stderr.contains("root"), "\(name): the secret reached a message")
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == before, "\(name): the output folder changed")
    }

    /// An error found while resolving (not loading) fails only its document: its files stay as
    /// they were, byte for byte.
    @Test func throughTheCommandLineADocumentThatFailsToResolveKeepsItsFiles() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let before = TestSupport.snapshot(project.appendingPathComponent("Output/mini/n1"))
        #expect(before.count == 4)
        try Self.apply(.replace("[[symbol UNEP/X/1]]", "[[symbol UNEP/X/3]]", in: "documents/n1/en.yaml"), to: project.appendingPathComponent(Self.mini))
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Meetings/mini/documents/n1/en.yaml:4:31: error: unknown document symbol `UNEP/X/3`"), "\(run.stderr)")
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output/mini/n1")) == before)
    }
}
