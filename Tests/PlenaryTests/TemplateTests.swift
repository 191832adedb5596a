import Foundation
import Testing
@testable import Plenary

/// A templates folder of its own in a temporary directory: tests write template files into it,
/// compile them the way `TemplateLibrary` does and render them against `Sample.document`.
/// Paths in diagnostics are relative to `folder` (`t.xml`, `strings/en.yaml`), or start with
/// `subfolder` when the templates are one level down (`Templates/note.html.xml`).
final class TemplateBench {
    /// What paths in diagnostics are relative to.
    let folder: URL
    /// The templates folder: `folder`, or `folder/subfolder`.
    let templates: URL
    let prefix: String

    init(_ files: [String: String] = [:], subfolder: String? = nil) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-templates-\(UUID().uuidString)")
        self.folder = folder
        templates = subfolder.map { folder.appendingPathComponent($0) } ?? folder
        prefix = subfolder.map { "\($0)/" } ?? ""
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try write("strings/en.yaml", Sample.enCatalog)
        try write("strings/zh.yaml", Sample.zhCatalog)
        for (path, text) in files { try write(path, text) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func write(_ path: String, _ text: String) throws {
        let url = templates.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func compile(_ name: String = "t.xml") throws(DiagnosticError) -> CompiledTemplate {
        var compiler = TemplateCompiler(root: templates, displayRoot: folder)
        let nodes = try compiler.compile(name, requestedAt: Sample.request)
        return CompiledTemplate(name: name, nodes: nodes, macros: compiler.macros, files: compiler.files)
    }

    func catalog(_ language: Language) throws(DiagnosticError) -> Catalog {
        let path = "strings/\(language.code).yaml"
        let data = FileManager.default.contents(atPath: templates.appendingPathComponent(path).path) ?? Data()
        return try Catalog(language: language, file: YAMLFile(data: data, path: prefix + path))
    }

    /// The serialised output without the XML declaration (or doctype) and the final line break.
    func render(_ name: String = "t.xml", _ language: Language = Sample.en, document: Value = Sample.document,
                mode: MarkupSerializer.Mode = .xml) throws -> String {
        let template = try compile(name)
        let tree = try TemplateRenderer(template: template, catalog: try catalog(language), language: language, document: document).render()
        let text = String(decoding: MarkupSerializer.data(for: tree, mode: mode), as: UTF8.self)
        return String(text.drop(while: { $0 != "\n" }).dropFirst().dropLast())
    }

    /// Renders `body` inside a `<p>` (an inline element, so the output stays on one line) and
    /// returns what the `<p>` holds.
    func fill(_ body: String, _ language: Language = Sample.en, document: Value = Sample.document) throws -> String {
        try write("t.xml", "<p xmlns:t=\"urn:plenary:template\">\(body)</p>")
        let output = try render("t.xml", language, document: document)
        if output == "<p/>" { return "" }
        #expect(output.hasPrefix("<p>") && output.hasSuffix("</p>"), "\(output)")
        return String(output.dropFirst(3).dropLast(4))
    }

    /// The diagnostics that compiling and rendering `name` raise (none if it renders).
    func problems(_ name: String = "t.xml", _ language: Language = Sample.en) -> [Diagnostic] {
        do {
            _ = try render(name, language)
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics
        } catch {
            return [Diagnostic(at: .file(prefix + name), "unexpected error \(error)")]
        }
    }

    /// The one diagnostic that `text`, written as `t.xml` (or `name`), raises.
    func failure(_ text: String, name: String = "t.xml", _ language: Language = Sample.en,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        try write(name, text)
        let found = problems(name, language)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        return try #require(found.first, sourceLocation: sourceLocation)
    }

    /// The diagnostic as Plenary prints it: the header, the source line, a caret and the hint.
    func printed(_ diagnostic: Diagnostic) -> String {
        diagnostic.rendered { path in
            FileManager.default.contents(atPath: folder.appendingPathComponent(path).path).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}

/// What the tests render: a document value shaped like the resolver's, and two small catalogs.
enum Sample {
    static let en = Language("en")
    static let zh = Language("zh")
    static let request = Plenary.SourceLocation(path: "document.yaml", line: 4, column: 11)

    static let enCatalog = """
        # test wording
        percent: "{n} per cent"
        greeting: "Hello, {name}!"
        venue-dates: "{venue}, {dates}"
        agenda: "Item {item} of the provisional agenda"
        note-by: Note by the Executive Secretary

        """
    static let zhCatalog = """
        # 测试措辞
        percent: "{n}%"
        greeting: "你好，{name}！"
        venue-dates: "{dates}，{venue}"
        agenda: "临时议程项目{item}"

        """

    static func item(_ kind: String, _ label: String, _ text: String) -> Value {
        .object(ValueObject("block", ["kind": .string(kind), "label": .string(label), "text": .string(text)]))
    }

    static let document: Value = .object(ValueObject("document", [
        "symbol": .string("UNEP/CBD/BS/COP-MOP/6/7"),
        "title": .markup([.text("Status of "), .emphasis([.text("capacity-building")]), .text(" activities")]),
        "session": .int(6),
        "parties": .int(1372),
        "share": .int(83),
        "date": .string("2012-08-17"),
        "start": .string("2012-10-01"),
        "end": .string("2012-10-05"),
        "language": .string("Chinese"),
        "names": .list([.string("Ann"), .string("Ben"), .string("Cy")]),
        "numbers": .list([.int(1), .int(2), .int(3)]),
        "blocks": .list([item("section", "I.", "Introduction"), item("paragraph", "1.", "First"), item("decision", "(a)", "Takes note")]),
        "empty": .list([]),
        "nothing": .null,
        "yes": .bool(true),
        "no": .bool(false),
        "hostile": .string(#"<script>alert("x")</script> &amp; ]]>"#),
        "text": .markup([
            .text("See "), .reference(href: "#para_2", content: [.text("paragraph 2")]), .text(" and the "),
            .emphasis([.text("Clearing-House")]), .footnote(number: "1", eId: "fnote_1"), .text(" at "),
            .link(url: "http://bch.cbd.int/", content: [.text("bch.cbd.int")]), .text("."),
        ]),
        "meeting": .object(ValueObject("meeting", ["venue": .string("Hyderabad, India"), "dates": .string("1–5 October 2012")])),
    ]))
}

/// The template language: directives, filters, output, errors, and the bundled templates.
@Suite("The template language")
struct TemplateTests {}

private let ns = #"xmlns:t="urn:plenary:template""#

// MARK: - Directives

extension TemplateTests {
    @Suite("Template directives")
    struct Directives {
        @Test func ifElifElseChoosesOneBranch() throws {
            let bench = try TemplateBench()
            let output = try bench.fill("""
                <t:fragment t:for="n in doc.numbers">
                  <a t:if="n == 1">one</a>
                  <!-- a comment between the branches is allowed -->
                  <b t:elif="n == 2">two</b>
                  <c t:else="">many</c>
                </t:fragment>
                """)
            #expect(output == "<a>one</a><b>two</b><c>many</c>")
            #expect(try bench.fill(#"<a t:if="doc.yes">y</a><b t:else="">n</b>"#) == "<a>y</a>")
            #expect(try bench.fill(#"<a t:if="doc.no">y</a><b t:else="">n</b>"#) == "<b>n</b>")
            #expect(try bench.fill(#"<a t:if="doc.nothing">y</a>"#) == "")
            // Truthiness: empty lists and text are false, objects are true.
            #expect(try bench.fill(#"<a t:if="doc.empty">y</a><a t:if="doc.names">n</a><a t:if="doc.meeting">m</a>"#) == "<a>n</a><a>m</a>")
        }

        @Test func expressionsCompareAndCombine() throws {
            let bench = try TemplateBench()
            #expect(try bench.fill(#"<a t:if="doc.session > 5 and doc.session &lt;= 6">x</a>"#) == "<a>x</a>")
            #expect(try bench.fill(#"<a t:if="not doc.no and (doc.nothing or doc.yes)">x</a>"#) == "<a>x</a>")
            #expect(try bench.fill(#"<a t:if="doc.symbol != 'UNEP/CBD/BS/COP-MOP/6/7'">x</a>"#) == "")
            #expect(try bench.fill(#"<a t:if="doc.session == '6'">x</a>"#) == "<a>x</a>", "numbers compare with text by their digits")
            #expect(try bench.fill(#"{doc.nothing or 'fallback'} {doc.symbol and 'set'}"#) == "fallback set")
            #expect(try bench.fill(#"{true} {false} {null} {42} {"double"}"#) == "true false  42 double")
        }

        @Test func forLoopGivesIndexFirstLastAndCount() throws {
            let bench = try TemplateBench()
            let output = try bench.fill("""
                <i t:for="name in doc.names">{loop.index}/{loop.index0}/{loop.count}<t:fragment t:if="loop.first"> first</t:fragment><t:fragment t:if="loop.last"> last</t:fragment>: {name}</i>
                """)
            #expect(output == "<i>1/0/3 first: Ann</i><i>2/1/3: Ben</i><i>3/2/3 last: Cy</i>")
            // `t:if` beside `t:for` filters the items; nothing and an empty list render nothing.
            #expect(try bench.fill(#"<b t:for="n in doc.numbers" t:if="n != 2">{n}</b>"#) == "<b>1</b><b>3</b>")
            #expect(try bench.fill(#"<b t:for="n in doc.empty">{n}</b><b t:for="n in doc.nothing">{n}</b>"#) == "")
            // Nested loops: `loop` is the inner one; the outer one is kept with t:let.
            let nested = try bench.fill("""
                <t:fragment t:for="a in doc.numbers" t:if="loop.index &lt; 3" t:let="outer = loop"><i t:for="b in doc.names" t:if="loop.last">{outer.index}{b}</i></t:fragment>
                """)
            #expect(nested == "<i>1Cy</i><i>2Cy</i>")
        }

        @Test func letBindsNamesForTheElementAndItsChildren() throws {
            let bench = try TemplateBench()
            #expect(try bench.fill(#"<b t:let="s = doc.session; o = s | ordinal">{s}: {o}</b>"#) == "<b>6: Sixth</b>")
            // A binding multiple lines long, and one that shadows an outer name.
            let output = try bench.fill("""
                <b t:let="name = 'outer'"><i t:let="first = doc.names | first;
                         name = 'inner'">{first} {name}</i> {name}</b>
                """)
            #expect(output == "<b><i>Ann inner</i> outer</b>")
        }

        @Test func contentReplaceAndOmitTag() throws {
            let bench = try TemplateBench()
            #expect(try bench.fill(#"<b t:content="doc.symbol">placeholder text</b>"#) == "<b>UNEP/CBD/BS/COP-MOP/6/7</b>")
            #expect(try bench.fill(#"<b t:content="doc.nothing">placeholder</b>"#) == "<b/>")
            #expect(try bench.fill(#"[<b t:replace="doc.session | ordinal">placeholder</b>]"#) == "[Sixth]")
            #expect(try bench.fill(#"[<b t:omit-tag="">kept <i>inside</i></b>]"#) == "[kept <i>inside</i>]")
            #expect(try bench.fill(#"<b t:omit-tag="doc.yes">x</b><b t:omit-tag="doc.no">y</b>"#) == "x<b>y</b>")
            #expect(try bench.fill(#"<t:fragment>a<b>b</b>c</t:fragment>"#) == "a<b>b</b>c")
            #expect(try bench.fill(#"<t:fragment t:if="doc.yes" t:let="x = 'X'">{x}</t:fragment>"#) == "X")
        }

        @Test func attributesInterpolateAndDropWhenNothing() throws {
            let bench = try TemplateBench()
            let output = try bench.fill(##"<a href="#{doc.session}" class="x-{doc.language | lower}" title="{doc.nothing}" data-no="{doc.no}" data-yes="{doc.yes}"/>"##)
            #expect(output == ##"<a href="#6" class="x-chinese" data-yes="true"/>"##)
            #expect(try bench.fill(#"<a title="{{literal}} {doc.session}"/>{{ and }}"#) == #"<a title="{literal} 6"/>{ and }"#)
            #expect(try bench.fill(#"<a xml:lang="{lang}"/>"#) == #"<a xml:lang="en"/>"#)
        }

        @Test func includeSplicesAnotherFileAndItsMacros() throws {
            let bench = try TemplateBench([
                "parts/bits.xml": """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <t:fragment \(ns)>
                      <t:macro name="tag" params="text"><b>{text}</b></t:macro>
                      <i>included</i>
                    </t:fragment>
                    """,
                "parts/one.xml": "<u \(ns)>{doc.session}</u>",
            ])
            #expect(try bench.fill(#"<t:include src="parts/bits.xml"/><t:call macro="tag" text="doc.symbol"/><t:include src="parts/one.xml"/>"#)
                    == "<i>included</i><b>UNEP/CBD/BS/COP-MOP/6/7</b><u>6</u>")
            #expect(try bench.compile().files == ["t.xml", "parts/bits.xml", "parts/one.xml"])
        }

        @Test func macrosTakeArgumentsWithDefaults() throws {
            let bench = try TemplateBench()
            let output = try bench.fill("""
                <t:call macro="label" text="doc.symbol"/>
                <t:call macro="label" text="'A'" sep="' / '" n="2"/>
                <t:call macro="label" t:for="name in doc.names" t:if="not loop.last" text="name"/>
                <t:macro name="label" params="text, sep=', ', n = doc.session | ordinal"><b>{text}{sep}{n}</b></t:macro>
                """)
            #expect(output == "<b>UNEP/CBD/BS/COP-MOP/6/7, Sixth</b><b>A / 2</b><b>Ann, Sixth</b><b>Ben, Sixth</b>")
            // A macro sees its parameters and the globals, not the caller's names.
            let bench2 = try TemplateBench()
            let error = try bench2.failure("""
                <p \(ns)>
                  <t:macro name="m"><b>{outer}</b></t:macro>
                  <t:call macro="m" t:let="outer = 1"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:25")
            #expect(error.message == "unknown name `outer`")
        }

        /// Names live as long as the element that binds them: a sibling does not see a `t:let`,
        /// the caller's loop variable is back after a macro (with a loop of its own) returns,
        /// and a parameter's default sees the globals, not the parameters before it.
        @Test func namesGoOutOfScopeWhereTheirElementEnds() throws {
            let bench = try TemplateBench()
            #expect(try bench.fill("""
                <t:macro name="m" params="x"><u t:for="n in doc.names" t:if="loop.first">{x}{n}</u></t:macro>
                <i t:for="n in doc.numbers" t:let="y = n"><t:call macro="m" x="y"/>{n}{loop.count}</i>
                """) == "<i><u>1Ann</u>13</i><i><u>2Ann</u>23</i><i><u>3Ann</u>33</i>")
            let sibling = try bench.failure("<p \(ns)><b t:let=\"x = 1\">{x}</b>{x}</p>")
            #expect(sibling.location.description == "t.xml:1:60")
            #expect(sibling.message == "unknown name `x`")
            let defaults = try bench.failure("""
                <p \(ns)>
                  <t:macro name="m" params="a, b = a"><b>{b}</b></t:macro>
                  <t:call macro="m" a="1"/>
                </p>
                """)
            #expect(defaults.location.description == "t.xml:2:36")
            #expect(defaults.message == "unknown name `a`")
        }

        @Test func extendsFillsTheLayoutsBlocks() throws {
            let bench = try TemplateBench([
                "layout.xml": """
                    <html \(ns) lang="{lang}">
                      <head><title><t:block name="title">Untitled</t:block></title></head>
                      <body>
                        <t:block name="main"/>
                        <t:call macro="footer"/>
                      </body>
                    </html>
                    """,
                "t.xml": """
                    <t:extends src="layout.xml" \(ns)>
                      <!-- a child holds only blocks and macros -->
                      <t:macro name="footer"><footer>{doc.session | ordinal}</footer></t:macro>
                      <t:block name="main"><main><p>{doc.symbol}</p></main></t:block>
                    </t:extends>
                    """,
            ])
            #expect(try bench.render(mode: .html) == """
                <html lang="en">
                  <head>
                    <title>Untitled</title>
                  </head>
                  <body>
                    <main>
                      <p>UNEP/CBD/BS/COP-MOP/6/7</p>
                    </main>
                    <footer>Sixth</footer>
                  </body>
                </html>
                """)
            #expect(try bench.compile().files == ["t.xml", "layout.xml"])
        }

        /// A shared file is compiled once per library, and each template that fills one of its
        /// blocks (here inside a macro, inside a conditional) gets its own filling; one that fills
        /// none gets the block's own content.
        @Test func eachTemplateFillsTheBlocksOfASharedFileItsOwnWay() throws {
            let bench = try TemplateBench([
                "shared.xml": """
                    <t:fragment \(ns)>
                      <t:macro name="head"><h1 t:if="doc.yes">{doc.session}<t:block name="who"><i>nobody</i></t:block></h1><p t:else="">-</p></t:macro>
                      <t:block name="note"><s/></t:block>
                    </t:fragment>
                    """,
                "layout.xml": "<doc \(ns)><t:include src=\"shared.xml\"/><t:call macro=\"head\"/><t:block name=\"main\"/></doc>",
                "a.akn.xml": "<t:extends src=\"layout.xml\" \(ns)><t:block name=\"who\"><b>A</b></t:block><t:block name=\"note\"><em/></t:block></t:extends>",
                "a.html.xml": "<t:extends src=\"layout.xml\" \(ns)><t:block name=\"main\"><p>main</p></t:block></t:extends>",
                "b.akn.xml": "<t:extends src=\"layout.xml\" \(ns)><t:block name=\"who\">{doc.symbol}</t:block><t:block name=\"main\"><u/></t:block></t:extends>",
                "b.html.xml": "<doc \(ns)><t:include src=\"shared.xml\"/><t:call macro=\"head\"/></doc>",
            ])
            let library = try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["a": Sample.request, "b": Sample.request],
                                              languages: [Sample.en])
            func render(_ name: String) throws -> String {
                let template = try #require(library.templates[name])
                let tree = try TemplateRenderer(template: template, catalog: library.catalogs[Sample.en]!, language: Sample.en, document: Sample.document).render()
                return String(decoding: MarkupSerializer.data(for: tree, mode: .xml), as: UTF8.self).split(separator: "\n").dropFirst().joined(separator: "\n")
            }
            #expect(try render("a.akn.xml") == "<doc>\n  <em/>\n  <h1>6<b>A</b></h1>\n</doc>")
            #expect(try render("a.html.xml") == "<doc>\n  <s/>\n  <h1>6<i>nobody</i></h1>\n  <p>main</p>\n</doc>")
            #expect(try render("b.akn.xml") == "<doc>\n  <s/>\n  <h1>6UNEP/CBD/BS/COP-MOP/6/7</h1>\n  <u/>\n</doc>")
            #expect(try render("b.html.xml") == "<doc>\n  <s/>\n  <h1>6<i>nobody</i></h1>\n</doc>")
            #expect(library.templates["b.akn.xml"]?.files == ["b.akn.xml", "layout.xml", "shared.xml"])
        }
    }
}

// MARK: - Filters

extension TemplateTests {
    @Suite("Template filters, in English and Chinese")
    struct Filters {
        func both(_ expression: String, _ english: String, _ chinese: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let bench = try TemplateBench()
            let inEnglish = try bench.fill("{\(expression)}", Sample.en), inChinese = try bench.fill("{\(expression)}", Sample.zh)
            #expect(inEnglish == english, sourceLocation: sourceLocation)
            #expect(inChinese == chinese, sourceLocation: sourceLocation)
        }

        @Test func numbersAndPercentages() throws {
            try both("doc.parties | number", "1,372", "1,372")
            try both("1234567 | number", "1,234,567", "1,234,567")
            try both("doc.share | percent", "83 per cent", "83%")
            try both("doc.parties | percent", "1,372 per cent", "1,372%")
        }

        @Test func datesAndDateRanges() throws {
            try both("doc.date | date", "17 August 2012", "2012年8月17日")
            try both("doc.start | date-range(doc.end)", "1–5 October 2012", "2012年10月1日至5日")
            try both("'2012-09-28' | date-range('2012-10-02')", "28 September–2 October 2012", "2012年9月28日至10月2日")
        }

        @Test func ordinalsAndNumerals() throws {
            // ICU's spelled-out ordinal; the Chinese catalog's `session` adds 次 ("第六次会议").
            try both("doc.session | ordinal", "Sixth", "第六")
            try both("1 | ordinal", "First", "第一")
            try both("12 | ordinal", "Twelfth", "第十二")
            try both("20 | ordinal", "Twentieth", "第二十")
            try both("21 | ordinal", "Twenty-first", "第二十一")
            try both("1 | roman", "I", "I")
            try both("2 | roman-lower", "ii", "ii")
            try both("14 | roman", "XIV", "XIV")
            try both("1 | letters", "a", "a")
            try both("2 | letters", "b", "b")
            try both("27 | letters", "aa", "aa")
            try both("2 | letters-upper", "B", "B")
            try both("1 | numeral", "I", "一")
            try both("2 | numeral", "II", "二")
            try both("'4' | numeral", "IV", "四")
        }

        @Test func textFilters() throws {
            try both("doc.language | upper", "CHINESE", "CHINESE")
            try both("doc.language | lower", "chinese", "chinese")
            try both("doc.nothing | default('none')", "none", "none")
            try both("doc.symbol | default('none')", "UNEP/CBD/BS/COP-MOP/6/7", "UNEP/CBD/BS/COP-MOP/6/7")
            try both("doc.names | length", "3", "3")
            try both("doc.language | length", "7", "7")
            try both("doc.names | join", "Ann, Ben, Cy", "Ann, Ben, Cy")
            try both("doc.names | join(' / ')", "Ann / Ben / Cy", "Ann / Ben / Cy")
            try both("doc.title | text", "Status of capacity-building activities", "Status of capacity-building activities")
            try both("doc.names | first", "Ann", "Ann")
            try both("doc.names | last | upper", "CY", "CY")
            try both("doc.empty | first | default('-')", "-", "-")
        }

        @Test func filtersCheckTheirInput() throws {
            let bench = try TemplateBench()
            let wrong = try bench.failure("<p \(ns)>{doc.symbol | number}</p>")
            #expect(wrong.location.description == "t.xml:1:49")
            #expect(wrong.message == "the filter `number` needs a number, not text")
            let date = try bench.failure("<p \(ns)>{doc.symbol | date}</p>")
            #expect(date.message == "the filter `date` needs a date written YYYY-MM-DD")
            let range = try bench.failure("<p \(ns)>{doc.start | date-range}</p>")
            #expect(range.message == "`date-range` takes the end date: `start | date-range(end)`")
            let join = try bench.failure("<p \(ns)>{doc.symbol | join}</p>")
            #expect(join.message == "`join` needs a list, not text")
        }
    }
}

// MARK: - Output

extension TemplateTests {
    @Suite("Template output: escaping, markup, whitespace")
    struct Output {
        @Test func valuesAreEscapedByConstruction() throws {
            let bench = try TemplateBench()
            let output = try bench.fill(#"<a title="{doc.hostile}">{doc.hostile}</a><b t:content="doc.hostile"/><c t:replace="doc.hostile"/>"#)
            let escaped = #"&lt;script&gt;alert("x")&lt;/script&gt; &amp;amp; ]]&gt;"#
            #expect(output == #"<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;amp; ]]&gt;">"# + escaped + "</a><b>" + escaped + "</b>" + escaped)
            // The escaped output is well-formed XML that reads back as the original text.
            try bench.write("t.xml", "<p \(ns)>{doc.hostile}</p>")
            let tree = try XMLTree.parse(Data(try bench.render().utf8), path: "out.xml")
            #expect(tree.root?.textContent == #"<script>alert("x")</script> &amp; ]]>"#)
            // The same in HTML.
            let html = try bench.render(mode: .html)
            #expect(html == "<p>" + escaped + "</p>")
        }

        @Test func markupIsInsertedThroughTheInlineMacros() throws {
            let macros = """
                <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                <t:macro name="inline-link" params="url, content"><a href="{url}" t:content="content"/></t:macro>
                <t:macro name="inline-reference" params="href, content"><a class="ref" href="{href}" t:content="content"/></t:macro>
                <t:macro name="inline-footnote" params="number, eId"><sup><a href="#{eId}">{number}</a></sup></t:macro>
                """
            let bench = try TemplateBench()
            let expected = ##"See <a class="ref" href="#para_2">paragraph 2</a> and the <i>Clearing-House</i><sup><a href="#fnote_1">1</a></sup> at <a href="http://bch.cbd.int/">bch.cbd.int</a>."##
            #expect(try bench.fill(macros + #"<t:fragment t:replace="doc.text"/>"#) == expected)
            #expect(try bench.fill(macros + #"<span t:content="doc.text"/>"#) == "<span>\(expected)</span>")
            // An expression that is the whole text of an element inserts markup too; next to other text as well.
            #expect(try bench.fill(macros + #"<span>{doc.text}</span>"#) == "<span>\(expected)</span>")
            #expect(try bench.fill(macros + #"<span>Title: {doc.title}!</span>"#) == "<span>Title: Status of <i>capacity-building</i> activities!</span>")
            // In an attribute, or through `| text`, markup is its plain text.
            #expect(try bench.fill(macros + #"<span title="{doc.title}">{doc.title | text}</span>"#)
                    == #"<span title="Status of capacity-building activities">Status of capacity-building activities</span>"#)
            // Another format decides differently: the footnote as an AKN note.
            let akn = """
                <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                <t:macro name="inline-footnote" params="number, eId"><authorialNote marker="{number}" eId="{eId}"><p>…</p></authorialNote></t:macro>
                <t:macro name="inline-link" params="url, content"><a href="{url}" t:content="content"/></t:macro>
                <t:macro name="inline-reference" params="href, content"><ref href="{href}" t:content="content"/></t:macro>
                """
            #expect(try bench.fill(akn + #"<t:fragment t:replace="doc.text"/>"#)
                    == ##"See <ref href="#para_2">paragraph 2</ref> and the <i>Clearing-House</i><authorialNote marker="1" eId="fnote_1"><p>…</p></authorialNote> at <a href="http://bch.cbd.int/">bch.cbd.int</a>."##)
        }

        @Test func markupNeedsItsInlineMacro() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                  <span t:content="doc.text"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:3:20")
            #expect(error.message == "the template defines no macro `inline-reference`, needed to insert this text")
            // A reference to another document carries its Akoma Ntoso IRI too (`iri`).
            #expect(error.hint == #"define <t:macro name="inline-reference" params="content, href, iri">"#)
        }

        /// Issue 15: bold, superscript and a line break go through their own macros, nested in
        /// one another like emphasis; the shared AKN and HTML macros write <b>, <sup>, <eol/> / <br>.
        @Test func boldSuperscriptAndLineBreakAreInsertedThroughTheirMacros() throws {
            let document: Value = .object(ValueObject("document", ["text": .markup([
                .strong([.text("Decides")]), .text(" that "), .emphasis([.text("a "), .strong([.text("b")])]), .text(" is 10"),
                .superscript([.text("3")]), .lineBreak, .text("x"), .superscript([.emphasis([.text("n")])]), .text("."),
            ])]))
            let bench = try TemplateBench()
            let macros = """
                <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                <t:macro name="inline-strong" params="content"><b t:content="content"/></t:macro>
                <t:macro name="inline-superscript" params="content"><sup t:content="content"/></t:macro>
                <t:macro name="inline-break"><eol/></t:macro>
                """
            #expect(try bench.fill(macros + #"<t:fragment t:replace="doc.text"/>"#, document: document)
                    == "<b>Decides</b> that <i>a <b>b</b></i> is 10<sup>3</sup><eol/>x<sup><i>n</i></sup>.")
            // In an attribute, markup is its plain text; a line break is a space.
            #expect(try bench.fill(macros + #"<span title="{doc.text}"/>"#, document: document) == #"<span title="Decides that a b is 103 xn."/>"#)
            // The bundled shared macros, in each format.
            let shared = try String(contentsOf: TestSupport.templates.appendingPathComponent("shared/html.xml"), encoding: .utf8)
            let names = ["inline-emphasis", "inline-strong", "inline-superscript", "inline-break"]
            let lines = shared.components(separatedBy: "\n").filter { line in names.contains { line.contains("name=\"\($0)\"") } }
            #expect(lines.count == 4)
            let htmlMacros = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined()
            try bench.write("t.xml", "<p \(ns)>\(htmlMacros)<t:fragment t:replace=\"doc.text\"/></p>")
            let rendered = try bench.render(document: document, mode: .html)
            #expect(rendered == "<p><b>Decides</b> that <i>a <b>b</b></i> is 10<sup>3</sup><br>x<sup><i>n</i></sup>.</p>", "\(rendered)")
            let akn = try String(contentsOf: TestSupport.templates.appendingPathComponent("shared/akn.xml"), encoding: .utf8)
            #expect(akn.contains(#"<t:macro name="inline-strong" params="content"><b t:content="content"/></t:macro>"#))
            #expect(akn.contains(#"<t:macro name="inline-superscript" params="content"><sup t:content="content"/></t:macro>"#))
            #expect(akn.contains(#"<t:macro name="inline-break"><eol/></t:macro>"#))
        }

        @Test(arguments: [
            (Inline.strong([.text("b")]), "inline-strong", #"define <t:macro name="inline-strong" params="content">"#),
            (.superscript([.text("3")]), "inline-superscript", #"define <t:macro name="inline-superscript" params="content">"#),
            (.lineBreak, "inline-break", #"define <t:macro name="inline-break">"#),
        ])
        func boldSuperscriptAndLineBreakNeedTheirMacro(_ inline: Inline, _ macro: String, _ hint: String) throws {
            let bench = try TemplateBench()
            try bench.write("t.xml", """
                <p \(ns)>
                  <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                  <span t:content="doc.text"/>
                </p>
                """)
            let document: Value = .object(ValueObject("document", ["text": .markup([.text("x"), inline])]))
            let error = #expect(throws: DiagnosticError.self) { try bench.render(document: document) }
            #expect(error?.diagnostics.map(\.location.description) == ["t.xml:3:20"])
            #expect(error?.diagnostics.first?.message == "the template defines no macro `\(macro)`, needed to insert this text")
            #expect(error?.diagnostics.first?.hint == hint)
        }

        @Test func templateIndentationNeverLeaksIntoText() throws {
            let bench = try TemplateBench([
                "t.xml": """
                    <doc \(ns)>
                        <p>
                            The symbol is
                            {doc.symbol},
                            issued on
                              {doc.date | date}.
                        </p>
                        <p>
                            <b>{doc.session}</b>
                        </p>
                        <p><b>kept</b> <i>single spaces</i>  and  doubles</p>
                        <p>  leading and trailing spaces on one line  </p>
                        <p>Before a tag at a line end{' '}
                          <b>keep a space with {{' '}}</b></p>
                    </doc>
                    """,
            ])
            #expect(try bench.render() == """
                <doc>
                  <p>The symbol is UNEP/CBD/BS/COP-MOP/6/7, issued on 17 August 2012.</p>
                  <p><b>6</b></p>
                  <p><b>kept</b> <i>single spaces</i>  and  doubles</p>
                  <p>  leading and trailing spaces on one line  </p>
                  <p>Before a tag at a line end <b>keep a space with {' '}</b></p>
                </doc>
                """)
        }

        /// Chinese is written without spaces: a line broken between two Chinese characters (or
        /// fullwidth punctuation) joins them; next to Latin text, a digit or an expression it is
        /// still one space, and Korean keeps its spaces.
        @Test func aLineBreakInsideChineseTextJoinsTheCharacters() throws {
            let bench = try TemplateBench([
                "t.xml": """
                    <doc \(ns)>
                        <p>执行秘书
                           的说明，
                           第六次会议</p>
                        <p>议定书
                           Cartagena
                           议定书</p>
                        <p>文件{doc.symbol}
                           说明</p>
                        <p>한국어
                           문장</p>
                    </doc>
                    """,
            ])
            #expect(try bench.render() == """
                <doc>
                  <p>执行秘书的说明，第六次会议</p>
                  <p>议定书 Cartagena 议定书</p>
                  <p>文件UNEP/CBD/BS/COP-MOP/6/7 说明</p>
                  <p>한국어 문장</p>
                </doc>
                """)
        }

        @Test func catalogWordingFillsPlaceholdersFromNamesInScope() throws {
            let bench = try TemplateBench()
            let body = #"<b t:let="name = doc.names | first">{str.greeting}</b> <i t:let="venue = doc.meeting.venue; dates = doc.meeting.dates">{str.venue-dates}</i> <u>{doc.share | percent}</u>"#
            #expect(try bench.fill(body, Sample.en) == "<b>Hello, Ann!</b> <i>Hyderabad, India, 1–5 October 2012</i> <u>83 per cent</u>")
            #expect(try bench.fill(body, Sample.zh) == "<b>你好，Ann！</b> <i>1–5 October 2012，Hyderabad, India</i> <u>83%</u>")
        }

        @Test func aCompiledTemplateRendersOnManyTasksAtOnce() async throws {
            let bench = try TemplateBench([
                "t.xml": """
                    <doc \(ns)>
                      <t:macro name="inline-emphasis" params="content"><i t:content="content"/></t:macro>
                      <t:macro name="inline-link" params="url, content"><a href="{url}" t:content="content"/></t:macro>
                      <t:macro name="inline-reference" params="href, content"><a href="{href}" t:content="content"/></t:macro>
                      <t:macro name="inline-footnote" params="number, eId"><sup>{number}</sup></t:macro>
                      <p t:for="block in doc.blocks">{loop.index}. {block.label} {block.text}</p>
                      <p>{doc.date | date} {doc.start | date-range(doc.end)} {doc.session | ordinal} {doc.parties | number} {doc.share | percent}</p>
                      <p t:content="doc.text"/>
                    </doc>
                    """,
            ])
            let template = try bench.compile()
            let catalogs = [Sample.en: try bench.catalog(Sample.en), Sample.zh: try bench.catalog(Sample.zh)]
            @Sendable func render(_ language: Language) throws -> Data {
                let tree = try TemplateRenderer(template: template, catalog: catalogs[language]!, language: language, document: Sample.document).render()
                return MarkupSerializer.data(for: tree, mode: .xml)
            }
            let expected = [Sample.en: try render(Sample.en), Sample.zh: try render(Sample.zh)]
            #expect(expected[Sample.en] != expected[Sample.zh])
            let results = try await withThrowingTaskGroup(of: (Language, Data).self) { group in
                for index in 0..<64 {
                    let language = index % 2 == 0 ? Sample.en : Sample.zh
                    group.addTask { (language, try render(language)) }
                }
                var all: [(Language, Data)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(results.count == 64)
            #expect(results.allSatisfy { expected[$0.0] == $0.1 })
        }
    }
}

// MARK: - Errors

extension TemplateTests {
    /// Every error names the file, line and column of the mistake; the columns are counted in
    /// characters from 1, as an editor shows them.
    @Suite("Template errors")
    struct Errors {
        @Test func unknownName() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b>Symbol: {dco.symbol}</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:15")
            #expect(error.message == "unknown name `dco`")
            #expect(error.hint == "did you mean `doc`?")
        }

        @Test func unknownField() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b>{doc.symbl}</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:11")
            #expect(error.message == "unknown name `doc.symbl`: a document has no field `symbl`")
            #expect(error.hint == "did you mean `doc.symbol`?")
            // Deeper down, in a directive, on a later line of a multi-line attribute.
            let deep = try bench.failure("""
                <p \(ns)>
                  <b t:let="venue = doc.meeting.venue;
                            dates = doc.meeting.dats">{str.venue-dates}</b>
                </p>
                """)
            #expect(deep.location.description == "t.xml:3:33")
            #expect(deep.message == "unknown name `doc.meeting.dats`: a meeting has no field `dats`")
            #expect(deep.hint == "did you mean `doc.meeting.dates`?")
            // A field of something that has none.
            let flat = try bench.failure("<p \(ns)>{doc.symbol.text}</p>")
            #expect(flat.location.description == "t.xml:1:47")
            #expect(flat.message == "`doc.symbol` is text, which has no field `text`")
        }

        @Test func unknownFilter() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b t:if="doc.no">{doc.language | uper}</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:36")
            #expect(error.message == "unknown filter `uper`")
            #expect(error.hint == "did you mean `upper`?")
        }

        @Test func unknownMacro() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <t:macro name="masthead"><b/></t:macro>
                  <t:call macro="mastead"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:3:18")
            #expect(error.message == "unknown macro `mastead`")
            #expect(error.hint == "did you mean `masthead`?")
        }

        @Test func unknownMacroParameter() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <t:macro name="box" params="label, colour='red'"><b class="{colour}">{label}</b></t:macro>
                  <t:call macro="box" label="'x'" color="'blue'"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:3:35")
            #expect(error.message == "the macro `box` has no parameter `color`")
            #expect(error.hint == "did you mean `colour`?")
        }

        @Test func missingMacroArgument() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <t:macro name="box" params="label, colour='red'"><b class="{colour}">{label}</b></t:macro>
                  <t:call macro="box" colour="'blue'"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:3:18")
            #expect(error.message == "the macro `box` needs `label`")
            #expect(error.hint == #"pass it as label="…", or give it a default in params"#)
        }

        @Test func expressionErrorsInMacroArgumentsAndDefaults() throws {
            let bench = try TemplateBench()
            // The argument's value, not the attribute's name (which is the same word here).
            let argument = try bench.failure("""
                <p \(ns)>
                  <t:macro name="box" params="block"><b>{block}</b></t:macro>
                  <t:call macro="box" block="block"/>
                </p>
                """)
            #expect(argument.location.description == "t.xml:3:30")
            #expect(argument.message == "unknown name `block`")
            let fallback = try bench.failure("""
                <p \(ns)>
                  <t:macro name="box" params="label, title = doc.titel"><b>{label}</b></t:macro>
                  <t:call macro="box" label="1"/>
                </p>
                """)
            #expect(fallback.location.description == "t.xml:2:50")
            #expect(fallback.hint == "did you mean `doc.title`?")
        }

        @Test func unknownDirective() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b t:fro="name in doc.names">{name}</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:6")
            #expect(error.message == "unknown directive `t:fro`")
            #expect(error.hint == "did you mean `t:for`?")
        }

        @Test func unknownTemplateElement() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b>x</b><t:inclde src="shared/html.xml"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:11")
            #expect(error.message == "unknown template element `<t:inclde>`")
            #expect(error.hint == "did you mean `<t:include>`?")
        }

        @Test func unknownBlockInAChildTemplate() throws {
            let bench = try TemplateBench([
                "layout.xml": "<html \(ns)><body><t:block name=\"main\"/><t:block name=\"notes\"/></body></html>",
            ])
            let error = try bench.failure("""
                <t:extends src="layout.xml" \(ns)>
                  <t:block name="main"><p>text</p></t:block>
                  <t:block name="mian"><p>text</p></t:block>
                </t:extends>
                """)
            #expect(error.location.description == "t.xml:3:3")
            #expect(error.message == "the layout `layout.xml` has no block `mian`")
            #expect(error.hint == "did you mean `main`?")
        }

        @Test func missingCatalogKey() throws {
            let bench = try TemplateBench()
            try bench.write("t.xml", """
                <p \(ns)>
                  <b>{str.note-by}</b>
                </p>
                """)
            #expect(bench.problems("t.xml", Sample.en).isEmpty)
            let error = try #require(bench.problems("t.xml", Sample.zh).first)
            #expect(error.location.description == "t.xml:2:11")
            #expect(error.message == "the zh catalog has no key `note-by`")
            #expect(error.hint == "add `note-by:` to strings/zh.yaml")
            let typo = try bench.failure("<p \(ns)>{str.greting}</p>")
            #expect(typo.location.description == "t.xml:1:40")
            #expect(typo.message == "the en catalog has no key `greting`")
            #expect(typo.hint == "did you mean `greeting`?")
        }

        @Test func missingPlaceholder() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b t:let="venue = doc.meeting.venue">{str.venue-dates}</b>
                </p>
                """)
            // The wording that needs the name, in the catalog.
            #expect(error.location.description == "strings/en.yaml:4:14")
            #expect(error.message == "`venue-dates` uses `{dates}`, which is not given here")
            #expect(error.hint == "the placeholders available are {lang}, {medium}, {venue}")
        }

        @Test func malformedTemplateXML() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b>Terms & conditions</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:12")
            #expect(error.message.hasPrefix("the template is not well-formed XML: "))
            #expect(error.hint == "templates are XML: close every element, quote every attribute, write & as &amp;")
            let unclosed = try bench.failure("""
                <p \(ns)>
                  <b>bold
                </p>
                """)
            #expect(unclosed.location.description == "t.xml:3:5")
            #expect(unclosed.message.contains("mismatch"))
        }

        @Test func unclosedBrace() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b title="x">Symbol: {doc.symbol</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:24")
            #expect(error.message == "`{` is never closed")
            #expect(error.hint == "close the expression with `}`, or write `{{` for a literal brace")
            let attribute = try bench.failure("""
                <p \(ns)>
                  <b title="Symbol {doc.symbol">x</b>
                </p>
                """)
            #expect(attribute.location.description == "t.xml:2:20")
        }

        @Test func malformedExpression() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <b t:if="doc.session == == 6">x</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:27")
            #expect(error.message == "expected a name or a value, found `==`")
            let string = try bench.failure("<p \(ns)><b t:if=\"doc.symbol == 'x\">x</b></p>")
            #expect(string.location.description == "t.xml:1:58")
            #expect(string.message == "this string is never closed")
            let loop = try bench.failure("<p \(ns)><b t:for=\"doc.names\">x</b></p>")
            #expect(loop.location.description == "t.xml:1:45")
            #expect(loop.message == "`t:for` is written `name in list`")
        }

        @Test func includeOutsideTheTemplatesFolder() throws {
            let bench = try TemplateBench()
            let parent = try bench.failure("""
                <p \(ns)>
                  <t:include src="../Makefile"/>
                </p>
                """)
            #expect(parent.location.description == "t.xml:2:19")
            #expect(parent.message == "`../Makefile` reaches outside the templates folder")
            #expect(parent.hint?.hasPrefix("templates may include only files inside ") == true)
            let absolute = try bench.failure("""
                <p \(ns)>
                  <t:include src="/etc/passwd"/>
                </p>
                """)
            #expect(absolute.location.description == "t.xml:2:19")
            #expect(absolute.message == "`/etc/passwd` is not a path inside the templates folder")
            let hidden = try bench.failure(#"<p \#(ns)><t:include src="shared/../../x.xml"/></p>"#)
            #expect(hidden.message == "`shared/../../x.xml` reaches outside the templates folder")
        }

        @Test func includeThroughASymlinkLeadingOutside() throws {
            let outside = try TemplateBench(["secret.xml": "<secret \(ns)>password</secret>"])
            defer { withExtendedLifetime(outside) {} }
            let bench = try TemplateBench()
            try FileManager.default.createSymbolicLink(at: bench.folder.appendingPathComponent("shared.xml"),
                                                       withDestinationURL: outside.folder.appendingPathComponent("secret.xml"))
            try FileManager.default.createSymbolicLink(at: bench.folder.appendingPathComponent("elsewhere"), withDestinationURL: outside.folder)
            let link = try bench.failure("""
                <p \(ns)>
                  <t:include src="shared.xml"/>
                </p>
                """)
            #expect(link.location.description == "t.xml:2:19")
            #expect(link.message == "`shared.xml` is a link that leads outside the templates folder")
            let folder = try bench.failure(#"<p \#(ns)><t:include src="elsewhere/secret.xml"/></p>"#)
            #expect(folder.message == "`elsewhere/secret.xml` is a link that leads outside the templates folder")
            // A link that stays inside is fine.
            try bench.write("parts/real.xml", "<i \(ns)>inside</i>")
            try FileManager.default.createSymbolicLink(at: bench.folder.appendingPathComponent("alias.xml"),
                                                       withDestinationURL: bench.folder.appendingPathComponent("parts/real.xml"))
            #expect(try bench.fill(#"<t:include src="alias.xml"/>"#) == "<i>inside</i>")
        }

        @Test func externalEntitiesAreNeverRead() throws {
            // Issue 14: a DOCTYPE is refused outright (XMLSecurityTests), so no entity is declared, read or expanded.
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <?xml version="1.0"?>
                <!DOCTYPE p [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <p \(ns)>[&secret;]</p>
                """)
            #expect(error.location.description == "t.xml:2:1")
            #expect(error.message == "the file declares a DOCTYPE: Plenary reads no DTDs or entities")
        }

        @Test func includeCycle() throws {
            let bench = try TemplateBench([
                "a.xml": "<t:fragment \(ns)>\n  <t:include src=\"b.xml\"/>\n</t:fragment>",
                "b.xml": "<t:fragment \(ns)>\n  <i>b</i>\n  <t:include src=\"a.xml\"/>\n</t:fragment>",
            ])
            let error = try bench.failure("""
                <p \(ns)>
                  <t:include src="a.xml"/>
                </p>
                """)
            #expect(error.location.description == "b.xml:3:19")
            #expect(error.message == "include cycle: t.xml → a.xml → b.xml → a.xml")
            let itself = try bench.failure(#"<p \#(ns)><t:include src="t.xml"/></p>"#)
            #expect(itself.location.description == "t.xml:1:51")
            #expect(itself.message == "include cycle: t.xml → t.xml")
        }

        @Test func extendsCycle() throws {
            let bench = try TemplateBench([
                "page.xml": "<t:extends src=\"frame.xml\" \(ns)>\n  <t:block name=\"body\"/>\n</t:extends>",
                "frame.xml": "<t:extends \(ns)\n    src=\"page.xml\">\n  <t:block name=\"body\"/>\n</t:extends>",
            ])
            let error = try bench.failure("""
                <t:extends src="page.xml" \(ns)>
                  <t:block name="body"><p/></t:block>
                </t:extends>
                """)
            #expect(error.location.description == "frame.xml:2:10")
            #expect(error.message == "extends cycle: t.xml → page.xml → frame.xml → page.xml")
        }

        @Test func elseWithoutIf() throws {
            let bench = try TemplateBench()
            let error = try bench.failure("""
                <p \(ns)>
                  <a t:if="doc.yes">yes</a>
                  <b>between</b>
                  <c t:else="">no</c>
                </p>
                """)
            #expect(error.location.description == "t.xml:4:3")
            #expect(error.message == "`t:else` or `t:elif` must follow an element with `t:if` or `t:elif`")
            #expect(error.hint == "put it on the element right after the conditional one")
            let first = try bench.failure("<p \(ns)><c t:elif=\"doc.no\">no</c></p>")
            #expect(first.location.description == "t.xml:1:35")
            // A space on the same line is text, and text between the branches ends the chain.
            let space = try bench.failure(#"<p \#(ns)><a t:if="doc.no">a</a> <b t:else="">b</b></p>"#)
            #expect(space.location.description == "t.xml:1:58")
        }

        @Test func severalMistakesAreReportedTogether() throws {
            let bench = try TemplateBench()
            try bench.write("t.xml", """
                <p \(ns)>
                  <a t:fi="doc.yes">x</a>
                  <b>{doc.symbol | uper}</b>
                  <t:cal macro="x"/>
                </p>
                """)
            #expect(bench.problems().map(\.location.description) == ["t.xml:2:6", "t.xml:3:20", "t.xml:4:3"])
        }

        @Test func locationsStayExactAfterCommentsEntitiesAndCRLF() throws {
            let bench = try TemplateBench()
            // A commented-out expression before the real one is not where the error is.
            let comment = try bench.failure("""
                <p \(ns)>
                  <!-- <b>{doc.symbl}</b> -->
                  <b>{doc.symbl}</b>
                </p>
                """)
            #expect(comment.location.description == "t.xml:3:11")
            // Entities before the mistake count as what they are in the file.
            let entity = try bench.failure("""
                <p \(ns)>
                  <b t:if="doc.session &gt; 1 and &quot;a&quot; == doc.sesion">x</b>
                </p>
                """)
            #expect(entity.location.description == "t.xml:2:56")
            #expect(entity.hint == "did you mean `doc.session`?")
            // Windows line endings.
            let crlf = try bench.failure("<p \(ns)>\r\n  <b>x</b>\r\n  <b>{doc.symbl}</b>\r\n</p>\r\n")
            #expect(crlf.location.description == "t.xml:3:11")
            // The same expression twice on a line: the second one.
            let twice = try bench.failure("<p \(ns)><b t:if=\"doc.yes\">{doc.symbol}</b><b t:if=\"doc.no\">{doc.symbol}</b>{doc.symbol | uper}</p>")
            #expect(twice.location.description == "t.xml:1:116")
        }
    }

        @Test func elseTakesNoConditionAndExtendsIsOnlyARoot() throws {
            let bench = try TemplateBench()
            let condition = try bench.failure("""
                <p \(ns)>
                  <a t:if="doc.yes">y</a>
                  <b t:else="doc.no">n</b>
                </p>
                """)
            #expect(condition.location.description == "t.xml:3:14")
            #expect(condition.message == "`t:else` takes no condition")
            let extends = try bench.failure(#"<p \#(ns)><t:extends src="x.xml"/></p>"#)
            #expect(extends.location.description == "t.xml:1:35")
            #expect(extends.message == "`<t:extends>` must be the root element of its template")
        }

        @Test func valuesOfTheWrongKind() throws {
            let bench = try TemplateBench()
            let loop = try bench.failure(#"<p \#(ns)><b t:for="n in doc.symbol">{n}</b></p>"#)
            #expect(loop.location.description == "t.xml:1:45")
            #expect(loop.message == "`t:for` needs a list, and this is text")
            let list = try bench.failure("<p \(ns)>{doc.names}</p>")
            #expect(list.location.description == "t.xml:1:36")
            #expect(list.message == "cannot write a list as text")
            let object = try bench.failure(#"<p \#(ns)><b t:content="doc.meeting"/></p>"#)
            #expect(object.location.description == "t.xml:1:49")
            #expect(object.message == "cannot insert a meeting as text")
            let listName = try bench.failure(#"<p \#(ns)><b t:for="x in doc.nmes">{x}</b></p>"#)
            #expect(listName.location.description == "t.xml:1:54")
            #expect(listName.hint == "did you mean `doc.names`?")
        }

        @Test func malformedDirectivesAndElements() throws {
            let bench = try TemplateBench(["layout.xml": "<html \(ns)><t:block name=\"main\"/></html>"])
            let twice = try bench.failure("""
                <p \(ns)>
                  <t:macro name="m"><b/></t:macro>
                  <t:macro name="m"><i/></t:macro>
                </p>
                """)
            #expect(twice.location.description == "t.xml:3:3")
            #expect(twice.message == "the macro `m` is already defined")
            #expect(twice.hint == "at t.xml:2:3")
            #expect(try bench.failure("<p \(ns)><t:include/></p>").message == "`<t:include>` needs `src`")
            #expect(try bench.failure("<p \(ns)><t:call/></p>").message == "`<t:call>` needs `macro`")
            let let_ = try bench.failure(#"<p \#(ns)><b t:let="x">{x}</b></p>"#)
            #expect(let_.location.description == "t.xml:1:45")
            #expect(let_.message == "`t:let` is written `name = expression`")
            let params = try bench.failure(#"<p \#(ns)><t:macro name="m" params="a b"/></p>"#)
            #expect(params.location.description == "t.xml:1:61")
            #expect(params.message == "`params` is a list of `name` or `name = default`, separated by commas")
            let filledTwice = try bench.failure("""
                <t:extends src="layout.xml" \(ns)>
                  <t:block name="main"><p/></t:block>
                  <t:block name="main"><p/></t:block>
                </t:extends>
                """)
            #expect(filledTwice.location.description == "t.xml:3:3")
            #expect(filledTwice.message == "the block `main` is filled twice")
            #expect(filledTwice.hint == "the first one is at t.xml:2:3")
            let stray = try bench.failure("""
                <t:extends src="layout.xml" \(ns)>
                  stray text
                </t:extends>
                """)
            #expect(stray.location.description == "t.xml:2:3")
            #expect(stray.message == "inside `<t:extends>` only `<t:block>` and `<t:macro>` may stand")
        }

        @Test func aTemplateMakesExactlyOneRootElement() throws {
            let bench = try TemplateBench()
            let second = try bench.failure("<t:fragment \(ns)><a/><b/></t:fragment>")
            #expect(second.location.description == "t.xml:1:48")
            #expect(second.message == "a second root element `b`")
            let none = try bench.failure(#"<t:fragment \#(ns)><a t:if="doc.no"/></t:fragment>"#)
            #expect(none.location.description == "t.xml:1:1")
            #expect(none.message == "the template produced no root element")
        }

        @Test func anyPrefixMayNameTheTemplateNamespace() throws {
            let bench = try TemplateBench()
            try bench.write("t.xml", #"<p xmlns:tpl="urn:plenary:template"><b tpl:if="doc.yes">{doc.session}</b><i tpl:if="doc.no"/></p>"#)
            #expect(try bench.render() == "<p><b>6</b></p>")
            let error = try bench.failure("""
                <p xmlns:tpl="urn:plenary:template">
                  <b tpl:if="doc.yes">{doc.session}</b><i tpl:content="doc.symbl"/>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:60")
        }

        @Test func cdataAndEntitiesInText() throws {
            let bench = try TemplateBench()
            // CDATA is text like any other: `{` still opens an expression there.
            #expect(try bench.fill("<![CDATA[a < b {{braces}}]]> &amp; &#x4E00; {doc.session}") == "a &lt; b {braces} &amp; 一 6")
            let error = try bench.failure("""
                <p \(ns)>
                  <b><![CDATA[a < b & c]]> and {doc.symbl}</b>
                </p>
                """)
            #expect(error.location.description == "t.xml:2:37")
            let multiline = try bench.failure("""
                <p \(ns)>
                  <b>&lt;&#x4E00;&gt; {doc.session |
                      ordinl}</b>
                </p>
                """)
            #expect(multiline.location.description == "t.xml:3:7")
            #expect(multiline.hint == "did you mean `ordinal`?")
        }

        @Test func directivesOnAnInclude() throws {
            let bench = try TemplateBench(["part.xml": "<i \(ns)>{n}</i>"])
            #expect(try bench.fill(#"<t:include src="part.xml" t:if="doc.no"/><t:include src="part.xml" t:for="n in doc.numbers"/>"#)
                    == "<i>1</i><i>2</i><i>3</i>")
        }

        @Test func theLibraryNamesAMissingCatalogOrTemplate() throws {
            let bench = try TemplateBench()
            let catalog = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: [:], languages: [Language("fr")])
            }
            #expect(catalog?.diagnostics.map(\.description) == ["strings/fr.yaml:1:1: error: no strings catalog for `fr`"])
            #expect(catalog?.diagnostics.first?.hint == "copy strings/en.yaml to fr.yaml and translate it")
            // A folder that is not a templates folder at all (a wrong --templates) says so.
            let empty = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-empty-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: empty) }
            let wrong = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: empty, displayRoot: empty.deletingLastPathComponent(), requests: ["note": Sample.request],
                                    languages: [Language("en")])
            }
            #expect(wrong?.diagnostics.map(\.hint) == [
                "\(empty.lastPathComponent) has no strings catalogs at all: is it the templates folder? (plenary build --templates DIR)",
                "\(empty.lastPathComponent) holds no templates: is it the templates folder? (plenary build --templates DIR)",
                "\(empty.lastPathComponent) holds no templates: is it the templates folder? (plenary build --templates DIR)",
            ])
            let template = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: TestSupport.templates, displayRoot: TestSupport.packageRoot, requests: ["notes": Sample.request],
                                    languages: [Sample.en])
            }
            #expect(template?.diagnostics.map(\.description) == ["document.yaml:4:11: error: no template `notes.akn.xml`",
                                                                 "document.yaml:4:11: error: no template `notes.html.xml`"])
            #expect(template?.diagnostics.first?.hint == "did you mean `note.akn.xml`?")
        }

        /// The library checks every call and catalog key of a template when it compiles it, also
        /// on branches that no document takes (the renderer would meet them only when one does).
        @Test func theLibraryFindsMistakesOnBranchesNoDocumentTakes() throws {
            let bench = try TemplateBench([
                "note.akn.xml": """
                    <doc \(ns)>
                      <t:macro name="box" params="label"><b>{label}</b></t:macro>
                      <i t:if="false"><t:call macro="bx" label="'x'"/></i>
                      <i t:if="false">{str.note-by}</i>
                      <i t:if="false"><t:call macro="box" labl="'x'"/></i>
                    </doc>
                    """,
                "note.html.xml": "<html \(ns)><body>{str.greeting | upper}</body></html>",
            ])
            let error = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["note": Sample.request],
                                    languages: [Sample.en, Sample.zh])
            }
            #expect(error?.diagnostics.map(\.description) == [
                "note.akn.xml:3:34: error: unknown macro `bx`",
                "note.akn.xml:4:24: error: the zh catalog has no key `note-by`",
                "note.akn.xml:5:39: error: the macro `box` has no parameter `labl`",
                "note.akn.xml:5:34: error: the macro `box` needs `label`",
            ])
            #expect(error?.diagnostics.map(\.hint) == [
                "did you mean `box`?", "add `note-by:` to strings/zh.yaml", "did you mean `label`?",
                #"pass it as label="…", or give it a default in params"#,
            ])
            // A key is needed in the catalogs of the languages being built, and only there.
            try bench.write("note.akn.xml", "<doc \(ns)><i t:if=\"false\">{str.note-by}</i></doc>")
            let library = try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["note": Sample.request],
                                              languages: [Sample.en])
            #expect(library.templates.keys.sorted() == ["note.akn.xml", "note.html.xml"])
            let zh = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["note": Sample.request],
                                    languages: [Sample.en, Sample.zh])
            }
            #expect(zh?.diagnostics.map(\.description) == ["note.akn.xml:1:58: error: the zh catalog has no key `note-by`"])
        }

        /// Wording is split into text and placeholders once, when the catalog loads; a `{` that
        /// is never closed is text.
        @Test func catalogWordingWithAnUnclosedBraceIsText() throws {
            let catalog = try Catalog(language: Sample.en, file: YAMLFile(data: Data("a: \"x {n} y {z\"\nb: \"{n}\"\n".utf8), path: "en.yaml"))
            let here = Plenary.SourceLocation(path: "t.xml", line: 1, column: 1)
            #expect(try catalog.format("a", ["n": "1"], at: here) == "x 1 y {z")
            #expect(try catalog.format("b", ["n": "2"], at: here) == "2")
        }
}

