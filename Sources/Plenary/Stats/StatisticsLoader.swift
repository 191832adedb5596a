public import Foundation

/// Reads `data/` (parties.csv, answers.csv, statistics.yaml) and computes every statistic the texts
/// may quote. A meeting without a data folder simply has no statistics.
struct StatisticsLoader {
    let loader: MeetingLoader

    static let groups = ["AFR", "APAC", "EEG", "GRULAC", "WEOG", "LDC", "SIDS"]

    /// A list of groups (`groups: [AFR, WEOG]` in statistics.yaml, a computed table or a figure),
    /// each with where it is written; an unknown one is an error naming the closest.
    static func groups(_ node: YAMLNode, in file: YAMLFile) throws(DiagnosticError) -> [(name: String, location: SourceLocation)] {
        var result: [(name: String, location: SourceLocation)] = []
        for item in try file.sequence(node, what: "the groups") {
            let name = try file.string(item, what: "a group")
            guard groups.contains(name) else {
                throw DiagnosticError(.error(at: file.location(of: item), "unknown group `\(name)`",
                                             hint: Suggestion.hint(for: name, in: groups) ?? "use \(groups.joined(separator: ", "))"))
            }
            result.append((name, file.location(of: item)))
        }
        return result
    }
    /// The files of `data/` this loader looks for (the build records each, present or not).
    static let fileNames = [definitionsName, partiesName, answersName]
    static let definitionsName = "statistics.yaml", partiesName = "parties.csv", answersName = "answers.csv"

    func load(_ folder: URL, meeting: Meeting) throws(DiagnosticError) -> [String: Statistic] {
        let definitionsURL = folder.appendingPathComponent(Self.definitionsName)
        guard FileManager.default.fileExists(atPath: definitionsURL.path) else { return [:] }
        let parties = try table(folder.appendingPathComponent(Self.partiesName), required: ["iso3", "group", "ldc", "sids"])
        let answers = try table(folder.appendingPathComponent(Self.answersName), required: ["party", "question", "answer"])
        let records = try PartyRecords(parties: parties, answers: answers)
        let file = try YAMLFile(url: definitionsURL, displayPath: loader.displayPath(definitionsURL))
        var result: [String: Statistic] = [:]
        var problems: [Diagnostic] = []
        for (id, _, node) in try file.entries(file.root, what: "statistics.yaml") {
            do throws(DiagnosticError) {
                let definition = try StatisticDefinition(id: id, node: node, file: file, records: records)
                result[id] = try definition.compute(records)
            } catch { problems += error.diagnostics }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return result
    }

    private func table(_ url: URL, required: [String]) throws(DiagnosticError) -> CSVTable {
        let path = loader.displayPath(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw DiagnosticError(.error(at: .file(path), "cannot read the file", hint: "statistics.yaml needs parties.csv and answers.csv beside it"))
        }
        // Without its byte-order mark, so that a bad byte on the first line is located at its own column.
        let body = Data(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data)
        guard let text = String(validating: body, as: UTF8.self) else {
            throw DiagnosticError(.error(at: YAMLFile.firstInvalidUTF8(in: body, path: path), "the file is not valid UTF-8"))
        }
        return try CSVTable(text: text, path: path, required: required)
    }
}
