import Foundation
internal import CLibXML2

/// A node inside an `XMLTree`. Holding a node keeps its tree alive, so a node never outlives the
/// libxml2 document that owns it.
struct XMLNode {
    enum Kind: Equatable { case element, text, comment, other }

    let pointer: xmlNodePtr
    let tree: XMLTree

    var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: .text
        case XML_COMMENT_NODE: .comment
        default: .other
        }
    }

    /// The local name ("p", "if").
    var name: String { String(cString: pointer.pointee.name) }

    /// The namespace URI of an element or attribute-less node, if any.
    var namespaceURI: String? {
        pointer.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
    }

    /// The line in the source file (parsed trees only).
    var line: Int { Int(xmlGetLineNo(pointer)) }

    var children: [XMLNode] {
        var result: [XMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            result.append(XMLNode(pointer: current, tree: tree))
            child = current.pointee.next
        }
        return result
    }

    var elementChildren: [XMLNode] { children.filter { $0.kind == .element } }

    var parent: XMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return XMLNode(pointer: parent, tree: tree)
    }

    /// All text below this node, concatenated.
    var textContent: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { clibxml2_free(content) }
        return String(cString: content)
    }

    /// The attributes in document order, with the namespace URI of namespaced ones.
    var attributes: [(name: String, namespaceURI: String?, value: String)] {
        var result: [(name: String, namespaceURI: String?, value: String)] = []
        var attribute = pointer.pointee.properties
        while let current = attribute {
            let name = String(cString: current.pointee.name)
            let ns = current.pointee.ns.flatMap { $0.pointee.href }.map { String(cString: $0) }
            var value = ""
            if let raw = xmlNodeListGetString(pointer.pointee.doc, current.pointee.children, 1) {
                value = String(cString: raw)
                clibxml2_free(raw)
            }
            result.append((name, ns, value))
            attribute = current.pointee.next
        }
        return result
    }

    func attribute(_ name: String) -> String? {
        guard let raw = xmlGetNoNsProp(pointer, name) else { return nil }
        defer { clibxml2_free(raw) }
        return String(cString: raw)
    }

    // MARK: Building

    /// Appends a child element in `namespace`, or in this element's namespace when none is given.
    @discardableResult
    /// `parentNamespace`, if given, is the URI of this element's namespace: a caller that knows
    /// it (the renderer) spares the comparison of C strings that decides the usual case, a child
    /// in its parent's namespace, for every element of every document.
    func appendElement(_ name: String, namespace: String? = nil, parentNamespace: String? = nil) -> XMLNode {
        var ns = pointer.pointee.ns
        let inParentNamespace = namespace.map { uri in
            uri == parentNamespace || ns.map { ns in uri.withXMLChars { xmlStrEqual(ns.pointee.href, $0) == 1 } } ?? false
        } ?? true
        if let namespace, !inParentNamespace {
            ns = xmlSearchNsByHref(pointer.pointee.doc, pointer, namespace)
        }
        let child = name.withXMLChars { xmlNewDocNode(pointer.pointee.doc, ns, $0, nil)! }
        xmlAddChild(pointer, child)
        if let namespace, ns == nil {
            xmlSetNs(child, xmlNewNs(child, namespace, nil))
        }
        return XMLNode(pointer: child, tree: tree)
    }

    /// Appends text; libxml2 escapes it on output, so any string is safe here.
    func appendText(_ text: String) {
        guard !text.isEmpty else { return }
        let length = Int32(text.utf8.count)
        // Text right after text joins it (as xmlAddChild would, after making a node to free).
        if let last = pointer.pointee.last, last.pointee.type == XML_TEXT_NODE, xmlStrEqual(last.pointee.name, "text") == 1 {
            text.withXMLChars { xmlNodeAddContentLen(last, $0, length) }
            return
        }
        let node = text.withXMLChars { xmlNewDocTextLen(pointer.pointee.doc, $0, length)! }
        if xmlAddChild(pointer, node) != node { return }
    }

    /// Sets (or replaces) an attribute; the value is escaped on output.
    func setAttribute(_ name: String, _ value: String) {
        if name.hasPrefix("xml:") {
            let ns = xmlSearchNsByHref(pointer.pointee.doc, pointer, "http://www.w3.org/XML/1998/namespace")
            xmlSetNsProp(pointer, ns, String(name.dropFirst(4)), value)
        } else {
            name.withXMLChars { name in value.withXMLChars { _ = xmlSetProp(pointer, name, $0) } }
        }
    }

    /// Adds an attribute the element does not have yet, without the search for an existing one
    /// that `setAttribute` makes: for the renderer, whose elements get the attributes of a template
    /// element, distinct names as XML requires. An `xml:` name goes through `setAttribute`.
    func addAttribute(_ name: String, _ value: String) {
        if name.utf8.first == UInt8(ascii: "x"), name.hasPrefix("xml:") { return setAttribute(name, value) }
        name.withXMLChars { name in value.withXMLChars { _ = xmlNewNsProp(pointer, nil, name, $0) } }
    }

    /// Copies `other` (from any tree) with its subtree to the end of this element's children.
    func appendCopy(of other: XMLNode) {
        let copy = xmlDocCopyNode(other.pointer, pointer.pointee.doc, 1)!
        if xmlAddChild(pointer, copy) != copy { return }
    }
}

extension String {
    /// Calls `body` with the string as libxml2's NUL-terminated `xmlChar *`. Passing a String
    /// straight to a C parameter makes Swift copy it into a new array on every call; a native
    /// string's own bytes (already NUL-terminated) are used here. Building a document calls libxml2
    /// with a name, a value or a text tens of thousands of times.
    @inline(__always)
    func withXMLChars<Result>(_ body: (UnsafePointer<xmlChar>) -> Result) -> Result {
        withCString { body(UnsafeRawPointer($0).assumingMemoryBound(to: xmlChar.self)) }
    }
}
