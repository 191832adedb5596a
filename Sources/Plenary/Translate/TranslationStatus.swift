public import Foundation

/// Where the translation of one document into one language stands, unit by unit, aligned by id.
public struct TranslationStatus: Sendable {
    public enum State: String, Sendable, CaseIterable {
        case translated
        case staleMinor = "stale-minor"
        case staleSubstantive = "stale-substantive"
        case untranslated
        case orphan
    }

    public struct Unit: Sendable {
        public var id: String
        public var state: State
        /// The current original text (as written in the source, with its markup).
        public var original: String?
        public var translation: String?
        /// The original the translation was made from, when it has changed since.
        public var previousOriginal: String?
        public var originalLocation: SourceLocation?
        public var translationLocation: SourceLocation?
    }

    public var document: String
    public var language: Language
    public var original: Language
    public var units: [Unit]

    public func count(_ state: State) -> Int { units.filter { $0.state == state }.count }

    /// Translated units, counting those whose original changed only in white space, punctuation or case.
    public var percentComplete: Double {
        let total = units.filter { $0.state != .orphan }.count
        guard total > 0 else { return 100 }
        return Double(count(.translated) + count(.staleMinor)) * 100 / Double(total)
    }

    /// The text of a unit as one string: a decision element's verb and text joined.
    static func text(of entry: TextEntry) -> String {
        [entry.verb?.value, entry.text.value].compactMap { $0 }.joined(separator: " ")
    }

    public init(document: Document, language: Language, record: TranslationRecordSnapshot) {
        self.document = document.id
        self.language = language
        original = document.original
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[language]?.entries ?? [:]
        var units: [Unit] = []
        for id in document.readingOrder {
            guard let source = originals[id] else { continue }
            let current = Self.text(of: source)
            var unit = Unit(id: id, state: .untranslated, original: current, translation: nil, previousOriginal: nil,
                            originalLocation: source.location, translationLocation: nil)
            if let target = translations[id], !Self.text(of: target).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                unit.translation = Self.text(of: target)
                unit.translationLocation = target.location
                if let made = record.entries[id], made.fingerprint != Fingerprint.of(current) {
                    unit.previousOriginal = made.source
                    unit.state = Fingerprint.minorForm(made.source) == Fingerprint.minorForm(current) ? .staleMinor : .staleSubstantive
                } else {
                    unit.state = .translated
                }
            }
            units.append(unit)
        }
        for (id, entry) in (document.texts[language]?.orphans ?? [:]).sorted(by: { $0.key < $1.key }) {
            units.append(Unit(id: id, state: .orphan, original: nil, translation: Self.text(of: entry), previousOriginal: nil,
                              originalLocation: nil, translationLocation: entry.location))
        }
        self.units = units
    }
}

/// The record's content, as the status needs it (public wrapper of `TranslationRecord`).
public struct TranslationRecordSnapshot: Sendable {
    var entries: [String: (fingerprint: String, source: String)]

    init(_ record: TranslationRecord) {
        entries = record.entries.mapValues { ($0.fingerprint, $0.source) }
    }
}
