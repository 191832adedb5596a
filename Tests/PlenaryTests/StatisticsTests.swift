import Foundation
import Testing
@testable import Plenary

/// Statistics computed from per-Party records (issue 5).
@Suite("Statistics")
struct StatisticsTests {
    static func miniMeeting() throws -> Meeting {
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
        return try MeetingLoader(displayRoot: fixture).load(fixture)
    }

    @Test func theSeedsHeadlineFigureForParagraph6() throws {
        let statistic = try #require(try TestSupport.loadMeeting().statistics["capacity-activities"])
        #expect((statistic.count, statistic.denominator, statistic.percent) == (119, 143, 83))
        let groups = ["AFR": 84, "APAC": 80, "EEG": 79, "GRULAC": 90, "WEOG": 84, "LDC": 79, "SIDS": 73]
        for (group, percent) in groups { #expect(statistic.groups[group]?.percent == percent, "\(group)") }
    }

    /// Every figure of paragraphs 6–12 as the generated Chinese note prints it is the seed's: each
    /// generated paragraph stands in the seed word for word (after the two corrections ERRATA.md lists).
    @Test func paragraphs6to12ReproduceTheSeedsFigures() throws {
        let (output, report) = try ContentTests.build(TestSupport.packageRoot)
        #expect(report.errors.isEmpty)
        let tree = try #require(XMLTree.parseHTML(try Data(contentsOf: output.appendingPathComponent("cp-6-7/zh.html")), path: "zh.html"))
        let seed = String(ContentTests.withoutWhitespace(try ContentTests.seedText()))
        for number in 6...12 {
            let paragraph = try #require(tree.select("//*[@id='para_\(number)']/*[@class='akn-content']")?.first)
            let text = String(ContentTests.withoutWhitespace(paragraph.textContent))
                .replacingOccurrences(of: "以及风险管理（6%）", with: "以及风险评估（6%）")     // ERRATA 2
                .replacingOccurrences(of: "制定了能力建设战略", with: "制定了努力建设战略")     // ERRATA 3
                .replacingOccurrences(of: #"[0-9]+$"#, with: "", options: .regularExpression) // a footnote marker
            #expect(seed.contains(text), "paragraph \(number): \(text)")
        }
    }

    @Test func percentagesRoundHalfUp() {
        #expect(StatisticDefinition.percent(1, of: 8) == 13)      // 12.5
        #expect(StatisticDefinition.percent(3, of: 8) == 38)      // 37.5
        #expect(StatisticDefinition.percent(1, of: 200) == 1)     // 0.5
        #expect(StatisticDefinition.percent(1, of: 3) == 33)      // 33.33…
        #expect(StatisticDefinition.percent(119, of: 143) == 83)  // 83.2
    }

    @Test func respondentsPartiesAndGroups() throws {
        let statistics = try Self.miniMeeting().statistics
        let yes = try #require(statistics["said-yes"])
        #expect((yes.count, yes.denominator, yes.percent) == (3, 4, 75))
        #expect(yes.groups["AFR"].map { ($0.count, $0.denominator, $0.percent) } ?? (0, 0, 0) == (1, 2, 50))
        #expect(yes.groups["WEOG"]?.percent == 100)
        #expect(yes.groups["LDC"]?.percent == 100)
        #expect(yes.groups["SIDS"]?.percent == 0)
        let all = try #require(statistics["of-all-parties"])
        #expect((all.count, all.denominator) == (3, 4))
    }

    @Test func anEmptyGroupHasNoPercentageAndQuotingItIsAnError() throws {
        let meeting = try Self.miniMeeting()
        let apac = try #require(meeting.statistics["said-yes"]?.groups["APAC"])
        #expect(apac.denominator == 0)
        let table = try StatisticsTable(meeting: meeting, catalogs: [:])
        #expect(table.rows.first { $0.id == "said-yes" && $0.group == "APAC" }?.percent == nil)
        let errors = try SourceErrorTests.errors(editing: "documents/n1/en.yaml") {
            $0.replacingOccurrences(of: "fn1: A footnote.", with: "fn1: \"[[stat said-yes percent APAC]]\"")
        }
        #expect(SourceErrorTests.located(errors) == [
            "Meetings/mini/documents/n1/en.yaml:9:7: no Party of APAC answered question 1, so `said-yes` has no percentage for it",
        ])
    }

