import Foundation
import Testing
@testable import Plenary

/// Tables and figures (issue 16): the fixture `Fixtures/tables` has a budget table with spans, a
/// row group, a typed and checked subtotal, computed sums and numbers with different fraction
/// digits; a table computed from data/; and a bar chart.
@Suite("Tables and figures")
struct TableTests {
    static let document = "Meetings/tables/documents/t1"
    static let akn = ["akn": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"]

    static func project() throws -> URL { try TestSupport.fixtureProject("tables") }

    /// Builds the fixture, after `edit` of one of its files; the output folder and the report.
    static func build(editing file: String = "document.yaml", _ edit: (String) -> String = { $0 }) throws -> (URL, BuildReport, URL) {
        let project = try project()
        let path = "\(document)/\(file)"
        try TestSupport.write(edit(try TestSupport.read(path, in: project)), to: path, in: project)
        let (output, report) = try ContentTests.build(project, meeting: "tables")
        return (output, report, project)
    }

    static func errors(editing file: String = "document.yaml", _ edit: (String) -> String) throws -> [String] {
        let (output, report, project) = try build(editing: file, edit)
        try? FileManager.default.removeItem(at: project)
        try? FileManager.default.removeItem(at: output.deletingLastPathComponent())
        return SourceErrorTests.located(report.errors)
    }

    /// A table's rows as "th:Item|td.number:1,372.5" lines: cell kind, class, spans and text.
    static func rows(_ rows: [XMLNode]) -> [String] {
        rows.map { row in
            row.children.filter { $0.name == "th" || $0.name == "td" }.map { cell in
                var head = cell.name
                if let cls = cell.attribute("class") { head += ".\(cls)" }
                if let cols = cell.attribute("colspan") { head += "[c\(cols)]" }
                if let spans = cell.attribute("rowspan") { head += "[r\(spans)]" }
                return "\(head):\(cell.textContent.trimmingCharacters(in: .whitespacesAndNewlines))"
            }.joined(separator: "|")
        }
    }

    @Test func theBudgetTablesCellsInAkomaNtosoAndHTMLInBothLanguages() throws {
        let (output, report, project) = try Self.build()
        defer { try? FileManager.default.removeItem(at: project); try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        let expected: [String: [String]] = [
            "en": ["th[r2]:Item|th[c2]:Years|th.number[r2]:Total", "th.number:2013|th.number:2014",
                   "th:Staff costs|td.number:1,372.5|td.number:1,401|td.number:2,773.5",
                   "th[c4]:Meetings",
                   "th:Bureau meetings|td.number:60|td.number:62.25|td.number:122.25",
                   "th:Meeting of the Parties|td.number:150|td.number:155|td.number:305",
                   "th:Subtotal, meetings|td.number:210|td.number:217.25|td.number:427.25",
                   "th:Other costs|td.number:–|td.number:12|td.number:12",
                   "th:Total|td.number:1,582.5|td.number:1,630.25|td.number:3,212.75"],
            "zh": ["th[r2]:项目|th[c2]:年份|th.number[r2]:共计", "th.number:2013|th.number:2014",
                   "th:工作人员费用|td.number:1,372.5|td.number:1,401|td.number:2,773.5",
                   "th[c4]:会议",
                   "th:主席团会议|td.number:60|td.number:62.25|td.number:122.25",
                   "th:缔约方会议|td.number:150|td.number:155|td.number:305",
                   "th:小计，会议|td.number:210|td.number:217.25|td.number:427.25",
                   "th:其他费用|td.number:–|td.number:12|td.number:12",
                   "th:共计|td.number:1,582.5|td.number:1,630.25|td.number:3,212.75"],
        ]
        for language in ["en", "zh"] {
            let xml = try XMLTree.parse(contentsOf: output.appendingPathComponent("t1/\(language).xml"))
            let aknRows = try #require(xml.select("//akn:table[@eId='table_1']/akn:tr", namespaces: Self.akn))
            #expect(Self.rows(aknRows) == expected[language]!, "\(language).xml")
            #expect(xml.select("//akn:table[@eId='table_1']/akn:tr[@class='header']", namespaces: Self.akn)?.count == 2)
            #expect(xml.select("//akn:table[@eId='table_1']/akn:tr[@class='subtotal' or @class='total' or @class='group-heading']", namespaces: Self.akn)?.count == 3)
            let caption = xml.evaluate("string(//akn:table[@eId='table_1']/akn:caption)", namespaces: Self.akn)
            #expect(caption == (language == "en" ? "Table 1. Budget of the trust fund (thousands of United States dollars)" : "表1　信托基金预算（千美元）"))

            let html = try #require(XMLTree.parseHTML(try Data(contentsOf: output.appendingPathComponent("t1/\(language).html")), path: "\(language).html"))
            let htmlRows = try #require(html.select("//table[@id='table_1']//tr"))
            // HTML cells carry their scope and the invisible pad that lines the decimals up.
            #expect(Self.rows(htmlRows) == expected[language]!, "\(language).html")
            let scopes = try #require(html.select("//table[@id='table_1']//th")).map { $0.attribute("scope") ?? "none" }
            #expect(scopes == ["col", "colgroup", "col", "col", "col", "row", "rowgroup", "row", "row", "row", "row", "row"])
            let pads = try #require(html.select("//table[@id='table_1']//tr[th='\(language == "en" ? "Staff costs" : "工作人员费用")']/td/span[@class='decimal-pad']"))
            #expect(pads.map { $0.attribute("data-pad") ?? "" } == [".00", "0"])
            #expect(html.select("//table[@id='table_1']/thead/tr")?.count == 2)
            #expect(html.select("//table[@id='table_1']/tbody[@class='total']/tr[@class='total']")?.count == 1)
            #expect(html.select("//table[@id='table_1']/tbody[@class='group']/tr")?.count == 4)
            // A wide table's block is marked for the landscape page of the print stylesheet.
            #expect(html.select("//div[@id='hcontainer_table-1']")?.first?.attribute("class") == "table-block")
            #expect(html.select("//div[@id='hcontainer_table-2']")?.first?.attribute("class") == "table-block wide")
        }
    }

    @Test func theComputedTableAndTheChartAreTheStatistics() throws {
        let (output, report, project) = try Self.build()
        defer { try? FileManager.default.removeItem(at: project); try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty, "\(report.errors)")
        let xml = try XMLTree.parse(contentsOf: output.appendingPathComponent("t1/en.xml"))
        // AFR: 2 respondents, 1 yes (50%); WEOG: 2 and 2 (100%); all: 4, 3, 75%.
        #expect(Self.rows(try #require(xml.select("//akn:table[@eId='table_2']/akn:tr", namespaces: Self.akn))) == [
            "th:Group|th.number:Respondents|th.number:Said yes|th.number:Per cent",
            "th:Africa|td.number:2|td.number:1|td.number:50",
            "th:Western Europe and others|td.number:2|td.number:2|td.number:100",
            "th:All respondents|td.number:4|td.number:3|td.number:75",
        ])
        // The chart: a file beside the XML that its <img> names, and the same chart inline in HTML.
        let img = try #require(xml.select("//akn:tblock[@eId='fig_1']/akn:p/akn:img", namespaces: Self.akn)?.first)
        #expect(img.attribute("src") == "en.figure-1.svg")
        #expect(img.attribute("alt") == "Bar chart. Parties that said yes, by group: Africa 50 per cent, Western Europe and others 100 per cent, Least developed countries 100 per cent.")
        for language in ["en", "zh"] {
            let svg = try XMLTree.parse(contentsOf: output.appendingPathComponent("t1/\(language).figure-1.svg"))
            let svgNS = ["svg": "http://www.w3.org/2000/svg"]
            let labels = try #require(svg.select("//svg:text[@class='label']", namespaces: svgNS)).map(\.textContent)
            let values = try #require(svg.select("//svg:text[@class='value']", namespaces: svgNS)).map(\.textContent)
            #expect(labels == (language == "en" ? ["Africa", "WEOG", "LDCs"] : ["非洲", "西欧和其他", "最不发达国家"]))
            #expect(values == ["50", "100", "100"])
            #expect(svg.evaluate("string(/svg:svg/@xml:lang)", namespaces: svgNS) == (language == "en" ? "en" : "zh-Hans"))
            let heights = try #require(svg.select("//svg:rect[@class='bar']", namespaces: svgNS)).compactMap { Double($0.attribute("height") ?? "") }
            #expect(heights.count == 3 && abs(heights[1] - 2 * heights[0]) < 0.2 && heights[1] == heights[2])
            let html = try #require(XMLTree.parseHTML(try Data(contentsOf: output.appendingPathComponent("t1/\(language).html")), path: "h"))
            #expect(html.evaluate("string(//figure[@id='fig_1']//*[local-name()='desc'])")?.isEmpty == false)
            #expect(html.select("//figure[@id='fig_1']//*[local-name()='text'][@class='label']")?.map(\.textContent) == labels)
            // Inline, the chart takes the page's language (an empty xml:lang would say "unknown").
            #expect(html.select("//figure[@id='fig_1']/*[local-name()='svg']")?.first?.attribute("xml:lang") == nil)
            #expect(html.select("//figure[@id='fig_1']/*[local-name()='svg']/@*[local-name()='lang']")?.isEmpty == true)
        }
    }

