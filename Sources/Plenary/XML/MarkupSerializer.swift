internal import CLibXML2
import Foundation

/// Writes an `XMLTree` as XML or HTML5, deterministically: attributes in the order they were set,
/// block elements indented two spaces a level, and inline content (a paragraph, a heading and
/// everything inside them) written exactly as built, so indentation never adds whitespace to text.
/// libxml2's own writers indent any element whose children are all elements — including a `<p>`
/// holding a `<docNumber>` and a note — and its HTML writer targets HTML 4, hence this walker.
/// It reads libxml2's nodes and strings in place and writes UTF-8 bytes: it is on every document's path.
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
        var writer = Writer(mode: mode)
        writer.append(mode == .xml ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" : "<!DOCTYPE html>\n")
        if let root = xmlDocGetRootElement(tree.pointer) { writer.write(root, depth: 0, indent: true, namespace: nil) }
        writer.append("\n")
        return Data(writer.bytes)
    }

    private struct Writer {
        let mode: Mode
        var bytes: [UInt8] = []

        init(mode: Mode) {
            self.mode = mode
            bytes.reserveCapacity(1 << 17)
        }

        mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

        mutating func append(_ string: UnsafePointer<xmlChar>?) {
            guard let string else { return }
            append(from: string, to: string + Int(xmlStrlen(string)))
        }

        /// Copies the bytes from `start` up to `end` in one go.
        private mutating func append(from start: UnsafePointer<xmlChar>, to end: UnsafePointer<xmlChar>) {
            if end > start { bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start)) }
        }

        /// Escapes as it copies: & < > always, " in attributes, CR as a reference, and in HTML a
        /// no-break space (C2 A0) as &nbsp; so it stays visible in the source. Runs of bytes that
        /// need no escape (nearly all of them) are copied whole.
        mutating func appendEscaped(_ string: UnsafePointer<xmlChar>?, quote: Bool) {
            guard var p = string else { return }
            var run = p
            while true {
                let byte = p.pointee
                let replacement: String
                switch byte {
                case 0: append(from: run, to: p); return
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where quote: replacement = "&quot;"
                case 0x0D: replacement = "&#13;"
                case 0xC2 where mode == .html && p[1] == 0xA0: replacement = "&nbsp;"
                default: p += 1; continue
                }
                append(from: run, to: p)
                append(replacement)
                p += byte == 0xC2 ? 2 : 1
                run = p
            }
        }

        mutating func write(_ node: xmlNodePtr, depth: Int, indent: Bool, namespace: UnsafePointer<xmlChar>?) {
            switch node.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                appendEscaped(node.pointee.content, quote: false)
            case XML_ELEMENT_NODE:
                let name = String(cString: node.pointee.name)
                bytes.append(0x3C)
                append(node.pointee.name)
                let href = node.pointee.ns?.pointee.href
                if mode == .xml, let href, namespace == nil || xmlStrEqual(href, namespace) == 0 {
                    append(" xmlns=\"")
                    appendEscaped(href, quote: true)
                    bytes.append(0x22)
                }
                var attribute = node.pointee.properties
                while let current = attribute {
                    bytes.append(0x20)
                    if let prefix = current.pointee.ns?.pointee.prefix { append(prefix); bytes.append(0x3A) }
                    append(current.pointee.name)
                    append("=\"")
                    var child = current.pointee.children
                    while let text = child {
                        appendEscaped(text.pointee.content, quote: true)
                        child = text.pointee.next
                    }
                    bytes.append(0x22)
                    attribute = current.pointee.next
                }
                let first = node.pointee.children
                if mode == .html && MarkupSerializer.voidElements.contains(name) { bytes.append(0x3E); return }
                if mode == .xml && first == nil { append("/>"); return }
                bytes.append(0x3E)
                if mode == .html && MarkupSerializer.rawTextElements.contains(name) {
                    var child = first
                    while let current = child { append(current.pointee.content); child = current.pointee.next }
                } else if indent, !MarkupSerializer.inline.contains(name), first != nil, onlyElements(first) {
                    var child = first
                    while let current = child {
                        if current.pointee.type == XML_ELEMENT_NODE {
                            bytes.append(0x0A)
                            bytes.append(contentsOf: repeatElement(0x20, count: 2 * (depth + 1)))
                            write(current, depth: depth + 1, indent: true, namespace: href)
                        }
                        child = current.pointee.next
                    }
                    bytes.append(0x0A)
                    bytes.append(contentsOf: repeatElement(0x20, count: 2 * depth))
                } else {
                    var child = first
                    while let current = child {
                        write(current, depth: depth + 1, indent: false, namespace: href)
                        child = current.pointee.next
                    }
                }
                append("</")
                append(node.pointee.name)
                bytes.append(0x3E)
            default:
                break
            }
        }

        /// Comments and the like are skipped on output, so they do not count as content here.
        private func onlyElements(_ first: xmlNodePtr?) -> Bool {
            var child = first
            var sawElement = false
            while let current = child {
                switch current.pointee.type {
                case XML_ELEMENT_NODE: sawElement = true
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: return false
                default: break
                }
                child = current.pointee.next
            }
            return sawElement
        }
    }
}