// MARK: - The real templates

extension TemplateTests {
    @Suite("The bundled templates")
    struct BundledTemplates {
        static let location = Plenary.SourceLocation(path: "Meetings/bs-copmop-6/meeting.yaml", line: 1, column: 1)

        @Test func everyTemplateCompilesInBothLanguages() throws {
            let library = try TemplateLibrary(folder: TestSupport.templates, displayRoot: TestSupport.packageRoot,
                                              requests: ["note": Self.location, "decision": Self.location],
                                              pages: ["index": Self.location], languages: [Sample.en, Sample.zh])
            #expect(library.templates.keys.sorted() == ["decision.akn.xml", "decision.html.xml", "index.html.xml", "note.akn.xml", "note.html.xml"])
            #expect(library.catalogs.keys.sorted() == [Sample.en, Sample.zh])
            for format in TemplateLibrary.formats {
                for name in ["note", "decision"] {
                    let template = try #require(library.template(name, format: format))
                    // Each format decides how inline markup looks.
                    #expect(["inline-emphasis", "inline-strong", "inline-superscript", "inline-break", "inline-footnote", "inline-link", "inline-reference"]
                        .allSatisfy { template.macros[$0] != nil })
                    #expect(template.files.contains("Templates/shared/\(format).xml"))
                }
            }
            #expect(library.template("note", format: "html")?.files == ["Templates/note.html.xml", "Templates/shared/page.html.xml", "Templates/shared/html.xml", "Templates/shared/chart.svg.xml"])
        }

