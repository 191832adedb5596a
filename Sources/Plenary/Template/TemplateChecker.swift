import Foundation
/// Checks a compiled template as a whole, once, before anything renders: every `<t:call>` names
/// a macro that exists, with arguments it takes and every argument it needs, and every `str.key`
/// is in every language's catalog. The renderer finds the same errors, but only on the branches
/// a document happens to take: a misspelt macro under a `t:if` that the bundled meeting never
/// meets would otherwise wait for the meeting that does, under deadline.
struct TemplateChecker {
    let template: CompiledTemplate
    /// The catalogs of the languages being built (none: the keys are not checked).
    let catalogs: [Catalog]
    private(set) var problems: [Diagnostic] = []
    /// Keys that the resolver asks the catalogs for on the templates' behalf, already reported
    /// (by catalog language and key): the first template line that reads one is where it is reported.
    private var reportedKeys: Set<[String]> = []
    /// Every `distribution-<kind>` key of any catalog, sorted (a few; found once, not per use).
    private lazy var distributionKeys: [String] = Set(catalogs.flatMap { $0.entries.keys.filter { $0.hasPrefix("distribution-") } }).sorted()

    static func check(_ template: CompiledTemplate, catalogs: [Catalog]) throws(DiagnosticError) {
        var checker = TemplateChecker(template: template, catalogs: catalogs.sorted { $0.language.code < $1.language.code })
        checker.visit(template.nodes)
        // In the order of the macros' names, so the report is the same on every run.
        for name in template.macros.keys.sorted() {
            let macro = template.macros[name]!
            for parameter in macro.parameters { parameter.defaultValue.map { checker.visit($0) } }
            checker.visit(macro.body)
        }
        checker.checkCycles()
        if !checker.problems.isEmpty { throw DiagnosticError(checker.problems) }
    }

