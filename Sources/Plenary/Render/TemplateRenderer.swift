public import Foundation

/// Applies a compiled template to a resolved document and builds a libxml2 tree. The output is a
/// tree, not text: it is well-formed and escaped by construction. Strict: an unknown name, field,
/// filter or macro is an error at the template's file, line and column.
struct TemplateRenderer {
    let template: CompiledTemplate
    let catalog: Catalog
    let language: Language
    /// Names every macro can see besides its parameters (`doc`, `meeting`, `lang`, `medium`; `str` is the catalog).
    let roots: [(name: String, value: Value)]
    /// The macros that insert a document's inline markup, looked up once instead of per footnote marker.
    private let inlineMacros: [InlineKind: Macro]

    /// `extra` adds names of its own (`figure`, for the template that writes one figure). `medium`
    /// is `screen`, or `print` for the page a PDF is printed from.
    init(template: CompiledTemplate, catalog: Catalog, language: Language, document: Value, extra: [(name: String, value: Value)] = [],
         medium: String = "screen") {
        self.template = template
        self.catalog = catalog
        self.language = language
        var roots: [(name: String, value: Value)] = [("doc", document), ("lang", .string(language.code)), ("medium", .string(medium))] + extra
        if case .object(let object) = document, let meeting = object.fields["meeting"] { roots.append(("meeting", meeting)) }
        self.roots = roots
        var inlineMacros: [InlineKind: Macro] = [:]
        for kind in InlineKind.allCases { inlineMacros[kind] = template.macros[kind.macro] }
        self.inlineMacros = inlineMacros
    }

    /// The kinds of inline markup that a template's `inline-*` macro writes, and its parameters.
    private enum InlineKind: CaseIterable {
        case emphasis, strong, superscript, lineBreak, footnote, link, reference, isolate

        var macro: String {
            switch self {
            case .emphasis: "inline-emphasis"
            case .strong: "inline-strong"
            case .superscript: "inline-superscript"
            case .lineBreak: "inline-break"
            case .footnote: "inline-footnote"
            case .link: "inline-link"
            case .reference: "inline-reference"
            case .isolate: "inline-isolate"
            }
        }

        var parameters: [String] {
            switch self {
            case .emphasis, .strong, .superscript: ["content"]
            case .lineBreak: []
            case .footnote: ["eId", "number"]
            case .link: ["content", "url"]
            case .reference: ["content", "href", "iri"]
            case .isolate: ["content"]
            }
        }
    }

    enum Target {
        case document(XMLTree)
        /// An element, and the URI of its namespace (what a child written in the same namespace
        /// shares without libxml2 comparing the two).
        case node(XMLNode, namespace: String?)
    }

    /// The rendered tree; `names` may be shared with the trees rendered before it on this task.
    func render(names: XMLNames = XMLNames()) throws(DiagnosticError) -> XMLTree {
        let tree = XMLTree(names: names)
        var scope = Scope(roots: roots)
        try render(template.nodes, scope: &scope, into: .document(tree))
        guard tree.root != nil else {
            throw DiagnosticError(.error(at: .file(template.files.first ?? template.name), "the template produced no root element"))
        }
        return tree
    }

    private func render(_ nodes: [TemplateNode], scope: inout Scope, into target: Target) throws(DiagnosticError) {
        for node in nodes {
            switch node {
            case .text(let interpolation):
                try render(interpolation, scope: &scope, into: target)
            case .element(let element):
                try render(element, scope: &scope, into: target)
            case .call(let call):
                try render(call, scope: &scope, into: target)
            }
        }
    }

    /// Element text with `{…}` holes: a value that is text with markup goes in as markup (through
    /// the `inline-*` macros, as with `t:content`), so footnote markers and emphasis are never lost.
    private func render(_ interpolation: Interpolation, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        for part in interpolation.parts {
            switch part {
            case .literal(let text):
                try insertText(text, into: target)
            case .expression(let expression, _, let location):
                let value = try evaluate(expression, scope: scope)
                if case .markup = value {
                    try insert(value, at: location, scope: &scope, into: target)
                    continue
                }
                guard let text = value.text else {
                    throw DiagnosticError(.error(at: location, "cannot write \(value.kindName) as text", hint: "name one of its fields"))
                }
                try insertText(text, into: target)
            }
        }
    }

    private func insertText(_ text: String, into target: Target) throws(DiagnosticError) {
        switch target {
        case .node(let node, _): node.appendText(text)
        case .document: if !text.allSatisfy(\.isWhitespace) {
            throw DiagnosticError(.error(at: .file(template.name), "text outside the root element"))
        }
        }
    }

