public import Foundation

/// Compiles template files (XML parsed by libxml2) into `TemplateNode`s: directives are checked,
/// expressions parsed, includes and layout blocks resolved, macros collected. Every error names
/// the template file, line and column.
struct TemplateCompiler {
    /// The templates folder, shared with the library's other compilers.
    let folder: TemplateFolder
    var root: URL { folder.root }
    private(set) var macros: [String: Macro] = [:]
    private var includeChain: [String] = []
    /// Blocks a child template fills, by name, while its layout compiles.
    private var blockOverrides: [String: [TemplateNode]] = [:]
    private var blocksSeen: Set<String> = []
    /// Files read so far, for the build manifest.
    private(set) var files: [String] = []
    /// The raw-text element (`style`, `script`) the node being compiled stands in, if any: its
    /// text is written unescaped, so what may stand there is restricted (see `MarkupContext`).
    private var rawText: String?

    static let directives = ["if", "elif", "else", "for", "let", "content", "replace", "omit-tag"]
    static let elements = ["include", "macro", "call", "extends", "block", "fragment"]

    init(root: URL, displayRoot: URL) {
        self.init(folder: TemplateFolder(root: root, displayRoot: displayRoot))
    }

    init(folder: TemplateFolder) {
        self.folder = folder
    }

    func displayPath(_ url: URL) -> String { folder.displayPath(url) }

    /// Compiles `name` (relative to the templates folder) into the nodes of its root element.
    /// `request` says how it was asked for (`include` or `extends`), for the message of a cycle.
    mutating func compile(_ name: String, requestedAt: SourceLocation, by request: String = "include") throws(DiagnosticError) -> [TemplateNode] {
        let (url, path) = try locate(name, at: requestedAt)
        if includeChain.contains(path) {
            throw DiagnosticError(.error(at: requestedAt, "\(request) cycle: \((includeChain + [path]).joined(separator: " → "))",
                                         hint: "a template cannot include or extend itself, directly or through others"))
        }
        // Each level of includes and layouts is a level of recursion here.
        guard includeChain.count < TemplateLimits.includeDepth else {
            throw DiagnosticError(.error(at: requestedAt, "includes and layouts nest more than \(TemplateLimits.includeDepth) deep: \((includeChain + [path]).joined(separator: " → "))",
                                         hint: "include the shared files from fewer levels"))
        }
        includeChain.append(path)
        defer { includeChain.removeLast() }
        files.append(path)

        let (source, tree) = try read(url, path: path, name: name, requestedAt: requestedAt)
        var cursor = Cursor(source: source)
        guard let rootElement = tree.root else {
            throw DiagnosticError(.error(at: .file(path), "the template has no root element"))
        }
        if rootElement.namespaceURI == templateNamespace && rootElement.name == "extends" {
            return try compileExtends(rootElement, cursor: &cursor)
        }
        return try compileNode(rootElement, cursor: &cursor).map { [$0] } ?? []
    }

    /// Compiles the file that `<t:include src="name">` names. Such a file (the shared macros) is
    /// usually included by every template of a format, and compiles to the same nodes and macros
    /// whoever includes it, so the library's compilers compile it once (see `TemplateFolder`): as
    /// it stands, its `<t:block>`s with their own content. A template that fills one of them gets
    /// a copy with the fill in place (`TemplateElement.filling`), which is what compiling the file
    /// with the fill would give. It is compiled again only where taking it as compiled would hide
    /// an error: an include cycle, a macro defined twice.
    private mutating func compileInclude(_ name: String, requestedAt: SourceLocation) throws(DiagnosticError) -> [TemplateNode] {
        let path = try locate(name, at: requestedAt).path
        if let done = folder.compiledInclude(path), done.files.allSatisfy({ !includeChain.contains($0) }),
           done.macros.keys.allSatisfy({ macros[$0] == nil }) {
            files += done.files
            blocksSeen.formUnion(done.blocks)
            return filled(done)
        }
        let done = try compileAsItStands(name, requestedAt: requestedAt)
        folder.keep(done, for: path)
        return filled(done)
    }

