import Foundation
import Testing
@testable import Plenary

/// The six languages of the United Nations (issue 17): each language's meeting line, date range,
/// percentage, section and list numbering as the bundled note prints them, and a seventh
/// language added to a fixture with nothing but its catalog and its texts.
@Suite("Languages")
struct LanguageTests {
    struct Expected: Sendable {
        var language: String
        var session: String
        var venue: String
        var percent: String
        var section: String
        var subsection: String
        var item: String
        var direction: String
    }

    static let expected: [Expected] = [
        Expected(language: "en", session: "Sixth meeting", venue: "Hyderabad, India, 1–5 October 2012", percent: "83 per cent",
                 section: "II.", subsection: "A.", item: "(a)", direction: "ltr"),
        Expected(language: "zh", session: "第六次会议", venue: "2012年10月1日至5日，印度海德拉巴", percent: "83%",
                 section: "二.", subsection: "A.", item: "(a)", direction: "ltr"),
        Expected(language: "fr", session: "Sixième réunion", venue: "Hyderabad (Inde), 1er-5 octobre 2012", percent: "83\u{00A0}%",
                 section: "II.", subsection: "A.", item: "a)", direction: "ltr"),
        Expected(language: "es", session: "Sexta reunión", venue: "Hyderabad, India, 1 a 5 de octubre de 2012", percent: "83%",
                 section: "II.", subsection: "A.", item: "a)", direction: "ltr"),
        Expected(language: "ru", session: "Шестое совещание", venue: "Хайдарабад, Индия, 1–5 октября 2012 года", percent: "83%",
                 section: "II.", subsection: "A.", item: "a)", direction: "ltr"),
        Expected(language: "ar", session: "الاجتماع السادس", venue: "حيدر أباد، الهند، 1-5 تشرين الأول/أكتوبر 2012", percent: "83 في المائة",
                 section: "ثانيا-", subsection: "ألف-", item: "(أ)", direction: "rtl"),
    ]

    static let built: (URL, BuildReport) = try! ContentTests.build(TestSupport.packageRoot)

