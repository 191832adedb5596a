/// The name of a field of a `ValueObject` (`symbol` in `doc.symbol`), with its hash worked out
/// once. Templates look fields up tens of thousands of times per document; hashing the name's
/// characters on every lookup was a tenth of rendering. A template's paths hold their names as
/// `FieldName`s from the moment they are compiled, and the resolver's literals become ones where
/// it builds its objects.
public struct FieldName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String
    /// `name.hashValue`: stable for the life of the process, which is all a dictionary needs.
    private let hash: Int

    public init(_ name: String) {
        self.name = name
        hash = name.hashValue
    }

    public init(stringLiteral name: String) { self.init(name) }

    public static func == (a: FieldName, b: FieldName) -> Bool { a.hash == b.hash && a.name == b.name }

    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }

    public var description: String { name }
}