    private func render(_ element: TemplateElement, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        // `t:for` comes first, so `t:if` on the same element filters the items (`for … if`).
        if let loop = element.directives.loop {
            let value = try evaluate(loop.list, scope: scope)
            guard case .list(let items) = value else {
                if case .null = value { return }
                throw DiagnosticError(.error(at: loop.location, "`t:for` needs a list, and this is \(value.kindName)"))
            }
            let depth = scope.depth
            for (index, item) in items.enumerated() {
                scope.pushLoopItem(loop.variable, item, index: index, count: items.count)
                try renderOnce(element, scope: &scope, into: target)
                scope.pop(to: depth)
            }
            return
        }
        try renderOnce(element, scope: &scope, into: target)
    }

    /// Renders `element` once, whatever its `t:for` says: the loop is `render`'s business. The
    /// names its `t:let`s bind are gone when it returns (after an error it does not matter: the
    /// render stops).
    private func renderOnce(_ element: TemplateElement, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        // Each directive read from the element where it is (a copy of them all costs a retain each).
        let depth = scope.depth
        defer { scope.pop(to: depth) }
        if let (condition, _) = element.directives.condition, !(try evaluate(condition, scope: scope).isTruthy) {
            if let branch = element.elseBranch { try render(branch, scope: &scope, into: target) }
            return
        }
        for binding in element.directives.lets {
            scope.push(binding.name, try evaluate(binding.value, scope: scope))
        }
        if let (expression, location) = element.directives.replace {
            try insert(try evaluate(expression, scope: scope), at: location, scope: &scope, into: target)
            return
        }
        var omit = element.isFragment
        if !omit, let expression = element.directives.omitTag { omit = try evaluate(expression, scope: scope).isTruthy }
        let inner: Target
        if omit {
            inner = target
        } else {
            guard scope.elementDepth < TemplateLimits.elementDepth else {
                throw DiagnosticError(.error(at: element.location, "the output nests elements more than \(TemplateLimits.elementDepth) deep here",
                                             hint: "macros that call one another each add their elements: nest fewer, or give the inner ones t:omit-tag"))
            }
            let node: XMLNode, namespace: String?
            switch target {
            case .document(let tree):
                guard tree.root == nil else {
                    throw DiagnosticError(.error(at: element.location, "a second root element `\(element.name)`", hint: "an XML document has one root element"))
                }
                node = tree.makeRoot(element.name, namespace: element.namespace)
                namespace = element.namespace
            case .node(let parent, let parentNamespace):
                node = parent.appendElement(element.name, namespace: element.namespace, parentNamespace: parentNamespace)
                namespace = element.namespace ?? parentNamespace
            }
            for (name, value) in element.attributes {
                if let constant = value.constant {
                    node.addAttribute(name, constant)
                    continue
                }
                if let (expression, location) = value.single {
                    // Evaluated once: a null or false drops the attribute, anything else is its text.
                    let result = try evaluate(expression, scope: scope)
                    switch result {
                    case .null, .bool(false): continue
                    default:
                        let text = try text(of: result, at: location)
                        if value.checksScheme { try checkScheme(of: text, in: name, at: location) }
                        node.addAttribute(name, text)
                    }
                    continue
                }
                let text = try interpolate(value, scope: scope)
                if value.checksScheme { try checkScheme(of: text, in: name, at: value.firstLocation ?? element.location) }
                node.addAttribute(name, text)
            }
            inner = .node(node, namespace: namespace)
        }
        let nested = !omit
        if nested { scope.elementDepth += 1 }
        defer { if nested { scope.elementDepth -= 1 } }
        if let (expression, location) = element.directives.content {
            try insert(try evaluate(expression, scope: scope), at: location, scope: &scope, into: inner)
        } else {
            try render(element.children, scope: &scope, into: inner)
        }
    }

    /// A URL attribute whose scheme a value decides: only the schemes a document's own links may
    /// have, so `href="{x}"` never becomes `javascript:…` (see `MarkupContext`).
    private func checkScheme(of url: String, in attribute: String, at location: SourceLocation) throws(DiagnosticError) {
        guard let scheme = MarkupContext.disallowedScheme(in: url) else { return }
        let shown = Diagnostic.clipped(url, to: Diagnostic.longestValue)
        throw DiagnosticError(.error(at: location, "`\(attribute)` would be `\(shown)`, a `\(scheme):` URL, which a page may not link to",
                                     hint: "a URL attribute may be \(MarkupContext.schemes.sorted().joined(separator: ", ")) or relative (#fnote_1, ../plenary.css): check the value, or where it comes from"))
    }