    @Test(arguments: expected)
    func theNoteInEachLanguage(_ expected: Expected) throws {
        let (output, report) = Self.built
        #expect(report.errors.isEmpty, "\(report.errors)")
        let data = try Data(contentsOf: output.appendingPathComponent("cp-6-7/\(expected.language).html"))
        let html = try #require(XMLTree.parseHTML(data, path: "\(expected.language).html"))
        func text(_ xpath: String) throws -> String { try #require(html.select(xpath)?.first, "\(xpath)").textContent.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try text("//p[@class='meeting-session']") == expected.session)
        #expect(try text("//p[@class='meeting-venue']") == expected.venue)
        #expect(try text("//*[@id='para_6']//p").contains(expected.percent))
        #expect(try text("//section[@id='sec_2']/*[1]/span[@class='akn-num']") == expected.section)
        #expect(try text("//section[@id='sec_2__subsec_1']/*[1]/span[@class='akn-num']") == expected.subsection)
        #expect(try text("//*[@id='para_31__list_1__point_a']/span[@class='akn-num']") == expected.item)
        #expect(html.select("/html")?.first?.attribute("dir") == expected.direction)
        #expect(html.select("/html")?.first?.attribute("lang") == (expected.language == "zh" ? "zh-Hans" : expected.language))
        // Every expression validates, and says which language it is and what it translates.
        let xml = try XMLTree.parse(contentsOf: output.appendingPathComponent("cp-6-7/\(expected.language).xml"))
        #expect(try XMLSchema(contentsOf: TestSupport.aknSchema).validate(xml).isEmpty)
        let akn = ["akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"]
        let alpha3 = ["en": "eng", "zh": "zho", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara"][expected.language]!
        #expect(xml.evaluate("string(//akn:FRBRExpression/akn:FRBRlanguage/@language)", namespaces: akn) == alpha3)
        #expect(xml.evaluate("string(//akn:FRBRtranslation/@fromLanguage)", namespaces: akn) == (expected.language == "en" ? "" : "eng"))
    }

    /// Right to left: the page says so, and a document symbol in Arabic text keeps its order.
    @Test func arabicIsolatesLatinRuns() throws {
        let (output, _) = Self.built
        let arabic = try String(contentsOf: output.appendingPathComponent("cp-6-7/ar.html"), encoding: .utf8)
        #expect(arabic.contains("<html lang=\"ar\" dir=\"rtl\">"))
        #expect(arabic.contains("<p class=\"akn-docNumber\"><bdi>UNEP/CBD/BS/COP-MOP/6/7</bdi>"))
        // A symbol and a URL in the text.
        #expect(arabic.contains("<bdi>UNEP/CBD/BS/COP-MOP/6/INF/2</bdi>"))
        #expect(arabic.contains("<bdi><a href=\"http://bch.cbd.int/database/resources\">http://bch.cbd.int/database/resources</a></bdi>"))
        // In a left-to-right page only the masthead's symbol is isolated.
        let french = try String(contentsOf: output.appendingPathComponent("cp-6-7/fr.html"), encoding: .utf8)
        #expect(french.components(separatedBy: "<bdi>").count - 1 == 1)
    }

    /// The QA checks know each language's times, dates and grouping (the bundled meeting has no
    /// false alarm: TranslationTests.theBundledMeetingPassesCheck), and a wrong number in any
    /// language is caught: the afternoon session moved from 15 to 16 hours.
    @Test(arguments: ["zh", "fr", "es", "ru", "ar"])
    func aWrongNumberIsCaughtInEveryLanguage(_ language: String) throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let document = "Meetings/bs-copmop-6/documents/cp-6-1-add1"
        let file = "\(document)/\(language).yaml"
        let text = try TestSupport.read(file, in: project)
        let changed = ["zh": ("下午3时", "下午4时"), "fr": ("15 heures", "16 heures"), "es": ("las 15.00", "las 16.00"),
                       "ru": ("15 ч. 00 м.", "16 ч. 00 м."), "ar": ("15:00", "16:00")][language]!
        #expect(text.contains(changed.0))
        try TestSupport.write(text.replacingOccurrences(of: changed.0, with: changed.1), to: file, in: project)
        let workspace = try TranslationWorkspace(documentPath: project.appendingPathComponent(document), displayRoot: project)
        let errors = try QAChecker().check(workspace).filter { $0.severity == .error }.map(\.message)
        #expect(errors == ["`p9`: the numbers differ: 16 in \(language), 15 in en"], "\(errors)")
    }

    /// XLIFF for every new language: the export validates against XLIFF 1.2 and 2.0, and importing
    /// it back changes no byte of the sources.
    @Test(arguments: ["fr", "es", "ru", "ar"])
    func xliffRoundTripsInEveryLanguage(_ language: String) throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let document = project.appendingPathComponent("Meetings/bs-copmop-6/documents/cp-6-7")
        for version in [XLIFFExporter.Version.v12, .v20] {
            let workspace = try TranslationWorkspace(documentPath: document, displayRoot: project)
            let data = try XLIFFExporter(workspace: workspace).export(to: Language(language), version: version)
            let schema = version == .v12 ? "xliff12/xliff-core-1.2-strict.xsd" : "xliff20/xliff_core_2.0.xsd"
            let validator = try XMLSchema(contentsOf: TestSupport.packageRoot.appendingPathComponent("../shared/schemas/\(schema)").standardizedFileURL)
            #expect(validator.validate(try XMLTree.parse(data, path: "t.xlf")).isEmpty)
            try data.write(to: project.appendingPathComponent("t.xlf"))
            let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
            let result = try XLIFFImporter(workspace: workspace).importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
            #expect(result.changed.isEmpty)
            #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before)
        }
    }

