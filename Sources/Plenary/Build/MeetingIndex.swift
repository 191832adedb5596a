public import Foundation

/// The meeting's index page: every document × language × format, with titles in every language.
struct MeetingIndex {
    let meeting: Meeting
    let titles: [(Document, [Language: String])]
    let library: TemplateLibrary

    func render() throws(DiagnosticError) -> Data {
        let language = meeting.languages[0]
        guard let template = library.template("index", format: "html"), let catalog = library.catalogs[language] else { return Data() }
        let format = LanguageFormatter(language: language)
        let documents: [Value] = titles.map { document, titles in
            .object(ValueObject("document entry", [
                "symbol": .string(document.symbol),
                "id": .string(document.id),
                "versions": .list(meeting.languages.map { language in
                    .object(ValueObject("version", [
                        "language": .string(language.code),
                        "languageName": .string((try? library.catalogs[language]?.format("language-\(language.code)", at: meeting.location)) ?? language.code),
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
                "session": .string((try? catalog.format("session", ["ordinal": format.ordinal(meeting.session)], at: meeting.location)) ?? ""),
                "venue": .string(meeting.venue[language] ?? ""),
                "dates": .string(format.dateRange(meeting.startDate, meeting.endDate)),
            ])),
            "documents": .list(documents),
            "language": .object(ValueObject("language", ["code": .string(language.code), "tag": .string(language.localeIdentifier)])),
        ]))
        let tree = try TemplateRenderer(template: template, catalog: catalog, language: language, document: value).render()
        return MarkupSerializer.data(for: tree, mode: .html)
    }
}
