public import Foundation

/// The meeting's index page: every document × language × format, with titles in every language.
struct MeetingIndex {
    let meeting: Meeting
    let titles: [(Document, [Language: String])]
    let library: TemplateLibrary

    /// Every wording comes from the catalogs, which the templates' compilation has checked: a
    /// missing one is an error here too, never a language code or an empty line in its place.
    func render() throws(DiagnosticError) -> Data {
        let language = meeting.languages[0]
        guard let template = library.template("index", format: "html"), let catalog = library.catalogs[language] else {
            throw DiagnosticError(.error(at: meeting.location, "the templates have no index page for `\(language.code)`",
                                         hint: "add index.html.xml and strings/\(language.code).yaml to the templates folder"))
        }
        let format = LanguageFormatter(language: language, conventions: catalog.conventions)
        var names: [Language: String] = [:]
        for version in meeting.languages {
            guard let versionCatalog = library.catalogs[version] else {
                throw DiagnosticError(.error(at: meeting.location, "no strings catalog for `\(version.code)`"))
            }
            names[version] = versionCatalog.ownName
        }
        // A meeting outside a session (notifications, quarterly reports) has no session line.
        let session = try meeting.session.map { session throws(DiagnosticError) in
            try catalog.format("session", ["ordinal": format.ordinal(session)], at: meeting.location)
        } ?? ""
        let documents: [Value] = titles.map { document, titles in
            .object(ValueObject("document entry", [
                "symbol": .string(document.symbol),
                "id": .string(document.id),
                "versions": .list(document.languages(of: meeting).map { language in
                    .object(ValueObject("version", [
                        "language": .string(language.code),
                        "languageName": .string(names[language] ?? ""),
                        "title": .string(titles[language] ?? ""),
                        "html": .string("\(document.id)/\(language.code).html"),
                        "xml": .string("\(document.id)/\(language.code).xml"),
                    ]))
                }),
            ]))
        }
        let value = Value.object(ValueObject("index", [
            "meeting": .object(ValueObject("meeting", [
                "id": .string(meeting.id),
                "body": .string(meeting.body[language] ?? ""),
                "session": .string(session),
                "venue": .string(meeting.venue[language] ?? ""),
                "dates": .string(format.dateRange(meeting.startDate, meeting.endDate)),
            ])),
            "documents": .list(documents),
            "language": .object(ValueObject("language", ["code": .string(language.code), "tag": .string(language.localeIdentifier),
                                                         "direction": .string(language.isRightToLeft ? "rtl" : "ltr")])),
        ]))
        let tree = try TemplateRenderer(template: template, catalog: catalog, language: language, document: value).render()
        return MarkupSerializer.data(for: tree, mode: .html)
    }
}