        @Test func everyCatalogKeyTheTemplatesUseExistsInEveryLanguage() throws {
            let library = try TemplateLibrary(folder: TestSupport.templates, displayRoot: TestSupport.packageRoot,
                                              requests: [:], languages: [Sample.en, Sample.zh])
            let files = FileManager.default.enumerator(atPath: TestSupport.templates.path)?.allObjects.compactMap { $0 as? String }.filter { $0.hasSuffix(".xml") } ?? []
            #expect(!files.isEmpty)
            let pattern = try Regex(#"str\.([A-Za-z0-9_-]+)"#)
            var used: Set<String> = []
            for file in files {
                let text = try String(contentsOf: TestSupport.templates.appendingPathComponent(file), encoding: .utf8)
                for match in text.matches(of: pattern) { used.insert(String(match.output[1].substring ?? "")) }
            }
            #expect(used.contains("closing-line"))
            for language in [Sample.en, Sample.zh] {
                let keys = Set(try #require(library.catalogs[language]).keys)
                #expect(used.subtracting(keys).isEmpty, "missing in \(language): \(used.subtracting(keys).sorted())")
            }
            // Every language has the same keys, but for the optional ones that say how a language
            // writes what ICU spells (LanguageConventions).
            let own = Set(LanguageConventions.keys)
            #expect(library.catalogs[Sample.en]?.keys.filter { !own.contains($0) } == library.catalogs[Sample.zh]?.keys.filter { !own.contains($0) },
                    "every language has the same keys")
        }

        @Test func aMistakeInTheRealTemplatesIsReportedWhereItIs() throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-templates-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: TestSupport.templates, to: folder)
            defer { try? FileManager.default.removeItem(at: folder) }
            let page = folder.appendingPathComponent("shared/page.html.xml")
            let text = try String(contentsOf: page, encoding: .utf8)
            // The main block holds the body (`<t:block name="main">…</t:block>`): both tags are misspelt.
            let opening = try #require(text.range(of: #"<t:block name="main">"#))
            let closing = try #require(text.range(of: "</t:block>", range: opening.upperBound..<text.endIndex))
            var broken = text
            broken.replaceSubrange(closing, with: "</t:blok>")
            broken.replaceSubrange(opening, with: #"<t:blok name="main">"#)
            try Data(broken.utf8).write(to: page)
            let error = #expect(throws: DiagnosticError.self) {
                try TemplateLibrary(folder: folder, displayRoot: folder.deletingLastPathComponent(), requests: ["note": Self.location],
                                    languages: [Sample.en])
            }
            let diagnostics = error?.diagnostics ?? []
            // Both formats of the note are compiled; only the HTML one uses the page layout.
            #expect(diagnostics.count == 1)
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(#"<t:block name="main">"#) }.map { $0 + 1 }
            #expect(diagnostics.first?.location.path == "\(folder.lastPathComponent)/shared/page.html.xml")
            #expect(diagnostics.first?.location.line == line)
            #expect(diagnostics.first?.message == "unknown template element `<t:blok>`")
        }
    }
}

