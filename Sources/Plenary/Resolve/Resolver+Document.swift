public import Foundation

/// Building the `Value` tree the templates read.
extension Resolver {
    mutating func documentValue() -> Value {
        let isDecision = document.kind == .decision
        var languages: [Value] = []
        for language in meeting.languages { languages.append(languageValue(language)) }
        let distributionLocation = document.distributionLocation
        var fields: [FieldName: Value] = [
            "id": .string(document.id),
            "symbol": .string(document.symbol),
            "kind": .string(document.kind.rawValue),
            "language": languageValue(language),
            "original": languageValue(document.original),
            "isOriginal": .bool(language == document.original),
            "languages": .list(languages),
            "title": text(Unit(id: "title", location: document.location)),
            "date": .string(format.date(document.date)),
            "dateISO": .string(Self.iso(document.date)),
            "distribution": .string(string("distribution-\(document.distribution)", at: distributionLocation)),
            "reissue": .bool(document.reissue),
            "meeting": meetingValue(),
            "akn": aknValue(),
        ]
        if let item = document.agendaItem {
            var agenda: [FieldName: Value] = ["item": .string(format.number(item))]
            agenda["title"] = .string(meeting.agenda[item]?[language] ?? meeting.agenda[item]?[document.original] ?? "")
            agenda["symbol"] = meeting.provisionalAgenda.map(Value.string) ?? .null
            fields["agenda"] = .object(ValueObject("agenda item", agenda))
        } else {
            fields["agenda"] = .null
        }
        if let (decision, _) = self.decision, isDecision {
            fields["body"] = .list([decisionValue(decision)])
        } else {
            fields["body"] = .list(document.body.map { blockValue($0) })
        }
        if let annex = document.annex {
            fields["annex"] = .object(ValueObject("annex", [
                "eId": .string(numbering[annex.unit.id]?.eId ?? "att_1"),
                "title": text(annex.unit),
                "content": .list(annex.content.map { blockValue($0) }),
            ]))
        } else {
            fields["annex"] = .null
        }
        let cited = document.footnotes.compactMap { unit in footnoteNumbers[unit.id].map { (unit, $0) } }.sorted { $0.1 < $1.1 }
        fields["footnotes"] = .list(cited.map { unit, number in
            .object(ValueObject("footnote", ["number": .string(String(number)), "eId": .string("fnote_\(number)"), "text": text(unit)]))
        })
        return .object(ValueObject("document", fields))
    }

