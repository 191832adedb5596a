import ArgumentParser
import Foundation
import Plenary

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build every document of one or more meetings.",
        discussion: """
            With no MEETING, builds every meeting under Meetings/ into Output/. Each document is
            written as <output>/<meeting>/<document>/<language>.xml and .html, with index.html
            beside them, and .pdf with --formats pdf (printed by WeasyPrint: `make pdf-deps`). A document whose sources have errors writes nothing: its previous files
            stay as they were. Files whose bytes do not change are not rewritten; files an earlier
            build wrote that nothing writes now (a document removed) are removed. Exit status 1:
            errors in the sources, or an output that cannot be written (each said with its path).
            """
    )

    @Argument(help: "Meeting folders to build (default: every folder under Meetings/).")
    var meetings: [String] = []

    @Option(name: .shortAndLong, help: "The output folder.")
    var output: String = "Output"

    @Option(help: "The templates folder.")
    var templates: String = "Templates"

    @Option(name: .shortAndLong, help: "How many documents to render at once (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: ArgumentHelp("The formats to write, separated by commas: akn (Akoma Ntoso XML), html, pdf.",
                               discussion: "index.html and plenary.css are written with html only. pdf prints the HTML page through WeasyPrint (installed by `make pdf-deps`; PLENARY_PYTHON names the Python that has it)."))
    var formats: String = TemplateLibrary.formats.joined(separator: ",")

    @Flag(name: .shortAndLong, help: "Print errors only, no progress or summary.")
    var quiet = false

    @Flag(help: "Print the time spent in each stage (load, compile templates, resolve, render, serialise, print pdf, write).")
    var timings = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        for format in formatList where !BuildOptions.allFormats.contains(format) {
            throw ValidationError("unknown format `\(format)` in --formats: the formats are \(BuildOptions.allFormats.joined(separator: ", "))")
        }
        guard !formatList.isEmpty else { throw ValidationError("--formats needs at least one of \(BuildOptions.allFormats.joined(separator: ", "))") }
    }

    /// The requested formats, in the library's order whatever order they were given in.
    private var formatList: [String] {
        let requested = Set(formats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return BuildOptions.allFormats.filter(requested.contains) + requested.subtracting(BuildOptions.allFormats).sorted()
    }

    func run() throws {
        let folders: [URL]
        if meetings.isEmpty {
            let root = URL(currentDirectoryRelative: "Meetings")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
            folders = names.sorted().map { root.appendingPathComponent($0) }
                .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("meeting.yaml").path) }
            guard !folders.isEmpty else {
                throw ValidationError("no meeting found under Meetings/ (a meeting is a folder with a meeting.yaml)")
            }
        } else {
            folders = meetings.map(URL.init(currentDirectoryRelative:))
            for folder in folders where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("meeting.yaml").path) {
                throw ValidationError("\(folder.path) is not a meeting folder: it has no meeting.yaml")
            }
        }
        var options = BuildOptions(meetings: folders, output: URL(currentDirectoryRelative: output),
                                   templates: URL(currentDirectoryRelative: templates),
                                   displayRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), jobs: jobs)
        options.formats = formatList
        let progress = Progress(enabled: !quiet && isatty(STDERR_FILENO) == 1)
        let report: BuildReport
        do {
            // Said on any standard error, not only a terminal's status line: a build in a script
            // that waits for another one must not look hung.
            report = try Builder(options: options).run(progress: progress.show) { line in
                guard !quiet else { return }
                progress.clear()
                FileHandle.standardError.write(Data("\(line)\n".utf8))
            }
        } catch {
            progress.clear()
            FileHandle.standardError.write(Data("error: the build failed: \(error)\n".utf8))
            throw ExitCode(ExitStatus.internalFailure)
        }
        progress.clear()
        Reporter.print(report.warnings.filter { _ in !quiet } + report.errors)
        if !quiet {
            var parts: [String] = []
            if !report.unloadedMeetings.isEmpty {
                parts.append(Self.meetings(report.unloadedMeetings, "failed to load (the errors above)"))
            }
            if !report.unwrittenMeetings.isEmpty {
                parts.append(Self.meetings(report.unwrittenMeetings, "could not be written (the errors above)"))
            }
            var files = String(format: "%d files written, %d unchanged", report.filesWritten, report.filesUnchanged)
            if report.filesRemoved > 0 { files += ", \(report.filesRemoved) removed (no longer built)" }
            // Documents are counted only where a meeting was loaded: none were read in one that was not.
            if report.unloadedMeetings.count < folders.count {
                parts.append(String(format: "%d documents, %d failed", report.documents, report.failedDocuments))
            }
            parts += [files,
                      String(format: "%d rendered, %d up to date; %.2f s", report.builtDocuments.count, report.skippedDocuments.count, report.seconds)]
            FileHandle.standardError.write(Data((parts.joined(separator: "; ") + "\n").utf8))
        }
        if timings {
            for (stage, seconds) in report.stages.sorted(by: { $0.key < $1.key }) {
                let count = report.stageCounts[stage] ?? 1
                let line = String(format: "%-20@ %9.3f ms in all, %8.3f ms each (%d)", stage as NSString, seconds * 1000,
                                  seconds * 1000 / Double(max(count, 1)), count)
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        // Errors in the sources and an output that cannot be written (the user's disk, not a
        // failure of Plenary) both exit with 1: each is a message that says what to do.
        if !report.succeeded { throw ExitCode(ExitStatus.sourceErrors) }
    }

    /// "meeting m failed to load", "2 meetings (a, b) failed to load".
    private static func meetings(_ names: [String], _ what: String) -> String {
        names.count == 1 ? "meeting \(names[0]) \(what)" : "\(names.count) meetings (\(names.joined(separator: ", "))) \(what)"
    }
}

/// The one-line progress display: only on a terminal, rewritten in place.
final class Progress: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ line: String) {
        guard enabled else { return }
        lock.withLock { FileHandle.standardError.write(Data("\r\u{1B}[K\(line.prefix(100))".utf8)) }
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