    @Test func referencesSayAboveOrBelowInEachLanguage() throws {
        let (output, report, project) = try Self.build()
        defer { try? FileManager.default.removeItem(at: project); try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty)
        let text = { (language: String, id: String) throws -> String in
            let html = try #require(XMLTree.parseHTML(try Data(contentsOf: output.appendingPathComponent("t1/\(language).html")), path: "h"))
            return try #require(html.select("//*[@id='\(id)']//p")?.first).textContent
        }
        #expect(try text("en", "para_1") == "The budget is in table 1 below; the answers are charted in figure 1 below.")
        #expect(try text("zh", "para_1") == "预算见下表1；答复见下图1。")
        #expect(try text("en", "para_2") == "The budget of table 1 was approved; table 2 below gives the answers of 2012.")
        #expect(try text("zh", "para_2") == "上文介绍了表1；下表2列出2012年的答复。")
        // From the table's own note, the table is above.
        let (again, _, other) = try Self.build(editing: "en.yaml") {
            $0.replacingOccurrences(of: "budget-note: Figures are rounded to the nearest dollar.", with: "budget-note: \"[[table budget]] is rounded.\"")
        }
        defer { try? FileManager.default.removeItem(at: other); try? FileManager.default.removeItem(at: again.deletingLastPathComponent()) }
        #expect(try TestSupport.read("t1/en.html", in: again).contains("<a class=\"akn-ref\" href=\"#table_1\">table 1 above</a> is rounded."))
    }

