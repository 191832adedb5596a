public import Foundation

/// Checks an Akoma Ntoso file: well-formed, valid against the AKN 3.0 schema (through libxml2),
/// and the rules the schema does not express: ISO 639-2 language codes, the FRBR IRIs' syntax and
/// their agreement with FRBRdate, FRBRnumber and FRBRlanguage, and eIds present and unique.
public struct AKNChecker: Sendable {
    let schema: XMLSchema
    static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    static let languages: Set<String> = ["eng", "zho", "fra", "spa", "rus", "ara"]
    /// Elements that must carry an eId (hierarchy, blocks and notes that can be cited).
    static let identified = ["section", "subsection", "paragraph", "point", "list", "hcontainer", "authorialNote", "attachment", "crossHeading"]

    public init(schema url: URL) throws(DiagnosticError) {
        do { schema = try XMLSchema(contentsOf: url) } catch {
            throw DiagnosticError(.error(at: .file(url.path), "cannot load the Akoma Ntoso schema: \(error.first.message)",
                                         hint: "pass --schema with the path of akomantoso30.xsd (shared/schemas/akn30/)"))
        }
    }

    public func check(_ url: URL, displayRoot: URL) -> [Diagnostic] {
        let path = MeetingLoader(displayRoot: displayRoot).displayPath(url)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return [.error(at: .file(path), "cannot read the file")]
        }
        return check(data, path: path)
    }

    public func check(_ data: Data, path: String) -> [Diagnostic] {
        let tree: XMLTree
        do { tree = try XMLTree.parse(data, path: path) } catch { return [error.diagnostic()] }
        var problems = schema.validate(tree).map {
            Diagnostic.error(at: SourceLocation(path: path, line: $0.line, column: max(1, $0.column)), "schema: \($0.message)")
        }
        problems += rules(tree, path: path)
        return problems
    }

    func rules(_ tree: XMLTree, path: String) -> [Diagnostic] {
        let ns = ["a": Self.namespace]
        var problems: [Diagnostic] = []
        func at(_ node: XMLNode?) -> SourceLocation { SourceLocation(path: path, line: node?.line ?? 1, column: 1) }
        func first(_ xpath: String) -> XMLNode? { tree.select(xpath, namespaces: ns)?.first }

        let work = first("//a:FRBRWork/a:FRBRthis"), expression = first("//a:FRBRExpression/a:FRBRthis")
        let manifestation = first("//a:FRBRManifestation/a:FRBRthis")
        let workDate = first("//a:FRBRWork/a:FRBRdate"), number = first("//a:FRBRWork/a:FRBRnumber")
        let language = first("//a:FRBRExpression/a:FRBRlanguage"), expressionDate = first("//a:FRBRExpression/a:FRBRdate")
        let workIRI = work?.attribute("value") ?? ""
        let pattern = #"^/akn/un/(doc|statement|act|bill|debate|debateReport)/[a-z]+/[a-z0-9-]+/(\d{4}-\d{2}-\d{2})/([A-Za-z0-9.-]+)$"#
        if let match = workIRI.firstMatch(of: try! Regex(pattern)) {
            let date = String(match.output[2].substring ?? ""), iriNumber = String(match.output[3].substring ?? "")
            if workDate?.attribute("date") != date {
                problems.append(.error(at: at(workDate), "FRBRdate `\(workDate?.attribute("date") ?? "")` differs from the date in the work IRI (\(date))"))
            }
            if number?.attribute("value") != iriNumber {
                problems.append(.error(at: at(number), "FRBRnumber `\(number?.attribute("value") ?? "")` differs from the number in the work IRI (\(iriNumber))"))
            }
            if let showAs = number?.attribute("showAs"), showAs.replacingOccurrences(of: "/", with: "-") != iriNumber {
                problems.append(.error(at: at(number), "FRBRnumber's showAs `\(showAs)` does not give the number `\(iriNumber)`"))
            }
        } else {
            problems.append(.error(at: at(work), "the work IRI `\(workIRI)` is not /akn/un/{type}/{subtype}/{actor}/{YYYY-MM-DD}/{number}"))
        }
        let code = language?.attribute("language") ?? ""
        if !Self.languages.contains(code) {
            problems.append(.error(at: at(language), "`\(code)` is not an ISO 639-2 alpha-3 code of a UN language", hint: "use eng, zho, fra, spa, rus or ara"))
        }
        let expressionIRI = expression?.attribute("value") ?? ""
        let expectedExpression = "\(workIRI)/\(code)@\(expressionDate?.attribute("date") ?? "")"
        if expressionIRI != expectedExpression {
            problems.append(.error(at: at(expression), "the expression IRI `\(expressionIRI)` should be `\(expectedExpression)`"))
        }
        if manifestation?.attribute("value") != expressionIRI + ".xml" {
            problems.append(.error(at: at(manifestation), "the manifestation IRI should be `\(expressionIRI).xml`"))
        }
        var seen: [String: Int] = [:]
        for node in tree.select("//*[@eId]", namespaces: ns) ?? [] {
            let eId = node.attribute("eId") ?? ""
            if let line = seen[eId] {
                problems.append(.error(at: at(node), "duplicate eId `\(eId)`", hint: "first used at line \(line)"))
            } else { seen[eId] = node.line }
        }
        for name in Self.identified {
            for node in tree.select("//a:\(name)[not(@eId)]", namespaces: ns) ?? [] {
                problems.append(.error(at: at(node), "<\(name)> has no eId"))
            }
        }
        return problems
    }
}
