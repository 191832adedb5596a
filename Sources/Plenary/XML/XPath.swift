import Foundation
internal import CLibXML2

extension XMLTree {
    /// The nodes an XPath expression selects, in document order. `namespaces` maps prefixes used in
    /// the expression to URIs. Returns nil when the expression itself is invalid.
    func select(_ expression: String, namespaces: [String: String] = [:]) -> [XMLNode]? {
        guard let context = xmlXPathNewContext(pointer) else { return nil }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            xmlXPathRegisterNs(context, prefix, uri)
        }
        let collector = XMLIssueCollector()
        guard let result = collector.capturing({ xmlXPathEvalExpression(expression, context) }) else { return nil }
        defer { xmlXPathFreeObject(result) }
        guard let set = result.pointee.nodesetval else { return [] }
        return (0..<Int(set.pointee.nodeNr)).compactMap { index in
            set.pointee.nodeTab[index].map { XMLNode(pointer: $0, tree: self) }
        }
    }

    /// The string value of an XPath expression (`count(//p)`, `string(//title)`).
    func evaluate(_ expression: String, namespaces: [String: String] = [:]) -> String? {
        guard let context = xmlXPathNewContext(pointer) else { return nil }
        defer { xmlXPathFreeContext(context) }
        for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) {
            xmlXPathRegisterNs(context, prefix, uri)
        }
        let collector = XMLIssueCollector()
        guard let result = collector.capturing({ xmlXPathEvalExpression(expression, context) }) else { return nil }
        defer { xmlXPathFreeObject(result) }
        guard let raw = xmlXPathCastToString(result) else { return nil }
        defer { clibxml2_free(raw) }
        return String(cString: raw)
    }
}
