public import Foundation

/// The text of each unit of a generated Akoma Ntoso file (paragraphs, points, headings, notes),
/// without the text of the units nested in it, by eId in document order: what `plenary diff
/// --since` compares between two versions of the output.
public enum GeneratedUnits {
    static let kinds: Set<String> = ["paragraph", "point", "section", "subsection", "crossHeading", "authorialNote", "docTitle"]

    public static func of(_ data: Data, path: String) throws(DiagnosticError) -> [(eId: String, text: String)] {
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: path) } catch { throw DiagnosticError(error.diagnostic()) }
        func ownText(_ node: XMLNode) -> String {
            node.children.map { child in
                if child.kind == .element, child.attribute("eId") != nil, kinds.contains(child.name) || child.name == "list" { return "" }
                return child.kind == .element ? ownText(child) : child.textContent
            }.joined()
        }
        var units: [(String, String)] = []
        for node in tree.select("//*[@eId] | //*[local-name()='docTitle']") ?? [] where kinds.contains(node.name) {
            // A title has no eId of its own: it is named after the nearest unit holding it, so
            // the document's title and the annex's (`att_1__title`) are two units, not one key.
            let id = node.attribute("eId") ?? Self.titleKey(of: node)
            units.append((id, Fingerprint.normalised(ownText(node))))
        }
        return units
    }

    static func titleKey(of node: XMLNode) -> String {
        var ancestor = node.parent
        while let current = ancestor {
            if let eId = current.attribute("eId") { return eId + "__title" }
            ancestor = current.parent
        }
        return "title"
    }
}
