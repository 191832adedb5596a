internal import CLibXML2
public import Foundation

/// An XML document owned by Swift: the libxml2 document is freed when the tree goes away, and its
/// nodes (`XMLNode`) keep the tree alive. One tree belongs to one task at a time: libxml2 documents
/// are not thread-safe, so the type is deliberately not `Sendable`.
final class XMLTree {
    let pointer: xmlDocPtr

    private init(pointer: xmlDocPtr) {
        self.pointer = pointer
    }

    /// Takes ownership of a document libxml2 built.
    convenience init(adopting pointer: xmlDocPtr) { self.init(pointer: pointer) }

    deinit { xmlFreeDoc(pointer) }

    /// A new, empty document. Its element and attribute names are interned in `names`, as the
    /// parser does: a rendered document repeats a few dozen names hundreds of times, and each
    /// would otherwise be a copy of its own, allocated and freed.
    convenience init(names: XMLNames = XMLNames()) {
        _ = libxml2Initialized
        let doc = xmlNewDoc("1.0")!
        doc.pointee.dict = names.pointer
        xmlDictReference(names.pointer)
        self.init(pointer: doc)
    }

    /// Parses `data`; `path` names it in errors and resolves nothing (no network, no external
    /// entities). Every error is collected, the first one first.
    static func parse(_ data: Data, path: String) throws(XMLParseError) -> XMLTree {
        _ = libxml2Initialized
        let collector = XMLIssueCollector()
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = collector.capturing {
            data.withUnsafeBytes { buffer -> xmlDocPtr? in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
                guard let context = xmlNewParserCtxt() else { return nil }
                defer { xmlFreeParserCtxt(context) }
                return xmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self),
                                         Int32(buffer.count), path, "UTF-8", options)
            }
        }
        let errors = collector.errors
        if let doc, errors.isEmpty { return XMLTree(pointer: doc) }
        if let doc { xmlFreeDoc(doc) }
        if errors.isEmpty {
            throw XMLParseError(path: path, issues: [XMLIssue(level: .error, line: 1, column: 1, message: "the file is empty")])
        }
        throw XMLParseError(path: path, issues: errors)
    }

    static func parse(contentsOf url: URL) throws -> XMLTree {
        try parse(Data(contentsOf: url), path: url.path)
    }

    /// The root element, if the document has one.
    var root: XMLNode? {
        xmlDocGetRootElement(pointer).map { XMLNode(pointer: $0, tree: self) }
    }

    /// Makes a new root element (replacing any previous one) in namespace `namespace`, if given.
    @discardableResult
    func makeRoot(_ name: String, namespace: String? = nil) -> XMLNode {
        let node = xmlNewDocNode(pointer, nil, name, nil)!
        if let namespace {
            let ns = xmlNewNs(node, namespace, nil)
            xmlSetNs(node, ns)
        }
        if let old = xmlDocSetRootElement(pointer, node) { xmlFreeNode(old) }
        return XMLNode(pointer: node, tree: self)
    }
}

extension XMLTree {
    /// Parses HTML (as Plenary writes it) with libxml2's HTML parser, for reading generated pages
    /// back: checks and tests extract their text.
    static func parseHTML(_ data: Data, path: String) -> XMLTree? {
        _ = libxml2Initialized
        let options = Int32(HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        let doc: htmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), path, "UTF-8", options)
        }
        return doc.map { XMLTree(adopting: $0) }
    }
}
