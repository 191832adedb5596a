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
    ///
    /// A DOCTYPE is refused before libxml2 reads its internal subset: no file Plenary reads (XLIFF,
    /// templates, Akoma Ntoso) needs one, and entities declared there are how a few hundred bytes
    /// become gigabytes ("billion laughs"). Without a DOCTYPE no entity can be declared, so the
    /// parse is linear in the input. The encoding is left to the file (BOM or declaration), so a
    /// UTF-16 file from a CAT tool is read as what it says it is; without either it is UTF-8.
    static func parse(_ data: Data, path: String) throws(XMLParseError) -> XMLTree {
        _ = libxml2Initialized
        let collector = XMLIssueCollector()
        let doctype = DoctypeGuard()
        // Never XML_PARSE_NOENT (substitutes entities), XML_PARSE_DTDLOAD or XML_PARSE_HUGE (lifts
        // libxml2's size limits).
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)
        let doc: xmlDocPtr? = collector.capturing {
            data.withUnsafeBytes { buffer -> xmlDocPtr? in
                guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
                guard let context = xmlNewParserCtxt() else { return nil }
                defer { xmlFreeParserCtxt(context) }
                context.pointee._private = Unmanaged.passUnretained(doctype).toOpaque()
                context.pointee.sax.pointee.internalSubset = refuseDoctype
                return xmlCtxtReadMemory(context, base.assumingMemoryBound(to: CChar.self),
                                         Int32(buffer.count), path, nil, options)
            }
        }
        if let (line, column) = doctype.position {
            if let doc { xmlFreeDoc(doc) }
            let exact = DoctypeGuard.location(in: data)
            throw XMLParseError(path: path, issues: [XMLIssue(level: .error, line: exact?.line ?? line, column: exact?.column ?? column,
                                                              message: XMLParseError.doctypeMessage)],
                                refusedDoctype: true)
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

/// Set by `refuseDoctype` when the parser meets a DOCTYPE; the parse is stopped there.
private final class DoctypeGuard {
    var position: (line: Int, column: Int)?

    /// Where `<!DOCTYPE` starts, when the file is UTF-8 (libxml2 reports where it stopped, after
    /// the name); nil for other encodings, whose bytes do not spell it out.
    static func location(in data: Data) -> (line: Int, column: Int)? {
        guard let range = data.range(of: Data("<!DOCTYPE".utf8)) else { return nil }
        let before = data[data.startIndex..<range.lowerBound]
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
        return (line, String(decoding: data[lineStart..<range.lowerBound], as: UTF8.self).count + 1)
    }
}

/// libxml2 calls the `internalSubset` handler once it has read `<!DOCTYPE name …` and before it
/// reads the `[…]` internal subset, where entities are declared: stopping the parser here means no
/// declaration is ever read, let alone expanded.
private let refuseDoctype: internalSubsetSAXFunc = { context, _, _, _ in
    guard let context else { return }
    let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
    if let owner = parser.pointee._private {
        let input = parser.pointee.input?.pointee
        Unmanaged<DoctypeGuard>.fromOpaque(owner).takeUnretainedValue().position =
            (Int(input?.line ?? 1), Int(input?.col ?? 1))
    }
    xmlStopParser(parser)
}

extension XMLTree {
    /// Parses HTML (as Plenary writes it) with libxml2's HTML parser, for reading generated pages
    /// back: checks and tests extract their text. The HTML parser reads `<!DOCTYPE html>` (which
    /// Plenary writes) but never an internal subset, and knows only HTML's fixed entities, so no
    /// declaration can amplify the input (XMLSecurityTests checks it).
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