    @Test func theTablesAndTheFigureValidateAgainstTheSchema() throws {
        let (output, report, project) = try Self.build()
        defer { try? FileManager.default.removeItem(at: project); try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty)
        let schema = try XMLSchema(contentsOf: TestSupport.aknSchema)
        for language in ["en", "zh"] {
            #expect(schema.validate(try XMLTree.parse(contentsOf: output.appendingPathComponent("t1/\(language).xml"))).isEmpty)
        }
    }

    // MARK: Errors, at their line and column

    @Test func aTypedSubtotalThatIsNotTheSumIsAnErrorAtItsCell() throws {
        let errors = try Self.errors { $0.replacingOccurrences(of: "[g-meetings-sub, 210, sum, sum]", with: "[g-meetings-sub, 211, sum, sum]") }
        #expect(errors == ["Meetings/tables/documents/t1/document.yaml:23:40: this subtotal is 211 but its column adds up to 210"])
    }

    @Test func aTypedTotalWithDecimalsIsCheckedExactly() throws {
        let errors = try Self.errors { $0.replacingOccurrences(of: "total: [r-total, sum, sum, sum]", with: "total: [r-total, sum, 1630.2, sum]") }
        #expect(errors == ["Meetings/tables/documents/t1/document.yaml:25:31: this total is 1630.2 but its column adds up to 1630.25"])
    }

