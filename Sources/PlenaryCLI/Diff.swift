import ArgumentParser
import Foundation
import Plenary

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare a document's original with its translation, or the generated text with an earlier version.",
        discussion: """
            plenary diff Meetings/bs-copmop-6/documents/cp-6-7 --lang zh
              aligns the original and the translation by id: each unit is translated, stale-minor
              (only white space, punctuation or case changed in the original since it was translated),
              stale-substantive, untranslated or orphan; stale units show the change in the original.
            plenary diff --since HEAD~3 --lang zh
              shows what changed in the generated text of every document (Output/) since a git
              revision, or since a folder of earlier output.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "A document folder (Meetings/<meeting>/documents/<document>).")
    var document: String?

    @Option(help: "The translation's language (default: every language but the original).")
    var lang: String?

    @Option(help: "An earlier version to compare the generated output with: a git revision or a folder.")
    var since: String?

    @Option(help: "The output folder compared by --since.")
    var output: String = "Output"

    @Option(help: "text (a summary and the units that need attention) or json.")
    var format: Format = .text

    @Option(help: "Also write an HTML report to this file.")
    var html: String?

    func validate() throws {
        if since == nil && document == nil { throw ValidationError("name a document folder, or use --since REV") }
    }

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if let since {
            try runSince(since, root: root)
            return
        }
        let folder = try URL(documentFolder: document!)
        let workspace = try Reporter.orExit { () throws(DiagnosticError) in
            try TranslationWorkspace(documentPath: folder, displayRoot: root)
        }
        let languages = lang.map { [Language($0)] } ?? workspace.meeting.languages.filter { $0 != workspace.document.original }
        for language in languages {
            guard workspace.meeting.languages.contains(language), language != workspace.document.original else {
                throw ValidationError("`\(language.code)` is not a translation language of this document")
            }
            let status = try Reporter.orExit { () throws(DiagnosticError) in try workspace.status(language) }
            let report = DiffReport(status: status)
            let text = format == .json ? try report.json() : report.text()
            FileHandle.standardOutput.write(Data(text.utf8))
            if let html {
                let path = languages.count > 1 ? html.replacingOccurrences(of: ".html", with: ".\(language.code).html") : html
                _ = try AtomicWriter.write(report.html(), to: URL(currentDirectoryRelative: path))
            }
        }
    }

    private func runSince(_ revision: String, root: URL) throws {
        let language = Language(lang ?? "en")
        let outputRoot = URL(currentDirectoryRelative: output)
        var isFolder: ObjCBool = false
        let earlier: (String) -> Data?
        if FileManager.default.fileExists(atPath: revision, isDirectory: &isFolder), isFolder.boolValue {
            let folder = URL(currentDirectoryRelative: revision)
            earlier = { FileManager.default.contents(atPath: folder.appendingPathComponent($0).path) }
        } else {
            guard Git.revisionExists(revision) else {
                throw ValidationError("`\(revision)` is neither a folder nor a git revision")
            }
            let prefix = outputRoot.path.hasPrefix(root.path + "/") ? String(outputRoot.path.dropFirst(root.path.count + 1)) : output
            earlier = { Git.show(revision, "\(prefix)/\($0)") }
        }
        let diff = try Reporter.orExit { () throws(DiagnosticError) in try RevisionDiff(current: outputRoot, language: language, earlier: earlier) }
        FileHandle.standardOutput.write(Data((format == .json ? try diff.json() : diff.text()).utf8))
    }
}

/// The two git calls `diff --since` needs.
enum Git {
    static func run(_ arguments: [String]) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? data : nil
    }

    static func revisionExists(_ revision: String) -> Bool { run(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]) != nil }
    static func show(_ revision: String, _ path: String) -> Data? { run(["show", "\(revision):\(path)"]) }
}

struct Translated: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record that a document's translations are up to date with the current original.",
        discussion: "Updates <lang>.origin.yaml beside the translation, so that later changes of the original show as stale."
    )

    @Argument(help: "A document folder.")
    var document: String

    @Option(help: "The translation's language.")
    var lang: String

    @Argument(help: "The ids to mark (default: every translated unit that is not stale).")
    var ids: [String] = []

    @Flag(help: "Mark stale units too when no ids are given: their original changed since they were translated.")
    var all = false

    func run() throws {
        let root = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let folder = try URL(documentFolder: document)
        let workspace = try Reporter.orExit { () throws(DiagnosticError) in
            try TranslationWorkspace(documentPath: folder, displayRoot: root)
        }
        let language = Language(lang)
        let translations = workspace.meeting.languages.filter { $0 != workspace.document.original }.map(\.code)
        guard workspace.meeting.languages.contains(language) else {
            throw ValidationError("`\(lang)` is not a language of \(workspace.meeting.id): --lang takes one of its translations (\(translations.joined(separator: ", ")))")
        }
        guard language != workspace.document.original else {
            throw ValidationError("\(lang) is the original language of \(workspace.document.id): only its translations are recorded (--lang \(translations.joined(separator: ", ")))")
        }
        // Marking every unit would also mark those whose original changed since they were
        // translated, and the change would never be seen again: they are named one by one.
        if ids.isEmpty && !all {
            let stale = try Reporter.orExit { () throws(DiagnosticError) in try workspace.status(language) }.units
                .filter { $0.state == .staleSubstantive || $0.state == .staleMinor }
            if !stale.isEmpty {
                Reporter.print(stale.map { unit in
                    .error(at: unit.translationLocation ?? unit.originalLocation ?? workspace.document.location,
                           "`\(unit.id)` is \(unit.state.rawValue): the \(workspace.document.original.code) text changed since it was translated",
                           hint: "the change: \(TextDiff(from: unit.previousOriginal ?? "", to: unit.original ?? "").marked)")
                })
                FileHandle.standardError.write(Data("nothing recorded: update the stale translations, then name them (plenary translated \(document) --lang \(lang) \(stale.map(\.id).joined(separator: " "))), or pass --all\n".utf8))
                throw ExitCode(ExitStatus.sourceErrors)
            }
        }
        let changed = try workspace.markTranslated(language, ids: ids)
        FileHandle.standardError.write(Data("\(changed) units recorded as translated\n".utf8))
    }
}
