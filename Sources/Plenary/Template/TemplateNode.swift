import Foundation
/// The namespace of template directives: `xmlns:t="urn:plenary:template"`.
let templateNamespace = "urn:plenary:template"

/// Text with `{expression}` holes, compiled once.
struct Interpolation: Sendable {
    enum Part: Sendable {
        case literal(String)
        case expression(Expression, source: String, location: SourceLocation)
    }
    var parts: [Part]

    /// A value made of exactly one expression, so a null can drop the attribute and markup can be
    /// inserted as markup.
    var single: (Expression, SourceLocation)? {
        if parts.count == 1, case .expression(let expression, _, let location) = parts[0] { return (expression, location) }
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

    init(name: String, namespace: String?, attributes: [(name: String, value: Interpolation)] = [], directives: Directives = .init(),
         children: [TemplateNode], location: SourceLocation, elseBranch: TemplateElement? = nil, isFragment: Bool) {
        self.name = name
        self.namespace = namespace
        self.attributes = attributes
        self.directives = directives
        self.children = children
        self.location = location
        self.elseBranch = elseBranch
        self.isFragment = isFragment
    }

    /// `<t:fragment>`, or what an include or a call stands for: its children, under its directives.
    static func fragment(_ children: [TemplateNode], directives: Directives = .init(), at location: SourceLocation) -> TemplateElement {
        TemplateElement(name: "fragment", namespace: templateNamespace, directives: directives, children: children,
                        location: location, isFragment: true)
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
                               location: location, elseBranch: chain, isFragment: isFragment)
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

struct MacroCall: Sendable {
    var name: String
    var arguments: [(name: String, value: Expression, location: SourceLocation)]
    var location: SourceLocation
}

/// `<t:macro name="masthead" params="doc, label='x'">`: a parameterised piece of template.
struct Macro: Sendable {
    var name: String
    var parameters: [(name: String, defaultValue: Expression?)]
    var body: [TemplateNode]
    var location: SourceLocation
}
