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
indirect enum TemplateNode: Sendable {
    case text(Interpolation)
    case element(TemplateElement)
    case call(MacroCall)
}

struct TemplateElement: Sendable {
    var name: String
    var namespace: String?
    var attributes: [(name: String, value: Interpolation)]
    var directives: Directives
    var children: [TemplateNode]
    var location: SourceLocation
    /// The element to render when `t:if` (or `t:elif`) is false: the next sibling with `t:elif` or `t:else`.
    var elseBranches: [TemplateElement] = []
    var elseBranch: TemplateElement? {
        get { elseBranches.first }
        set { elseBranches = newValue.map { [$0] } ?? [] }
    }
    /// `<t:fragment>`: renders its children only.
    var isFragment: Bool

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
