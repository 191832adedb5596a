import Foundation
import Testing
@testable import Plenary

/// Issue 14, items 7, 10 and 11: `plenary check` and `plenary translated` never give a false
/// all-clear, checking and diffing a long paragraph stay near-linear, and a message quotes a
/// megabyte line around its column only.
@Suite("No false all-clear")
struct CheckTests {
    static let document = TranslationTests.document

    static func run(_ arguments: [String], in project: URL) throws -> TestSupport.Run {
        try TestSupport.run(arguments, in: project)
    }

    // MARK: plenary check

    @Test func aDocumentFolderIsCheckedAndAWrongNumberInTheTranslationIsAnError() throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try Self.run(["translated", Self.document, "--lang", "zh"], in: project).status == 0)
        let clean = try Self.run(["check", Self.document], in: project)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr.contains("0 XML files and 1 documents checked: 0 errors"), "\(clean.stderr)")
        try TranslationTests.edit("zh.yaml", in: project) { $0.replacingOccurrences(of: "p2a: 第一；", with: "p2a: 第一，共12项；") }
        let run = try Self.run(["check", Self.document], in: project)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Meetings/mini/documents/n1/zh.yaml:6:1: error: `p2a`: the numbers differ: 12 in zh, none in en"), "\(run.stderr)")
    }

    @Test(arguments: [
        ("p3: 见[[para p1, p2]]和[[section s1]]。", "p3: 见[[para p1, p2]]和[[section s1", "zh.yaml:8:22: error: `[[` is never closed"),
        ("p3: 见[[para p1, p2]]和[[section s1]]。", "p3: 见[[para p1, p2]]和[[sektion s1]]。", "zh.yaml:8:22: error: unknown markup `[[sektion`"),
        ("p2a: 第一；", "p2a: 第一**粗体；", "zh.yaml:6:8: error: bold opened with `**` is never closed"),
        ("p2a: 第一；", "p2a: 第一10^3；", "zh.yaml:6:10: error: superscript opened with `^` is never closed"),
    ])
    func markupThatBuildRejectsIsAnErrorInCheckToo(_ old: String, _ new: String, _ expected: String) throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try TranslationTests.edit("zh.yaml", in: project) {
            #expect($0.contains(old))
            return $0.replacingOccurrences(of: old, with: new)
        }
        let build = try Self.run(["build", "--quiet"], in: project)
        #expect(build.status == 1, "the build rejects it: \(build.stderr)")
        for target in [Self.document, "Meetings/mini"] {
            let run = try Self.run(["check", target], in: project)
            #expect(run.status == 1, "\(target): \(run.stderr)")
            #expect(run.stderr.contains("Meetings/mini/documents/n1/" + expected), "\(target): \(run.stderr)")
            // Found by the QA pass and by the trial build: reported once.
            #expect(run.stderr.components(separatedBy: expected).count == 2, "\(run.stderr)")
        }
    }

    /// What only resolving finds (an unregistered symbol) fails `check` of the meeting too.
    @Test func aMeetingIsCheckedAsTheBuildWouldBuildIt() throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        // Both languages agree, so the QA comparison has nothing to say: only resolving finds it.
        for file in ["en.yaml", "zh.yaml"] {
            try TranslationTests.edit(file, in: project) { $0.replacingOccurrences(of: "[[symbol UNEP/X/1]]", with: "[[symbol UNEP/X/9]]") }
        }
        let run = try Self.run(["check", "Meetings/mini"], in: project)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Meetings/mini/documents/n1/en.yaml:4:31: error: unknown document symbol `UNEP/X/9`"), "\(run.stderr)")
        #expect(run.stderr.contains("Meetings/mini/documents/n1/zh.yaml:4:10: error: unknown document symbol `UNEP/X/9`"), "\(run.stderr)")
        #expect(!run.stderr.contains("differ"), "\(run.stderr)")
        // The trial build leaves nothing behind.
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("Output").path))
    }

    @Test func aFolderWithNothingToCheckIsAUsageError() throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(at: project.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let run = try Self.run(["check", "empty"], in: project)
        #expect(run.status == 2)
        #expect(run.stderr.contains("empty holds no XML files and is neither a meeting folder (meeting.yaml) nor a document folder (document.yaml): nothing to check"), "\(run.stderr)")
    }

    // MARK: plenary translated

    @Test(arguments: [
        ("en", "en is the original language of n1: only its translations are recorded (--lang zh)"),
        ("fr", "`fr` is not a language of mini: --lang takes one of its translations (zh)"),
    ])
    func translatedRefusesTheOriginalAndUnknownLanguages(_ language: String, _ message: String) throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try Self.run(["translated", Self.document, "--lang", language], in: project)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("\(Self.document)/\(language).origin.yaml").path))
    }

    @Test func translatedWithoutIdsNamesTheStaleUnitsInsteadOfMarkingThem() throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try Self.run(["translated", Self.document, "--lang", "zh"], in: project).status == 0)
        let record = try TestSupport.read("\(Self.document)/zh.origin.yaml", in: project)
        try TranslationTests.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p3: See", with: "p3: Compare") }
        let run = try Self.run(["translated", Self.document, "--lang", "zh"], in: project)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("Meetings/mini/documents/n1/zh.yaml:8:1: error: `p3` is stale-substantive: the en text changed since it was translated"), "\(run.stderr)")
        #expect(run.stderr.contains("hint: the change: [-See-]{+Compare+}"), "\(run.stderr)")
        #expect(run.stderr.contains("nothing recorded"), "\(run.stderr)")
        #expect(try TestSupport.read("\(Self.document)/zh.origin.yaml", in: project) == record, "the record is untouched")
        // Named, or with --all, it is recorded.
        let named = try Self.run(["translated", Self.document, "--lang", "zh", "p3"], in: project)
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stderr.contains("1 units recorded as translated"))
        #expect(try Self.run(["translated", Self.document, "--lang", "zh"], in: project).status == 0)
        try TranslationTests.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p3: Compare", with: "p3: See") }
        let all = try Self.run(["translated", Self.document, "--lang", "zh", "--all"], in: project)
        #expect(all.status == 0, "\(all.stderr)")
        #expect(all.stderr.contains("1 units recorded as translated"))
    }

    /// A meeting folder where a document folder is expected is named as such (it was
    /// "meeting.yaml:1:1: cannot read the file", two folders up).
    @Test(arguments: [["diff", "Meetings/mini"], ["translated", "Meetings/mini", "--lang", "zh"],
                      ["xliff", "export", "Meetings/mini", "--to", "zh"], ["xliff", "import", "t.xlf", "--document", "Meetings/mini"]])
    func aMeetingFolderForADocumentFolderIsAUsageError(_ arguments: [String]) throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let run = try Self.run(arguments, in: project)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains("Meetings/mini is a meeting folder: name one of its documents (Meetings/mini/documents/n1)"), "\(run.stderr)")
        #expect(!run.stderr.contains("meeting.yaml:1:1"))
    }

    // MARK: Long paragraphs

    /// The diff of two texts is an alignment: the equal and removed pieces give the old text, the
    /// equal and inserted ones the new text, whatever the path through them (Myers on short
    /// stretches, anchors on long ones, a whole replacement where no anchor is found).
    @Test func theDiffOfLongTextsReconstructsBothSides() throws {
        var generator = SplitMix64(seed: 14)
        let words = ["Parties", "reported", "capacity", "the", "of", "12", "1,372", "生物", "安全", "。", " ", " ", "UNEP/CBD/BS/COP-MOP/6/7"]
        func text(_ count: Int) -> String { (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ") }
        var cases: [(String, String)] = [("", ""), ("a", ""), ("", "b"), ("same text", "same text")]
        for size in [10, 300, 3_000, 30_000] {
            let old = text(size)
            // Changed throughout: every fifth word replaced.
            let new = old.split(separator: " ", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset % 5 == 0 ? "changed\($0.offset)" : String($0.element) }.joined(separator: " ")
            cases.append((old, new))
            cases.append((old, text(size)))
        }
        for (old, new) in cases {
            let diff = TextDiff(from: old, to: new)
            let before = diff.segments.filter { $0.kind != .inserted }.map(\.text).joined()
            let after = diff.segments.filter { $0.kind != .removed }.map(\.text).joined()
            #expect(before == old && after == new, "\(old.prefix(40)) -> \(new.prefix(40))")
        }
        // An edit in the middle of a long text is found as that edit, not as a replacement.
        let long = text(30_000)
        let middle = try #require(long[long.index(long.startIndex, offsetBy: long.count / 2)...].firstIndex(of: " "))
        let edited = String(long[..<middle]) + " inserted words " + String(long[middle...])
        let diff = TextDiff(from: long, to: edited)
        #expect(diff.segments.filter { $0.kind == .removed }.isEmpty)
        #expect(diff.segments.filter { $0.kind == .inserted }.map(\.text).joined().contains("inserted words"))
    }

    @Test func theNumbersOfALongParagraphAreComparedAsMultisets() {
        let many = (0..<20_000).map { String($0 % 100) }
        #expect(many.subtracting(many).isEmpty)
        #expect(many.subtracting(Array(many.dropLast())) == ["99"])
        #expect(["1", "2", "2", "3"].subtracting(["2", "4"]) == ["1", "2", "3"])
        #expect(QAChecker.list(many).hasSuffix("and 19980 more"))
    }

    // MARK: Messages

    /// A one-line YAML paragraph of a megabyte with an error near its end: the message quotes 60
    /// characters either side of the column, with the caret under it (21 MB of output before).
    @Test func aMegabyteLineIsQuotedAroundItsColumn() throws {
        let project = try TranslationTests.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let long = String(repeating: "The Parties reported activities. ", count: 32_000)
        try TranslationTests.edit("en.yaml", in: project) { $0.replacingOccurrences(of: "p2a: first;", with: "p2a: \(long)[[sektion s1]] end;") }
        let run = try Self.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.utf8.count < 2_000, "\(run.stderr.utf8.count) bytes of messages")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("error: unknown markup `[[sektion`") }, "\(run.stderr)")
        #expect(lines[header].hasPrefix("Meetings/mini/documents/n1/en.yaml:6:\(long.count + 6):"), "\(lines[header])")
        let quoted = lines[header + 1], caret = lines[header + 2]
        #expect(quoted.hasPrefix("    …") && quoted.hasSuffix("[[sektion s1]] end;"), "\(quoted)")
        // The caret stands under the `[[` it points at.
        let caretColumn = caret.count - 1
        #expect(Array(quoted)[caretColumn] == "[" && Array(quoted)[caretColumn + 1] == "[", "\(quoted)\n\(caret)")
    }

    @Test func aLongHintIsCut() {
        let diagnostic = Diagnostic.error(at: SourceLocation(path: "x.yaml", line: 0, column: 0), "message", hint: String(repeating: "h", count: 5_000))
        let rendered = diagnostic.rendered { _ in nil }
        #expect(rendered.count < 500)
        #expect(rendered.hasSuffix("… (4600 more characters)"))
    }

    @Test func theLineOfAMessageIsFoundWhateverTheLineBreaks() {
        #expect(Diagnostic.line(2, of: "a\nb\nc") == "b")
        #expect(Diagnostic.line(2, of: "a\r\nb\r\nc") == "b")
        #expect(Diagnostic.line(3, of: "a\rb\rc") == "c")
        #expect(Diagnostic.line(4, of: "a\nb") == nil)
        #expect(Diagnostic.line(1, of: "") == "")
    }
}