    /// A macro that calls itself, directly or through others, with no `t:if` or `t:for` on the
    /// way: it can only go on until the stack gives out. (`points` calling itself for the items
    /// of a nested list, under `t:if="item.list"`, stops with the data, and the renderer bounds
    /// it: `TemplateLimits.macroDepth`.) Each such cycle is reported once, at its first call.
    private mutating func checkCycles() {
        var calls: [String: [MacroCall]] = [:]
        for (name, macro) in template.macros {
            var found: [MacroCall] = []
            Self.unconditionalCalls(in: macro.body, into: &found)
            found.removeAll { template.macros[$0.name] == nil }
            if !found.isEmpty { calls[name] = found }
        }
        // Only a macro that calls another can start a cycle; in the order of the names, so the
        // report is the same on every run.
        let names = calls.keys.sorted()
        // Depth-first, with a stack of its own: a chain of thousands of macros must not
        // overflow the stack that this check is there to protect.
        enum State { case open, done }
        var state: [String: State] = [:]
        var reported: Set<[String]> = []
        for start in names where state[start] == nil {
            var path: [(name: String, next: Int)] = [(start, 0)]
            state[start] = .open
            while let top = path.last {
                let edges = calls[top.name] ?? []
                guard top.next < edges.count else {
                    state[top.name] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let callee = edges[top.next].name
                switch state[callee] {
                case nil:
                    state[callee] = .open
                    path.append((callee, 0))
                case .open:
                    let first = path.firstIndex { $0.name == callee }!
                    let cycle = path[first...].map(\.name)
                    guard reported.insert(cycle.sorted()).inserted else { continue }
                    // The call the cycle starts with: the first macro's call of the second.
                    let entry = calls[cycle[0]]![path[first].next - 1]
                    let message = cycle.count == 1
                        ? "the macro `\(callee)` calls itself, with nothing to stop it"
                        : "the macro `\(callee)` calls itself through \((cycle.dropFirst() + [callee]).map { "`\($0)`" }.joined(separator: " → ")), with nothing to stop it"
                    problems.append(.error(at: entry.location, message,
                                           hint: "a macro may call itself only under a t:if or t:for that ends it (t:if=\"item.list\" items=\"item.list\")"))
                case .done:
                    break
                }
            }
        }
    }

    /// The calls in `nodes` that render whenever the nodes do: none under a `t:if`, `t:for` or
    /// `t:elif`/`t:else`, nor inside an element whose `t:content` or `t:replace` replaces them.
    private static func unconditionalCalls(in nodes: [TemplateNode], into calls: inout [MacroCall]) {
        for node in nodes {
            switch node {
            case .text: break
            case .call(let call): calls.append(call)
            case .element(let element):
                let directives = element.directives
                guard directives.loop == nil, directives.condition == nil, directives.content == nil, directives.replace == nil else { continue }
                unconditionalCalls(in: element.children, into: &calls)
            }
        }
    }

    private mutating func visit(_ nodes: [TemplateNode]) {
        for node in nodes {
            switch node {
            case .text(let interpolation): visit(interpolation)
            case .element(let element): visit(element)
            case .call(let call): visit(call)
            }
        }
    }

    private mutating func visit(_ element: TemplateElement) {
        let directives = element.directives
        directives.loop.map { visit($0.list) }
        directives.condition.map { visit($0.0) }
        for binding in directives.lets { visit(binding.value) }
        directives.replace.map { visit($0.0) }
        directives.omitTag.map { visit($0) }
        for attribute in element.attributes { visit(attribute.value) }
        directives.content.map { visit($0.0) }
        visit(element.children)
        element.elseBranch.map { visit($0) }
    }

    private mutating func visit(_ interpolation: Interpolation) {
        for case .expression(let expression, _, _) in interpolation.parts { visit(expression) }
    }

    private mutating func visit(_ call: MacroCall) {
        for argument in call.arguments { visit(argument.value) }
        guard let macro = template.macros[call.name] else { return problems.append(Macro.unknown(call, among: template.macros)) }
        for argument in call.arguments where !macro.takes(argument.name) {
            problems.append(macro.noParameter(argument.name, at: argument.location))
        }
        for parameter in macro.parameters where parameter.defaultValue == nil && !call.arguments.contains(where: { $0.name == parameter.name }) {
            problems.append(macro.missing(parameter.name, at: call.location))
        }
    }

    private mutating func visit(_ expression: Expression) {
        switch expression {
        case .catalog(let key, let location):
            for catalog in catalogs {
                if let problem = catalog.problem(with: key, at: location) { problems.append(problem) }
            }
        case .not(let inner): visit(inner)
        case .and(let a, let b), .or(let a, let b), .compare(let a, _, let b):
            visit(a)
            visit(b)
        case .filter(let inner, _, let arguments, _):
            visit(inner)
            for argument in arguments { visit(argument) }
        case .path(let head, let fields, let locations): visitPath(head, fields, locations)
        case .string, .int, .bool, .null: break
        }
    }

    /// A language's `name` (`doc.language.name`) and `doc.distribution` are catalog wording that
    /// the resolver looks up for every document (`language-<code>`, `distribution-<kind>`). A key
    /// missing there was reported at the top of document.yaml, far from both the template that
    /// shows it and the catalog that lacks it; it is reported here, at the template line that
    /// reads it, before anything renders. The languages are those being built; the distributions
    /// those that any catalog words (one missing from every catalog is still the resolver's to
    /// report, at the document).
    private mutating func visitPath(_ head: String, _ fields: [FieldName], _ locations: [SourceLocation]) {
        guard let last = fields.last, let location = locations.last else { return }
        var keys: [String] = []
        // A language's name needs no key: ICU has it (Catalog.languageName).
        if head == "doc", fields.count == 1, last.name == "distribution" {
            keys = distributionKeys
        }
        for key in keys {
            for catalog in catalogs where catalog.problem(with: key, at: location) != nil {
                guard reportedKeys.insert([catalog.language.code, key]).inserted else { continue }
                problems.append(catalog.missing(key, at: location, by: ([head] + fields.map(\.name)).joined(separator: ".")))
            }
        }
    }
}
