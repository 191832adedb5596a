public import Foundation

/// Building the `Value` tree the templates read. Templates render blocks (headings, paragraphs,
/// decisions, the agenda) and never a kind's special case: what differs between kinds — the
/// numbers, the front matter, the punctuation — is worked out here from the kind's file.
extension Resolver {
    var kind: DocumentKind { outline.kind }

    mutating func documentValue() -> Value {
        var languages: [Value] = []
        for language in document.languages(of: meeting) { languages.append(languageValue(language)) }
        let (distribution, distributionLocation) = (document.distribution, document.distributionLocation)
        let (status, statusLocation) = (document.status, document.statusLocation)
        var fields: [FieldName: Value] = [
            "id": .string(document.id),
            "symbol": .string(document.symbol),
            "kind": .string(kind.name),
            "language": languageValue(language),
            "original": languageValue(document.original),
            "isOriginal": .bool(language == document.original),
            "languages": .list(languages),
            "languageLines": .list(languageLines().map(Value.string)),
            "title": text(Unit(id: "title", location: document.location)),
            "number": .string(document.decisionNumber ?? ""),
            "date": .string(format.date(document.date)),
            "dateISO": .string(Self.iso(document.date)),
            "distribution": .string(string("distribution-\(distribution)", at: distributionLocation)),
            "status": .string(status.map { string("status-\($0)", at: statusLocation) } ?? ""),
            "reissue": .bool(document.reissue),
            "meeting": meetingValue(),
            "akn": aknValue(),
            "agenda": agendaLineValue(),
        ]
        fields["proponent"] = .string(proponent())
        fields["proponentFirst"] = .bool(kind.proponentFirst)
        fields["supplement"] = supplementValue()
        var body: [Value] = []
        if kind.agendaListing { body.append(agendaListingValue()) }
        for block in document.body { body.append(blockValue(block)) }
        fields["body"] = .list(body)
        var annexes: [Value] = []
        for annex in document.annexes { annexes.append(annexValue(annex)) }
        fields["annexes"] = .list(annexes)
        // Each figure is also written as an SVG file of its own, beside the Akoma Ntoso.
        fields["figures"] = .list(figures)
        fields["contents"] = .list((document.contents ?? kind.contents) ? contents(body: body, annexes: annexes) : [])
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
            "name": .string(catalog.languageName(language.code)),
            // ICU's writing direction for the language: `rtl` for Arabic, for `dir` on the page.
            "direction": .string(language.isRightToLeft ? "rtl" : "ltr"),
        ]))
    }

    /// The masthead's language lines: "ENGLISH ONLY" for a document issued in one language;
    /// otherwise this language (in a translation) and "ORIGINAL: ENGLISH".
    mutating func languageLines() -> [String] {
        if let issuedIn = document.issuedIn, issuedIn.count == 1 {
            return [string("language-only", ["language": catalog.languageName(language.code).uppercased()])]
        }
        var lines: [String] = []
        if language != document.original { lines.append(catalog.languageName(language.code).uppercased()) }
        lines.append("\(string("original")) \(catalog.languageName(document.original.code).uppercased())")
        return lines
    }

    /// The line under the title: the document's catalog key, or its kind's; `none` for no line.
    mutating func proponent() -> String {
        let key = document.proponent ?? kind.proponent
        guard let key, key != "none" else { return "" }
        let location = document.proponent == nil ? kind.proponentLocation : document.proponentLocation
        // `{ordinal}` as running text writes it ("at its sixth meeting"), not as a heading does.
        let ordinal = document.inSession ? meeting.session.map { format.ordinal($0).lowercased() } ?? "" : ""
        return string(key, ["body": meeting.body[language] ?? "", "session": session(), "ordinal": ordinal], at: location)
    }

    /// What the document supplements (`…/Add.1` of `…/6/1`): the kind (`addendum`, `corrigendum`,
    /// `revision`), the parent's symbol, the line the catalog prints under the title
    /// ("Corrigendum"; nothing for an addendum or a revision unless the catalog says so), and
    /// the parent's Akoma Ntoso work when the meeting publishes it.
    mutating func supplementValue() -> Value {
        guard let supplement = document.supplement else { return .null }
        let name = supplement.kind.name
        var work = ""
        if let parent = meeting.document(symbol: supplement.parent), let parentKind = kinds[parent.kind] {
            referencedDocuments.insert(parent.id)
            work = Self.workIRI(of: parent, kind: parentKind, actor: meeting.actor)
        }
        return .object(ValueObject("supplement", [
            "kind": .string(name),
            "number": .string(String(supplement.number)),
            "parent": .string(supplement.parent),
            "parentWork": .string(work),
            "line": .string(string("supplement-\(name)", ["n": format.number(supplement.number)])),
        ]))
    }

    /// "sixth meeting", or nothing for a meeting without sessions or a document issued outside one.
    mutating func session() -> String {
        guard document.inSession, let session = meeting.session else { return "" }
        return string("session", ["ordinal": format.ordinal(session)])
    }

    mutating func meetingValue() -> Value {
        // A language the meeting's wording lacks is said, not filled in silently from another.
        for (what, text) in [("body", meeting.body), ("venue", meeting.venue)] where !text.values.isEmpty && text[language] == nil {
            warnings.append(Diagnostic(.warning, at: text.location, "the meeting's `\(what)` has no \(language.code) wording",
                                       hint: what == "body" ? "the \(meeting.languages[0].code) one is printed; add `\(language.code): …`" : "the masthead leaves it out; add `\(language.code): …`"))
        }
        let body = meeting.body[language] ?? meeting.body[meeting.languages[0]] ?? ""
        let inSession = document.inSession
        return .object(ValueObject("meeting", [
            "body": .string(body),
            "session": .string(session()),
            "venue": .string(inSession ? meeting.venue[language] ?? "" : ""),
            "dates": .string(inSession ? format.dateRange(meeting.startDate, meeting.endDate) : ""),
            "actor": .string(meeting.actor),
            "agenda": .list(sharedAgendaItems()),
        ]))
    }

    /// "Item 9 of the provisional agenda", "Items 3 and 4 …": the catalog's `agenda-before` and
    /// `agenda-after` (or their `-many` forms) around the item numbers, and the agenda's symbol
    /// for the note under it. Nothing for a document under no item or outside a session.
    mutating func agendaLineValue() -> Value {
        let items = document.agendaItems
        guard !items.isEmpty, document.inSession else { return .null }
        let numbers = items.map(agendaNumber)
        let phrase = numbers.count == 1 ? numbers[0]
            : document.agendaRange ? string("range-list", ["first": numbers[0], "last": numbers[1]])
            : string("and-list", ["list": numbers.dropLast().joined(separator: string("list-separator")), "last": numbers.last!])
        let suffix = numbers.count == 1 ? "" : "-many"
        return .object(ValueObject("agenda line", [
            "item": .string(phrase),
            "before": .string(string("agenda-before\(suffix)", ["item": phrase])),
            "after": .string(string("agenda-after\(suffix)", ["item": phrase])),
            "symbol": meeting.provisionalAgenda.map(Value.string) ?? .null,
        ]))
    }

    /// FRBR identifiers per AKN4UN: `/akn/un/{type}/{subtype}/{actor}/{date}/{number}`, then the
    /// expression (`/{lang}@{date}`) and the manifestation (`.xml`).
    mutating func aknValue() -> Value {
        let work = Self.workIRI(of: document, kind: kind, actor: meeting.actor)
        let date = Self.iso(document.date)
        let expression = "\(work)/\(language.alpha3 ?? language.code)@\(date)"
        let original = "\(work)/\(document.original.alpha3 ?? document.original.code)@\(date)"
        return .object(ValueObject("akn", [
            "type": .string(kind.aknElement), "name": .string(kind.aknName), "subtype": .string(kind.aknSubtype),
            "work": .string(work), "expression": .string(expression), "manifestation": .string(expression + ".xml"),
            "originalExpression": .string(original), "number": .string(document.symbol.replacingOccurrences(of: "/", with: "-")),
            "date": .string(date), "actor": .string(meeting.actor),
        ]))
    }

    static func workIRI(of document: Document, kind: DocumentKind, actor: String) -> String {
        let number = document.symbol.replacingOccurrences(of: "/", with: "-")
        return "/akn/un/\(kind.aknElement)/\(kind.aknSubtype)/\(actor)/\(iso(document.date))/\(number)"
    }

    // MARK: Blocks

    mutating func blockValue(_ block: Block) -> Value {
        switch block {
        case .heading(let heading):
            let entry = numbering[heading.unit.id]
            let number = entry.map(label) ?? ""
            let title: Value
            if let agendaNumber = heading.agendaItem {
                if let item = meeting.agendaItem(agendaNumber) {
                    title = agendaTitle(item)
                } else {
                    problems.append(.error(at: heading.unit.location, "agenda item \(agendaNumber) is not in the meeting's agenda",
                                           hint: meeting.agenda.isEmpty ? "add the agenda to meeting.yaml (`agenda:`)" : "the agenda has items \(meeting.agendaNumbers.joined(separator: ", "))"))
                    title = .markup([])
                }
            } else {
                title = text(heading.unit, from: heading.unit.id)
            }
            let level = kind.headings[heading.level] ?? kind.annexHeadings[heading.level]
            return .object(ValueObject("heading", [
                "kind": .string("heading"),
                "level": .string(heading.level),
                "depth": .int(entry?.depth ?? 1),
                "akn": .string(level?.akn ?? "hcontainer"),
                "aknName": .string(level?.aknName ?? heading.level),
                "number": .string(number),
                "label": .string(formattedLabel(entry, number)),
                "eId": .string(entry?.eId ?? ""),
                "heading": title,
                "content": .list(heading.content.map { blockValue($0) }),
            ]))
        case .paragraph(let paragraph):
            let entry = numbering[paragraph.unit.id]
            let number = entry.map(label) ?? ""
            return .object(ValueObject("paragraph", [
                "kind": .string("paragraph"),
                "number": .string(number),
                "label": .string(formattedLabel(entry, number)),
                "eId": .string(entry?.eId ?? ""),
                "text": text(paragraph.unit, from: paragraph.unit.id),
                "list": .list(paragraph.list.map { itemValue($0, punctuation: nil, separator: nil) }),
            ]))
        case .decision(let decision):
            return decisionValue(decision)
        case .table(let table):
            return tableValue(table)
        case .figure(let figure):
            let value = figureValue(figure)
            figures.append(value)
            return value
        }
    }

    /// A list item, with `punctuation` after its text when it has no sub-items of its own (or
    /// after its last sub-item), and `separator` after the others: "(i) …;" "(ii) ….".
    mutating func itemValue(_ item: ListItem, punctuation: String?, separator: String?) -> Value {
        let entry = numbering[item.unit.id]
        let number = entry.map(label) ?? ""
        var content = markup(text(item.unit, from: item.unit.id))
        if let punctuation, item.list.isEmpty { content.append(.text(punctuation)) }
        return .object(ValueObject("item", [
            "number": .string(number),
            "label": .string(formattedLabel(entry, number)),
            "eId": .string(entry?.eId ?? ""),
            "text": .markup(content),
            "list": .list(item.list.enumerated().map { index, child in
                itemValue(child, punctuation: index == item.list.count - 1 ? punctuation : separator, separator: separator)
            }),
        ]))
    }

    mutating func annexValue(_ annex: Annex) -> Value {
        let entry = numbering[annex.unit.id]
        let number = entry.map(label) ?? ""
        let key = number.isEmpty ? annex.label : "\(annex.label)-number"
        return .object(ValueObject("annex", [
            "eId": .string(entry?.eId ?? ""),
            "number": .string(String(entry?.ordinal ?? 1)),
            "label": .string(string(key, ["n": number])),
            "title": text(annex.unit),
            "content": .list(annex.content.map { blockValue($0) }),
        ]))
    }

    /// The contents list: every heading with its number and title, then the annexes.
    mutating func contents(body: [Value], annexes: [Value]) -> [Value] {
        var entries: [Value] = []
        func walk(_ blocks: [Value]) {
            for case .object(let block) in blocks where block.fields["kind"]?.text == "heading" {
                entries.append(.object(ValueObject("contents entry", [
                    "label": block.fields["label"] ?? .string(""), "heading": block.fields["heading"] ?? .markup([]),
                    "eId": block.fields["eId"] ?? .string(""), "depth": block.fields["depth"] ?? .int(1),
                ])))
                if case .list(let content)? = block.fields["content"] { walk(content) }
            }
        }
        walk(body)
        for case .object(let annex) in annexes {
            // "Annex I. Decisions adopted …": the catalog says what stands between label and title.
            let label = string("contents-annex", ["label": annex.fields["label"]?.text ?? ""])
            entries.append(.object(ValueObject("contents entry", [
                "label": .string(label), "heading": annex.fields["title"] ?? .markup([]),
                "eId": annex.fields["eId"] ?? .string(""), "depth": .int(1),
            ])))
        }
        return entries
    }

    // MARK: The agenda

    /// An agenda item's title in this language, from the provisional agenda's texts.
    mutating func agendaTitle(_ item: AgendaItem) -> Value {
        if let title = item.title { return .markup([.text(title[language] ?? title[meeting.languages[0]] ?? "")]) }
        guard let symbol = meeting.provisionalAgenda, let owner = meeting.document(symbol: symbol) else {
            problems.append(.error(at: item.unit.location, "agenda item \(item.number) has no title",
                                   hint: "give it a `title:` here, or publish the provisional agenda (a document whose symbol is `provisional-agenda`), whose texts hold the titles"))
            return .markup([])
        }
        let holder = owner.id == document.id ? document : owner
        // A title is printed by every document: a reference to a paragraph, a section, an annex
        // or a footnote would be resolved in each document's own numbering, so it is refused.
        guard let entry = entry(item.unit, in: holder) else { return .markup([]) }
        if let markup = try? outline.markup(of: entry.text), markup.containsPlaceReference {
            problems.append(.error(at: entry.text.location, "the title of agenda item \(item.number) cites a place in a document",
                                   hint: "an agenda item's title is printed by every document: name documents with [[symbol …]], not their paragraphs, sections, annexes or footnotes"))
            return .markup([])
        }
        return .markup(inline(entry.text, owner: holder))
    }

    /// An agenda item's number ("2.1") as this language writes numbers.
    func agendaNumber(_ number: String) -> String {
        number.split(separator: ".").map { format.number(Int($0) ?? 0) }.joined(separator: ".")
    }

    /// `meeting.agenda`, from the build's shared copy when there is one.
    mutating func sharedAgendaItems() -> [Value] {
        guard let sharedAgenda else { return agendaItemValues(meeting.agenda, punctuated: false) }
        let entry = sharedAgenda.items(in: language) {
            var resolver = self
            resolver.problems = []
            resolver.warnings = []
            resolver.referencedDocuments = []
            let items = resolver.agendaItemValues(meeting.agenda, punctuated: false)
            return SharedAgenda.Entry(items: items, problems: resolver.problems, warnings: resolver.warnings,
                                      references: resolver.referencedDocuments)
        }
        problems += entry.problems
        warnings += entry.warnings
        referencedDocuments.formUnion(entry.references)
        return entry.items
    }

    /// The provisional agenda as a block: items 1., 2., sub-items 2.1 …, with the punctuation the
    /// kind adds ("." after an item, ":" before sub-items, ";" between them).
    mutating func agendaListingValue() -> Value {
        .object(ValueObject("agenda", ["kind": .string("agenda"), "items": .list(agendaItemValues(meeting.agenda, punctuated: kind.punctuation.agenda))]))
    }

    mutating func agendaItemValues(_ items: [AgendaItem], punctuated: Bool, depth: Int = 1) -> [Value] {
        var values: [Value] = []
        for (index, item) in items.enumerated() {
            var title = markup(agendaTitle(item))
            if punctuated {
                let key = !item.items.isEmpty ? "agenda-item-open" : depth > 1 && index < items.count - 1 ? "agenda-subitem-separator" : "agenda-item-end"
                title.append(.text(string(key)))
            }
            let number = agendaNumber(item.number)
            values.append(.object(ValueObject("agenda item", [
                "number": .string(number),
                "label": .string(string(depth == 1 ? "agenda-listing-number" : "agenda-listing-subnumber", ["n": number])),
                "eId": .string("item_\(item.number.replacingOccurrences(of: ".", with: "-"))"),
                "title": .markup(title),
                "items": .list(agendaItemValues(item.items, punctuated: punctuated, depth: depth + 1)),
            ])))
        }
        return values
    }

    // MARK: Decisions

    /// A decision: its chapeau, its preambular paragraphs ("*Recalling* …,") and its operative
    /// elements "verb text;" with the last one closed by "." — the catalog gives the marks and
    /// how verb and text are joined; the kind says whether Plenary adds them.
    mutating func decisionValue(_ decision: Decision) -> Value {
        let elements = decision.elements
        let lastId = elements.last?.unit.id
        let operative = kind.punctuation.operative
        var entries: [Value] = []
        for entry in decision.entries {
            switch entry {
            case .group(let unit):
                let entry = numbering[unit.id]
                entries.append(.object(ValueObject("group", [
                    "kind": .string("group"), "eId": .string(entry?.eId ?? ""), "heading": text(unit, from: unit.id),
                    "label": .string(formattedLabel(entry, entry.map(label) ?? "")),
                ])))
            case .element(let element):
                let close = operative ? string(element.unit.id == lastId ? "decision-end" : "decision-separator") : nil
                let separator = operative ? string("decision-separator") : nil
                entries.append(elementValue(element, kind: "element", close: close, separator: separator))
            }
        }
        let preambleEnd = kind.punctuation.preamble ? string("preamble-end") : nil
        let preamble = decision.preamble.map { elementValue($0, kind: "preamble", close: preambleEnd, separator: nil) }
        return .object(ValueObject("decision", [
            "kind": .string("decision"),
            "eId": .string(numbering[decision.unit.id]?.eId ?? ""),
            "chapeau": chapeau(decision),
            "chapeauEId": .string(decision.chapeau.flatMap { numbering[$0.id]?.eId } ?? (kind.aknElement == "statement" ? "preamble__formula_1" : "")),
            "preamble": .list(preamble),
            "entries": .list(entries),
        ]))
    }

    /// "verb text" with `close` after the text (or after the last sub-item) and `separator` after
    /// the other sub-items.
    mutating func elementValue(_ element: DecisionElement, kind elementKind: String, close: String?, separator: String?) -> Value {
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
        if let close, element.list.isEmpty { content.append(.text(close)) }
        let items = element.list.enumerated().map { index, item in
            itemValue(item, punctuation: index == element.list.count - 1 ? close : separator, separator: separator)
        }
        let entry = numbering[element.unit.id]
        let number = entry.map(label) ?? ""
        // A decision published as such numbers its operative paragraphs (AKN <paragraph>); a
        // note's proposed elements are points.
        return .object(ValueObject(elementKind, [
            "kind": .string(elementKind),
            "akn": .string(kind.aknElement == "statement" && elementKind == "element" ? "paragraph" : "point"),
            "number": .string(number),
            "label": .string(formattedLabel(entry, number)),
            "eId": .string(entry?.eId ?? ""),
            "text": .markup(content),
            "list": .list(items),
        ]))
    }

    /// The decision's own chapeau, or the meeting's, styled and closed as the catalog says
    /// ("*The Conference of the Parties …*,"). Only a decision published as such needs one.
    mutating func chapeau(_ decision: Decision) -> Value {
        var content: [Inline]
        if let unit = decision.chapeau {
            content = markup(text(unit, from: unit.id))
        } else if let chapeau = meeting.chapeau, let wording = chapeau[language] ?? chapeau[document.original] {
            content = [.text(wording)]
        } else {
            if kind.aknElement == "statement" {
                problems.append(.error(at: decision.unit.location, "the decision has no chapeau",
                                       hint: "add `chapeau: {en: …}` to meeting.yaml, or `chapeau: <id>` to the decision with its text"))
            }
            return .markup([])
        }
        if string("chapeau-style") == "emphasis" { content = [.emphasis(content)] }
        content.append(.text(string("chapeau-end")))
        return .markup(content)
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
