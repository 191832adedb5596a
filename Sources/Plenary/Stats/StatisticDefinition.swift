import Foundation

/// One statistic as statistics.yaml defines it: which question, which answers count, over what
/// denominator, broken down by which groups.
struct StatisticDefinition {
    enum Denominator: String, CaseIterable { case respondents, parties, mentions }

    var id: String
    var question: String
    var answers: Set<String>
    var denominator: Denominator
    var groups: [String]
    var location: SourceLocation

    init(id: String, node: YAMLNode, file: YAMLFile, records: PartyRecords) throws(DiagnosticError) {
        self.id = id
        location = file.location(of: node)
        let entries = try file.entries(node, what: "the statistic `\(id)`",
                                       allowed: ["question", "answers", "denominator", "groups", "rounding", "label"],
                                       required: ["question", "answers"])
        question = ""; answers = []; denominator = .respondents; groups = []
        for (key, _, value) in entries {
            switch key {
            case "question":
                question = try file.string(value, what: "the question")
                guard records.answers[question] != nil else {
                    throw DiagnosticError(.error(at: file.location(of: value), "no Party answered question \(question) in answers.csv",
                                                 hint: Suggestion.hint(for: question, in: records.answers.keys)))
                }
            case "answers":
                for item in try file.sequence(value, what: "the answers") {
                    let code = try file.string(item, what: "an answer")
                    let known = records.answerCodes[question] ?? []
                    guard known.contains(code) else {
                        throw DiagnosticError(.error(at: file.location(of: item), "no Party gave the answer `\(code)` to question \(question)",
                                                     hint: Suggestion.hint(for: code, in: known) ?? "the answers given are \(known.sorted().joined(separator: ", "))"))
                    }
                    answers.insert(code)
                }
            case "denominator":
                let text = try file.string(value, what: "the denominator")
                guard let value = Denominator(rawValue: text) else {
                    throw DiagnosticError(.error(at: file.location(of: value), "unknown denominator `\(text)`",
                                                 hint: Suggestion.hint(for: text, in: Denominator.allCases.map(\.rawValue)) ?? "use respondents, parties or mentions"))
                }
                denominator = value
            case "groups":
                groups = try StatisticsLoader.groups(value, in: file).map(\.name)
            case "rounding":
                let text = try file.string(value, what: "the rounding")
                guard text == "half-up" else {
                    throw DiagnosticError(.error(at: file.location(of: value), "unknown rounding `\(text)`", hint: "only `half-up` is supported"))
                }
            default: break
            }
        }
    }

    func compute(_ records: PartyRecords) throws(DiagnosticError) -> Statistic {
        let byParty = records.answers[question] ?? [:]
        func value(in group: String?) -> (count: Int, denominator: Int) {
            let members = byParty.filter { group == nil || records.parties[$0.key]?.groups.contains(group!) == true }
            switch denominator {
            case .respondents:
                return (members.values.filter { !$0.isDisjoint(with: answers) }.count, members.count)
            case .parties:
                let all = records.parties.values.filter { group == nil || $0.groups.contains(group!) }.count
                return (members.values.filter { !$0.isDisjoint(with: answers) }.count, all)
            case .mentions:
                return (members.values.map { $0.intersection(answers).count }.reduce(0, +), members.values.map(\.count).reduce(0, +))
            }
        }
        let total = value(in: nil)
        guard total.denominator > 0 else {
            throw DiagnosticError(.error(at: location, "the statistic `\(id)` has a denominator of zero", hint: "no Party answered question \(question)"))
        }
        var statistic = Statistic(id: id, question: question, answers: answers.sorted(), denominatorKind: denominator.rawValue, count: total.count, denominator: total.denominator,
                                  percent: Self.percent(total.count, of: total.denominator), groups: [:], location: location)
        for group in groups {
            let v = value(in: group)
            // An empty group has no percentage; quoting it is an error the resolver reports where it is quoted.
            statistic.groups[group] = Statistic.GroupValue(count: v.count, denominator: v.denominator,
                                                           percent: v.denominator == 0 ? -1 : Self.percent(v.count, of: v.denominator))
        }
        return statistic
    }

    /// Whole-number percentage rounded half up, in integers so that 12.5 is never 12.499….
    static func percent(_ count: Int, of denominator: Int) -> Int {
        (200 * count + denominator) / (2 * denominator)
    }
}