    /// Compiles an included file with none of its blocks filled, for `TemplateFolder` to keep.
    private mutating func compileAsItStands(_ name: String, requestedAt: SourceLocation) throws(DiagnosticError) -> TemplateFolder.CompiledInclude {
        // `blocksSeen` collects this file's own blocks (those of a layout it extends aside), to
        // tell which ones the including template fills; then it holds both again.
        let blocksBefore = blocksSeen, macrosBefore = macros, filesBefore = files.count, fills = blockOverrides
        blocksSeen = []
        blockOverrides = [:]
        defer {
            blocksSeen.formUnion(blocksBefore)
            blockOverrides = fills
        }
        let nodes = try compile(name, requestedAt: requestedAt)
        return TemplateFolder.CompiledInclude(nodes: nodes, macros: macros.filter { macrosBefore[$0.key] == nil },
                                              files: Array(files[filesBefore...]), blocks: blocksSeen)
    }

    /// The nodes of a compiled include with the blocks this template fills filled; its macros
    /// (so filled) join this template's.
    private mutating func filled(_ include: TemplateFolder.CompiledInclude) -> [TemplateNode] {
        let fills = blockOverrides.filter { include.blocks.contains($0.key) }
        guard !fills.isEmpty else {
            macros.merge(include.macros) { _, new in new }
            return include.nodes
        }
        macros.merge(include.macros.mapValues { $0.filling(fills) }) { _, new in new }
        return TemplateNode.filling(include.nodes, fills) ?? include.nodes
    }

