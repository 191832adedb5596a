import ArgumentParser
import Foundation
import Plenary

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check generated XML against Akoma Ntoso 3.0 and Plenary's rules, and translations against their originals.",
        discussion: """
            An XML file, or a folder of them (default: Output/): well-formed, valid against the Akoma
            Ntoso 3.0 schema, ISO 639-2 language codes, FRBR IRIs that agree with FRBRdate,
            FRBRnumber and FRBRlanguage, eIds present and unique.
            A meeting folder (default: every folder under Meetings/): the QA checks between the
            languages of each unit — numbers, dates, percentages, symbols, decisions, references,
            footnote markers, URLs (errors in translated units), and stale or untranslated units,
            Chinese punctuation and inconsistent translations (warnings; --final makes untranslated
            and stale-substantive units errors).
            """
    )

    @Argument(help: "XML files, folders of them, or meeting folders.")
    var paths: [String] = []

    @Flag(help: "The profile for final documents: untranslated and substantively stale units are errors.")
    var final = false

    @Option(help: "The Akoma Ntoso 3.0 schema (akomantoso30.xsd).")
    var schema: String = "../shared/schemas/akn30/akomantoso30.xsd"

    @Option(help: "The templates folder a meeting is built with (a meeting is checked as `plenary build` would build it).")
    var templates: String = "Templates"

    private func loadChecker() throws -> AKNChecker {
        switch Result(catching: { () throws(DiagnosticError) in try AKNChecker(schema: URL(currentDirectoryRelative: schema)) }) {
        case .success(let checker): return checker
        case .failure(let error):
            Reporter.print(error.diagnostics)
            throw ExitCode(ExitStatus.sourceErrors)
        }
    }

    func run() throws {
        var files: [URL] = []
        var meetings: [URL] = []
        var documentFolders: [URL] = []
        let manager = FileManager.default
        var targets = paths
        if targets.isEmpty {
            targets = ["Output"] + ((try? manager.contentsOfDirectory(atPath: "Meetings")) ?? []).sorted().map { "Meetings/\($0)" }
                .filter { manager.fileExists(atPath: "\($0)/meeting.yaml") }
        }
        for path in targets {
            let url = URL(currentDirectoryRelative: path)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else {
                throw ValidationError("\(path) does not exist")
            }
            if isFolder.boolValue && manager.fileExists(atPath: url.path + "/meeting.yaml") {
                meetings.append(url)
            } else if isFolder.boolValue && manager.fileExists(atPath: url.path + "/document.yaml") {
                documentFolders.append(url)
            } else if isFolder.boolValue {
                let enumerator = manager.enumerator(at: url, includingPropertiesForKeys: nil)
                let before = files.count
                while let file = enumerator?.nextObject() as? URL {
                    if file.pathExtension == "xml" { files.append(file) }
                }
                // A folder with nothing to check is not a pass: it is the wrong folder.
                if files.count == before {
                    throw ValidationError("\(path) holds no XML files and is neither a meeting folder (meeting.yaml) nor a document folder (document.yaml): nothing to check")
                }
            } else {
                files.append(url)
            }
        }
        files.sort { $0.path < $1.path }
        let root = URL(fileURLWithPath: manager.currentDirectoryPath)
        var problems: [Diagnostic] = []
        if !files.isEmpty {
            let checker = try loadChecker()
            for file in files { problems += checker.check(file, displayRoot: root) }
        }
        // Each document: the QA checks between its languages, and its markup in every language.
        for meeting in meetings {
            let documentsFolder = meeting.appendingPathComponent("documents")
            for name in ((try? manager.contentsOfDirectory(atPath: documentsFolder.path)) ?? []).sorted()
            where manager.fileExists(atPath: documentsFolder.appendingPathComponent("\(name)/document.yaml").path) {
                documentFolders.append(documentsFolder.appendingPathComponent(name))
            }
        }
        for folder in documentFolders {
            let result = Result { () throws(DiagnosticError) -> [Diagnostic] in
                try QAChecker(final: final).check(TranslationWorkspace(documentPath: folder, displayRoot: root))
            }
            switch result {
            case .success(let found): problems += found
            case .failure(let error): problems += error.diagnostics
            }
        }
        // A meeting is also built, into a folder that is then removed, so that `check` can never
        // pass what `build` rejects: references, symbols, statistics, templates and catalogs.
        if !meetings.isEmpty {
            problems += try trialBuild(meetings, root: root)
        }
        // One problem found by both the QA checks and the build is reported once.
        var seen = Set<Diagnostic>()
        problems = problems.filter { seen.insert($0).inserted }
        Reporter.print(problems)
        let errors = problems.filter { $0.severity == .error }
        FileHandle.standardError.write(Data("\(files.count) XML files and \(documentFolders.count) documents checked: \(errors.count) errors, \(problems.count - errors.count) warnings\n".utf8))
        if !errors.isEmpty { throw ExitCode(ExitStatus.sourceErrors) }
    }

    /// The errors `plenary build` would report for `meetings` (its warnings are the QA checks' own).
    private func trialBuild(_ meetings: [URL], root: URL) throws -> [Diagnostic] {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = BuildOptions(meetings: meetings, output: output, templates: URL(currentDirectoryRelative: templates),
                                   displayRoot: root, jobs: ProcessInfo.processInfo.activeProcessorCount)
        do {
            return try Builder(options: options).run().errors
        } catch let error as DiagnosticError {
            return error.diagnostics
        } catch {
            FileHandle.standardError.write(Data("error: the trial build failed: \(error)\n".utf8))
            throw ExitCode(ExitStatus.internalFailure)
        }
    }
}