// MARK: - The guide's examples

extension TemplateTests {
    /// The five most common mistakes, printed exactly as Templates/README.md shows them.
    @Suite("The editor's guide")
    struct Guide {
        @Test func theFiveMostCommonMistakesPrintAsTheGuideShows() throws {
            let bench = try TemplateBench([
                "strings/en.yaml": """
                    venue-dates: "{venue}, {dates}"
                    note-by: Note by the Executive Secretary

                    """,
                "strings/zh.yaml": """
                    venue-dates: "{dates}，{venue}"

                    """,
            ], subfolder: "Templates")
            var printed: [String] = []
            // 1. A misspelt name.
            printed.append(bench.printed(try bench.failure("""
                <div \(ns)>
                  <p class="akn-docNumber">{doc.symbl}</p>
                </div>
                """, name: "note.html.xml")))
            // 2. Wording whose placeholder the template does not give.
            printed.append(bench.printed(try bench.failure("""
                <div \(ns)>
                  <p class="meeting-venue" t:let="venue = doc.meeting.venue">{str.venue-dates}</p>
                </div>
                """, name: "note.html.xml")))
            // 3. A key added to one catalog only.
            printed.append(bench.printed(try bench.failure("""
                <div \(ns)>
                  <p class="akn-docProponent">{str.note-by}</p>
                </div>
                """, name: "note.html.xml", Sample.zh)))
            // 4. A bare `&`.
            printed.append(bench.printed(try bench.failure("""
                <div \(ns)>
                  <p>Research & development</p>
                </div>
                """, name: "note.html.xml")))
            // 5. A misspelt macro argument.
            printed.append(bench.printed(try bench.failure("""
                <div \(ns)>
                  <t:macro name="points" params="items, extra=''"><p t:for="item in items">{item}</p></t:macro>
                  <t:call macro="points" item="doc.names"/>
                </div>
                """, name: "note.html.xml")))
            #expect(printed == [
                """
                Templates/note.html.xml:2:33: error: unknown name `doc.symbl`: a document has no field `symbl`
                      <p class="akn-docNumber">{doc.symbl}</p>
                                                    ^
                hint: did you mean `doc.symbol`?
                """,
                """
                Templates/strings/en.yaml:1:14: error: `venue-dates` uses `{dates}`, which is not given here
                    venue-dates: "{venue}, {dates}"
                                 ^
                hint: the placeholders available are {lang}, {medium}, {venue}
                """,
                """
                Templates/note.html.xml:2:36: error: the zh catalog has no key `note-by`
                      <p class="akn-docProponent">{str.note-by}</p>
                                                       ^
                hint: add `note-by:` to Templates/strings/zh.yaml
                """,
                """
                Templates/note.html.xml:2:15: error: the template is not well-formed XML: xmlParseEntityRef: no name
                      <p>Research & development</p>
                                  ^
                hint: templates are XML: close every element, quote every attribute, write & as &amp;
                """,
                """
                Templates/note.html.xml:3:26: error: the macro `points` has no parameter `item`
                      <t:call macro="points" item="doc.names"/>
                                             ^
                hint: did you mean `items`?
                """,
            ])
        }
    }
}
