import Foundation
/// What templates see: the resolved document, the meeting and the loop variables, as a tree of
/// values. The resolver builds it once per document and language; templates only read it.
public enum Value: Sendable {
    case null
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([Value])
    case object(ValueObject)
    /// Already-built inline content (text with emphasis, footnote markers, links): inserted as
    /// markup, never as a string.
    case markup([Inline])

    /// The name of the kind of value, for error messages ("a list", "a paragraph").
    var kindName: String {
        switch self {
        case .null: "nothing"
        case .string: "text"
        case .int: "a number"
        case .bool: "true/false"
        case .list: "a list"
        case .object(let object): "a \(object.typeName)"
        case .markup: "text with markup"
        }
    }

    var isTruthy: Bool {
        switch self {
        case .null: false
        case .string(let s): !s.isEmpty
        case .int(let i): i != 0
        case .bool(let b): b
        case .list(let l): !l.isEmpty
        case .object: true
        case .markup(let m): !m.isEmpty
        }
    }

    /// The plain-text form used by interpolation.
    var text: String? {
        switch self {
        case .null: ""
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "true" : "false"
        case .markup(let inlines): inlines.map(\.plainText).joined()
        case .list, .object: nil
        }
    }
}

/// A named bag of fields (`doc.symbol`, `para.number`); `typeName` says what it is in errors.
/// Immutable, and a class: templates read a value's fields tens of thousands of times per
/// document, and each read passes the object on; a reference is one retain where the name and
/// the dictionary were two.
public final class ValueObject: Sendable {
    public let typeName: String
    public let fields: [FieldName: Value]

    public init(_ typeName: String, _ fields: [FieldName: Value]) {
        self.typeName = typeName
        self.fields = fields
    }
}

/// Resolved inline content of a unit of text in one language.
public enum Inline: Sendable, Equatable {
    case text(String)
    case emphasis([Inline])
    case strong([Inline])
    case superscript([Inline])
    /// A line break within the text (`[[br]]`); a space in plain text.
    case lineBreak
    /// A footnote marker; the footnote's own text is in the document's footnote list.
    case footnote(number: String, eId: String)
    case link(url: String, content: [Inline])
    /// A reference to a place in this document (a paragraph, a section, the annex).
    case reference(href: String, content: [Inline])
    /// A reference to another document of the meeting, or a place in it: `page` is the HTML page's
    /// path from this one (`../cp-6-7/en.html#para_5`), `iri` its Akoma Ntoso expression IRI.
    case documentReference(page: String, iri: String, content: [Inline])
    /// A run written left to right inside right-to-left text (a document symbol, a decision
    /// number, a URL in Arabic): kept in a direction of its own (HTML `<bdi>`), so that
    /// "UNEP/CBD/BS/COP-MOP/6/7" is not reordered around its slashes.
    case isolate([Inline])

    public var plainText: String {
        switch self {
        case .text(let s): s
        case .emphasis(let c), .strong(let c), .superscript(let c), .link(_, let c), .reference(_, let c),
             .documentReference(_, _, let c), .isolate(let c): c.map(\.plainText).joined()
        case .lineBreak: " "
        case .footnote(let number, _): number
        }
    }
}