    /// A catalog's optional keys are checked at their lines: an unknown ICU rule set, a month list
    /// that is not twelve, a date pattern without months or with a placeholder it cannot fill.
    @Test func aCatalogsConventionsAreCheckedAtTheirLines() throws {
        func errors(_ text: String) -> [String] {
            do {
                _ = try Catalog(language: Language("fr"), file: YAMLFile(data: Data(text.utf8), path: "fr.yaml"))
                return []
            } catch { return error.diagnostics.map(\.description) }
        }
        #expect(errors("ordinal-rule-set: \"%spellout-ordinal-feminine\"\n").isEmpty)
        #expect(errors("ordinal-rule-set: \"%spellout-ordinal-plural\"\n")
                == ["fr.yaml:1:19: error: ICU has no rule set `%spellout-ordinal-plural` for `fr`"])
        #expect(errors("months: \"janvier|février\"\n") == ["fr.yaml:1:9: error: `months` names 2 months, not 12"])
        #expect(errors("date: \"{d} {mois} {y}\"\n") == ["fr.yaml:1:7: error: `date` needs `months`", "fr.yaml:1:7: error: `date` has no placeholder `{mois}`"])
    }

    // MARK: A seventh language

    /// Portuguese, added to the mini fixture with its catalog (`strings/pt.yaml`), its texts
    /// (`pt.yaml`) and its wording in meeting.yaml: no Swift, no key in any other catalog.
    @Test func aSeventhLanguageNeedsOnlyItsCatalogAndItsTexts() throws {
        let project = try TestSupport.fixtureProject("mini")
        defer { try? FileManager.default.removeItem(at: project) }
        let meeting = "Meetings/mini/meeting.yaml"
        try TestSupport.write(try TestSupport.read(meeting, in: project)
            .replacingOccurrences(of: "languages: [en, zh]", with: "languages: [en, zh, pt]")
            .replacingOccurrences(of: "  zh: 缔约方大会\n", with: "  zh: 缔约方大会\n  pt: Conferência das Partes\n")
            .replacingOccurrences(of: "zh: 瑞士日内瓦}", with: "zh: 瑞士日内瓦, pt: \"Genebra, Suíça\"}")
            .replacingOccurrences(of: "zh: 报告}", with: "zh: 报告, pt: Relatórios}")
            .replacingOccurrences(of: "zh: 临时议程}", with: "zh: 临时议程, pt: Agenda provisória}")
            .replacingOccurrences(of: "zh: 说明}", with: "zh: 说明, pt: Uma nota}")
            .replacingOccurrences(of: "zh: 一项决定}", with: "zh: 一项决定, pt: Uma decisão}"), to: meeting, in: project)
        // The catalog: the English one translated, and how Portuguese writes what ICU spells.
        let portuguese: [String: String] = [
            "session": "\"{ordinal} reunião\"", "note-by": "Nota do Secretário Executivo", "original": "\"ORIGINAL:\"",
            "agenda-before": "\"Item {item} da agenda provisória\"", "percent": "\"{n}%\"", "distribution-general": "GERAL",
        ]
        var catalog = "# Portuguese, for the test\nordinal-rule-set: \"%spellout-ordinal-feminine\"\n"
            + "months: \"janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro\"\n"
            + "date: \"{d} de {month} de {y}\"\ndate-range: \"{d1} a {d2} de {month} de {y}\"\ndate-range-months: \"{d1} de {month1} a {d2} de {month2} de {y}\"\n"
        for line in try TestSupport.read("Templates/strings/en.yaml", in: project).split(separator: "\n") where !line.hasPrefix("#") && line.contains(":") {
            let key = String(line.prefix { $0 != ":" })
            catalog += portuguese[key].map { "\(key): \($0)\n" } ?? "\(line)\n"
        }
        try TestSupport.write(catalog, to: "Templates/strings/pt.yaml", in: project)
        try TestSupport.write("""
            title: Uma nota breve
            s1: Introdução
            s2: Conclusões
            p1: O primeiro parágrafo cita [[symbol UNEP/X/1]].[[footnote fn1]]
            p2: "Refere-se ao [[para p3]] e à [[decision X/1]]:"
            p2a: primeiro;
            p2b: segundo.
            p3: Ver [[para p1, p2]] e [[section s1]].
            fn1: Uma nota de rodapé.

            """, to: "Meetings/mini/documents/n1/pt.yaml", in: project)
        let run = try TestSupport.run(["build", "Meetings/mini", "-o", "out"], in: project)
        #expect(run.status == 0, "\(run.stderr)")
        let html = try TestSupport.read("out/mini/n1/pt.html", in: project)
        #expect(html.contains("<p class=\"meeting-session\">Segunda reunião</p>"))
        #expect(html.contains("<p class=\"meeting-venue\">Genebra, Suíça, 1 a 5 de outubro de 2012</p>"))
        #expect(html.contains("<p class=\"language\">PORTUGUÊS</p>"))
        #expect(html.contains("<p class=\"language\">ORIGINAL: INGLÊS</p>"))
        #expect(html.contains("lang=\"pt\" dir=\"ltr\""))
        let xml = try XMLTree.parse(contentsOf: project.appendingPathComponent("out/mini/n1/pt.xml"))
        #expect(try XMLSchema(contentsOf: TestSupport.aknSchema).validate(xml).isEmpty)
        #expect(xml.evaluate("string(//*[local-name()='FRBRlanguage']/@language)") == "por")
        // What a new language lacks is said at its file: here a key its catalog does not have.
        try TestSupport.write(catalog.replacingOccurrences(of: "note-by: Nota do Secretário Executivo\n", with: ""), to: "Templates/strings/pt.yaml", in: project)
        let missing = try TestSupport.run(["build", "Meetings/mini", "-o", "out"], in: project)
        #expect(missing.status == 1)
        // A key a kind names is reported where the kind names it; one only the resolver asks for
        // (a group's name), at the catalog.
        #expect(missing.stderr.contains("Templates/kinds/note.yaml:6:12: error: the pt catalog has no key `note-by`"), "\(missing.stderr)")
        try TestSupport.write(catalog.replacingOccurrences(of: "group-AFR: Africa\n", with: ""), to: "Templates/strings/pt.yaml", in: project)
        let group = try TestSupport.run(["build", "Meetings/mini", "-o", "out"], in: project)
        #expect(group.status == 1)
        #expect(group.stderr.contains("Templates/strings/pt.yaml:1:1: error: the pt catalog has no key `group-AFR`"), "\(group.stderr)")
    }
}
