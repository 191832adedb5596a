import Foundation
/// A language of the meeting, by its two-letter code as used in file names (`en.yaml`).
public struct Language: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    /// ISO 639-2 alpha-3, as Akoma Ntoso wants it ("eng", "zho", "fra", "ara", "por"): ICU's
    /// (the terminology code, as AKN4UN's examples use).
    public var alpha3: String? {
        Locale.Language(identifier: code).languageCode?.identifier(.alpha3)
    }

    /// The BCP 47 tag for HTML `lang` and for Foundation's formatters.
    public var localeIdentifier: String { code == "zh" ? "zh-Hans" : code }

    /// Whether the language is written right to left (ICU's answer: Arabic, Hebrew, Persian, Urdu…).
    /// Asked once per language per process: ICU's answer costs as much as resolving a paragraph.
    public var isRightToLeft: Bool { Self.directions.isRightToLeft(code) }

    private static let directions = Directions()

    private final class Directions: @unchecked Sendable {
        private var known: [String: Bool] = [:]
        private let lock = NSLock()

        func isRightToLeft(_ code: String) -> Bool {
            if let answer = lock.withLock({ known[code] }) { return answer }
            let answer = Locale.Language(identifier: code).characterDirection == .rightToLeft
            lock.withLock { known[code] = answer }
            return answer
        }
    }

    public var description: String { code }
    public static func < (a: Language, b: Language) -> Bool { a.code < b.code }
}

/// A short text given once per language (a title, the venue).
public struct LocalizedText: Hashable, Sendable {
    public var values: [Language: String]
    public var location: SourceLocation

    public subscript(language: Language) -> String? { values[language] }
}
