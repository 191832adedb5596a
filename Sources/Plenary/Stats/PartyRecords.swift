import Foundation
/// The Parties with their groups, and who answered what: the records statistics are computed from.
struct PartyRecords {
    struct Party {
        var iso3: String
        var groups: Set<String>
    }

    var parties: [String: Party] = [:]
    /// question → party → answers given
    var answers: [String: [String: Set<String>]] = [:]
    /// question → every answer code seen, for "did you mean" on definitions
    var answerCodes: [String: Set<String>] = [:]

    init(parties table: CSVTable, answers answerTable: CSVTable) throws(DiagnosticError) {
        var problems: [Diagnostic] = []
        func flag(_ row: CSVTable.Row, _ column: String) -> Bool? {
            switch row.fields[column]?.lowercased() {
            case "yes", "true", "1": true
            case "no", "false", "0", "": false
            default: nil
            }
        }
        for row in table.rows {
            let iso3 = row.fields["iso3"] ?? ""
            let at = SourceLocation(path: table.path, line: row.line, column: 1)
            if parties[iso3] != nil {
                problems.append(.error(at: at, "Party `\(iso3)` is listed twice"))
                continue
            }
            // A Party whose row has an error is still listed, so that its answers are not reported
            // as answers of an unknown Party too (the build fails on the row's error anyway).
            var groups: Set<String> = []
            let group = row.fields["group"] ?? ""
            if !group.isEmpty {
                if StatisticsLoader.groups.prefix(5).contains(group) {
                    groups.insert(group)
                } else {
                    problems.append(.error(at: at, "unknown regional group `\(group)`",
                                           hint: Suggestion.hint(for: group, in: StatisticsLoader.groups.prefix(5)) ?? "use AFR, APAC, EEG, GRULAC or WEOG"))
                }
            }
            let ldc = flag(row, "ldc"), sids = flag(row, "sids")
            if ldc == nil || sids == nil {
                problems.append(.error(at: at, "`ldc` and `sids` must be yes or no"))
            }
            if ldc == true { groups.insert("LDC") }
            if sids == true { groups.insert("SIDS") }
            parties[iso3] = Party(iso3: iso3, groups: groups)
        }
        for row in answerTable.rows {
            let party = row.fields["party"] ?? "", question = row.fields["question"] ?? "", answer = row.fields["answer"] ?? ""
            guard parties[party] != nil else {
                problems.append(.error(at: SourceLocation(path: answerTable.path, line: row.line, column: 1), "unknown Party code `\(party)`",
                                       hint: Suggestion.hint(for: party, in: parties.keys) ?? "every Party must be listed in parties.csv"))
                continue
            }
            answers[question, default: [:]][party, default: []].insert(answer)
            answerCodes[question, default: []].insert(answer)
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
    }
}
