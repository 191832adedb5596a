public import Foundation

/// The fixed registry of filters (`{value | name(arguments)}`). Filters that write numbers, dates
/// and numerals follow the language being rendered, through Foundation's ICU formatters.
enum Filters {
    static let names = ["upper", "lower", "number", "percent", "roman", "roman-lower", "letters", "letters-upper",
                        "numeral", "ordinal", "date", "date-range", "default", "length", "join", "text", "first", "last", "css-string"]

    static func apply(_ name: String, to value: Value, arguments: [Value], language: Language, catalog: Catalog,
                      at location: SourceLocation) throws(DiagnosticError) -> Value {
        let format = LanguageFormatter(language: language, conventions: catalog.conventions)
        func integer() throws(DiagnosticError) -> Int {
            switch value {
            case .int(let i): return i
            case .string(let s): if let i = Int(s) { return i }
            default: break
            }
            throw DiagnosticError(.error(at: location, "the filter `\(name)` needs a number, not \(value.kindName)"))
        }
        func date(_ value: Value) throws(DiagnosticError) -> DateComponents {
            let parts = (value.text ?? "").split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { throw DiagnosticError(.error(at: location, "the filter `\(name)` needs a date written YYYY-MM-DD")) }
            return DateComponents(year: parts[0], month: parts[1], day: parts[2])
        }
        func string() throws(DiagnosticError) -> String {
            guard let text = value.text else { throw DiagnosticError(.error(at: location, "the filter `\(name)` needs text, not \(value.kindName)")) }
            return text
        }
        switch name {
        case "upper": return .string(try string().uppercased(with: format.locale))
        case "lower": return .string(try string().lowercased(with: format.locale))
        case "number": return .string(format.number(try integer()))
        case "percent": return .string(try catalog.format("percent", ["n": format.number(try integer())], at: location))
        case "roman": return .string(LanguageFormatter.roman(try integer()))
        case "roman-lower": return .string(LanguageFormatter.roman(try integer()).lowercased())
        case "letters": return .string(LanguageFormatter.letters(try integer()))
        case "letters-upper": return .string(LanguageFormatter.letters(try integer()).uppercased())
        case "numeral": return .string(format.sectionNumeral(try integer()))
        case "ordinal": return .string(format.ordinal(try integer()))
        case "date": return .string(format.date(try date(value)))
        case "date-range":
            guard arguments.count == 1 else { throw DiagnosticError(.error(at: location, "`date-range` takes the end date: `start | date-range(end)`")) }
            return .string(format.dateRange(try date(value), try date(arguments[0])))
        case "default":
            guard arguments.count == 1 else { throw DiagnosticError(.error(at: location, "`default` takes one argument")) }
            return value.isTruthy ? value : arguments[0]
        case "length":
            switch value {
            case .list(let l): return .int(l.count)
            default: return .int(try string().count)
            }
        case "join":
            guard case .list(let items) = value else { throw DiagnosticError(.error(at: location, "`join` needs a list, not \(value.kindName)")) }
            let separator = arguments.first?.text ?? ", "
            return .string(items.compactMap(\.text).joined(separator: separator))
        case "text": return .string(try string())
        case "css-string": return .string(MarkupContext.cssString(try string()))
        case "first", "last":
            guard case .list(let items) = value else { throw DiagnosticError(.error(at: location, "`\(name)` needs a list, not \(value.kindName)")) }
            return (name == "first" ? items.first : items.last) ?? .null
        default:
            throw DiagnosticError(.error(at: location, "unknown filter `\(name)`",
                                         hint: Suggestion.hint(for: name, in: names) ?? "the filters are \(names.joined(separator: ", "))"))
        }
    }
}