    private func render(_ call: MacroCall, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        guard let macro = template.macros[call.name] else { throw DiagnosticError(Macro.unknown(call, among: template.macros)) }
        // Evaluated in the caller's scope, all of them before the macro's own scope starts.
        var arguments: [(name: String, value: Value)] = []
        arguments.reserveCapacity(call.arguments.count)
        for argument in call.arguments {
            guard macro.takes(argument.name) else { throw DiagnosticError(macro.noParameter(argument.name, at: argument.location)) }
            arguments.append((argument.name, try evaluate(argument.value, scope: scope)))
        }
        try expand(macro, at: call.location, scope: &scope, into: target) { name in arguments.last(where: { $0.name == name })?.value }
    }

    /// Renders a macro's body with its parameters bound: `argument` gives a parameter's value, or
    /// nil for its default. The macro sees its parameters and the roots, nothing of its caller's.
    private func expand(_ macro: Macro, at location: SourceLocation, scope: inout Scope, into target: Target,
                        argument: (String) -> Value?) throws(DiagnosticError) {
        // A macro that calls itself with nothing to stop it is an error when the templates
        // compile (TemplateChecker); one that stops only on the data stops here at the latest.
        guard scope.macroDepth < TemplateLimits.macroDepth else {
            let chain = (scope.macroChain(last: 6) + [macro.name]).joined(separator: " → ")
            throw DiagnosticError(.error(at: location, "macros call one another more than \(TemplateLimits.macroDepth) deep: … → \(chain)",
                                         hint: "a macro that calls itself needs a t:if or t:for that ends it, on a part of the data that gets smaller (t:if=\"item.list\" items=\"item.list\")"))
        }
        let mark = scope.enterMacro(macro)
        defer { scope.leaveMacro(mark) }
        for parameter in macro.parameters {
            if let value = argument(parameter.name) { scope.push(parameter.name, value) }
            else if let defaultValue = parameter.defaultValue {
                scope.push(parameter.name, try evaluate(defaultValue, scope: scope.roots))
            } else {
                throw DiagnosticError(macro.missing(parameter.name, at: location))
            }
        }
        try render(macro.body, scope: &scope, into: target)
    }

    /// Inserts a value as content: text as text, markup as markup (through the template's
    /// `inline-*` macros, so each format decides how a footnote marker or emphasis looks).
    private func insert(_ value: Value, at location: SourceLocation, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        switch value {
        case .null: return
        case .markup(let inlines):
            for inline in inlines { try insert(inline, at: location, scope: &scope, into: target) }
        case .list, .object:
            throw DiagnosticError(.error(at: location, "cannot insert \(value.kindName) as text", hint: "name one of its fields, or loop over it with t:for"))
        default:
            try insertText(value.text ?? "", into: target)
        }
    }

