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
        subcommands: [Build.self, Check.self, Stats.self],
        defaultSubcommand: Build.self
    )
}

/// Exit statuses, decided in one place.
enum ExitStatus {
    static let sourceErrors: Int32 = 1
    static let internalFailure: Int32 = 3
}

/// Prints diagnostics to standard error in the compiler style.
enum Reporter {
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