    @Test func multiAnswerSharesNeedNotSumTo100() throws {
        let statistics = try Self.miniMeeting().statistics
        let shares = ["multilateral", "bilateral", "other"].compactMap { statistics[$0]?.percent }
        #expect(shares == [50, 25, 25])
        let meeting = try TestSupport.loadMeeting()
        let channels = ["support-multilateral", "support-bilateral", "support-other"].compactMap { meeting.statistics[$0]?.percent }
        #expect(channels == [39, 37, 23])
        #expect(channels.reduce(0, +) == 99)
    }

    @Test func theStatsCommandShowsParagraph6() throws {
        let run = try TestSupport.run(["stats", "Meetings/bs-copmop-6", "--format", "csv"], in: TestSupport.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout.contains("capacity-activities,all,143,yes,respondents,119,143,83,83 per cent,83%"))
        #expect(run.stdout.contains("capacity-activities,SIDS,143,yes,respondents,16,22,73,73 per cent,73%"))
        let json = try TestSupport.run(["stats", "Meetings/bs-copmop-6", "--format", "json"], in: TestSupport.packageRoot)
        #expect(json.status == 0 && json.stdout.contains("\"statistic\" : \"capacity-activities\""))
    }

    // MARK: Errors, each at file:line:column, and nothing written

    @Test func unknownQuestion() throws {
        let errors = try SourceErrorTests.errors(editing: "data/statistics.yaml") { $0.replacingOccurrences(of: "  question: 2\n  answers: [multilateral]", with: "  question: 22\n  answers: [multilateral]") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/statistics.yaml:7:13: no Party answered question 22 in answers.csv"])
        #expect(errors.first?.hint == "did you mean `2`?")
    }

    @Test func unknownAnswer() throws {
        let errors = try SourceErrorTests.errors(editing: "data/statistics.yaml") { $0.replacingOccurrences(of: "[multilateral]", with: "[multilateralism]") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/statistics.yaml:8:13: no Party gave the answer `multilateralism` to question 2"])
        #expect(errors.first?.hint == "did you mean `multilateral`?")
    }

    @Test func unknownGroup() throws {
        let errors = try SourceErrorTests.errors(editing: "data/statistics.yaml") { $0.replacingOccurrences(of: "SIDS, APAC]", with: "SIDS, APAK]") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/statistics.yaml:5:34: unknown group `APAK`"])
        #expect(errors.first?.hint == "did you mean `APAC`?")
    }

    @Test func unknownPartyCode() throws {
        let errors = try SourceErrorTests.errors(editing: "data/answers.csv") { $0.replacingOccurrences(of: "DDD,1,yes", with: "DDE,1,yes") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/answers.csv:6:1: unknown Party code `DDE`"])
        #expect(errors.first?.hint == "did you mean `DDD`?")
    }

    @Test func wrongNumberOfFields() throws {
        let errors = try SourceErrorTests.errors(editing: "data/parties.csv") { $0.replacingOccurrences(of: "CCC,Gamma,丙,WEOG,no,no", with: "CCC,Gamma,丙,WEOG,no") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/parties.csv:5:1: this row has 5 fields, the header has 6"])
    }

    @Test func unclosedQuote() throws {
        let errors = try SourceErrorTests.errors(editing: "data/parties.csv") { $0.replacingOccurrences(of: "CCC,Gamma,", with: "CCC,\"Gamma,") }
        #expect(SourceErrorTests.located(errors) == ["Meetings/mini/data/parties.csv:5:5: this quote is never closed"])
    }

    @Test func aDataErrorWritesNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let before = TestSupport.snapshot(project.appendingPathComponent("Output"))
        let answers = "Meetings/bs-copmop-6/data/answers.csv"
        try TestSupport.write(try TestSupport.read(answers, in: project).replacingOccurrences(of: "AGO,34,partly", with: "XXX,34,partly"), to: answers, in: project)
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Meetings/bs-copmop-6/data/answers.csv:3:1: error: unknown Party code `XXX`"))
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == before)
    }
}
