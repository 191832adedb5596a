public import Foundation

/// Applies a compiled template to a resolved document and builds a libxml2 tree. The output is a
/// tree, not text: it is well-formed and escaped by construction. Strict: an unknown name, field,
/// filter or macro is an error at the template's file, line and column.
struct TemplateRenderer {
    let template: CompiledTemplate
    let catalog: Catalog
    let language: Language
    /// Names every macro can see besides its parameters (`doc`, `str`, `lang`).
    let globals: [String: Value]

    init(template: CompiledTemplate, catalog: Catalog, language: Language, document: Value) {
        self.template = template
        self.catalog = catalog
        self.language = language
        var globals: [String: Value] = ["doc": document, "lang": .string(language.code)]
        if case .object(let object) = document, let meeting = object.fields["meeting"] { globals["meeting"] = meeting }
        self.globals = globals
    }

    enum Target {
        case document(XMLTree)
        case node(XMLNode)
    }

    func render() throws(DiagnosticError) -> XMLTree {
        let tree = XMLTree()
        try render(template.nodes, scope: Scope(globals: globals), into: .document(tree))
        guard tree.root != nil else {
            throw DiagnosticError(.error(at: .file(template.files.first ?? template.name), "the template produced no root element"))
        }
        return tree
    }

    private func render(_ nodes: [TemplateNode], scope: Scope, into target: Target) throws(DiagnosticError) {
        for node in nodes {
            switch node {
            case .text(let interpolation):
                try render(interpolation, scope: scope, into: target)
            case .element(let element):
                try render(element, scope: scope, into: target)
            case .call(let call):
                try render(call, scope: scope, into: target)
            }
        }
    }

