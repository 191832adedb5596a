import Foundation
/// The names visible while rendering: the document's roots (`doc`, `meeting`, `lang`), and on top
/// of them the loop variables, `t:let` bindings and macro parameters, innermost last.
///
/// Every loop item and macro call makes a new scope, hundreds of times per document, so the roots
/// are shared and never copied, and the local names are a short list searched from the end (a
/// handful of entries: cheaper to copy and search than a dictionary to copy and rehash). A loop's
/// `loop` object is made only if the template reads it.
struct Scope {
    let globals: [String: Value]
    private var locals: [(name: String, binding: Binding)] = []

    private enum Binding {
        case value(Value)
        case loop(index: Int, count: Int)
    }

    init(globals: [String: Value]) { self.globals = globals }

    subscript(name: String) -> Value? {
        for local in locals.reversed() where local.name == name {
            switch local.binding {
            case .value(let value): return value
            case .loop(let index, let count):
                return .object(ValueObject("loop", [
                    "index": .int(index + 1), "index0": .int(index), "first": .bool(index == 0),
                    "last": .bool(index == count - 1), "count": .int(count),
                ]))
            }
        }
        return globals[name]
    }

    func with(_ name: String, _ value: Value) -> Scope {
        var copy = self
        copy.locals.append((name, .value(value)))
        return copy
    }

    /// Binds `variable` to the item at `index` of a list of `count`, and `loop` to where it stands.
    func withLoopItem(_ variable: String, _ item: Value, index: Int, count: Int) -> Scope {
        var copy = self
        copy.locals.append((variable, .value(item)))
        copy.locals.append(("loop", .loop(index: index, count: count)))
        return copy
    }

    /// Every name visible here, for the hint of an error.
    var names: Set<String> { Set(globals.keys).union(locals.map(\.name)) }
}
