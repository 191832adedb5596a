import Foundation
import Testing
@testable import Plenary

/// Issue 14 (A): every XML parse is bounded. A DOCTYPE is refused before libxml2 reads its
/// internal subset, so entities cannot amplify a small file into gigabytes ("billion laughs").
@Suite("XML security")
struct XMLSecurityTests {
    /// A billion-laughs DOCTYPE for a document whose root is `root`: ten levels of ten references,
    /// 10^9 copies of "lol" if expanded.
    static func bomb(root: String) -> String {
        var lines = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE \(root) [", "  <!ENTITY lol0 \"lol\">"]
        for level in 1...9 {
            lines.append("  <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">")
        }
        lines.append("]>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `body` and returns its result and the seconds it took.
    static func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = Date()
        let value = try body()
        return (value, Date().timeIntervalSince(start))
    }

    @Test func aDoctypeWithEntitiesIsRefusedBeforeAnythingIsExpanded() throws {
        let source = Self.bomb(root: "a") + "<a>" + String(repeating: "&lol9;", count: 100) + "</a>\n"
        let (error, seconds) = Self.timed { #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(source.utf8), path: "bomb.xml") } }
        #expect(seconds < 2)
        #expect(error?.refusedDoctype == true)
        let diagnostic = try #require(error?.diagnostic())
        #expect(diagnostic.description == "bomb.xml:2:1: error: the file declares a DOCTYPE: Plenary reads no DTDs or entities")
        #expect(diagnostic.hint?.contains("remove the <!DOCTYPE") == true)
    }

    @Test func aPlainDoctypeAndAnExternalOneAreRefusedToo() throws {
        for doctype in ["<!DOCTYPE a>", "<!DOCTYPE a SYSTEM \"file:///etc/passwd\">", "<!-- c -->\n  <!DOCTYPE a PUBLIC \"-//X//EN\" \"x.dtd\">"] {
            let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data("<?xml version=\"1.0\"?>\n\(doctype)\n<a/>".utf8), path: "d.xml") }
            #expect(error?.refusedDoctype == true, "\(doctype)")
            #expect(error?.first.line == (doctype.hasPrefix("<!--") ? 3 : 2))
            #expect(error?.first.column == (doctype.hasPrefix("<!--") ? 3 : 1))
        }
    }

    @Test func aUTF16DoctypeIsRefused() throws {
        let source = Self.bomb(root: "a").replacingOccurrences(of: "UTF-8", with: "UTF-16") + "<a>&lol9;</a>"
        var data = Data([0xFF, 0xFE])
        data.append(source.data(using: .utf16LittleEndian)!)
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(data, path: "bomb16.xml") }
        #expect(error?.refusedDoctype == true)
        #expect(error?.first.line == 2)
    }

    @Test func aUTF16FileWithoutDoctypeIsReadAsWhatItSays() throws {
        let source = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a>导言</a>"
        var data = Data([0xFF, 0xFE])
        data.append(source.data(using: .utf16LittleEndian)!)
        #expect(try XMLTree.parse(data, path: "t16.xml").root?.textContent == "导言")
    }

    @Test func theHTMLParserIgnoresAnInternalSubset() throws {
        let source = Self.bomb(root: "html").replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
            + "<html><body><p>&lol9;&lol9;</p></body></html>"
        let (tree, seconds) = Self.timed { XMLTree.parseHTML(Data(source.utf8), path: "bomb.html") }
        #expect(seconds < 2)
        #expect((tree?.root?.textContent.utf8.count ?? 0) < 10_000)
    }

    @Test func aHugeFileIsParsedInBoundedTimeWithoutDoctype() throws {
        // Linear without entities: 100,000 elements (about 3 MB) parse in well under the budget.
        let source = "<a>" + String(repeating: "<b c=\"d\">text &amp; more</b>\n", count: 100_000) + "</a>"
        let (tree, seconds) = try Self.timed { try XMLTree.parse(Data(source.utf8), path: "big.xml") }
        #expect(tree.root?.elementChildren.count == 100_000)
        #expect(seconds < 10)
    }

    // MARK: Through the commands

    static let document = "Meetings/mini/documents/n1"

    /// A scratch project with the mini fixture meeting.
    static func project() throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-xmlsec-\(UUID().uuidString)")
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent("Meetings/mini"))
        return project
    }

    @Test func xliffImportRefusesABillionLaughsFileAndWritesNothing() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let exported = try String(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/xliff/plenary-export-1.2.xlf", withExtension: nil)), encoding: .utf8)
        let body = exported.components(separatedBy: "\n").dropFirst().joined(separator: "\n")
            .replacingOccurrences(of: "<target state=\"translated\">导言</target>", with: "<target state=\"translated\">导言&lol9;</target>")
        try Data((Self.bomb(root: "xliff") + body).utf8).write(to: project.appendingPathComponent("bomb.xlf"))
        let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
        let (run, seconds) = try Self.timed { try TestSupport.run(["xliff", "import", "bomb.xlf", "--document", Self.document], in: project) }
        #expect(run.status == 1)
        #expect(run.stderr.contains("bomb.xlf:2:1: error: the file declares a DOCTYPE: Plenary reads no DTDs or entities"), "\(run.stderr)")
        #expect(seconds < 10)
        #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before)
    }

    @Test func checkRefusesABillionLaughsFile() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let akn = Self.bomb(root: "akomaNtoso") + "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><doc name=\"note\"><p>&lol9;</p></doc></akomaNtoso>\n"
        try Data(akn.utf8).write(to: project.appendingPathComponent("bomb.xml"))
        let (run, seconds) = try Self.timed { try TestSupport.run(["check", "--schema", TestSupport.aknSchema.path, "bomb.xml"], in: project) }
        #expect(run.status == 1)
        #expect(run.stderr.contains("bomb.xml:2:1: error: the file declares a DOCTYPE: Plenary reads no DTDs or entities"), "\(run.stderr)")
        #expect(seconds < 10)
    }
}
