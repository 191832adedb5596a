internal import CLibXML2
public import Foundation

/// A compiled XML Schema (XSD). Compiling is the slow part, so a schema is compiled once and used
/// to validate any number of documents; each validation has its own context, so one schema may
/// validate on several tasks at once.
final class XMLSchema: @unchecked Sendable {
    private let pointer: xmlSchemaPtr

    /// Compiles the schema at `url`, resolving its imports relative to it, without the network.
    init(contentsOf url: URL) throws(XMLParseError) {
        _ = libxml2Initialized
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XMLParseError(path: url.path, issues: [XMLIssue(level: .error, line: 0, column: 0, message: "schema file not found")])
        }
        let collector = XMLIssueCollector()
        let schema: xmlSchemaPtr? = collector.capturing {
            guard let context = xmlSchemaNewParserCtxt(url.path) else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, xmlIssueHandler, collector.context)
            return xmlSchemaParse(context)
        }
        guard let schema else {
            throw XMLParseError(path: url.path, issues: collector.errors.isEmpty
                ? [XMLIssue(level: .error, line: 0, column: 0, message: "the schema could not be compiled")] : collector.errors)
        }
        pointer = schema
    }

    deinit { xmlSchemaFree(pointer) }

    /// Every violation of the schema in `tree`, each with the line of the offending node.
    func validate(_ tree: XMLTree) -> [XMLIssue] {
        let collector = XMLIssueCollector()
        guard let context = xmlSchemaNewValidCtxt(pointer) else {
            return [XMLIssue(level: .error, line: 0, column: 0, message: "out of memory")]
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        xmlSchemaSetValidStructuredErrors(context, xmlIssueHandler, collector.context)
        let status = collector.capturing { xmlSchemaValidateDoc(context, tree.pointer) }
        if status != 0 && collector.errors.isEmpty {
            return [XMLIssue(level: .error, line: 0, column: 0, message: "the document is not valid (libxml2 status \(status))")]
        }
        return collector.errors
    }
}
