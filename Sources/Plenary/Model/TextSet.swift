import Foundation
/// The text of one document in one language, keyed by the structure's ids.
public struct TextSet: Sendable {
    public var language: Language
    public var path: String
    public var entries: [String: TextEntry]
    /// Entries for ids the structure does not declare (kept only when loading for translators).
    public var orphans: [String: TextEntry] = [:]
}

/// One translated unit. Decision elements carry an operative verb apart from their text, because
/// English sets the verb in italics and the two languages join them differently.
public struct TextEntry: Sendable {
    public var text: SourceText
    public var verb: SourceText?
    public var location: SourceLocation
}

/// A string from a source file and where it starts, so inline-markup errors can point into it.
public struct SourceText: Sendable {
    public var value: String
    public var location: SourceLocation
    /// The file's text, to map an offset in `value` back to a line and column.
    public var file: SourceFile
}
