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
    /// `request` says how it was asked for (`include` or `extends`), for the message of a cycle.
    mutating func compile(_ name: String, requestedAt: SourceLocation, by request: String = "include") throws(DiagnosticError) -> [TemplateNode] {
        let url = try resolve(name, at: requestedAt)
        let path = displayPath(url)
        if includeChain.contains(path) {
            throw DiagnosticError(.error(at: requestedAt, "\(request) cycle: \((includeChain + [path]).joined(separator: " → "))",
                                         hint: "a template cannot include or extend itself, directly or through others"))
        }
        includeChain.append(path)
        defer { includeChain.removeLast() }
        files.append(path)

        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DiagnosticError(.error(at: requestedAt, "cannot read the template `\(name)`"))
        }
        var cursor = Cursor(path: path, text: String(decoding: data, as: UTF8.self))
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: path) } catch {
            let first = error.first
            var location = SourceLocation(path: path, line: first.line, column: max(first.column, 1))
            // libxml2 stops just after a bare `&`; the caret belongs under the `&` itself.
            if first.message.contains("EntityRef") { location = cursor.ampersand(before: location) }
            throw DiagnosticError(.error(at: location, "the template is not well-formed XML: \(first.message)",
                                         hint: "templates are XML: close every element, quote every attribute, write & as &amp;"))
        }
        guard let rootElement = tree.root else {
            throw DiagnosticError(.error(at: .file(path), "the template has no root element"))
        }
        if rootElement.namespaceURI == templateNamespace && rootElement.name == "extends" {
            return try compileExtends(rootElement, cursor: &cursor)
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
                if let first = text.characters.firstIndex(where: { !$0.isWhitespace }) {
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
            for piece in params.split(separator: ",") where !piece.string.allSatisfy(\.isWhitespace) {
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
            guard !text.characters.isEmpty else { return nil }
            return .text(try interpolation(text))
        case .element:
            var tag = cursor.startTag(node.name)
            do throws(DiagnosticError) {
                let compiled: TemplateNode?
                if node.namespaceURI == templateNamespace {
                    compiled = try compileDirectiveElement(node, tag: &tag, cursor: &cursor)
                } else {
                    compiled = .element(try compileElement(node, tag: &tag, cursor: &cursor))
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

    private mutating func compileDirectiveElement(_ node: XMLNode, tag: inout Cursor.Tag, cursor: inout Cursor) throws(DiagnosticError) -> TemplateNode? {
        let location = tag.location
        switch node.name {
        case "include":
            guard let src = node.attribute("src") else { throw DiagnosticError(.error(at: location, "`<t:include>` needs `src`")) }
            let srcAt = cursor.attribute("src", src, of: &tag).value.location(at: 0)
            // `t:if`, `t:for`… on an include apply to what it includes.
            var wrapper = fragment([], at: location)
            for attribute in node.attributes where attribute.namespaceURI == templateNamespace {
                try directive(attribute.name, cursor.attribute(attribute.name, attribute.value, of: &tag), into: &wrapper.directives)
            }
            wrapper.children = try compile(src, requestedAt: srcAt)
            return .element(wrapper)
        case "macro":
            try compileMacro(node, tag: &tag, cursor: &cursor)
            return nil
        case "call":
            guard let name = node.attribute("macro") else { throw DiagnosticError(.error(at: location, "`<t:call>` needs `macro`")) }
            var call = MacroCall(name: name, arguments: [], location: cursor.attribute("macro", name, of: &tag).value.location(at: 0))
            // `t:if`, `t:for`… on a call apply to the call; the other attributes are its arguments.
            var wrapper = fragment([], at: location)
            for attribute in node.attributes where !(attribute.name == "macro" && attribute.namespaceURI == nil) {
                let source = cursor.attribute(attribute.name, attribute.value, of: &tag)
                if attribute.namespaceURI == templateNamespace {
                    try directive(attribute.name, source, into: &wrapper.directives)
                    continue
                }
                call.arguments.append((attribute.name, try ExpressionParser.parse(source.value), source.name))
            }
            wrapper.children = [.call(call)]
            return .element(wrapper)
        case "block":
            guard let name = node.attribute("name") else { throw DiagnosticError(.error(at: location, "`<t:block>` needs a `name`")) }
            blocksSeen.insert(name)
            let own = try compileChildren(of: node, cursor: &cursor)
            return .element(fragment(blockOverrides[name] ?? own, at: location))
        case "fragment":
            var element = try compileElement(node, tag: &tag, cursor: &cursor)
            element.isFragment = true
            return .element(element)
        case "extends":
            throw DiagnosticError(.error(at: location, "`<t:extends>` must be the root element of its template",
                                         hint: "a template that fills a layout starts with <t:extends src=\"…\">"))
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

    private mutating func compileElement(_ node: XMLNode, tag: inout Cursor.Tag, cursor: inout Cursor) throws(DiagnosticError) -> TemplateElement {
        var element = TemplateElement(name: node.name, namespace: node.namespaceURI, attributes: [], directives: .init(),
                                      children: [], location: tag.location, elseBranches: [], isFragment: false)
        for attribute in node.attributes {
            let source = cursor.attribute(attribute.name, attribute.value, of: &tag)
            if attribute.namespaceURI == templateNamespace {
                try directive(attribute.name, source, into: &element.directives)
            } else {
                let name = attribute.namespaceURI == "http://www.w3.org/XML/1998/namespace" ? "xml:\(attribute.name)" : attribute.name
                element.attributes.append((name, try interpolation(source.value)))
            }
        }
        element.children = try compileChildren(of: node, cursor: &cursor)
        return element
    }

    /// A name a template may bind: a loop variable, a `t:let` name, a macro parameter.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    private func directive(_ name: String, _ source: (name: SourceLocation, value: PlacedText),
                           into directives: inout TemplateElement.Directives) throws(DiagnosticError) {
        let value = source.value
        let valueAt = value.location(at: 0)
        switch name {
        case "if": directives.condition = (try ExpressionParser.parse(value), valueAt)
        case "elif":
            directives.condition = (try ExpressionParser.parse(value), valueAt)
            directives.isElse = true
        case "else":
            guard value.string.allSatisfy(\.isWhitespace) else {
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
            for binding in value.split(separator: ";") where !binding.string.allSatisfy(\.isWhitespace) {
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
        case "omit-tag": directives.omitTag = value.string.allSatisfy(\.isWhitespace) ? .bool(true) : try ExpressionParser.parse(value)
        default:
            throw DiagnosticError(.error(at: source.name, "unknown directive `t:\(name)`",
                                         hint: Suggestion.hint(for: name, in: Self.directives, format: { "did you mean `t:\($0)`?" })
                                            ?? "the directives are \(Self.directives.map { "t:\($0)" }.joined(separator: ", "))"))
        }
    }

    /// Splits `text` into literals and `{expression}`s; `{{` and `}}` stand for literal braces.
    private func interpolation(_ text: PlacedText) throws(DiagnosticError) -> Interpolation {
        var parts: [Interpolation.Part] = []
        var literal = ""
        let characters = text.characters
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "{" && next == "{" || character == "}" && next == "}" {
                literal.append(character)
                index += 2
                continue
            }
            guard character == "{" else {
                literal.append(character)
                index += 1
                continue
            }
            // The closing brace, outside any quoted string.
            var close = index + 1, quote: Character?
            while close < characters.count {
                let c = characters[close]
                if let open = quote { if c == open { quote = nil } } else if c == "'" || c == "\"" { quote = c } else if c == "}" { break }
                close += 1
            }
            guard close < characters.count else {
                throw DiagnosticError(.error(at: text.location(at: index), "`{` is never closed",
                                             hint: "close the expression with `}`, or write `{{` for a literal brace"))
            }
            let source = text[(index + 1)..<close]
            if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
            parts.append(.expression(try ExpressionParser.parse(source), source: source.string, location: source.location(at: 0)))
            index = close + 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return Interpolation(parts: parts)
    }
}

/// Text from a template file with the place of each of its characters, so that an error inside an
/// expression points at its real line and column even after an entity (`&lt;`), a line break
/// inside an attribute, or indentation collapsed by `Whitespace`.
struct PlacedText {
    var characters: [Character]
    /// One place per character.
    var positions: [SourceLocation]
    /// Just after the last character.
    var end: SourceLocation

    init(characters: [Character], positions: [SourceLocation], end: SourceLocation) {
        self.characters = characters
        // If the two ever disagree (a construct the cursor does not know), the end stands in.
        self.positions = Array((positions + Array(repeating: end, count: max(0, characters.count - positions.count))).prefix(characters.count))
        self.end = end
    }

    /// Text written on one line from `start`.
    init(_ text: String, at start: SourceLocation) {
        let characters = Array(text)
        self.init(characters: characters,
                  positions: characters.indices.map { SourceLocation(path: start.path, line: start.line, column: start.column + $0) },
                  end: SourceLocation(path: start.path, line: start.line, column: start.column + characters.count))
    }

    var string: String { String(characters) }
    var count: Int { characters.count }

    func location(at offset: Int) -> SourceLocation { offset >= 0 && offset < positions.count ? positions[offset] : end }

    subscript(range: Range<Int>) -> PlacedText {
        PlacedText(characters: Array(characters[range]), positions: Array(positions[range]), end: location(at: range.upperBound))
    }

    func trimmed() -> PlacedText {
        guard let first = characters.firstIndex(where: { !$0.isWhitespace }),
              let last = characters.lastIndex(where: { !$0.isWhitespace }) else { return self[count..<count] }
        return self[first..<(last + 1)]
    }

    func firstIndex(of character: Character) -> Int? { characters.firstIndex(of: character) }

    func firstRange(of needle: String) -> Range<Int>? {
        let needle = Array(needle)
        guard needle.count <= count else { return nil }
        for start in 0...(count - needle.count) where Array(characters[start..<(start + needle.count)]) == needle {
            return start..<(start + needle.count)
        }
        return nil
    }

    /// Splits at `separator` where it stands outside quotes and parentheses.
    func split(separator: Character) -> [PlacedText] {
        var pieces: [PlacedText] = []
        var start = 0, depth = 0, quote: Character?
        for (index, character) in characters.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
            } else if character == separator && depth == 0 {
                pieces.append(self[start..<index])
                start = index + 1
            }
        }
        pieces.append(self[start..<count])
        return pieces
    }
}

/// Reads the template's source text in step with the compiler, which visits libxml2's nodes in
/// document order: start tags (with each attribute's place), text, comments, end tags. libxml2
/// gives elements a line but no column, and decodes entities and line breaks; the cursor gives
/// every character of an attribute value or a text its real line and column.
struct Cursor {
    let path: String
    private let characters: [Character]
    private let lines: [Int]
    private let columns: [Int]
    /// The next character to read.
    private(set) var index = 0

    struct Tag {
        var location: SourceLocation
        var attributes: [Attribute]
        var selfClosing: Bool
        /// Just after the start tag's `>`.
        var end: Int
    }

    struct Attribute {
        var localName: String
        var isNamespaceDeclaration: Bool
        var name: SourceLocation
        /// The value's characters in the file, quotes excluded.
        var value: Range<Int>
        var taken = false
    }

    init(path: String, text: String) {
        self.path = path
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // XML reads CRLF and CR as one line break, and so does libxml2's line count.
        characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        var lines: [Int] = [], columns: [Int] = []
        lines.reserveCapacity(characters.count + 1)
        columns.reserveCapacity(characters.count + 1)
        var line = 1, column = 1
        for character in characters {
            lines.append(line)
            columns.append(column)
            if character == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        lines.append(line)
        columns.append(column)
        self.lines = lines
        self.columns = columns
    }

    func location(_ index: Int) -> SourceLocation {
        let index = min(max(index, 0), characters.count)
        return SourceLocation(path: path, line: lines[index], column: columns[index])
    }

    private func matches(_ needle: String, at index: Int) -> Bool {
        var position = index
        for character in needle {
            guard position < characters.count, characters[position] == character else { return false }
            position += 1
        }
        return true
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        guard let first = needle.first else { return nil }
        var index = max(start, 0)
        while index < characters.count {
            if characters[index] == first && matches(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// After a comment, CDATA section, processing instruction or DOCTYPE that starts at `index`;
    /// nil if none starts there.
    private func afterMarkup(at index: Int) -> Int? {
        if matches("<!--", at: index) { return (find("-->", from: index + 4) ?? characters.count) + 3 }
        if matches("<![CDATA[", at: index) { return (find("]]>", from: index + 9) ?? characters.count) + 3 }
        if matches("<?", at: index) { return (find("?>", from: index + 2) ?? characters.count) + 2 }
        if matches("<!", at: index) {
            var position = index + 2, inSubset = false
            while position < characters.count {
                switch characters[position] {
                case "[": inSubset = true
                case "]": inSubset = false
                case ">" where !inSubset: return position + 1
                default: break
                }
                position += 1
            }
            return characters.count
        }
        return nil
    }

    /// Reads the start tag of the next element called `localName` (with any prefix) and its
    /// attributes, and moves past it.
    mutating func startTag(_ localName: String) -> Tag {
        var search = index
        while let open = find("<", from: search) {
            if let after = afterMarkup(at: open) { search = after; continue }
            var position = open + 1
            while position < characters.count, !characters[position].isWhitespace, characters[position] != ">", characters[position] != "/" {
                position += 1
            }
            let name = String(characters[(open + 1)..<position])
            guard !name.hasPrefix("/"), name.split(separator: ":").last.map(String.init) == localName else {
                search = max(position, open + 1)
                continue
            }
            var attributes: [Attribute] = []
            var selfClosing = false
            while position < characters.count {
                if characters[position].isWhitespace { position += 1; continue }
                if characters[position] == ">" { position += 1; break }
                if matches("/>", at: position) { position += 2; selfClosing = true; break }
                let nameStart = position
                while position < characters.count, !characters[position].isWhitespace, !"=>/".contains(characters[position]) { position += 1 }
                let qualified = String(characters[nameStart..<position])
                while position < characters.count, characters[position] != "\"", characters[position] != "'", characters[position] != ">" { position += 1 }
                guard position < characters.count, characters[position] != ">" else { continue }
                let quote = characters[position]
                let valueEnd = find(String(quote), from: position + 1) ?? characters.count
                attributes.append(Attribute(localName: qualified.split(separator: ":").last.map(String.init) ?? qualified,
                                            isNamespaceDeclaration: qualified == "xmlns" || qualified.hasPrefix("xmlns:"),
                                            name: location(nameStart), value: (position + 1)..<valueEnd))
                position = valueEnd + 1
            }
            index = min(position, characters.count)
            return Tag(location: location(open), attributes: attributes, selfClosing: selfClosing, end: index)
        }
        return Tag(location: location(index), attributes: [], selfClosing: true, end: index)
    }

    /// The next attribute `localName` of `tag` not taken yet: where its name is, and its value (as
    /// libxml2 gives it) with the place of each character.
    func attribute(_ localName: String, _ value: String, of tag: inout Tag) -> (name: SourceLocation, value: PlacedText) {
        guard let found = tag.attributes.firstIndex(where: { !$0.taken && !$0.isNamespaceDeclaration && $0.localName == localName }) else {
            return (tag.location, PlacedText(value, at: tag.location))
        }
        tag.attributes[found].taken = true
        let range = tag.attributes[found].value
        var positions: [SourceLocation] = []
        var position = range.lowerBound
        while position < range.upperBound {
            positions.append(location(position))
            position = afterReference(at: position, limit: range.upperBound) ?? position + 1
        }
        return (tag.attributes[found].name, PlacedText(characters: Array(value), positions: positions, end: location(range.upperBound)))
    }

    /// After the entity or character reference that starts at `index` (one character once read).
    private func afterReference(at index: Int, limit: Int, predefinedOnly: Bool = false) -> Int? {
        guard characters[index] == "&" else { return nil }
        var position = index + 1
        while position < limit, position - index <= 32, characters[position] != ";" { position += 1 }
        guard position < limit, characters[position] == ";" else { return nil }
        let name = String(characters[(index + 1)..<position])
        if predefinedOnly && !name.hasPrefix("#") && !["lt", "gt", "amp", "quot", "apos"].contains(name) { return nil }
        return position + 1
    }

    /// Reads the text node that starts here (`decoded` is its text as libxml2 gives it).
    mutating func text(_ decoded: String) -> PlacedText {
        let characters = Array(decoded)
        var positions: [SourceLocation] = []
        var position = index
        while positions.count < characters.count, position < self.characters.count {
            if matches("<![CDATA[", at: position) {
                position += 9
                while position < self.characters.count, !matches("]]>", at: position), positions.count < characters.count {
                    positions.append(location(position))
                    position += 1
                }
                if matches("]]>", at: position) { position += 3 }
                continue
            }
            if self.characters[position] == "<" { break }
            if self.characters[position] == "&" {
                // A reference to an entity of the DTD is a node of its own.
                guard let after = afterReference(at: position, limit: self.characters.count, predefinedOnly: true) else { break }
                positions.append(location(position))
                position = after
                continue
            }
            positions.append(location(position))
            position += 1
        }
        index = position
        return PlacedText(characters: characters, positions: positions, end: location(position))
    }

    /// Moves past the comment that comes next.
    mutating func comment() {
        if let open = find("<!--", from: index) { index = afterMarkup(at: open) ?? index }
    }

    /// Moves past an entity reference or processing instruction that comes next.
    mutating func skipReference() {
        if let after = afterReference(at: index, limit: characters.count) ?? (matches("<?", at: index) ? afterMarkup(at: index) : nil) {
            index = after
        }
    }

    /// Moves past the end of the element whose start tag is `tag`: from the current place once its
    /// children are read, or `fromStart` (after its start tag) to skip whatever is left of it.
    mutating func leave(_ tag: Tag, fromStart: Bool = false) {
        var position = fromStart ? tag.end : max(index, tag.end)
        guard !tag.selfClosing else { index = max(index, tag.end); return }
        var depth = 1
        while depth > 0, let open = find("<", from: position) {
            if let after = afterMarkup(at: open) { position = after; continue }
            if matches("</", at: open) {
                depth -= 1
                position = (find(">", from: open) ?? characters.count) + 1
                continue
            }
            var close = open + 1, quote: Character?
            while close < characters.count {
                let character = characters[close]
                if let open = quote { if character == open { quote = nil } } else if character == "\"" || character == "'" { quote = character } else if character == ">" { break }
                close += 1
            }
            if close < characters.count, characters[close - 1] != "/" { depth += 1 }
            position = close + 1
        }
        index = min(position, characters.count)
    }

    /// The `&` that libxml2 complains about just before `location`, if there is one on its line.
    func ampersand(before location: SourceLocation) -> SourceLocation {
        guard let start = lines.firstIndex(of: location.line) else { return location }
        var position = min(start + location.column - 1, characters.count)
        while position > start {
            position -= 1
            if characters[position] == "&" { return self.location(position) }
        }
        return location
    }
}

/// Template indentation is layout, not content: whitespace runs that contain a line break collapse
/// to one space inside text and vanish at its ends; whitespace-only text between tags disappears.
enum Whitespace {
    static func normalise(_ text: String) -> String {
        normalise(PlacedText(text, at: .file(""))).string
    }

    static func normalise(_ text: PlacedText) -> PlacedText {
        guard text.characters.contains("\n") else { return text }
        var characters: [Character] = [], positions: [SourceLocation] = []
        guard !text.characters.allSatisfy(\.isWhitespace) else { return PlacedText(characters: [], positions: [], end: text.end) }
        var pending: [(Character, SourceLocation)] = []
        func flush(atEnd: Bool) {
            defer { pending = [] }
            guard !pending.isEmpty else { return }
            if pending.contains(where: { $0.0 == "\n" }) {
                if !characters.isEmpty && !atEnd { characters.append(" "); positions.append(pending[0].1) }
            } else {
                characters += pending.map(\.0)
                positions += pending.map(\.1)
            }
        }
        for (character, position) in zip(text.characters, text.positions) {
            if character.isWhitespace { pending.append((character, position)); continue }
            flush(atEnd: false)
            characters.append(character)
            positions.append(position)
        }
        flush(atEnd: true)
        return PlacedText(characters: characters, positions: positions, end: text.end)
    }
}
