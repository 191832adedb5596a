import Foundation
/// The names visible while rendering: the document's roots (`doc`, `meeting`, `lang`), and on top
/// of them the loop variables, `t:let` bindings and macro parameters, innermost last.
///
/// One stack per render, changed in place: entering a loop item, a `t:let` or a macro pushes
/// names, leaving pops them. Every loop item and macro call enters a scope, hundreds of times per
/// document; a stack that keeps its capacity does so without allocating, where a new scope per
/// entry (a copied list with one more name) cost an allocation each time. A handful of names is
/// searched from the end, cheaper than hashing. A loop's `loop` object is made only if the
/// template uses it whole; `loop.first` and the like are read straight from the position.
struct Scope {
    /// The names and what each is bound to, side by side: a search compares names only.
    private var names: [String]
    private var bindings: [Binding]
    /// How many entries at the bottom are the roots, visible everywhere.
    private let rootCount: Int
    /// Where the innermost macro's names start: a macro sees its parameters and the roots, not
    /// the names of the template that called it.
    private var base: Int
    /// The macros being expanded, outermost first, for `TemplateLimits.macroDepth` and its message.
    /// Unretained: the compiled template holds every macro for as long as it renders, and a
    /// retain and a release per macro call is what this list would otherwise cost.
    private var macros: [Unmanaged<Macro>] = []

    /// How many macros are being expanded.
    var macroDepth: Int { macros.count }

    /// The names of the innermost `count` macros being expanded, outermost first (for a message).
    func macroChain(last count: Int) -> [String] { macros.suffix(count).map { $0.takeUnretainedValue().name } }
    /// How many elements the one being rendered stands in (`TemplateLimits.elementDepth`).
    var elementDepth = 0

    enum Binding {
        case value(Value)
        /// `loop` inside a `t:for`: the item's position.
        case loop(index: Int, count: Int)
    }

    init(roots: [(name: String, value: Value)]) {
        names = roots.map(\.name)
        bindings = roots.map { .value($0.value) }
        names.reserveCapacity(roots.count + 16)
        bindings.reserveCapacity(roots.count + 16)
        rootCount = roots.count
        base = rootCount
    }

    /// What `name` is bound to here, innermost first.
    func binding(of name: String) -> Binding? {
        var index = names.count
        while index > base {
            index -= 1
            if names[index] == name { return bindings[index] }
        }
        for index in 0..<rootCount where names[index] == name { return bindings[index] }
        return nil
    }

    subscript(name: String) -> Value? {
        switch binding(of: name) {
        case .value(let value)?: value
        case .loop(let index, let count)?: Self.loopObject(index: index, count: count)
        case nil: nil
        }
    }

    static func loopObject(index: Int, count: Int) -> Value {
        .object(ValueObject("loop", Dictionary(uniqueKeysWithValues: loopFields.map { ($0, loopField($0.name, index: index, count: count)!) })))
    }

    private static let loopFields: [FieldName] = ["index", "index0", "first", "last", "count"]

    /// The field `name` of the `loop` object at `index` of `count`, or nil if it has none.
    static func loopField(_ name: String, index: Int, count: Int) -> Value? {
        switch name {
        case "index": .int(index + 1)
        case "index0": .int(index)
        case "first": .bool(index == 0)
        case "last": .bool(index == count - 1)
        case "count": .int(count)
        default: nil
        }
    }

    /// How many names are bound: what `pop(to:)` takes to return to this point.
    var depth: Int { names.count }

    mutating func push(_ name: String, _ value: Value) {
        names.append(name)
        bindings.append(.value(value))
    }

    /// Binds `variable` to the item at `index` of a list of `count`, and `loop` to where it stands.
    mutating func pushLoopItem(_ variable: String, _ item: Value, index: Int, count: Int) {
        push(variable, item)
        names.append("loop")
        bindings.append(.loop(index: index, count: count))
    }

    mutating func pop(to depth: Int) {
        while names.count > depth {
            names.removeLast()
            bindings.removeLast()
        }
    }

    /// Where a macro's scope starts, to give back to `leaveMacro`.
    struct MacroMark {
        fileprivate let depth: Int, base: Int
    }

    /// From here on only the roots and what is pushed next are visible, until `leaveMacro`.
    mutating func enterMacro(_ macro: Macro) -> MacroMark {
        defer { base = names.count }
        macros.append(Unmanaged.passUnretained(macro))
        return MacroMark(depth: names.count, base: base)
    }

    mutating func leaveMacro(_ mark: MacroMark) {
        pop(to: mark.depth)
        base = mark.base
        macros.removeLast()
    }

    /// The roots only: what a macro parameter's default value is evaluated in.
    var roots: Scope {
        var scope = self
        scope.base = scope.names.count
        return scope
    }

    /// Every name visible here, for the hint of an error.
    var visibleNames: Set<String> {
        Set(names[..<rootCount]).union(names[base...])
    }
}
