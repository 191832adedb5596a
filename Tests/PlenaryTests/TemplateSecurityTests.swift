import Foundation
import Testing
@testable import Plenary

/// Issue 14, "no silent wrong output", for the template language: a value can never end a raw-text
/// element or choose a `javascript:` link; a template that nests too deep is a located error, not a
/// crash; every file read from the templates folder stays inside it.
@Suite("Template security: raw text, URLs, depth bounds, the sandbox")
struct TemplateSecurityTests {
    static let ns = #"xmlns:t="urn:plenary:template""#
    static let hostile = #"</style><script>alert("x")</script>\ & <b>'"#

    /// `Sample.document` with `symbol` replaced.
    static func document(symbol: String) -> Value {
        guard case .object(let object) = Sample.document else { return Sample.document }
        var fields = object.fields
        fields["symbol"] = .string(symbol)
        return .object(ValueObject(object.typeName, fields))
    }

    /// HTML as `TemplateBench.render` gives it, on one line: the tests compare short pages.
    static func flat(_ html: String) -> String {
        html.replacingOccurrences(of: "\n  ", with: "").replacingOccurrences(of: "\n", with: "")
    }

    /// The one error that compiling `text` (as `t.xml`) or rendering it raises, as `file:line:column: message`.
    static func failure(_ text: String, document: Value = Sample.document, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let bench = try TemplateBench(["t.xml": text])
        do {
            _ = try bench.render(document: document, mode: .html)
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.count == 1, "\(error.diagnostics)", sourceLocation: sourceLocation)
            return try #require(error.diagnostics.first, sourceLocation: sourceLocation)
        }
        Issue.record("no error", sourceLocation: sourceLocation)
        return Diagnostic(at: .file("none"), "none")
    }

    // MARK: (A) Raw-text elements and URL attributes

    @Test func aValueInAStyleMustBeACSSString() throws {
        // The bundled layout wrote `content: "{doc.symbol}";`: a symbol holding </style> ended the
        // element and the script after it ran on every page.
        let error = try Self.failure("<html \(Self.ns)><style>p {{ content: \"{doc.symbol}\"; }}</style></html>")
        #expect(error.description == "t.xml:1:61: error: a value inside `<style>` must be written as a CSS string, with `| css-string` last")
        #expect(error.hint?.contains("{doc.symbol | css-string}") == true)
        // So is `t:content` on the style element, and a value under a t:fragment inside it.
        #expect(try Self.failure("<html \(Self.ns)><style t:content=\"doc.symbol\"/></html>").description
                == "t.xml:1:56: error: a value inside `<style>` must be written as a CSS string, with `| css-string` last")
        #expect(try Self.failure("<html \(Self.ns)><style><t:fragment t:if=\"doc.symbol\">a {doc.symbol | upper}</t:fragment></style></html>").description
                == "t.xml:1:78: error: a value inside `<style>` must be written as a CSS string, with `| css-string` last")
    }

    @Test func cssStringCannotEndTheStyleElement() throws {
        let bench = try TemplateBench(["t.xml": "<html \(Self.ns)><style>p {{ content: {doc.symbol | css-string}; }}</style></html>"])
        let html = Self.flat(try bench.render(document: Self.document(symbol: Self.hostile), mode: .html))
        #expect(html == #"<html><style>p { content: "\3c /style\3e \3c script\3e alert(\22 x\22 )\3c /script\3e \5c  \26  \3c b\3e \27 "; }</style></html>"#)
        // What a harmless value gives is what the template wrote before (the bundled pages are unchanged).
        let plain = Self.flat(try bench.render(document: Sample.document, mode: .html))
        #expect(plain == #"<html><style>p { content: "UNEP/CBD/BS/COP-MOP/6/7"; }</style></html>"#)
        #expect(MarkupContext.cssString("a\nb\u{0}\u{2028}") == #""a\a b\fffd \2028 ""#)
    }

    @Test func aValueCannotStandInAScript() throws {
        let error = try Self.failure("<html \(Self.ns)><script>var s = '{doc.symbol}';</script></html>")
        #expect(error.description == "t.xml:1:56: error: a value cannot stand inside `<script>`")
        #expect(error.hint?.contains("data- attribute") == true)
        // Not even escaped for CSS: a script is not a style sheet.
        #expect(try Self.failure("<html \(Self.ns)><SCRIPT>{doc.symbol | css-string}</SCRIPT></html>").description
                == "t.xml:1:47: error: a value cannot stand inside `<script>`")
    }

    @Test func aRawTextElementHoldsOnlyText() throws {
        // A character reference is a `<` once parsed, and would be written raw.
        let literal = try Self.failure("<html \(Self.ns)><style>p {{}} &lt;/style&gt;</style></html>")
        #expect(literal.description == "t.xml:1:52: error: `</style` cannot stand inside `<style>`: it would end the element")
        #expect(try Self.failure("<html \(Self.ns)><script>if (a &lt;!-- b) {{}}</script></html>").description
                == "t.xml:1:52: error: `<!--` cannot stand inside `<script>`: HTML reads the script differently after it")
        #expect(try Self.failure("<html \(Self.ns)><style><b>x</b></style></html>").description
                == "t.xml:1:45: error: only text may stand inside `<style>`")
        #expect(try Self.failure("<html \(Self.ns)><style><t:call macro=\"m\"/></style><t:macro name=\"m\">x</t:macro></html>").description
                == "t.xml:1:45: error: only text may stand inside `<style>`")
        // A macro defined inside one renders where it is called, and may hold anything.
        let bench = try TemplateBench(["t.xml": "<html \(Self.ns)><style>p {{}}<t:macro name=\"m\"><b>{doc.symbol}</b></t:macro></style><t:call macro=\"m\"/></html>"])
        #expect(Self.flat(try bench.render(mode: .html)) == "<html><style>p {}</style><b>UNEP/CBD/BS/COP-MOP/6/7</b></html>")
        // `<title>` and `<textarea>` are escapable raw text: the ordinary escaping is safe there.
        #expect(Self.flat(try TemplateBench(["t.xml": "<html \(Self.ns)><title>{doc.symbol}</title></html>"])
            .render(document: Self.document(symbol: Self.hostile), mode: .html))
                == #"<html><title>&lt;/style&gt;&lt;script&gt;alert("x")&lt;/script&gt;\ &amp; &lt;b&gt;'</title></html>"#)
    }

    @Test func eventHandlerAttributesCannotHoldValues() throws {
        let error = try Self.failure("<html \(Self.ns)><body onload=\"show('{doc.symbol}')\"/></html>")
        #expect(error.description == "t.xml:1:44: error: `onload` cannot hold `{…}`: its value is JavaScript")
        #expect(try Self.failure("<html \(Self.ns)><iframe srcdoc=\"{doc.symbol}\"/></html>").description
                == "t.xml:1:46: error: `srcdoc` cannot hold `{…}`: its value is HTML")
        // A literal handler is the template's own code.
        #expect(Self.flat(try TemplateBench(["t.xml": "<html \(Self.ns)><body onload=\"go()\"/></html>"]).render(mode: .html))
                == #"<html><body onload="go()"></body></html>"#)
    }

    @Test func aValueCannotGiveALinkAScriptScheme() throws {
        let template = "<html \(Self.ns)><a href=\"{doc.symbol}\">x</a><img src=\"{doc.symbol}#x\"/></html>"
        for url in ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", " \tvbscript:x", "data:text/html,<script>"] {
            let error = try Self.failure(template, document: Self.document(symbol: url))
            #expect(error.location.description == "t.xml:1:48", "\(url)")
            #expect(error.message.hasPrefix("`href` would be `"), "\(url)")
        }
        let second = try Self.failure("<html \(Self.ns)><img src=\"x{doc.symbol}\"/></html>", document: Self.document(symbol: ":javascript"))
        #expect(second.description == "t.xml:1:50: error: `src` would be `x:javascript`, a `x:` URL, which a page may not link to")
        // The schemes a document's own links may have, and relative URLs, are fine.
        for url in ["https://www.cbd.int/", "mailto:a@b.org", "#fnote_1", "../plenary.css", "/akn/un/doc", "note:1"] {
            let bench = try TemplateBench(["t.xml": "<html \(Self.ns)><a href=\"{doc.symbol}\"/></html>"])
            if url == "note:1" {
                #expect(throws: DiagnosticError.self) { try bench.render(document: Self.document(symbol: url), mode: .html) }
            } else {
                #expect(Self.flat(try bench.render(document: Self.document(symbol: url), mode: .html)) == "<html><a href=\"\(url)\"></a></html>")
            }
        }
    }

    // MARK: (B) Depth bounds: located errors, never a crash

    /// The one diagnostic of compiling and checking `text` as a template (with the checker, as the
    /// library runs it).
    static func compileFailure(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Diagnostic {
        let bench = try TemplateBench(["t.xml": text])
        do {
            let template = try bench.compile()
            try TemplateChecker.check(template, catalogs: [])
        } catch {
            #expect(error.diagnostics.count == 1, "\(error.diagnostics.map(\.description))", sourceLocation: sourceLocation)
            return try #require(error.diagnostics.first, sourceLocation: sourceLocation)
        }
        Issue.record("no error", sourceLocation: sourceLocation)
        return Diagnostic(at: .file("none"), "none")
    }

    @Test func aMacroThatCallsItselfUnconditionallyIsAnErrorWhenCompiled() throws {
        let itself = try Self.compileFailure("<p \(Self.ns)><t:macro name=\"loop\"><b><t:call macro=\"loop\"/></b></t:macro><t:call macro=\"loop\"/></p>")
        #expect(itself.description == "t.xml:1:74: error: the macro `loop` calls itself, with nothing to stop it")
        let pair = try Self.compileFailure("""
            <p \(Self.ns)>
              <t:macro name="a"><t:call macro="b"/></t:macro>
              <t:macro name="b"><i><t:call macro="a"/></i></t:macro>
              <t:call macro="a"/>
            </p>
            """)
        #expect(pair.description == "t.xml:2:36: error: the macro `a` calls itself through `b` → `a`, with nothing to stop it")
        #expect(pair.hint?.contains("t:if") == true)
        // A call under t:if or t:for stops with the data: `points` for nested lists.
        let bench = try TemplateBench(["t.xml": """
            <p \(Self.ns)><t:macro name="count" params="n"><i>{n}</i><t:call macro="count" t:for="m in doc.numbers" t:if="n == 0" n="m"/></t:macro><t:call macro="count" n="0"/></p>
            """])
        try TemplateChecker.check(try bench.compile(), catalogs: [])
        #expect(try bench.render() == "<p><i>0</i><i>1</i><i>2</i><i>3</i></p>")
    }

    @Test func macrosThatRecurseOnTheDataStopAtTheBound() throws {
        // Guarded, so not a compile-time error; the data never makes it false.
        let error = try Self.failure("""
            <p \(Self.ns)><t:macro name="a"><i><t:call macro="b" t:if="doc.symbol"/></i></t:macro><t:macro name="b"><t:call macro="a"/></t:macro><t:call macro="a"/></p>
            """)
        #expect(error.description == "t.xml:1:140: error: macros call one another more than 64 deep: … → a → b → a → b → a → b → a")
    }

    @Test func deeplyNestedExpressionsAreLocatedErrors() throws {
        let parentheses = try Self.compileFailure("<p \(Self.ns)>{" + String(repeating: "(", count: 10_000) + "doc.symbol" + String(repeating: ")", count: 10_000) + "}</p>")
        #expect(parentheses.description == "t.xml:1:136: error: the expression nests more than 100 deep")
        let negations = try Self.compileFailure("<p \(Self.ns)>{" + String(repeating: "not ", count: 5_000) + "doc.reissue}</p>")
        #expect(negations.description == "t.xml:1:436: error: the expression nests more than 100 deep")
        let filters = try Self.compileFailure("<p \(Self.ns)>{doc.symbol" + String(repeating: " | upper", count: 30_000) + "}</p>")
        #expect(filters.description == "t.xml:1:841: error: the expression nests more than 100 deep")
        let conjunction = try Self.compileFailure("<p \(Self.ns)>{a" + String(repeating: " and a", count: 20_000) + "}</p>")
        #expect(conjunction.description == "t.xml:1:632: error: the expression nests more than 100 deep")
        // At the bound, it compiles and evaluates.
        let bench = try TemplateBench()
        #expect(try bench.fill("{" + String(repeating: "(", count: 99) + "doc.symbol" + String(repeating: ")", count: 99) + "}") == "UNEP/CBD/BS/COP-MOP/6/7")
        #expect(try bench.fill("{doc.symbol" + String(repeating: " | lower", count: 99) + "}") == "unep/cbd/bs/cop-mop/6/7")
    }

    @Test func aLongElifChainIsALocatedError() throws {
        let chain = "<p \(Self.ns)><b t:if=\"doc.no\">0</b>" + String(repeating: "<b t:elif=\"doc.no\">n</b>", count: 50_000) + "</p>"
        let error = try Self.compileFailure(chain)
        #expect(error.description == "t.xml:1:2457: error: more than 100 `t:elif`/`t:else` follow one `t:if`")
        let bench = try TemplateBench()
        #expect(try bench.fill("<b t:if=\"doc.no\">0</b>" + String(repeating: "<b t:elif=\"doc.no\">n</b>", count: 99) + "<b t:else=\"\">last</b>") == "<b>last</b>")
    }

    @Test func deeplyNestedElementsAreLocatedErrors() throws {
        let error = try Self.compileFailure("<p \(Self.ns)>" + String(repeating: "<i>", count: 100_000) + String(repeating: "</i>", count: 100_000) + "</p>")
        #expect(error.message == "the template nests elements more than 256 deep")
        #expect(error.location.line == 1 && error.location.column > 256 * 3)
        // Macros nest their elements: the output is bounded the same way, when rendered.
        var macros = ""
        for index in 0..<20 {
            macros += "<t:macro name=\"m\(index)\">" + String(repeating: "<i>", count: 20) + (index < 19 ? "<t:call macro=\"m\(index + 1)\"/>" : "")
                + String(repeating: "</i>", count: 20) + "</t:macro>"
        }
        let output = try Self.failure("<p \(Self.ns)>\(macros)<t:call macro=\"m0\"/></p>")
        #expect(output.message == "the output nests elements more than 256 deep here")
        #expect(output.location.description.hasPrefix("t.xml:1:"))
    }

    @Test func includesNestAtMost32Deep() throws {
        var files: [String: String] = [:]
        for index in 0..<40 { files["i\(index).xml"] = "<b \(Self.ns)><t:include src=\"i\(index + 1).xml\"/></b>" }
        files["i40.xml"] = "<b/>"
        let bench = try TemplateBench(files)
        #expect(throws: DiagnosticError.self) { try bench.compile("i0.xml") }
        do { _ = try bench.compile("i0.xml") } catch {
            #expect(error.diagnostics.first?.message.hasPrefix("includes and layouts nest more than 32 deep: i0.xml → i1.xml →") == true)
            #expect(error.diagnostics.first?.location.description == "i31.xml:1:51")
        }
    }

    /// The deepest template the bounds allow compiles, checks and renders on a thread with a
    /// small stack, so no bound is too loose: 1 MB in a release build (it needs between 512 KB
    /// and 1 MB), 4 MB in a debug build, whose frames are several times larger. The threads a
    /// build renders on have 8 MB on Linux (measured: the main thread, concurrentPerform's
    /// workers, Task threads and Thread all get RLIMIT_STACK).
    @Test func theDeepestAllowedTemplateFitsInASmallStack() throws {
        var macros = ""
        for index in 0..<63 {
            macros += "<t:macro name=\"m\(index)\" params=\"n\"><t:fragment t:if=\"n\">" + (index < 62 ? "<t:call macro=\"m\(index + 1)\" n=\"n\"/>" : "")
                + "</t:fragment></t:macro>"
        }
        let expression = String(repeating: "(", count: 99) + "doc.symbol" + String(repeating: ")", count: 99)
        let elements = String(repeating: "<i>", count: 250) + "{\(expression)}<b t:if=\"doc.no\"/>" + String(repeating: "<b t:elif=\"doc.no\"/>", count: 100)
            + "<t:call macro=\"m0\" n=\"doc.symbol\"/>" + String(repeating: "</i>", count: 250)
        let bench = try TemplateBench(["t.xml": "<p \(Self.ns)>\(macros)\(elements)</p>"])
        final class Outcome: @unchecked Sendable {
            private let lock = NSLock()
            private var text: String?
            var value: String? {
                get { lock.withLock { text } }
                set { lock.withLock { text = newValue } }
            }
        }
        let outcome = Outcome()
        nonisolated(unsafe) let shared = bench
        let thread = Thread {
            do {
                let template = try shared.compile()
                try TemplateChecker.check(template, catalogs: [])
                let tree = try TemplateRenderer(template: template, catalog: try shared.catalog(Sample.en), language: Sample.en, document: Sample.document).render()
                outcome.value = "\(MarkupSerializer.data(for: tree, mode: .html).count)"
            } catch { outcome.value = "\(error)" }
        }
        #if DEBUG
        thread.stackSize = 4 << 20
        #else
        thread.stackSize = 1 << 20
        #endif
        thread.start()
        let deadline = Date().addingTimeInterval(60)
        while outcome.value == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let result = try #require(outcome.value)
        #expect(Int(result) ?? 0 > 1_750, "\(result)")
    }

    // MARK: (C) Every read from the templates folder is sandboxed

    @Test func aCatalogThatLinksOutsideTheFolderIsNotRead() throws {
        let bench = try TemplateBench()
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-secret-\(UUID().uuidString).yaml")
        try Data("secret: \"root:$6$hash\"\n".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let catalog = bench.templates.appendingPathComponent("strings/en.yaml")
        try FileManager.default.removeItem(at: catalog)
        try FileManager.default.createSymbolicLink(at: catalog, withDestinationURL: secret)
        let error = #expect(throws: DiagnosticError.self) {
            try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: [:], languages: [Sample.en])
        }
        #expect(error?.diagnostics.map(\.description) == ["strings/en.yaml: error: `strings/en.yaml` is a link that leads outside the templates folder"])
        // A link inside the folder is fine; a FIFO (which would block the read) is not a regular file.
        try FileManager.default.removeItem(at: catalog)
        try bench.write("strings/english.yaml", Sample.enCatalog)
        try FileManager.default.createSymbolicLink(at: catalog, withDestinationURL: bench.templates.appendingPathComponent("strings/english.yaml"))
        _ = try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: [:], languages: [Sample.en])
        try FileManager.default.removeItem(at: catalog)
        #expect(mkfifo(catalog.path, 0o600) == 0)
        let fifo = #expect(throws: DiagnosticError.self) {
            try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: [:], languages: [Sample.en])
        }
        #expect(fifo?.diagnostics.map(\.description) == ["strings/en.yaml: error: `strings/en.yaml` is not a regular file"])
    }

    @Test func aTemplateFolderFileIsBoundedInSize() throws {
        let bench = try TemplateBench()
        try bench.write("t.xml", "<p>" + String(repeating: "x", count: TemplateLimits.fileSize) + "</p>")
        let error = #expect(throws: DiagnosticError.self) { try bench.compile() }
        #expect(error?.diagnostics.map(\.description) == ["document.yaml:4:11: error: `t.xml` is larger than 8 MB"])
    }

    // MARK: (D) A missing catalog key points at the line that asked for it

    /// A language's name and the distribution are wording the resolver looks up for every
    /// document; a key missing was reported at the top of document.yaml, with "did you mean
    /// `language-en`?" for `language-zh`. It is reported when the templates compile, at the
    /// template line that reads it, with the line to add.
    /// A language's name needs no catalog key: ICU has it, in the catalog's language or in the
    /// one `language-names-from` names; a `language-xx` entry still overrides it. Another
    /// missing key is still reported at the template line that reads it.
    @Test func aLanguageNameComesFromICUAndAMissingKeyIsReportedAtTheTemplateLine() throws {
        let bench = try TemplateBench([
            "note.akn.xml": "<p \(Self.ns)>{doc.symbol}</p>",
            "note.html.xml": "<p \(Self.ns)>\n  <b>{doc.language.name | upper}</b> <i>{doc.distribution}</i>\n</p>",
        ])
        try bench.write("strings/en.yaml", Sample.enCatalog + "distribution-general: GENERAL\ndistribution-limited: LIMITED\n")
        try bench.write("strings/zh.yaml", Sample.zhCatalog + "note-by: 执行秘书的说明\ndistribution-general: 一般\n")
        let error = #expect(throws: DiagnosticError.self) {
            try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["note": Sample.request], languages: [Sample.en, Sample.zh])
        }
        #expect(error?.diagnostics.map(\.description) == [
            "note.html.xml:2:46: error: the zh catalog has no key `distribution-limited`, the wording of `distribution: limited`, which `doc.distribution` reads",
        ])
        try bench.write("strings/zh.yaml", Sample.zhCatalog + "note-by: 执行秘书的说明\ndistribution-general: 一般\ndistribution-limited: 限制\nlanguage-en: 英文\n")
        let library = try TemplateLibrary(folder: bench.folder, displayRoot: bench.folder, requests: ["note": Sample.request], languages: [Sample.en, Sample.zh])
        #expect(library.catalogs[Sample.en]?.languageName("zh") == "Chinese")
        #expect(library.catalogs[Sample.zh]?.languageName("zh") == "中文")
        #expect(library.catalogs[Sample.zh]?.languageName("en") == "英文")
        // A list of versions names each in its own language.
        #expect(library.catalogs[Sample.zh]?.ownName == "中文")
        #expect(library.catalogs[Sample.en]?.ownName == "English")
    }

    /// The bundled meeting: its Chinese catalog says `language-names-from: en` (CBD's Chinese
    /// documents print "ORIGINAL: ENGLISH"); without it the masthead names languages in Chinese.
    @Test func theMastheadNamesLanguagesAsTheCatalogSays() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet", "-o", "out"], in: project).status == 0)
        #expect(try TestSupport.read("out/bs-copmop-6/cp-6-7/zh.html", in: project).contains("<p class=\"language\">ORIGINAL: ENGLISH</p>"))
        #expect(try TestSupport.read("out/bs-copmop-6/cp-6-7/fr.html", in: project).contains("<p class=\"language\">ORIGINAL&nbsp;: ANGLAIS</p>"))
        let catalog = try TestSupport.read("Templates/strings/zh.yaml", in: project)
        try TestSupport.write(catalog.replacingOccurrences(of: "language-names-from: en\n", with: ""), to: "Templates/strings/zh.yaml", in: project)
        #expect(try TestSupport.run(["build", "--quiet", "-o", "out"], in: project).status == 0)
        #expect(try TestSupport.read("out/bs-copmop-6/cp-6-7/zh.html", in: project).contains("<p class=\"language\">ORIGINAL: 英语</p>"))
    }

    // MARK: (E) The bundled pages with hostile values (what the `pages` fuzz target runs)

    @Test func theBundledPagesStaySafeWithHostileValues() throws {
        let pages = try HostilePages(templates: TestSupport.templates, meeting: TestSupport.meeting)
        for text in [Self.hostile, "</STYLE/><SCRIPT>x", "'\\\"; } body { x: \"", "&lt;/style&gt;", "<!--", "]]>", "\u{2028}\u{85}x"] {
            #expect(pages.problems(with: Data(text.utf8)).isEmpty, "\(text)")
        }
        // The symbol and the title 2,000 times as long.
        #expect(pages.problems(with: Data([0xFF] + Array("</style><script>".utf8))).isEmpty)
        // Control characters are refused by the loader; the harness makes them U+FFFD as well.
        let control = pages.problems(with: Data("a\u{1}b".utf8))
        #expect(control.isEmpty, "\(control.map { $0.prefix(200) })")
    }

}
