import Foundation
/// The names visible while rendering: the document's roots (`doc`, `meeting`, `lang`), loop
/// variables, `t:let` bindings and macro parameters.
struct Scope {
    var names: [String: Value]

    func with(_ name: String, _ value: Value) -> Scope {
        var copy = self
        copy.names[name] = value
        return copy
    }
}
