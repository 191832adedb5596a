import Foundation
/// The namespace of template directives: `xmlns:t="urn:plenary:template"`.
let templateNamespace = "urn:plenary:template"

/// Text with `{expression}` holes, compiled once. Like every part of a compiled template that a
/// node holds, an immutable class: the renderer takes nodes out of their lists tens of thousands
/// of times per document, and a node that is one reference is copied with one retain.
final class Interpolation: Sendable {
    enum Part: Sendable {
        case literal(String)
        case expression(Expression, source: String, location: SourceLocation)
    }
    let parts: [Part]
    /// The expression, if the text is exactly one, so a null can drop the attribute and markup
    /// can be inserted as markup. Decided once here, not per element rendered.
    let single: (Expression, SourceLocation)?
    /// The text, if it has no expression at all (`class="akn-num"`): used as it is.
    let constant: String?
    /// A URL attribute's value with a `{…}` in it: its scheme is checked once rendered (`MarkupContext`).
    let checksScheme: Bool

    init(parts: [Part], isURL: Bool = false) {
        self.parts = parts
        if parts.count == 1, case .expression(let expression, _, let location) = parts[0] { single = (expression, location) } else { single = nil }
        switch parts.count {
        case 0: constant = ""
        case 1: if case .literal(let text) = parts[0] { constant = text } else { constant = nil }
        default: constant = nil
        }
        checksScheme = isURL && constant == nil
    }

    /// Where the first `{…}` is, for an error about the text as a whole.
    var firstLocation: SourceLocation? {
        for case .expression(_, _, let location) in parts { return location }
        return nil
    }
}

/// A compiled template node: what the renderer walks. Includes, macros' definitions and layout
/// blocks are resolved at compile time, so rendering never touches the file system.
enum TemplateNode: Sendable {
    case text(Interpolation)
    case element(TemplateElement)
    case call(MacroCall)
}

/// An element of a compiled template. A class, and immutable: rendering visits each element
/// thousands of times per build, and taking a reference out of a node is one retain where
/// copying a struct of a dozen fields was a dozen.
final class TemplateElement: Sendable {
    let name: String
    let namespace: String?
    let attributes: [(name: String, value: Interpolation)]
    let directives: Directives
    let children: [TemplateNode]
    let location: SourceLocation
    /// The element to render when `t:if` (or `t:elif`) is false: the next sibling with `t:elif` or `t:else`.
    let elseBranch: TemplateElement?
    /// `<t:fragment>`: renders its children only.
    let isFragment: Bool
    /// The name of the `<t:block>` this fragment stands for, so a compiled file can have its blocks
    /// filled by another template without being compiled again (see `filling`).
    let block: String?

    init(name: String, namespace: String?, attributes: [(name: String, value: Interpolation)] = [], directives: Directives = .init(),
         children: [TemplateNode], location: SourceLocation, elseBranch: TemplateElement? = nil, isFragment: Bool, block: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.directives = directives
        self.children = children
        self.location = location
        self.elseBranch = elseBranch
        self.isFragment = isFragment
        self.block = block
    }

    /// `<t:fragment>`, or what an include or a call stands for: its children, under its directives.
    static func fragment(_ children: [TemplateNode], directives: Directives = .init(), block: String? = nil,
                         at location: SourceLocation) -> TemplateElement {
        TemplateElement(name: "fragment", namespace: templateNamespace, directives: directives, children: children,
                        location: location, isFragment: true, block: block)
    }

    /// This element with the blocks in it that `fills` names given the fill's nodes instead of
    /// their own, or nil if it has none of them. Only the elements on the way to a filled block
    /// are new; the rest is shared with the original.
    func filling(_ fills: [String: [TemplateNode]]) -> TemplateElement? {
        if let block, let fill = fills[block] {
            return TemplateElement(name: name, namespace: namespace, attributes: attributes, directives: directives, children: fill,
                                   location: location, elseBranch: elseBranch, isFragment: isFragment, block: block)
        }
        let children = TemplateNode.filling(self.children, fills)
        let elseBranch = self.elseBranch?.filling(fills)
        guard children != nil || elseBranch != nil else { return nil }
        return TemplateElement(name: name, namespace: namespace, attributes: attributes, directives: directives,
                               children: children ?? self.children, location: location, elseBranch: elseBranch ?? self.elseBranch,
                               isFragment: isFragment, block: block)
    }

