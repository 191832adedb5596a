import Foundation

/// Writes an `XMLTree` as XML or HTML5, deterministically: attributes in the order they were set,
/// block elements indented two spaces a level, and inline content (a paragraph, a heading and
/// everything inside them) written exactly as built, so indentation never adds whitespace to text.
/// libxml2's own writers indent any element whose children are all elements — including a `<p>`
/// holding a `<docNumber>` and a note — and its HTML writer targets HTML 4, hence this walker.
enum MarkupSerializer {
    enum Mode { case xml, html }

    /// Elements whose content is running text: never indented inside.
    static let inline: Set<String> = [
        "p", "heading", "subheading", "num", "docTitle", "docNumber", "docDate", "docAuthority", "docProponent",
        "crossHeading", "i", "b", "u", "a", "ref", "span", "sup", "sub", "authorialNote",
        "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "title", "time", "li", "dt", "dd", "caption", "label",
    ]
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]
    static let rawTextElements: Set<String> = ["script", "style"]

    static func data(for tree: XMLTree, mode: Mode) -> Data {
        var out = mode == .xml ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "<!DOCTYPE html>\n"
        if let root = tree.root { write(root, mode: mode, depth: 0, indent: true, namespace: nil, into: &out) }
        out += "\n"
        return Data(out.utf8)
    }

    private static func write(_ node: XMLNode, mode: Mode, depth: Int, indent: Bool, namespace: String?, into out: inout String) {
        switch node.kind {
        case .text:
            out += escape(node.textContent, quote: false, mode: mode)
        case .comment, .other:
            break
        case .element:
            let name = node.name
            out += "<" + name
            let elementNamespace = node.namespaceURI
            if mode == .xml, let elementNamespace, elementNamespace != namespace {
                out += " xmlns=\"\(escape(elementNamespace, quote: true, mode: mode))\""
            }
            for attribute in node.attributes {
                let qualified = attribute.namespaceURI == "http://www.w3.org/XML/1998/namespace" ? "xml:\(attribute.name)" : attribute.name
                out += " \(qualified)=\"\(escape(attribute.value, quote: true, mode: mode))\""
            }
            let children = node.children
            if mode == .html && voidElements.contains(name) { out += ">"; return }
            if mode == .xml && children.isEmpty { out += "/>"; return }
            out += ">"
            if mode == .html && rawTextElements.contains(name) {
                out += children.map(\.textContent).joined()
            } else if indent, !inline.contains(name), !children.isEmpty, children.allSatisfy({ $0.kind == .element }) {
                let pad = String(repeating: "  ", count: depth + 1)
                for child in children {
                    out += "\n" + pad
                    write(child, mode: mode, depth: depth + 1, indent: true, namespace: elementNamespace, into: &out)
                }
                out += "\n" + String(repeating: "  ", count: depth)
            } else {
                for child in children {
                    write(child, mode: mode, depth: depth + 1, indent: false, namespace: elementNamespace, into: &out)
                }
            }
            out += "</\(name)>"
        }
    }

    static func escape(_ text: String, quote: Bool, mode: Mode) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quote: result += "&quot;"
            case "\r": result += "&#13;"
            case "\u{A0}" where mode == .html: result += "&nbsp;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
