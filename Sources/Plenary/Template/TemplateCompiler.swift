public import Foundation

/// Compiles template files (XML parsed by libxml2) into `TemplateNode`s: directives are checked,
/// expressions parsed, includes and layout blocks resolved, macros collected. Every error names
/// the template file, line and column.
struct TemplateCompiler {
    let root: URL
    let displayRoot: URL
    private(set) var macros: [String: Macro] = [:]
    private var includeChain: [String] = []
    /// Blocks a child template fills, by name, while its layout compiles.
    private var blockOverrides: [String: [TemplateNode]] = [:]
    private var blocksSeen: Set<String> = []
    /// Files read so far, for the build manifest.
    private(set) var files: [String] = []

    static let directives = ["if", "elif", "else", "for", "let", "content", "replace", "omit-tag"]
    static let elements = ["include", "macro", "call", "extends", "block", "fragment"]

    init(root: URL, displayRoot: URL) {
        self.root = root.standardizedFileURL
        self.displayRoot = displayRoot
    }

    func displayPath(_ url: URL) -> String {
        let base = displayRoot.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// Compiles `name` (relative to the templates folder) into the nodes of its root element.
    mutating func compile(_ name: String, requestedAt: SourceLocation) throws(DiagnosticError) -> [TemplateNode] {
        let url = try resolve(name, at: requestedAt)
        let path = displayPath(url)
        if includeChain.contains(path) {
            throw DiagnosticError(.error(at: requestedAt, "include cycle: \((includeChain + [path]).joined(separator: " → "))",
                                         hint: "a template cannot include or extend itself, directly or through others"))
        }
        includeChain.append(path)
        defer { includeChain.removeLast() }
        files.append(path)

        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DiagnosticError(.error(at: requestedAt, "cannot read the template `\(name)`"))
        }
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: path) } catch {
            let first = error.first
            throw DiagnosticError(.error(at: SourceLocation(path: path, line: first.line, column: max(first.column, 1)),
                                         "the template is not well-formed XML: \(first.message)",
                                         hint: "templates are XML: close every element, quote every attribute, write & as &amp;"))
        }
        guard let rootElement = tree.root else {
            throw DiagnosticError(.error(at: .file(path), "the template has no root element"))
        }
        var cursor = Cursor(file: SourceFile(path: path, text: String(decoding: data, as: UTF8.self)))
        if rootElement.namespaceURI == templateNamespace && rootElement.name == "extends" {
            return try compileExtends(rootElement, cursor: &cursor)
        }
        if rootElement.namespaceURI == templateNamespace && rootElement.name == "fragment" {
            _ = cursor.locate("<")
            return try compileChildren(of: rootElement, cursor: &cursor)
        }
        return try compileNode(rootElement, cursor: &cursor).map { [$0] } ?? []
    }

    /// Resolves an include path inside the templates folder only: no absolute paths, no `..`, and
    /// no symlink that leads out.
    func resolve(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> URL {
        let hint = "templates may include only files inside \(displayPath(root)), by a relative path such as shared/masthead.xml"
        if name.isEmpty || name.hasPrefix("/") || name.hasPrefix("~") {
            throw DiagnosticError(.error(at: location, "`\(name)` is not a path inside the templates folder", hint: hint))
        }
        if name.split(separator: "/").contains("..") {
            throw DiagnosticError(.error(at: location, "`\(name)` reaches outside the templates folder", hint: hint))
        }
        let url = root.appendingPathComponent(name).standardizedFileURL
        guard FileManager.default.fileExists(atPath: url.path) else {
            let known = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".xml") }
            throw DiagnosticError(.error(at: location, "no template `\(name)`",
                                         hint: Suggestion.hint(for: name, in: known) ?? "the templates are \(known.sorted().joined(separator: ", "))"))
        }
        let real = url.resolvingSymlinksInPath().path
        let realRoot = root.resolvingSymlinksInPath().path
        guard real.hasPrefix(realRoot + "/") else {
            throw DiagnosticError(.error(at: location, "`\(name)` is a link that leads outside the templates folder", hint: hint))
        }
        return url
    }

    private mutating func compileExtends(_ element: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> [TemplateNode] {
        let location = cursor.locate("<t:extends")
        guard let base = element.attribute("src") else {
            throw DiagnosticError(.error(at: location, "`<t:extends>` needs `src`, the layout it fills"))
        }
        var fills: [String: ([TemplateNode], SourceLocation)] = [:]
        for child in element.children {
            switch child.kind {
            case .text where child.textContent.allSatisfy(\.isWhitespace), .comment: continue
            case .element where child.namespaceURI == templateNamespace && child.name == "block":
                let blockLocation = cursor.locate("<t:block")
                guard let name = child.attribute("name") else {
                    throw DiagnosticError(.error(at: blockLocation, "`<t:block>` needs a `name`"))
                }
                fills[name] = (try compileChildren(of: child, cursor: &cursor), blockLocation)
            case .element where child.namespaceURI == templateNamespace && child.name == "macro":
                try compileMacro(child, cursor: &cursor)
            default:
                throw DiagnosticError(.error(at: cursor.locate("<"), "inside `<t:extends>` only `<t:block>` and `<t:macro>` may stand",
                                             hint: "put content in a block the layout defines"))
            }
        }
        let savedOverrides = blockOverrides, savedSeen = blocksSeen
        blockOverrides = fills.mapValues(\.0)
        blocksSeen = []
        defer { blockOverrides = savedOverrides; blocksSeen = savedSeen }
        let nodes = try compile(base, requestedAt: location)
        for (name, (_, blockLocation)) in fills where !blocksSeen.contains(name) {
            throw DiagnosticError(.error(at: blockLocation, "the layout `\(base)` has no block `\(name)`",
                                         hint: Suggestion.hint(for: name, in: blocksSeen) ?? "its blocks are \(blocksSeen.sorted().joined(separator: ", "))"))
        }
        return nodes
    }

    private mutating func compileMacro(_ element: XMLNode, cursor: inout Cursor) throws(DiagnosticError) {
        let location = cursor.locate("<t:macro")
        guard let name = element.attribute("name") else { throw DiagnosticError(.error(at: location, "`<t:macro>` needs a `name`")) }
        if let existing = macros[name] {
            throw DiagnosticError(.error(at: location, "the macro `\(name)` is already defined", hint: "at \(existing.location)"))
        }
        var parameters: [(String, Expression?)] = []
        if let list = element.attribute("params") {
            let paramsLocation = cursor.peek(list)
            for part in list.split(separator: ",") {
                let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                let defaultValue = try pieces.count > 1 ? ExpressionParser.parse(pieces[1], at: paramsLocation) : nil
                parameters.append((pieces[0], defaultValue))
            }
        }
        let body = try compileChildren(of: element, cursor: &cursor)
        macros[name] = Macro(name: name, parameters: parameters, body: body, location: location)
    }

    private mutating func compileChildren(of element: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> [TemplateNode] {
        var nodes: [TemplateNode] = []
        var problems: [Diagnostic] = []
        for child in element.children {
            do throws(DiagnosticError) {
                guard let node = try compileNode(child, cursor: &cursor) else { continue }
                if case .element(let compiled) = node, compiled.directives.isElse {
                    guard attachElse(compiled, to: &nodes) else {
                        throw DiagnosticError(.error(at: compiled.location, "`t:else` or `t:elif` must follow an element with `t:if` or `t:elif`",
                                                     hint: "put it on the element right after the conditional one"))
                    }
                    continue
                }
                nodes.append(node)
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return nodes
    }

    private func attachElse(_ branch: TemplateElement, to nodes: inout [TemplateNode]) -> Bool {
        guard case .element(var previous)? = nodes.last, previous.directives.condition != nil else { return false }
        func attach(_ element: inout TemplateElement) -> Bool {
            if element.elseBranch == nil { element.elseBranch = branch; return true }
            guard element.elseBranch!.directives.condition != nil else { return false }
            return attach(&element.elseBranch!)
        }
        guard attach(&previous) else { return false }
        nodes[nodes.count - 1] = .element(previous)
        return true
    }

    private mutating func compileNode(_ node: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> TemplateNode? {
        switch node.kind {
        case .comment, .other: return nil
        case .text:
            let text = Whitespace.normalise(node.textContent)
            guard !text.isEmpty else { return nil }
            return .text(try interpolation(text, cursor: &cursor))
        case .element:
            if node.namespaceURI == templateNamespace { return try compileDirectiveElement(node, cursor: &cursor) }
            return .element(try compileElement(node, cursor: &cursor))
        }
    }

    private mutating func compileDirectiveElement(_ node: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> TemplateNode? {
        let location = cursor.locate("<t:\(node.name)")
        switch node.name {
        case "include":
            guard let src = node.attribute("src") else { throw DiagnosticError(.error(at: location, "`<t:include>` needs `src`")) }
            let nodes = try compile(src, requestedAt: cursor.peek(src))
            return .element(fragment(nodes, at: location))
        case "macro":
            try compileMacro(node, cursor: &cursor)
            return nil
        case "call":
            guard let name = node.attribute("macro") else { throw DiagnosticError(.error(at: location, "`<t:call>` needs `macro`")) }
            var call = MacroCall(name: name, arguments: [], location: cursor.peek(name))
            // `t:if`, `t:for`… on a call apply to the call; the other attributes are its arguments.
            var wrapper = fragment([], at: location)
            for attribute in node.attributes where attribute.name != "macro" {
                if attribute.namespaceURI == templateNamespace {
                    try directive(attribute.name, attribute.value, into: &wrapper.directives, cursor: &cursor)
                    continue
                }
                let at = cursor.locate(attribute.value)
                call.arguments.append((attribute.name, try ExpressionParser.parse(attribute.value, at: at), at))
            }
            wrapper.children = [.call(call)]
            return .element(wrapper)
        case "block":
            guard let name = node.attribute("name") else { throw DiagnosticError(.error(at: location, "`<t:block>` needs a `name`")) }
            blocksSeen.insert(name)
            let own = try compileChildren(of: node, cursor: &cursor)
            return .element(fragment(blockOverrides[name] ?? own, at: location))
        case "fragment":
            var element = try compileElement(node, cursor: &cursor, located: location)
            element.isFragment = true
            return .element(element)
        default:
            throw DiagnosticError(.error(at: location, "unknown template element `<t:\(node.name)>`",
                                         hint: Suggestion.hint(for: node.name, in: Self.elements, format: { "did you mean `<t:\($0)>`?" })
                                            ?? "the template elements are \(Self.elements.map { "<t:\($0)>" }.joined(separator: ", "))"))
        }
    }

    private func fragment(_ nodes: [TemplateNode], at location: SourceLocation) -> TemplateElement {
        TemplateElement(name: "fragment", namespace: templateNamespace, attributes: [], directives: .init(), children: nodes,
                        location: location, elseBranches: [], isFragment: true)
    }

    private mutating func compileElement(_ node: XMLNode, cursor: inout Cursor, located: SourceLocation? = nil) throws(DiagnosticError) -> TemplateElement {
        let location = located ?? cursor.locate("<\(node.name)")
        var element = TemplateElement(name: node.name, namespace: node.namespaceURI, attributes: [], directives: .init(),
                                      children: [], location: location, elseBranches: [], isFragment: false)
        for attribute in node.attributes {
            if attribute.namespaceURI == templateNamespace {
                try directive(attribute.name, attribute.value, into: &element.directives, cursor: &cursor)
            } else {
                let name = attribute.namespaceURI == "http://www.w3.org/XML/1998/namespace" ? "xml:\(attribute.name)" : attribute.name
                element.attributes.append((name, try interpolation(attribute.value, cursor: &cursor)))
            }
        }
        element.children = try compileChildren(of: node, cursor: &cursor)
        return element
    }

    private func directive(_ name: String, _ value: String, into directives: inout TemplateElement.Directives, cursor: inout Cursor) throws(DiagnosticError) {
        let at = cursor.locate("t:\(name)=")
        let valueAt = value.isEmpty ? at : cursor.locate(value)
        switch name {
        case "if": directives.condition = (try ExpressionParser.parse(value, at: valueAt), valueAt)
        case "elif":
            directives.condition = (try ExpressionParser.parse(value, at: valueAt), valueAt)
            directives.isElse = true
        case "else": directives.isElse = true
        case "for":
            let parts = value.components(separatedBy: " in ")
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
                throw DiagnosticError(.error(at: valueAt, "`t:for` is written `name in list`", hint: "for example t:for=\"para in section.content\""))
            }
            let variable = parts[0].trimmingCharacters(in: .whitespaces)
            let listOffset = parts[0].count + 4
            let listAt = SourceLocation(path: valueAt.path, line: valueAt.line, column: valueAt.column + listOffset)
            directives.loop = (variable, try ExpressionParser.parse(parts[1], at: listAt), valueAt)
        case "let":
            var offset = 0
            for binding in value.split(separator: ";", omittingEmptySubsequences: false) {
                defer { offset += binding.count + 1 }
                guard !binding.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
                let pieces = binding.split(separator: "=", maxSplits: 1)
                let bindingAt = SourceLocation(path: valueAt.path, line: valueAt.line, column: valueAt.column + offset)
                guard pieces.count == 2 else {
                    throw DiagnosticError(.error(at: bindingAt, "`t:let` is written `name = expression`", hint: "several bindings are separated by `;`"))
                }
                let expressionAt = SourceLocation(path: valueAt.path, line: valueAt.line, column: valueAt.column + offset + pieces[0].count + 1)
                directives.lets.append((pieces[0].trimmingCharacters(in: .whitespaces), try ExpressionParser.parse(String(pieces[1]), at: expressionAt), bindingAt))
            }
        case "content": directives.content = (try ExpressionParser.parse(value, at: valueAt), valueAt)
        case "replace": directives.replace = (try ExpressionParser.parse(value, at: valueAt), valueAt)
        case "omit-tag": directives.omitTag = value.isEmpty ? .bool(true) : try ExpressionParser.parse(value, at: valueAt)
        default:
            throw DiagnosticError(.error(at: at, "unknown directive `t:\(name)`",
                                         hint: Suggestion.hint(for: name, in: Self.directives, format: { "did you mean `t:\($0)`?" })
                                            ?? "the directives are \(Self.directives.map { "t:\($0)" }.joined(separator: ", "))"))
        }
    }

    /// Splits `text` into literals and `{expression}`s; `{{` and `}}` stand for literal braces.
    private func interpolation(_ text: String, cursor: inout Cursor) throws(DiagnosticError) -> Interpolation {
        var parts: [Interpolation.Part] = []
        var literal = ""
        var rest = Substring(text)
        while let character = rest.first {
            if rest.hasPrefix("{{") { literal += "{"; rest = rest.dropFirst(2); continue }
            if rest.hasPrefix("}}") { literal += "}"; rest = rest.dropFirst(2); continue }
            if character == "{" {
                guard let close = rest.firstIndex(of: "}") else {
                    throw DiagnosticError(.error(at: cursor.locate(String(rest.prefix(20))), "`{` is never closed",
                                                 hint: "close the expression with `}`, or write `{{` for a literal brace"))
                }
                let source = String(rest[rest.index(after: rest.startIndex)..<close])
                let at = cursor.locate("{" + source + "}")
                let expressionAt = SourceLocation(path: at.path, line: at.line, column: at.column + 1)
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.expression(try ExpressionParser.parse(source, at: expressionAt), source: source, location: expressionAt))
                rest = rest[rest.index(after: close)...]
                continue
            }
            literal.append(character)
            rest = rest.dropFirst()
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return Interpolation(parts: parts)
    }
}

/// Walks the template's source text in step with the compiler (which visits nodes in document
/// order), so each expression is found at its real line and column; libxml2 gives elements a
/// line but no column.
struct Cursor {
    let file: SourceFile
    var position = SourceLocation(path: "", line: 1, column: 1)

    init(file: SourceFile) {
        self.file = file
        position = SourceLocation(path: file.path, line: 1, column: 1)
    }

    mutating func locate(_ needle: String) -> SourceLocation {
        let found = file.locate(needle, from: position)
        if found != position || file.locate(needle, from: position) == found {
            position = SourceLocation(path: found.path, line: found.line, column: found.column + max(1, needle.count))
        }
        return found
    }

    /// Where `needle` is next, without moving past it.
    func peek(_ needle: String) -> SourceLocation { file.locate(needle, from: position) }
}

/// Template indentation is layout, not content: whitespace runs that contain a line break collapse
/// to one space inside text and vanish at its ends; whitespace-only text between tags disappears.
enum Whitespace {
    static func normalise(_ text: String) -> String {
        guard text.contains("\n") else { return text }
        if text.allSatisfy(\.isWhitespace) { return "" }
        var result = ""
        var pending = ""
        for character in text {
            if character.isWhitespace { pending.append(character); continue }
            if !pending.isEmpty {
                result += pending.contains("\n") ? (result.isEmpty ? "" : " ") : pending
                pending = ""
            }
            result.append(character)
        }
        if !pending.isEmpty && !pending.contains("\n") { result += pending }
        return result
    }
}
