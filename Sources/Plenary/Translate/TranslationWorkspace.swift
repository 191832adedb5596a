public import Foundation

/// One document of a meeting opened for translators: the sources loaded leniently (orphans kept),
/// and the translation records beside them.
public struct TranslationWorkspace: Sendable {
    public let meeting: Meeting
    public let document: Document
    let displayRoot: URL

    /// `documentPath` is a document folder (`Meetings/m/documents/cp-6-7`) or, with a meeting
    /// folder, a document id.
    public init(documentPath: URL, displayRoot: URL) throws(DiagnosticError) {
        let documentFolder = documentPath.standardizedFileURL
        let meetingFolder = documentFolder.deletingLastPathComponent().deletingLastPathComponent()
        let loader = MeetingLoader(displayRoot: displayRoot, keepingOrphans: true)
        meeting = try loader.load(meetingFolder)
        guard let document = meeting.document(documentFolder.lastPathComponent) else {
            throw DiagnosticError(.error(at: .file(loader.displayPath(documentFolder)), "not a document folder of \(meeting.id)",
                                         hint: Suggestion.hint(for: documentFolder.lastPathComponent, in: meeting.documents.map(\.id))))
        }
        self.document = document
        self.displayRoot = displayRoot
    }

    /// The languages the document is translated into: a document issued in English only has none.
    var translations: [Language] { document.languages(of: meeting).filter { $0 != document.original } }

    /// The translation language a BCP 47 tag names (`zh`, `zh-CN`, `zh-Hans`), if any.
    public func translationLanguage(matching tag: String) -> Language? {
        translations.first { LanguageTag.matches(tag, $0) }
    }

    public var translationLanguages: [Language] { translations }

    func recordURL(_ language: Language) -> URL { TranslationRecord.url(for: document.folder, language: language) }

    func record(_ language: Language) throws(DiagnosticError) -> TranslationRecord {
        try TranslationRecord.load(from: recordURL(language), displayPath: MeetingLoader(displayRoot: displayRoot).displayPath(recordURL(language)))
    }

    public func status(_ language: Language) throws(DiagnosticError) -> TranslationStatus {
        TranslationStatus(document: document, language: language, record: TranslationRecordSnapshot(try record(language)))
    }

    /// Records that the current translations of `ids` (all translated units when empty) were made
    /// from the current original. Returns how many entries changed.
    @discardableResult
    public func markTranslated(_ language: Language, ids: [String] = []) throws -> Int {
        var record = try record(language)
        let originals = document.texts[document.original]?.entries ?? [:]
        let translations = document.texts[language]?.entries ?? [:]
        var changed = 0
        for id in ids.isEmpty ? document.readingOrder : ids {
            guard let source = originals[id] else {
                if !ids.isEmpty { throw DiagnosticError(.error(at: document.location, "`\(id)` is not a unit of \(document.id)")) }
                continue
            }
            guard translations[id] != nil else { continue }
            let text = TranslationStatus.text(of: source)
            let entry = TranslationRecord.Entry(fingerprint: Fingerprint.of(text), source: text)
            if record.entries[id] != entry { record.entries[id] = entry; changed += 1 }
        }
        let yaml = record.yaml(order: document.readingOrder, language: language, original: document.original)
        _ = try AtomicWriter.write(Data(yaml.utf8), to: recordURL(language))
        return changed
    }
}