    private func insert(_ inline: Inline, at location: SourceLocation, scope: inout Scope, into target: Target) throws(DiagnosticError) {
        let kind: InlineKind
        switch inline {
        case .text(let text): try insertText(text, into: target); return
        case .emphasis: kind = .emphasis
        case .strong: kind = .strong
        case .superscript: kind = .superscript
        case .lineBreak: kind = .lineBreak
        case .footnote: kind = .footnote
        case .link: kind = .link
        case .reference, .documentReference: kind = .reference
        case .isolate(let content):
            // A format without `inline-isolate` (Akoma Ntoso has no bdi) writes the run as it is.
            guard let macro = inlineMacros[.isolate] else {
                for part in content { try insert(part, at: location, scope: &scope, into: target) }
                return
            }
            try expand(macro, at: location, scope: &scope, into: target) { $0 == "content" ? .markup(content) : nil }
            return
        }
        guard let macro = inlineMacros[kind] else {
            throw DiagnosticError(.error(at: location, "the template defines no macro `\(kind.macro)`, needed to insert this text",
                                         hint: "define <t:macro name=\"\(kind.macro)\"\(kind.parameters.isEmpty ? "" : " params=\"\(kind.parameters.joined(separator: ", "))\"")>"))
        }
        try expand(macro, at: location, scope: &scope, into: target) { name in
            switch (inline, name) {
            case (.emphasis(let content), "content"), (.strong(let content), "content"), (.superscript(let content), "content"),
                 (.link(_, let content), "content"), (.reference(_, let content), "content"): .markup(content)
            case (.footnote(let number, _), "number"): .string(number)
            case (.footnote(_, let eId), "eId"): .string(eId)
            case (.link(let url, _), "url"): .string(url)
            case (.reference(let href, _), "href"), (.reference(let href, _), "iri"): .string(href)
            case (.documentReference(let page, _, _), "href"): .string(page)
            case (.documentReference(_, let iri, _), "iri"): .string(iri)
            case (.documentReference(_, _, let content), "content"): .markup(content)
            default: nil
            }
        }
    }

    private func interpolate(_ interpolation: Interpolation, scope: Scope) throws(DiagnosticError) -> String {
        var result = ""
        for part in interpolation.parts {
            switch part {
            case .literal(let text): result += text
            case .expression(let expression, _, let location):
                result += try text(of: evaluate(expression, scope: scope), at: location)
            }
        }
        return result
    }

    private func text(of value: Value, at location: SourceLocation) throws(DiagnosticError) -> String {
        guard let text = value.text else {
            throw DiagnosticError(.error(at: location, "cannot write \(value.kindName) as text", hint: "name one of its fields"))
        }
        return text
    }

    func evaluate(_ expression: Expression, scope: Scope) throws(DiagnosticError) -> Value {
        switch expression {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        case .bool(let b): return .bool(b)
        case .null: return .null
        case .not(let inner): return .bool(!(try evaluate(inner, scope: scope).isTruthy))
        case .and(let a, let b):
            let left = try evaluate(a, scope: scope)
            return left.isTruthy ? try evaluate(b, scope: scope) : left
        case .or(let a, let b):
            let left = try evaluate(a, scope: scope)
            return left.isTruthy ? left : try evaluate(b, scope: scope)
        case .compare(let a, let op, let b):
            let left = try evaluate(a, scope: scope), right = try evaluate(b, scope: scope)
            if case .int(let x) = left, case .int(let y) = right {
                switch op {
                case "<": return .bool(x < y)
                case ">": return .bool(x > y)
                case "<=": return .bool(x <= y)
                case ">=": return .bool(x >= y)
                default: break
                }
            }
            let equal = left.text != nil && left.text == right.text
            switch op {
            case "==": return .bool(equal)
            case "!=": return .bool(!equal)
            default: return .bool(false)
            }
        case .filter(let inner, let name, let arguments, let location):
            let value = try evaluate(inner, scope: scope)
            var evaluated: [Value] = []
            for argument in arguments { evaluated.append(try evaluate(argument, scope: scope)) }
            return try Filters.apply(name, to: value, arguments: evaluated, language: language, catalog: catalog, at: location)
        case .path(let head, let fields, let locations):
            return try resolve(head, fields, at: locations, scope: scope)
        case .catalog(let key, let location):
            // Placeholders are filled from the names in scope (`t:let="item = doc.agenda.item"`),
            // each looked up only when the wording uses it.
            let placeholder = { (name: String) -> String? in
                switch scope[name] {
                case .object?, .list?, nil: nil
                case let value?: value.text
                }
            }
            return .string(try catalog.format(key, placeholder: placeholder, available: { scope.visibleNames.filter { placeholder($0) != nil }.sorted() }, at: { location }))
        }
    }

    /// `locations` holds where each name of the path is written: an error points at the wrong one.
    private func resolve(_ head: String, _ fields: [FieldName], at locations: [SourceLocation], scope: Scope) throws(DiagnosticError) -> Value {
        var value: Value
        var index = 0
        switch scope.binding(of: head) {
        case .value(let bound)?:
            value = bound
        case .loop(let position, let count)?:
            // `loop.first` and the like are read from the position; the object is made only for
            // a template that uses it whole (or misspells a field: the error lists them).
            if let first = fields.first, let field = Scope.loopField(first.name, index: position, count: count) {
                value = field
                index = 1
            } else {
                value = Scope.loopObject(index: position, count: count)
            }
        case nil:
            let names = scope.visibleNames
            throw DiagnosticError(.error(at: locations[0], "unknown name `\(head)`",
                                         hint: Suggestion.hint(for: head, in: Array(names) + ["str"]) ?? "the names here are \((names.sorted() + ["str"]).joined(separator: ", "))"))
        }
        while index < fields.count {
            guard case .object(let object) = value else {
                throw DiagnosticError(.error(at: locations[index + 1],
                                             "`\(path(head, fields[..<index]))` is \(value.kindName), which has no field `\(fields[index])`"))
            }
            guard let field = object.fields[fields[index]] else {
                let prefix = path(head, fields[..<index])
                let full = path(head, fields[...index])
                let candidates = object.fields.keys.map { "\(prefix).\($0)" }
                throw DiagnosticError(.error(at: locations[index + 1], "unknown name `\(full)`: a \(object.typeName) has no field `\(fields[index])`",
                                             hint: Suggestion.hint(for: full, in: candidates) ?? "its fields are \(object.fields.keys.map(\.name).sorted().joined(separator: ", "))"))
            }
            value = field
            index += 1
        }
        return value
    }

    /// `doc.meeting.venue` as written, for a message.
    private func path(_ head: String, _ fields: ArraySlice<FieldName>) -> String {
        ([head] + fields.map(\.name)).joined(separator: ".")
    }
}