    /// The file that the include path `name` names, and its path as messages give it.
    private func locate(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> (url: URL, path: String) {
        if let found = folder.location(of: name) { return found }
        let url = try resolve(name, at: location)
        let found = (url: url, path: folder.displayPath(standardized: url.path))
        folder.keep(found, of: name)
        return found
    }

    /// Reads and parses the file at `url`, or takes it from `folder` if it was read before.
    private func read(_ url: URL, path: String, name: String,
                      requestedAt: SourceLocation) throws(DiagnosticError) -> (TemplateSource, XMLTree) {
        if let file = folder.file(path) { return file }
        let data = try folder.read(url, name: name, at: requestedAt)
        let source = TemplateSource(path: path, data: data)
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: path) } catch {
            if error.refusedDoctype { throw DiagnosticError(error.diagnostic()) }
            let first = error.first
            var location = SourceLocation(path: path, line: first.line, column: max(first.column, 1))
            // libxml2 stops just after a bare `&`; the caret belongs under the `&` itself.
            if first.message.contains("EntityRef") { location = Cursor(source: source).ampersand(before: location) }
            // libxml2 reads no deeper than 256 elements, and its message suggests an option that is
            // not the template's to set.
            if first.message.contains("Excessive depth") {
                throw DiagnosticError(.error(at: location, "the template nests elements more than 256 deep",
                                             hint: "templates may nest elements at most 256 deep: move the inner part into a macro"))
            }
            throw DiagnosticError(.error(at: location, "the template is not well-formed XML: \(first.message)",
                                         hint: "templates are XML: close every element, quote every attribute, write & as &amp;"))
        }
        folder.keep(source, tree)
        return (source, tree)
    }

    /// Resolves an include path inside the templates folder only: no absolute paths, no `..`, and
    /// no symlink that leads out. The URL is standardised.
    func resolve(_ name: String, at location: SourceLocation) throws(DiagnosticError) -> URL {
        var hint: String { "templates may include only files inside \(displayPath(root)), by a relative path such as shared/masthead.xml" }
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
                                         hint: Suggestion.hint(for: name, in: known)
                                            ?? (known.isEmpty ? "\(displayPath(root)) holds no templates: is it the templates folder? (plenary build --templates DIR)"
                                                              : "the templates are \(known.sorted().joined(separator: ", "))")))
        }
        let real = TemplateFolder.realPath(url.path) ?? url.resolvingSymlinksInPath().path
        guard real.hasPrefix(folder.realRoot + "/") else {
            throw DiagnosticError(.error(at: location, "`\(name)` is a link that leads outside the templates folder", hint: hint))
        }
        return url
    }


    private mutating func compileExtends(_ element: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> [TemplateNode] {
        var tag = cursor.startTag("extends")
        let location = tag.location
        guard let base = element.attribute("src") else {
            throw DiagnosticError(.error(at: location, "`<t:extends>` needs `src`, the layout it fills"))
        }
        let baseAt = cursor.attribute("src", base, of: &tag).value.location(at: 0)
        var fills: [String: ([TemplateNode], SourceLocation)] = [:]
        for child in element.children {
            switch child.kind {
            case .text:
                let text = cursor.text(child.textContent)
                if let first = text.codes.firstIndex(where: { !CharacterCode.isWhitespace($0) }) {
                    throw DiagnosticError(.error(at: text.location(at: first), "inside `<t:extends>` only `<t:block>` and `<t:macro>` may stand",
                                                 hint: "put content in a block the layout defines"))
                }
            case .element where child.namespaceURI == templateNamespace && child.name == "block":
                let blockTag = cursor.startTag("block")
                guard let name = child.attribute("name") else {
                    throw DiagnosticError(.error(at: blockTag.location, "`<t:block>` needs a `name`"))
                }
                if let (_, first) = fills[name] {
                    throw DiagnosticError(.error(at: blockTag.location, "the block `\(name)` is filled twice", hint: "the first one is at \(first)"))
                }
                fills[name] = (try compileChildren(of: child, cursor: &cursor), blockTag.location)
                cursor.leave(blockTag)
            case .element where child.namespaceURI == templateNamespace && child.name == "macro", .comment, .other:
                _ = try compileNode(child, cursor: &cursor)
            case .element:
                throw DiagnosticError(.error(at: cursor.startTag(child.name).location, "inside `<t:extends>` only `<t:block>` and `<t:macro>` may stand",
                                             hint: "put content in a block the layout defines"))
            }
        }
        let savedOverrides = blockOverrides, savedSeen = blocksSeen
        blockOverrides = fills.mapValues(\.0)
        blocksSeen = []
        defer { blockOverrides = savedOverrides; blocksSeen = savedSeen }
        let nodes = try compile(base, requestedAt: baseAt, by: "extends")
        let unknown = fills.filter { !blocksSeen.contains($0.key) }.sorted { ($0.value.1.line, $0.value.1.column) < ($1.value.1.line, $1.value.1.column) }
        if !unknown.isEmpty {
            throw DiagnosticError(unknown.map { name, fill in
                .error(at: fill.1, "the layout `\(base)` has no block `\(name)`",
                       hint: Suggestion.hint(for: name, in: blocksSeen) ?? "its blocks are \(blocksSeen.sorted().joined(separator: ", "))")
            })
        }
        return nodes
    }

    /// `<t:macro name="…" params="a, b = 'default'">`; its start tag is already read.
    private mutating func compileMacro(_ element: XMLNode, tag: inout Cursor.Tag, cursor: inout Cursor) throws(DiagnosticError) {
        let location = tag.location
        guard let name = element.attribute("name") else { throw DiagnosticError(.error(at: location, "`<t:macro>` needs a `name`")) }
        if let existing = macros[name] {
            throw DiagnosticError(.error(at: location, "the macro `\(name)` is already defined", hint: "at \(existing.location)"))
        }
        var parameters: [(name: String, defaultValue: Expression?)] = []
        if let list = element.attribute("params") {
            let params = cursor.attribute("params", list, of: &tag).value
            for piece in params.split(separator: ",") where !piece.isBlank {
                let equals = piece.firstIndex(of: "=")
                let parameter = piece[0..<(equals ?? piece.count)].trimmed()
                guard Self.isName(parameter.string) else {
                    throw DiagnosticError(.error(at: piece.trimmed().location(at: 0), "`params` is a list of `name` or `name = default`, separated by commas",
                                                 hint: "for example params=\"items, extra=''\""))
                }
                if parameters.contains(where: { $0.name == parameter.string }) {
                    throw DiagnosticError(.error(at: parameter.location(at: 0), "the parameter `\(parameter.string)` is listed twice"))
                }
                let defaultValue = try equals.map { equals throws(DiagnosticError) in try ExpressionParser.parse(piece[(equals + 1)..<piece.count]) }
                parameters.append((parameter.string, defaultValue))
            }
        }
        // The body renders where the macro is called, not inside whatever element defines it.
        let outerRawText = rawText
        rawText = nil
        defer { rawText = outerRawText }
        let body = try compileChildren(of: element, cursor: &cursor)
        macros[name] = Macro(name: name, parameters: parameters, body: body, location: location)
    }

    private mutating func compileChildren(of element: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> [TemplateNode] {
        let children = element.children
        var nodes: [TemplateNode] = []
        nodes.reserveCapacity(children.count)
        var problems: [Diagnostic] = []
        // Set once a chain of `t:elif`s is too long: the rest of it is not reported again.
        var chainTooLong = false
        for child in children {
            do throws(DiagnosticError) {
                guard let node = try compileNode(child, cursor: &cursor) else { continue }
                if case .element(let compiled) = node, compiled.directives.isElse {
                    if chainTooLong { continue }
                    if case .element(let head)? = nodes.last, head.elseBranchCount >= TemplateLimits.elseBranches {
                        chainTooLong = true
                        throw DiagnosticError(.error(at: compiled.location, "more than \(TemplateLimits.elseBranches) `t:elif`/`t:else` follow one `t:if`",
                                                     hint: "choose with a catalog key or a macro per case, or split the chain with t:fragment"))
                    }
                    guard attachElse(compiled, to: &nodes) else {
                        throw DiagnosticError(.error(at: compiled.location, "`t:else` or `t:elif` must follow an element with `t:if` or `t:elif`",
                                                     hint: "put it on the element right after the conditional one"))
                    }
                    continue
                }
                chainTooLong = false
                nodes.append(node)
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return nodes
    }

    private func attachElse(_ branch: TemplateElement, to nodes: inout [TemplateNode]) -> Bool {
        guard case .element(let previous)? = nodes.last, let chained = previous.appending(elseBranch: branch) else { return false }
        nodes[nodes.count - 1] = .element(chained)
        return true
    }

    /// Compiles one node, reading its source text in step (see `Cursor`).
    private mutating func compileNode(_ node: XMLNode, cursor: inout Cursor) throws(DiagnosticError) -> TemplateNode? {
        switch node.kind {
        case .comment:
            cursor.comment()
            return nil
        case .other:
            cursor.skipReference()
            return nil
        case .text:
            let text = Whitespace.normalise(cursor.text(node.textContent))
            guard text.count > 0 else { return nil }
            let compiled = try interpolation(text)
            if let rawText { try checkRawText(text, compiled, in: rawText) }
            return .text(compiled)
        case .element:
            // Read once: each read makes a new String.
            let name = node.name, namespace = node.namespaceURI
            var tag = cursor.startTag(name)
            do throws(DiagnosticError) {
                if let rawText, !(namespace == templateNamespace && (name == "fragment" || name == "macro")) {
                    throw DiagnosticError(.error(at: tag.location, "only text may stand inside `<\(rawText)>`",
                                                 hint: "HTML writes the text of a <\(rawText)> element as it is; an element, include, call or block cannot stand in it (a <t:fragment> for t:if or t:for can)"))
                }
                let compiled: TemplateNode?
                if namespace == templateNamespace {
                    compiled = try compileDirectiveElement(node, name: name, tag: &tag, cursor: &cursor)
                } else {
                    compiled = .element(try compileElement(node, name: name, namespace: namespace, tag: &tag, cursor: &cursor))
                }
                cursor.leave(tag)
                return compiled
            } catch {
                // Skip what is left of the element, so the siblings' locations stay exact.
                cursor.leave(tag, fromStart: true)
                throw error
            }
        }
    }

    private mutating func compileDirectiveElement(_ node: XMLNode, name elementName: String, tag: inout Cursor.Tag,
                                                  cursor: inout Cursor) throws(DiagnosticError) -> TemplateNode? {
        let location = tag.location
        switch elementName {
        case "include":
            guard let src = node.attribute("src") else { throw DiagnosticError(.error(at: location, "`<t:include>` needs `src`")) }
            let srcAt = cursor.attribute("src", src, of: &tag).value.location(at: 0)
            // `t:if`, `t:for`… on an include apply to what it includes.
            var directives = TemplateElement.Directives()
            for attribute in node.attributes where attribute.namespaceURI == templateNamespace {
                try directive(attribute.name, cursor.attribute(attribute.name, attribute.value, of: &tag), into: &directives)
            }
            return .element(.fragment(try compileInclude(src, requestedAt: srcAt), directives: directives, at: location))
        case "macro":
            try compileMacro(node, tag: &tag, cursor: &cursor)
            return nil
        case "call":
            guard let name = node.attribute("macro") else { throw DiagnosticError(.error(at: location, "`<t:call>` needs `macro`")) }
            let callAt = cursor.attribute("macro", name, of: &tag).value.location(at: 0)
            var arguments: [(name: String, value: Expression, location: SourceLocation)] = []
            // `t:if`, `t:for`… on a call apply to the call; the other attributes are its arguments.
            var directives = TemplateElement.Directives()
            for attribute in node.attributes where !(attribute.name == "macro" && attribute.namespaceURI == nil) {
                let source = cursor.attribute(attribute.name, attribute.value, of: &tag)
                if attribute.namespaceURI == templateNamespace {
                    try directive(attribute.name, source, into: &directives)
                    continue
                }
                arguments.append((attribute.name, try ExpressionParser.parse(source.value), source.name))
            }
            return .element(.fragment([.call(MacroCall(name: name, arguments: arguments, location: callAt))], directives: directives, at: location))
        case "block":
            guard let name = node.attribute("name") else { throw DiagnosticError(.error(at: location, "`<t:block>` needs a `name`")) }
            blocksSeen.insert(name)
            let own = try compileChildren(of: node, cursor: &cursor)
            return .element(.fragment(blockOverrides[name] ?? own, block: name, at: location))
        case "fragment":
            return .element(try compileElement(node, name: elementName, namespace: templateNamespace, isFragment: true, tag: &tag, cursor: &cursor))
        case "extends":
            throw DiagnosticError(.error(at: location, "`<t:extends>` must be the root element of its template",
                                         hint: "a template that fills a layout starts with <t:extends src=\"…\">"))
        default:
            throw DiagnosticError(.error(at: location, "unknown template element `<t:\(elementName)>`",
                                         hint: Suggestion.hint(for: elementName, in: Self.elements, format: { "did you mean `<t:\($0)>`?" })
                                            ?? "the template elements are \(Self.elements.map { "<t:\($0)>" }.joined(separator: ", "))"))
        }
    }

    private mutating func compileElement(_ node: XMLNode, name: String, namespace: String?, isFragment: Bool = false, tag: inout Cursor.Tag,
                                         cursor: inout Cursor) throws(DiagnosticError) -> TemplateElement {
        let location = tag.location
        var attributes: [(name: String, value: Interpolation)] = []
        var directives = TemplateElement.Directives()
        for attribute in node.attributes {
            let source = cursor.attribute(attribute.name, attribute.value, of: &tag)
            if attribute.namespaceURI == templateNamespace {
                try directive(attribute.name, source, into: &directives)
            } else {
                let name = attribute.namespaceURI == "http://www.w3.org/XML/1998/namespace" ? "xml:\(attribute.name)" : attribute.name
                let value = try interpolation(source.value, url: MarkupContext.isURL(attribute: attribute.name))
                if value.constant == nil && MarkupContext.isCode(attribute: attribute.name) {
                    throw DiagnosticError(.error(at: source.name, "`\(name)` cannot hold `{…}`: its value is \(name.lowercased() == "srcdoc" ? "HTML" : "JavaScript")",
                                                 hint: "a value written there could run as code; put it in a data- attribute (data-symbol=\"{doc.symbol}\") and keep `\(name)` literal"))
                }
                attributes.append((name, value))
            }
        }
        // `t:content` goes inside this element, `t:replace` where it stands.
        let own = isFragment ? nil : MarkupContext.rawTextElement(name, namespace: namespace)
        if let context = own ?? rawText, let (expression, location) = directives.content {
            try checkRawText(expression, at: location, in: context)
        }
        if let rawText, let (expression, location) = directives.replace {
            try checkRawText(expression, at: location, in: rawText)
        }
        let outerRawText = rawText
        rawText = own ?? rawText
        defer { rawText = outerRawText }
        return TemplateElement(name: name, namespace: namespace, attributes: attributes, directives: directives,
                               children: try compileChildren(of: node, cursor: &cursor), location: location, isFragment: isFragment)
    }

    /// A name a template may bind: a loop variable, a `t:let` name, a macro parameter.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    private func directive(_ name: String, _ source: Cursor.AttributeText,
                           into directives: inout TemplateElement.Directives) throws(DiagnosticError) {
        let value = source.value
        let valueAt = value.location(at: 0)
        switch name {
        case "if": directives.condition = (try ExpressionParser.parse(value), valueAt)
        case "elif":
            directives.condition = (try ExpressionParser.parse(value), valueAt)
            directives.isElse = true
        case "else":
            guard value.isBlank else {
                throw DiagnosticError(.error(at: valueAt, "`t:else` takes no condition", hint: "write t:else=\"\", or t:elif=\"…\" for another condition"))
            }
            directives.isElse = true
        case "for":
            guard let separator = value.firstRange(of: " in "), Self.isName(value[0..<separator.lowerBound].trimmed().string) else {
                throw DiagnosticError(.error(at: valueAt, "`t:for` is written `name in list`", hint: "for example t:for=\"para in section.content\""))
            }
            directives.loop = (value[0..<separator.lowerBound].trimmed().string,
                               try ExpressionParser.parse(value[separator.upperBound..<value.count]), valueAt)
        case "let":
            for binding in value.split(separator: ";") where !binding.isBlank {
                let equals = binding.firstIndex(of: "=")
                let bound = binding[0..<(equals ?? 0)].trimmed()
                guard let equals, Self.isName(bound.string) else {
                    throw DiagnosticError(.error(at: binding.trimmed().location(at: 0), "`t:let` is written `name = expression`",
                                                 hint: "several bindings are separated by `;`"))
                }
                directives.lets.append((bound.string, try ExpressionParser.parse(binding[(equals + 1)..<binding.count]), bound.location(at: 0)))
            }
        case "content": directives.content = (try ExpressionParser.parse(value), valueAt)
        case "replace": directives.replace = (try ExpressionParser.parse(value), valueAt)
        case "omit-tag": directives.omitTag = value.isBlank ? .bool(true) : try ExpressionParser.parse(value)
        default:
            throw DiagnosticError(.error(at: source.name, "unknown directive `t:\(name)`",
                                         hint: Suggestion.hint(for: name, in: Self.directives, format: { "did you mean `t:\($0)`?" })
                                            ?? "the directives are \(Self.directives.map { "t:\($0)" }.joined(separator: ", "))"))
        }
    }

    /// Text inside a raw-text element (`MarkupContext`): no literal `</style` or `</script` (a
    /// character reference such as `&lt;/style>` is one once parsed), and every `{…}` escaped for it.
    private func checkRawText(_ text: PlacedText, _ compiled: Interpolation, in element: String) throws(DiagnosticError) {
        if let (offset, found) = MarkupContext.breakout(in: text.codes, element: element) {
            throw DiagnosticError(.error(at: text.location(at: offset), "`\(found)` cannot stand inside `<\(element)>`: \(found == "<!--" ? "HTML reads the script differently after it" : "it would end the element")",
                                         hint: "HTML reads the text of a <\(element)> element up to the first </\(element)\(element == "script" ? " (and treats <!-- specially)" : "")"))
        }
        for case .expression(let expression, _, let location) in compiled.parts {
            try checkRawText(expression, at: location, in: element)
        }
    }

    /// A value written inside a raw-text element: in a `<style>`, only as a CSS string (`css-string`
    /// last); in a `<script>`, not at all.
    private func checkRawText(_ expression: Expression, at location: SourceLocation, in element: String) throws(DiagnosticError) {
        if element == "style" {
            if case .filter(_, "css-string", _, _) = expression { return }
            throw DiagnosticError(.error(at: location, "a value inside `<style>` must be written as a CSS string, with `| css-string` last",
                                         hint: "HTML writes a <style> element's text as it is, so a value holding </style> would end it; write content: {doc.symbol | css-string}; which gives content: \"UNEP/…\";"))
        }
        throw DiagnosticError(.error(at: location, "a value cannot stand inside `<\(element)>`",
                                     hint: "HTML writes a <script> element's text as it is, and Plenary has no escaping for JavaScript: put the value in a data- attribute (data-symbol=\"{doc.symbol}\") and read it from the script"))
    }

    /// Splits `text` into literals and `{expression}`s; `{{` and `}}` stand for literal braces.
    /// `url`: the text is a URL attribute's, whose scheme is checked when rendered.
    private func interpolation(_ text: PlacedText, url: Bool = false) throws(DiagnosticError) -> Interpolation {
        var parts: [Interpolation.Part] = []
        // The literal so far: the text from `uncopied` on, after what `{{` or `}}` made a brace of.
        var literal: [UInt8] = [], uncopied = 0
        func endLiteral(at end: Int) {
            if literal.isEmpty {
                if end > uncopied { parts.append(.literal(text.string(uncopied..<end))) }
            } else {
                literal += text.utf8(uncopied..<end)
                parts.append(.literal(String(decoding: literal, as: UTF8.self)))
                literal = []
            }
        }
        let codes = text.codes
        var index = 0
        while index < codes.count {
            let code = codes[index]
            let next = index + 1 < codes.count ? codes[index + 1] : nil
            if code == UInt8(ascii: "{") && next == UInt8(ascii: "{") || code == UInt8(ascii: "}") && next == UInt8(ascii: "}") {
                literal += text.utf8(uncopied..<(index + 1))
                index += 2
                uncopied = index
                continue
            }
            guard code == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            // The closing brace, outside any quoted string.
            var close = index + 1, quote: UInt8?
            while close < codes.count {
                let c = codes[close]
                if let open = quote {
                    if c == open { quote = nil }
                } else if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
                    quote = c
                } else if c == UInt8(ascii: "}") {
                    break
                }
                close += 1
            }
            guard close < codes.count else {
                throw DiagnosticError(.error(at: text.location(at: index), "`{` is never closed",
                                             hint: "close the expression with `}`, or write `{{` for a literal brace"))
            }
            endLiteral(at: index)
            let source = text[(index + 1)..<close]
            parts.append(.expression(try ExpressionParser.parse(source), source: source.string, location: source.location(at: 0)))
            index = close + 1
            uncopied = index
        }
        endLiteral(at: codes.count)
        return Interpolation(parts: parts, isURL: url)
    }
}