    /// How many `t:elif`/`t:else` follow this element's `t:if` (`TemplateLimits.elseBranches`).
    var elseBranchCount: Int {
        var count = 0, branch = elseBranch
        while let next = branch { count += 1; branch = next.elseBranch }
        return count
    }

    /// This element with `branch` as the last of its `t:elif`/`t:else` chain, or nil if the chain
    /// already ends in a `t:else` (or this element has no `t:if`).
    func appending(elseBranch branch: TemplateElement) -> TemplateElement? {
        guard directives.condition != nil else { return nil }
        let chain: TemplateElement
        if let elseBranch {
            guard let longer = elseBranch.appending(elseBranch: branch) else { return nil }
            chain = longer
        } else {
            chain = branch
        }
        return TemplateElement(name: name, namespace: namespace, attributes: attributes, directives: directives, children: children,
                               location: location, elseBranch: chain, isFragment: isFragment, block: block)
    }

    struct Directives: Sendable {
        var condition: (Expression, SourceLocation)?
        var loop: (variable: String, list: Expression, location: SourceLocation)?
        var lets: [(name: String, value: Expression, location: SourceLocation)] = []
        var content: (Expression, SourceLocation)?
        var replace: (Expression, SourceLocation)?
        var omitTag: Expression?
        var isElse = false
    }
}

extension TemplateNode {
    /// `nodes` with the blocks that `fills` names filled (see `TemplateElement.filling`), or nil
    /// if none of them is among the nodes.
    static func filling(_ nodes: [TemplateNode], _ fills: [String: [TemplateNode]]) -> [TemplateNode]? {
        var result: [TemplateNode]?
        for (index, node) in nodes.enumerated() {
            guard case .element(let element) = node, let filled = element.filling(fills) else { continue }
            if result == nil { result = nodes }
            result![index] = .element(filled)
        }
        return result
    }
}

/// `<t:call macro="name" arg="expression"…>`.
final class MacroCall: Sendable {
    let name: String
    let arguments: [(name: String, value: Expression, location: SourceLocation)]
    let location: SourceLocation

    init(name: String, arguments: [(name: String, value: Expression, location: SourceLocation)], location: SourceLocation) {
        self.name = name
        self.arguments = arguments
        self.location = location
    }
}

/// `<t:macro name="masthead" params="doc, label='x'">`: a parameterised piece of template.
final class Macro: Sendable {
    let name: String
    let parameters: [(name: String, defaultValue: Expression?)]
    let body: [TemplateNode]
    let location: SourceLocation

    init(name: String, parameters: [(name: String, defaultValue: Expression?)], body: [TemplateNode], location: SourceLocation) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.location = location
    }

    /// Whether `name` is one of its parameters.
    func takes(_ name: String) -> Bool { parameters.contains { $0.name == name } }

    /// The errors of a call, one kind each, as both the checker (every call, at compile time)
    /// and the renderer (a call or an inline macro it meets) report them.
    static func unknown(_ call: MacroCall, among macros: [String: Macro]) -> Diagnostic {
        .error(at: call.location, "unknown macro `\(call.name)`",
               hint: Suggestion.hint(for: call.name, in: macros.keys) ?? "define it with <t:macro name=\"\(call.name)\">")
    }

    func noParameter(_ name: String, at location: SourceLocation) -> Diagnostic {
        .error(at: location, "the macro `\(self.name)` has no parameter `\(name)`", hint: Suggestion.hint(for: name, in: parameters.map(\.name)))
    }

    func missing(_ parameter: String, at location: SourceLocation) -> Diagnostic {
        .error(at: location, "the macro `\(name)` needs `\(parameter)`", hint: "pass it as \(parameter)=\"…\", or give it a default in params")
    }

    /// This macro with the blocks in its body that `fills` names filled, or itself.
    func filling(_ fills: [String: [TemplateNode]]) -> Macro {
        guard let body = TemplateNode.filling(body, fills) else { return self }
        return Macro(name: name, parameters: parameters, body: body, location: location)
    }
}