    @Test func aRowThatDoesNotFillTheTableIsAnError() throws {
        let errors = try Self.errors { $0.replacingOccurrences(of: "[r-staff, 1372.5, 1401, row-sum]", with: "[r-staff, 1372.5, row-sum]") }
        #expect(errors == ["Meetings/tables/documents/t1/document.yaml:18:13: this row fills 3 of the table's 4 columns"])
        let wide = try Self.errors { $0.replacingOccurrences(of: "- [2013, 2014]", with: "- [2013, 2014, 2015]") }
        #expect(wide == ["Meetings/tables/documents/t1/document.yaml:16:13: this row is wider than the table's 4 columns"])
    }

    @Test func aNumberWithGroupingIsRefused() throws {
        let errors = try Self.errors { $0.replacingOccurrences(of: "[r-staff, 1372.5,", with: "[r-staff, \"1 372.5\",") }
        #expect(errors == ["Meetings/tables/documents/t1/document.yaml:18:23: `1 372.5` is not a number Plenary can read"])
    }

    @Test func sumOutsideASubtotalOrTotalAndAnUnknownStatistic() throws {
        let sum = try Self.errors { $0.replacingOccurrences(of: "[r-other, \"-\", 12, row-sum]", with: "[r-other, sum, 12, row-sum]") }
        #expect(sum == ["Meetings/tables/documents/t1/document.yaml:24:23: `sum` stands in a `subtotal:` or `total:` row"])
        let statistic = try Self.errors { $0.replacingOccurrences(of: "{stat: said-yes, value: count}", with: "{stat: said-no, value: count}") }
        #expect(statistic == ["Meetings/tables/documents/t1/document.yaml:36:66: unknown statistic `said-no`"])
        let group = try Self.errors { $0.replacingOccurrences(of: "groups: [AFR, WEOG]", with: "groups: [AFR, EEG]") }
        #expect(group.count == 3 && group.allSatisfy { $0.hasSuffix("has no breakdown for `EEG`") })
    }

    @Test func aReferenceToATableThatIsNotOne() throws {
        let errors = try Self.errors(editing: "en.yaml") { $0.replacingOccurrences(of: "[[table budget]]", with: "[[table chart]]") }
        #expect(errors == ["Meetings/tables/documents/t1/en.yaml:3:22: `chart` is not a table"])
    }