    static func iso(_ date: DateComponents) -> String {
        String(format: "%04d-%02d-%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
    }

    mutating func languageValue(_ language: Language) -> Value {
        .object(ValueObject("language", [
            "code": .string(language.code),
            "alpha3": .string(language.alpha3 ?? language.code),
            "tag": .string(language.localeIdentifier),
            "name": .string(string("language-\(language.code)")),
        ]))
    }

    mutating func meetingValue() -> Value {
        let body = meeting.body[language] ?? meeting.body[meeting.languages[0]] ?? ""
        return .object(ValueObject("meeting", [
            "body": .string(body),
            "session": .string(string("session", ["ordinal": format.ordinal(meeting.session)])),
            "venue": .string(meeting.venue[language] ?? ""),
            "dates": .string(format.dateRange(meeting.startDate, meeting.endDate)),
            "actor": .string(meeting.actor),
        ]))
    }

    /// FRBR identifiers per AKN4UN: `/akn/un/{type}/{subtype}/{actor}/{date}/{number}`, then the
    /// expression (`/{lang}@{date}`) and the manifestation (`.xml`).
    mutating func aknValue() -> Value {
        let isDecision = document.kind == .decision
        let type = isDecision ? "statement" : "doc"
        let subtype = isDecision ? "deliberation" : "communication"
        let date = Self.iso(document.date)
        let number = document.symbol.replacingOccurrences(of: "/", with: "-")
        let work = "/akn/un/\(type)/\(subtype)/\(meeting.actor)/\(date)/\(number)"
        let expression = "\(work)/\(language.alpha3 ?? language.code)@\(date)"
        let original = "\(work)/\(document.original.alpha3 ?? document.original.code)@\(date)"
        return .object(ValueObject("akn", [
            "type": .string(type), "name": .string(isDecision ? "decisionDraft" : "note"), "subtype": .string(subtype),
            "work": .string(work), "expression": .string(expression), "manifestation": .string(expression + ".xml"),
            "originalExpression": .string(original), "number": .string(number), "date": .string(date),
            "actor": .string(meeting.actor),
        ]))
    }

    mutating func blockValue(_ block: Block) -> Value {
        switch block {
        case .section(let section):
            let entry = numbering[section.unit.id]
            let number = entry.map(label) ?? ""
            return .object(ValueObject(section.level.rawValue, [
                "kind": .string("section"),
                "level": .string(section.level.rawValue),
                "number": .string(number),
                "label": .string(string("\(section.level.rawValue)-number", ["n": number])),
                "eId": .string(entry?.eId ?? ""),
                "heading": text(section.unit, from: section.unit.id),
                "content": .list(section.content.map { blockValue($0) }),
            ]))
        case .paragraph(let paragraph):
            let entry = numbering[paragraph.unit.id]
            let number = entry.map(label) ?? ""
            return .object(ValueObject("paragraph", [
                "kind": .string("paragraph"),
                "number": .string(number),
                "label": .string(string("paragraph-number", ["n": number])),
                "eId": .string(entry?.eId ?? ""),
                "text": text(paragraph.unit, from: paragraph.unit.id),
                "list": .list(paragraph.list.map { itemValue($0, punctuation: nil) }),
            ]))
        case .decision(let decision):
            return decisionValue(decision)
        }
    }

    mutating func itemValue(_ item: ListItem, punctuation: String?) -> Value {
        let entry = numbering[item.unit.id]
        var content = markup(text(item.unit, from: item.unit.id))
        if let punctuation, item.list.isEmpty { content.append(.text(punctuation)) }
        let number = entry.map(label) ?? ""
        return .object(ValueObject("item", [
            "number": .string(number),
            "label": .string(string("item-number", ["n": number])),
            "eId": .string(entry?.eId ?? ""),
            "text": .markup(content),
            "list": .list(item.list.map { itemValue($0, punctuation: punctuation) }),
        ]))
    }

    /// The draft decision: group headings and elements, each element "verb text;" with the last
    /// one closed by "." (the catalog gives the punctuation and how verb and text are joined).
    mutating func decisionValue(_ decision: Decision) -> Value {
        let elements = decision.elements
        let lastId = elements.last?.unit.id
        var entries: [Value] = []
        for entry in decision.entries {
            switch entry {
            case .group(let unit):
                entries.append(.object(ValueObject("group", [
                    "kind": .string("group"), "eId": .string(numbering[unit.id]?.eId ?? ""), "heading": text(unit, from: unit.id),
                ])))
            case .element(let element):
                let isLast = element.unit.id == lastId
                let close = string(isLast ? "decision-end" : "decision-separator")
                var content: [Inline] = []
                if let textEntry = self.entry(element.unit) {
                    if let verb = textEntry.verb {
                        let verbMarkup = inline(verb, owner: document, from: element.unit.id)
                        // A verb that fell back to the original language is written its way.
                        let isFallback = document.texts[language]?.entries[element.unit.id] == nil
                        let style = isFallback ? originalString("decision-verb-style") : string("decision-verb-style")
                        content += style == "emphasis" ? [.emphasis(verbMarkup)] : verbMarkup
                        content.append(.text(isFallback ? originalString("decision-verb-joiner") : string("decision-verb-joiner")))
                    }
                    content += inline(textEntry.text, owner: document, from: element.unit.id)
                }
                if element.list.isEmpty { content.append(.text(close)) }
                let items = element.list.enumerated().map { index, item in
                    itemValue(item, punctuation: index == element.list.count - 1 ? close : string("decision-separator"))
                }
                let numberEntry = numbering[element.unit.id]
                let number = numberEntry.map(label) ?? ""
                entries.append(.object(ValueObject("element", [
                    "kind": .string("element"),
                    "number": .string(number),
                    "label": .string(string(numbering.elementStyle == .letters ? "item-number" : "paragraph-number", ["n": number])),
                    "eId": .string(numberEntry?.eId ?? ""),
                    "text": .markup(content),
                    "list": .list(items),
                ])))
            }
        }
        return .object(ValueObject("decision", [
            "kind": .string("decision"),
            "eId": .string(numbering[decision.unit.id]?.eId ?? ""),
            "entries": .list(entries),
            "chapeau": .string(string("decision-chapeau", ["body": meeting.body[language] ?? ""])),
        ]))
    }

    /// `key` in the original language's catalog (this language's when there is none).
    mutating func originalString(_ key: String) -> String {
        guard let originalCatalog, originalCatalog.language != language else { return string(key) }
        do { return try originalCatalog.format(key, at: document.location) } catch {
            problems += error.diagnostics
            return ""
        }
    }

    mutating func text(_ unit: Unit, from current: String) -> Value {
        guard let entry = entry(unit) else { return .markup([]) }
        return .markup(inline(entry.text, owner: document, from: current))
    }

    func markup(_ value: Value) -> [Inline] {
        if case .markup(let inlines) = value { return inlines }
        return []
    }
}
