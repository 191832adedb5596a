import Foundation
/// A node of a YAML source file as Plenary reads it: text, a list or a mapping, and where it
/// starts. Plenary's sources need no more: every value is read as text and checked by the reader
/// that expects it (`YAMLFile.int`, `.date`, `.bool`), so no type is guessed from a scalar's form.
enum YAMLNode {
    case scalar(Scalar)
    case sequence([YAMLNode], Mark)
    case mapping([(key: YAMLNode, value: YAMLNode)], Mark)

    struct Scalar {
        enum Style { case plain, singleQuoted, doubleQuoted, literal, folded }
        var string: String
        var style: Style
        var mark: Mark
    }

    /// 1-based line and column (columns count Unicode scalars, as libyaml does).
    struct Mark {
        var line: Int
        var column: Int
    }

    var mark: Mark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): mark
        }
    }
}
