import ArgumentParser
import Foundation
import Plenary

struct XLIFFCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xliff",
        abstract: "Exchange translations with CAT tools (Trados, memoQ, Okapi) as XLIFF 1.2 or 2.0.",
        subcommands: [Export.self, Import.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a document's units for translation into one language.")

        @Argument(help: "A document folder.")
        var document: String

        @Option(help: "The target language.")
        var to: String

        @Option(name: .customLong("xliff-version"), help: "1.2 (default) or 2.0.")
        var version: String = "1.2"

        @Option(name: .shortAndLong, help: "The file to write (default: <document>.<lang>.xlf in the current folder).")
        var output: String?

        func run() throws {
            guard let version = XLIFFExporter.Version(rawValue: version) else { throw ValidationError("--xliff-version is 1.2 or 2.0") }
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let folder = try URL(documentFolder: document)
            let workspace = try Reporter.orExit { () throws(DiagnosticError) in try TranslationWorkspace(documentPath: folder, displayRoot: root) }
            // A wrong --to is a mistake on the command line (exit 2), not in the sources.
            guard let language = workspace.translationLanguage(matching: to) else {
                throw ValidationError("`\(to)` is not a translation language of \(workspace.document.id): "
                    + "its translation languages are \(workspace.translationLanguages.map(\.code).joined(separator: ", "))")
            }
            let data = try Reporter.orExit { () throws(DiagnosticError) -> Data in
                try XLIFFExporter(workspace: workspace).export(to: language, version: version)
            }
            let path = output ?? "\(folder.lastPathComponent).\(language.code).xlf"
            _ = try AtomicWriter.write(data, to: URL(currentDirectoryRelative: path))
            FileHandle.standardError.write(Data("wrote \(path)\n".utf8))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the translations of an XLIFF file back into the document's language file.")

        @Argument(help: "The XLIFF file.")
        var file: String

        @Option(help: "The document folder the file was exported from.")
        var document: String

        func run() throws {
            let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let folder = try URL(documentFolder: document)
            do {
                let workspace = try TranslationWorkspace(documentPath: folder, displayRoot: root)
                let result = try XLIFFImporter(workspace: workspace).importFile(URL(currentDirectoryRelative: file), displayPath: file) {
                    FileHandle.standardError.write(Data("waiting for another import into \(document) to finish\n".utf8))
                }
                Reporter.print(result.warnings)
                var summary = "\(result.changed.count) units changed, \(result.markedTranslated) recorded as translated"
                if !result.skipped.isEmpty {
                    summary += ", \(result.skipped.count) skipped (no translation in the file, left as they were): \(result.skipped.joined(separator: ", "))"
                }
                FileHandle.standardError.write(Data((summary + "\n").utf8))
            } catch let error as DiagnosticError {
                Reporter.print(error.diagnostics)
                throw ExitCode(ExitStatus.sourceErrors)
            }
        }
    }
}