    /// Element text with `{…}` holes: a value that is text with markup goes in as markup (through
    /// the `inline-*` macros, as with `t:content`), so footnote markers and emphasis are never lost.
    private func render(_ interpolation: Interpolation, scope: Scope, into target: Target) throws(DiagnosticError) {
        for part in interpolation.parts {
            switch part {
            case .literal(let text):
                try insertText(text, into: target)
            case .expression(let expression, _, let location):
                let value = try evaluate(expression, scope: scope)
                if case .markup = value {
                    try insert(value, at: location, scope: scope, into: target)
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
        case .node(let node): node.appendText(text)
        case .document: if !text.allSatisfy(\.isWhitespace) {
            throw DiagnosticError(.error(at: .file(template.name), "text outside the root element"))
        }
        }
    }

    private func render(_ element: TemplateElement, scope: Scope, into target: Target) throws(DiagnosticError) {
        var scope = scope
        let directives = element.directives
        // `t:for` comes first, so `t:if` on the same element filters the items (`for … if`).
        if let loop = directives.loop {
            let value = try evaluate(loop.list, scope: scope)
            guard case .list(let items) = value else {
                if case .null = value { return }
                throw DiagnosticError(.error(at: loop.location, "`t:for` needs a list, and this is \(value.kindName)"))
            }
            var body = element
            body.directives.loop = nil
            for (index, item) in items.enumerated() {
                try render(body, scope: scope.withLoopItem(loop.variable, item, index: index, count: items.count), into: target)
            }
            return
        }
        if let (condition, _) = directives.condition, !(try evaluate(condition, scope: scope).isTruthy) {
            if let branch = element.elseBranch { try render(branch, scope: scope, into: target) }
            return
        }
        for binding in directives.lets {
            scope = scope.with(binding.name, try evaluate(binding.value, scope: scope))
        }
        if let (expression, location) = directives.replace {
            try insert(try evaluate(expression, scope: scope), at: location, scope: scope, into: target)
            return
        }
        var omit = element.isFragment
        if !omit, let expression = directives.omitTag { omit = try evaluate(expression, scope: scope).isTruthy }
        let inner: Target
        if omit {
            inner = target
        } else {
            let node: XMLNode
            switch target {
            case .document(let tree):
                guard tree.root == nil else {
                    throw DiagnosticError(.error(at: element.location, "a second root element `\(element.name)`", hint: "an XML document has one root element"))
                }
                node = tree.makeRoot(element.name, namespace: element.namespace)
            case .node(let parent):
                node = parent.appendElement(element.name, namespace: element.namespace)
            }
            for (name, value) in element.attributes {
                if let (expression, location) = value.single {
                    // Evaluated once: a null or false drops the attribute, anything else is its text.
                    let result = try evaluate(expression, scope: scope)
                    switch result {
                    case .null, .bool(false): continue
                    default: node.setAttribute(name, try text(of: result, at: location))
                    }
                    continue
                }
                node.setAttribute(name, try interpolate(value, scope: scope))
            }
            inner = .node(node)
        }
        if let (expression, location) = directives.content {
            try insert(try evaluate(expression, scope: scope), at: location, scope: scope, into: inner)
        } else {
            try render(element.children, scope: scope, into: inner)
        }
    }

    private func render(_ call: MacroCall, scope: Scope, into target: Target) throws(DiagnosticError) {
        guard let macro = template.macros[call.name] else {
            throw DiagnosticError(.error(at: call.location, "unknown macro `\(call.name)`",
                                         hint: Suggestion.hint(for: call.name, in: template.macros.keys) ?? "define it with <t:macro name=\"\(call.name)\">"))
        }
        var arguments: [(name: String, value: Value)] = []
        for argument in call.arguments {
            guard macro.parameters.contains(where: { $0.name == argument.name }) else {
                throw DiagnosticError(.error(at: argument.location, "the macro `\(macro.name)` has no parameter `\(argument.name)`",
                                             hint: Suggestion.hint(for: argument.name, in: macro.parameters.map(\.name))))
            }
            arguments.append((argument.name, try evaluate(argument.value, scope: scope)))
        }
        try expand(macro, arguments: arguments, at: call.location, into: target)
    }

    /// `arguments` is a short list (a macro has a few parameters): searched, not hashed.
    private func expand(_ macro: Macro, arguments: [(name: String, value: Value)], at location: SourceLocation, into target: Target) throws(DiagnosticError) {
        var scope = Scope(globals: globals)
        for parameter in macro.parameters {
            if let argument = arguments.last(where: { $0.name == parameter.name }) { scope = scope.with(parameter.name, argument.value) }
            else if let defaultValue = parameter.defaultValue {
                scope = scope.with(parameter.name, try evaluate(defaultValue, scope: Scope(globals: globals)))
            } else {
                throw DiagnosticError(.error(at: location, "the macro `\(macro.name)` needs `\(parameter.name)`",
                                             hint: "pass it as \(parameter.name)=\"…\", or give it a default in params"))
            }
        }
        try render(macro.body, scope: scope, into: target)
    }

    /// Inserts a value as content: text as text, markup as markup (through the template's
    /// `inline-*` macros, so each format decides how a footnote marker or emphasis looks).
    private func insert(_ value: Value, at location: SourceLocation, scope: Scope, into target: Target) throws(DiagnosticError) {
        switch value {
        case .null: return
        case .markup(let inlines):
            for inline in inlines { try insert(inline, at: location, into: target) }
        case .list, .object:
            throw DiagnosticError(.error(at: location, "cannot insert \(value.kindName) as text", hint: "name one of its fields, or loop over it with t:for"))
        default:
            try insertText(value.text ?? "", into: target)
        }
    }

    private func insert(_ inline: Inline, at location: SourceLocation, into target: Target) throws(DiagnosticError) {
        let (name, arguments): (String, [(name: String, value: Value)])
        switch inline {
        case .text(let text): try insertText(text, into: target); return
        case .emphasis(let content): (name, arguments) = ("inline-emphasis", [("content", .markup(content))])
        case .footnote(let number, let eId): (name, arguments) = ("inline-footnote", [("number", .string(number)), ("eId", .string(eId))])
        case .link(let url, let content): (name, arguments) = ("inline-link", [("url", .string(url)), ("content", .markup(content))])
        case .reference(let href, let content): (name, arguments) = ("inline-reference", [("href", .string(href)), ("content", .markup(content))])
        }
        guard let macro = template.macros[name] else {
            throw DiagnosticError(.error(at: location, "the template defines no macro `\(name)`, needed to insert this text",
                                         hint: "define <t:macro name=\"\(name)\" params=\"\(arguments.map(\.name).sorted().joined(separator: ", "))\">"))
        }
        try expand(macro, arguments: arguments, at: location, into: target)
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
        case .path(let parts, let locations):
            return try resolve(parts, at: locations, scope: scope)
        }
    }

    /// `locations` holds where each name of the path is written: an error points at the wrong one.
    private func resolve(_ parts: [String], at locations: [SourceLocation], scope: Scope) throws(DiagnosticError) -> Value {
        let head = parts[0]
        let location = locations[0]
        if head == "str" {
            guard parts.count == 2 else {
                throw DiagnosticError(.error(at: location, "`str` is the strings catalog: write `str.key`"))
            }
            let key = parts[1]
            // Placeholders are filled from the names in scope (`t:let="item = doc.agenda.item"`),
            // each looked up only when the wording uses it.
            let placeholder = { (name: String) -> String? in
                switch scope[name] {
                case .object?, .list?, nil: nil
                case let value?: value.text
                }
            }
            return .string(try catalog.format(key, placeholder: placeholder, available: { scope.names.filter { placeholder($0) != nil }.sorted() }, at: { locations[1] }))
        }
        guard var value = scope[head] else {
            let names = scope.names
            throw DiagnosticError(.error(at: location, "unknown name `\(head)`",
                                         hint: Suggestion.hint(for: head, in: Array(names) + ["str"]) ?? "the names here are \((names.sorted() + ["str"]).joined(separator: ", "))"))
        }
        for (index, part) in parts.enumerated().dropFirst() {
            guard case .object(let object) = value else {
                throw DiagnosticError(.error(at: locations[index],
                                             "`\(parts[..<index].joined(separator: "."))` is \(value.kindName), which has no field `\(part)`"))
            }
            guard let field = object.fields[part] else {
                let prefix = parts[..<index].joined(separator: ".")
                let full = parts[...index].joined(separator: ".")
                let candidates = object.fields.keys.map { "\(prefix).\($0)" }
                throw DiagnosticError(.error(at: locations[index], "unknown name `\(full)`: a \(object.typeName) has no field `\(part)`",
                                             hint: Suggestion.hint(for: full, in: candidates) ?? "its fields are \(object.fields.keys.sorted().joined(separator: ", "))"))
            }
            value = field
        }
        return value
    }
}
