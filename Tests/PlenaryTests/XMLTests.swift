import Foundation
import Testing
@testable import Plenary

@Suite("The libxml2 layer")
struct XMLTests {
    @Test func parseErrorReportsTheFirstErrorNotTheLast() throws {
        let source = "<a>\n  <b>\n</a>\n"
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(source.utf8), path: "t.xml") }
        let first = try #require(error?.first)
        #expect(first.line == 3)
        #expect(first.column == 5)
        #expect(first.message.contains("mismatch"))
        #expect((error?.issues.count ?? 0) >= 2, "libxml2 also reports the premature end; the first one is kept first")
    }

    @Test func parseErrorOnAnEmptyDocument() {
        let error = #expect(throws: XMLParseError.self) { try XMLTree.parse(Data(), path: "empty.xml") }
        #expect(error?.first.message == "the file is empty")
    }

    @Test func schemaValidationReportsTheLineOfEachViolation() throws {
        let schemaURL = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-\(UUID()).xsd")
        try Data("""
            <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="list"><xs:complexType><xs:sequence>
                <xs:element name="item" type="xs:integer" maxOccurs="unbounded"/>
              </xs:sequence></xs:complexType></xs:element>
            </xs:schema>
            """.utf8).write(to: schemaURL)
        let schema = try XMLSchema(contentsOf: schemaURL)
        let tree = try XMLTree.parse(Data("<list>\n<item>1</item>\n<item>two</item>\n<other/>\n</list>".utf8), path: "l.xml")
        let issues = schema.validate(tree)
        #expect(issues.map(\.line) == [3, 4])
        #expect(issues[0].message.contains("'two'"))
    }

    @Test func theAknSchemaCompilesAndAMissingSchemaIsAnError() throws {
        _ = try XMLSchema(contentsOf: TestSupport.aknSchema)
        #expect(throws: XMLParseError.self) { try XMLSchema(contentsOf: URL(fileURLWithPath: "/nonexistent.xsd")) }
    }

    @Test func serialisationIsDeterministicAndKeepsAttributeOrder() throws {
        func build() -> Data {
            let tree = XMLTree()
            let root = tree.makeRoot("doc", namespace: "urn:x")
            let p = root.appendElement("p")
            p.setAttribute("z", "1")
            p.setAttribute("a", "<&\">")
            p.appendText("text & <markup>")
            p.appendElement("i").appendText("emphasis")
            return MarkupSerializer.data(for: tree, mode: .xml)
        }
        let first = build()
        #expect(first == build())
        let text = String(decoding: first, as: UTF8.self)
        #expect(text == """
            <?xml version="1.0" encoding="UTF-8"?>
            <doc xmlns="urn:x">
              <p z="1" a="&lt;&amp;&quot;&gt;">text &amp; &lt;markup&gt;<i>emphasis</i></p>
            </doc>

            """)
        // What Plenary writes, libxml2 reads back.
        _ = try XMLTree.parse(first, path: "round-trip.xml")
    }

    @Test func htmlSerialisationWritesVoidElementsAndADoctype() {
        let tree = XMLTree()
        let html = tree.makeRoot("html")
        let head = html.appendElement("head")
        head.appendElement("meta").setAttribute("charset", "utf-8")
        html.appendElement("body").appendElement("p").appendText("a < b")
        let text = String(decoding: MarkupSerializer.data(for: tree, mode: .html), as: UTF8.self)
        #expect(text == "<!DOCTYPE html>\n<html>\n  <head>\n    <meta charset=\"utf-8\">\n  </head>\n  <body>\n    <p>a &lt; b</p>\n  </body>\n</html>\n")
    }

    @Test func xpathSelectsAndEvaluates() throws {
        let tree = try XMLTree.parse(Data("<a xmlns='urn:x'><b n='1'/><b n='2'/></a>".utf8), path: "x.xml")
        #expect(tree.select("//x:b", namespaces: ["x": "urn:x"])?.map { $0.attribute("n") } == ["1", "2"])
        #expect(tree.evaluate("count(//x:b)", namespaces: ["x": "urn:x"]) == "2")
        #expect(tree.select("//[", namespaces: [:]) == nil)
    }

    @Test func parsingOnManyTasksAtOnce() async throws {
        let good = Data("<doc><p>fine</p></doc>".utf8)
        let bad = Data("<doc>\n<p>broken</doc>".utf8)
        let results = await withTaskGroup(of: (Bool, Int?).self) { group in
            for index in 0..<64 {
                group.addTask {
                    do throws(XMLParseError) {
                        let tree = try XMLTree.parse(index % 2 == 0 ? good : bad, path: "t\(index).xml")
                        return (tree.root?.name == "doc", nil)
                    } catch { return (false, error.first.line) }
                }
            }
            var all: [(Bool, Int?)] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.filter { $0.0 }.count == 32)
        #expect(results.filter { $0.1 == 2 }.count == 32, "each failing parse keeps its own first error")
    }
}
