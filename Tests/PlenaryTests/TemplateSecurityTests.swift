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
        #expect(error?.diagnostics.map(\.description) == ["strings/en.yaml:1:1: error: `strings/en.yaml` is a link that leads outside the templates folder"])
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
        #expect(fifo?.diagnostics.map(\.description) == ["strings/en.yaml:1:1: error: `strings/en.yaml` is not a regular file"])
    }

    @Test func aTemplateFolderFileIsBoundedInSize() throws {
        let bench = try TemplateBench()
        try bench.write("t.xml", "<p>" + String(repeating: "x", count: TemplateLimits.fileSize) + "</p>")
        let error = #expect(throws: DiagnosticError.self) { try bench.compile() }
        #expect(error?.diagnostics.map(\.description) == ["document.yaml:4:11: error: `t.xml` is larger than 8 MB"])
    }
}
