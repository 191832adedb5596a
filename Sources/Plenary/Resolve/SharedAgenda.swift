import Foundation

/// The meeting's agenda as templates read it (`meeting.agenda`), worked out once per language for
/// all the documents of a build rather than once per document: every document carries it, and a
/// note prints none of it. Shared by the build's tasks, so guarded by a lock. What resolving it
/// reported is kept with it and reported again by every document that uses it, so the documents
/// that fail do not depend on which task came first.
public final class SharedAgenda: @unchecked Sendable {
    struct Entry {
        var items: [Value]
        var problems: [Diagnostic]
        var warnings: [Diagnostic]
        /// The documents its titles link to ([[symbol …]]): inputs of every document that carries it.
        var references: Set<String>
    }

    private let lock = NSLock()
    private var entries: [Language: Entry] = [:]

    public init() {}

    /// The agenda in `language`, made by `make` the first time it is asked for.
    func items(in language: Language, make: () -> Entry) -> Entry {
        lock.lock()
        defer { lock.unlock() }
        if let entry = entries[language] { return entry }
        let entry = make()
        entries[language] = entry
        return entry
    }
}
