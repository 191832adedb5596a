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

            Exit status: 0 all good, 1 errors in the sources (each printed as file:line:column),
            2 wrong command-line usage, 3 or more an internal failure.
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
        for diagnostic in diagnostics {
            FileHandle.standardError.write(Data((diagnostic.rendered() + "\n").utf8))
        }
    }
}

extension URL {
    init(currentDirectoryRelative path: String) {
        self = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
    }
}
