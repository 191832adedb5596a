import ArgumentParser
import Foundation
import Plenary

@main
struct PlenaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plenary",
        abstract: "Generates the documents of a meeting, in every language, as Akoma Ntoso XML and HTML.",
        discussion: """
            A meeting is a folder under Meetings/ (see Meetings/README.md). Templates and the strings
            catalogs are in Templates/ (see Templates/README.md).

            Exit status: 0 all good, 1 errors in the sources (each printed as file:line:column) or
            an output that cannot be written (its path and what to do), 2 wrong command-line usage,
            3 or more an internal failure.
            """,
        subcommands: [Build.self, Check.self, Stats.self, Diff.self, Translated.self, XLIFFCommand.self],
        defaultSubcommand: Build.self
    )

    /// Runs the command, mapping every usage error to exit status 2 (swift-argument-parser's own
    /// default is 64), so that 1 always means errors in the sources.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// Exit statuses, decided in one place.
enum ExitStatus {
    static let sourceErrors: Int32 = 1
    static let usage: Int32 = 2
    static let internalFailure: Int32 = 3
}

/// Prints diagnostics to standard error in the compiler style.
enum Reporter {
    /// Runs `body`; if it reports errors in the sources, prints them and exits with status 1.
    static func orExit<T>(_ body: () throws(DiagnosticError) -> T) throws -> T {
        switch Result(catching: body) {
        case .success(let value): return value
        case .failure(let error):
            print(error.diagnostics)
            throw ExitCode(ExitStatus.sourceErrors)
        }
    }

    static func print(_ diagnostics: [Diagnostic]) {
        // Each file is read once however many of its lines are quoted.
        var files: [String: String?] = [:]
        func source(_ path: String) -> String? {
            if let text = files[path] { return text }
            let text = Diagnostic.readSource(path)
            files[path] = text
            return text
        }
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.rendered(source: source) + "\n").utf8))
        }
    }
}

extension URL {
    /// `path` as a document folder (one with a document.yaml), or a usage error that says what
    /// the folder is instead: a meeting folder given for a document was reported as
    /// "meeting.yaml:1:1: cannot read the file" two levels up.
    init(documentFolder path: String) throws {
        let url = URL(currentDirectoryRelative: path)
        let manager = FileManager.default
        if manager.fileExists(atPath: url.appendingPathComponent("document.yaml").path) {
            self = url
            return
        }
        if manager.fileExists(atPath: url.appendingPathComponent("meeting.yaml").path) {
            let documents = url.appendingPathComponent("documents")
            let names = ((try? manager.contentsOfDirectory(atPath: documents.path)) ?? []).sorted()
                .filter { manager.fileExists(atPath: documents.appendingPathComponent("\($0)/document.yaml").path) }
            let example = names.first.map { " (\(path.hasSuffix("/") ? path : path + "/")documents/\($0))" } ?? ""
            throw ValidationError("\(path) is a meeting folder: name one of its documents\(example)")
        }
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isFolder) else { throw ValidationError("\(path) does not exist") }
        throw ValidationError("\(path) is not a document folder: it has no document.yaml")
    }

    init(currentDirectoryRelative path: String) {
        self = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }
}