    /// The budget table's body replaced by `rows` (YAML lines under `body:`); the HTML of the table.
    static func budgetHTML(body rows: String, total: String = "[r-total, sum, sum, sum]") throws -> (html: String, errors: [String]) {
        let (output, report, project) = try build { text in
            let start = text.range(of: "        body:\n          - [r-staff")!.lowerBound
            let end = text.range(of: "        notes: [budget-note]")!.lowerBound
            return text.replacingCharacters(in: start..<end, with: "        body:\n\(rows)        total: \(total)\n")
        }
        defer { try? FileManager.default.removeItem(at: project); try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        let html = (try? TestSupport.read("t1/en.html", in: output)) ?? ""
        return (html, SourceErrorTests.located(report.errors))
    }

    @Test func rowsOutsideGroupsAreOnePartAndARowAfterAGroupIsNotInIt() throws {
        // A row span across two rows outside any group; a row after a group without a subtotal.
        let (html, errors) = try Self.budgetHTML(body: """
                  - [{text: r-staff, rows: 2}, 1, 2, row-sum]
                  - [3, 4, row-sum]
                  - group: g-meetings
                    rows:
                      - [r-bureau, 5, 6, row-sum]
                      - [r-cop, 1, 1, row-sum]
                  - [r-other, 7, 8, row-sum]
                  - [g-meetings-sub, 0, 0, row-sum]

        """)
        #expect(errors.isEmpty, "\(errors)")
        let tree = try #require(XMLTree.parseHTML(Data(html.utf8), path: "h"))
        let bodies = try #require(tree.select("//table[@id='table_1']/tbody"))
        #expect(bodies.map { $0.attribute("class") ?? "body" } == ["body", "group", "body", "total"])
        #expect(bodies[2].textContent.contains("Other costs") && !bodies[1].textContent.contains("Other costs"))
        #expect(Self.rows(try #require(tree.select("//table[@id='table_1']/tbody[1]/tr"))) == [
            "th[r2]:Staff costs|td.number:1|td.number:2|td.number:3", "td.number:3|td.number:4|td.number:7"])
        #expect(Self.rows(try #require(tree.select("//table[@id='table_1']/tbody[@class='total']/tr"))) == ["th:Total|td.number:17|td.number:21|td.number:38"])
    }

    @Test func exactDigitsALabelInTheHeaderColumnAndRowSumsThatDoNotAddEachOther() throws {
        let (html, errors) = try Self.budgetHTML(body: """
                  - [r-staff, 7654320925.654272, 2, row-sum]
                  - [2013, 1, 2, row-sum]
                  - group: g-meetings
                    rows: [[r-bureau, 0, 0, row-sum], [r-cop, 0, 0, row-sum]]
                    subtotal: [g-meetings-sub, sum, sum, sum]
                  - [r-other, 0, 0, row-sum]

        """, total: "[r-total, sum, sum, row-sum]")
        #expect(errors.isEmpty, "\(errors)")
        let tree = try #require(XMLTree.parseHTML(Data(html.utf8), path: "h"))
        #expect(Self.rows(try #require(tree.select("//table[@id='table_1']/tbody[1]/tr[position() < 3] | //table[@id='table_1']/tbody[@class='total']/tr"))) == [
            "th:Staff costs|td.number:7,654,320,925.654272|td.number:2|td.number:7,654,320,927.654272",
            "th:2013|td.number:1|td.number:2|td.number:3",
            "th:Total|td.number:7,654,320,926.654272|td.number:4|td.number:7,654,320,930.654272"])
    }

    @Test func sumsThatWouldMeanNothingAreRefused() throws {
        let path = "Meetings/tables/documents/t1/document.yaml"
        // LDC overlaps AFR, and percentages do not add up.
        let overlap = try Self.errors { $0.replacingOccurrences(of: "groups: [AFR, WEOG]", with: "groups: [AFR, WEOG, LDC]")
            .replacingOccurrences(of: "total: [r-all, sum, sum, {stat: said-yes, value: percent}]", with: "total: [r-all, sum, sum, sum]") }
        #expect(overlap == ["\(path):37:24: LDC overlaps the other groups of this column: their figures cannot be added up",
                            "\(path):37:29: LDC overlaps the other groups of this column: their figures cannot be added up",
                            "\(path):37:34: this column holds percentages: they cannot be added up"])
        let twice = try Self.errors { $0.replacingOccurrences(of: "groups: [AFR, WEOG]", with: "groups: [AFR, WEOG, AFR]") }
        #expect(twice == ["\(path):35:33: `AFR` is listed twice"])
        // A typed total with nothing above it to check it against.
        #expect(try Self.errors { $0.replacingOccurrences(of: "[r-other, \"-\", 12, row-sum]", with: "[r-other, ~, 12, row-sum]")
            .replacingOccurrences(of: "      - p2\n", with: "      - table: t3\n        columns: [text, number]\n        body: [[t3-r, \"-\"]]\n        total: [t3-t, 5]\n      - p2\n") }
            .contains("\(path):31:23: this total has no numbers above it to add up"))
        #expect(try Self.errors { $0.replacingOccurrences(of: "[r-staff, 1372.5,", with: "[r-staff, \"1372.5\",") }
                == ["\(path):18:23: `1372.5` is quoted: a number is written bare"])
    }

    // MARK: Translators' tools

    @Test func tableCellsAreUnitsOfTheDiffTheQAChecksAndXLIFF() throws {
        let project = try Self.project()
        defer { try? FileManager.default.removeItem(at: project) }
        let workspace = try TranslationWorkspace(documentPath: project.appendingPathComponent(Self.document), displayRoot: project)
        let ids = try workspace.status(Language("zh")).units.map(\.id)
        #expect(["budget", "h-item", "r-staff", "g-meetings", "g-meetings-sub", "budget-note", "budget-source", "chart", "chart-axis"].allSatisfy(ids.contains))
        // The XLIFF export carries every cell with words; importing it back changes nothing.
        for version in [XLIFFExporter.Version.v12, .v20] {
            let data = try XLIFFExporter(workspace: workspace).export(to: Language("zh"), version: version)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains(version == .v12 ? "<trans-unit id=\"g-meetings-sub\"" : "<unit id=\"g-meetings-sub\""))
            try data.write(to: project.appendingPathComponent("t.xlf"))
            let before = TestSupport.snapshot(project.appendingPathComponent("Meetings"))
            let result = try XLIFFImporter(workspace: TranslationWorkspace(documentPath: project.appendingPathComponent(Self.document), displayRoot: project))
                .importFile(project.appendingPathComponent("t.xlf"), displayPath: "t.xlf")
            #expect(result.changed.isEmpty)
            #expect(TestSupport.snapshot(project.appendingPathComponent("Meetings")) == before)
        }
        // A number changed in one language's cell is caught.
        try TestSupport.write(try TestSupport.read("\(Self.document)/zh.yaml", in: project)
            .replacingOccurrences(of: "r-bureau: 主席团会议", with: "r-bureau: 主席团会议（2次）"), to: "\(Self.document)/zh.yaml", in: project)
        let problems = try QAChecker().check(TranslationWorkspace(documentPath: project.appendingPathComponent(Self.document), displayRoot: project))
        #expect(problems.filter { $0.severity == .error }.map(\.message) == ["`r-bureau`: the numbers differ: 2 in zh, none in en"])
        try TestSupport.write(try TestSupport.read("\(Self.document)/en.yaml", in: project)
            .replacingOccurrences(of: "r-staff: Staff costs", with: "r-staff: Staff costs (13 posts)"), to: "\(Self.document)/en.yaml", in: project)
        // The diff shows the edited cell as a stale unit, with the change marked.
        let status = try TranslationWorkspace(documentPath: project.appendingPathComponent(Self.document), displayRoot: project).status(Language("zh"))
        #expect(status.units.first { $0.id == "r-staff" }.map { "\($0.state)" } == "staleSubstantive")
        #expect(DiffReport(status: status).text().contains("(13 posts)"))
    }

    // MARK: The bundled meeting

    /// Table 1 of the note is computed from data/: each of its cells is what `plenary stats` prints.
    @Test func theNotesTableEqualsPlenaryStatsForEveryGroup() throws {
        let (output, report) = try ContentTests.build(TestSupport.packageRoot)
        defer { try? FileManager.default.removeItem(at: output.deletingLastPathComponent()) }
        #expect(report.errors.isEmpty)
        let meeting = try TestSupport.loadMeeting()
        let stats = try StatisticsTable(meeting: meeting, catalogs: [:]).rows
        func stat(_ id: String, _ group: String) throws -> StatisticsTable.Row { try #require(stats.first { $0.id == id && $0.group == group }) }
        let xml = try XMLTree.parse(contentsOf: output.appendingPathComponent("cp-6-7/en.xml"))
        let rows = try #require(xml.select("//akn:table[@eId='table_1']/akn:tr[not(@class)]", namespaces: Self.akn))
        #expect(rows.count == 5)
        let names = ["Africa": "AFR", "Asia and the Pacific": "APAC", "Central and Eastern Europe": "EEG",
                     "Latin America and the Caribbean": "GRULAC", "Western Europe and others": "WEOG"]
        for row in rows {
            let cells = row.children.filter { $0.name == "th" || $0.name == "td" }.map { $0.textContent.trimmingCharacters(in: .whitespacesAndNewlines) }
            let group = try #require(names[cells[0]])
            let activities = try stat("capacity-activities", group)
            var expected = [String(activities.denominator), String(activities.count), String(activities.percent ?? -1)]
            for id in ["received-support", "provided-support", "needs-assessment", "cb-strategy"] { expected.append(String(try stat(id, group).percent ?? -1)) }
            #expect(Array(cells.dropFirst()) == expected, "\(group)")
        }
        let total = try #require(xml.select("//akn:table[@eId='table_1']/akn:tr[@class='total']/akn:td", namespaces: Self.akn)).map(\.textContent)
        let all = try stat("capacity-activities", "all")
        #expect(Array(total.prefix(3)) == [String(all.denominator), String(all.count), String(all.percent ?? -1)])
    }
}
