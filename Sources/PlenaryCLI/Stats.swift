import ArgumentParser
import Foundation
import Plenary

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every statistic of a meeting: definition, counts overall and per group, and the value in each language.",
        discussion: "The statistics are computed from the meeting's data/ folder (parties.csv, answers.csv, statistics.yaml)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    @Argument(help: "The meeting folder.")
    var meeting: String = "Meetings/bs-copmop-6"

    @Option(help: "Output format: table, csv or json.")
    var format: Format = .table

    @Option(help: "The templates folder (for the strings catalogs).")
    var templates: String = "Templates"

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let table = try Reporter.orExit { () throws(DiagnosticError) -> StatisticsTable in
            let meeting = try MeetingLoader(displayRoot: root).load(URL(currentDirectoryRelative: self.meeting))
            let library = try TemplateLibrary(folder: URL(currentDirectoryRelative: templates), displayRoot: root,
                                              requests: [:], languages: meeting.languages)
            return try StatisticsTable(meeting: meeting, catalogs: library.catalogs)
        }
        let text = switch format {
        case .table: table.text()
        case .csv: table.csv()
        case .json: try table.json()
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
