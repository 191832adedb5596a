public import Foundation

/// What `plenary build` was asked to do.
public struct BuildOptions: Sendable {
    /// Meeting folders to build.
    public var meetings: [URL]
    /// The output root: each meeting goes to `<output>/<meeting id>/`.
    public var output: URL
    public var templates: URL
    /// Paths in diagnostics are shown relative to this folder.
    public var displayRoot: URL
    /// How many documents render at once.
    public var jobs: Int
    /// The output formats to write (`akn`, `html`, `pdf`), in the order of `allFormats`. The
    /// meeting's index page and stylesheet are written only with `html`. By default the two that
    /// need nothing but Plenary; `pdf` needs its engine (WeasyPrint).
    public var formats: [String] = TemplateLibrary.formats

    /// Every format a build can write: a template's formats, and `pdf`, printed from the HTML
    /// template's page.
    public static let allFormats = TemplateLibrary.formats + ["pdf"]
    /// The Python that runs WeasyPrint for `pdf`; nil: `$PLENARY_PYTHON`, or `python3`.
    public var python: String?

    public init(meetings: [URL], output: URL, templates: URL, displayRoot: URL, jobs: Int) {
        self.meetings = meetings
        self.output = output
        self.templates = templates
        self.displayRoot = displayRoot
        self.jobs = max(1, jobs)
    }

    /// Every option that shapes what a build of `meeting` writes, as the manifest records it: a
    /// build with other options trusts nothing the last one recorded. The templates folder is
    /// there by its real path (its files are recorded by the paths they were read at, which a
    /// folder elsewhere with the same relative layout would not change), the meeting folder too
    /// (two meetings of the same name write the same output folder), and the display root because
    /// the manifest's paths are relative to it. `jobs` is not: the bytes are the same with any.
    /// With PDF, the engine and its version: another version may print other bytes.
    func fingerprint(of meeting: URL, engine: String? = nil) -> String {
        let lines = [
            "formats: \(formats.joined(separator: ","))",
            "templates: \(templates.standardizedFileURL.resolvingSymlinksInPath().path)",
            "meeting: \(meeting.standardizedFileURL.resolvingSymlinksInPath().path)",
            "display root: \(displayRoot.standardizedFileURL.path)",
        ]
        return (lines + (engine.map { ["engine: \($0)"] } ?? [])).joined(separator: "\n")
    }
}

/// What a build did, for the summary line and the exit status.
public struct BuildReport: Sendable {
    public var documents = 0
    public var failedDocuments = 0
    /// Meetings that could not be loaded: their documents are not counted, they were never read.
    public var unloadedMeetings: [String] = []
    /// Meetings whose output could not be written (a full disk, a file in the way): their
    /// documents are not counted as written; the files already there are as they were.
    public var unwrittenMeetings: [String] = []
    public var filesWritten = 0
    public var filesUnchanged = 0
    /// Files of a previous build removed because nothing writes them any more (a document, a
    /// language or a format gone).
    public var filesRemoved = 0
    /// Documents rendered in this build, and those skipped because nothing they depend on changed.
    public var builtDocuments: [String] = []
    public var skippedDocuments: [String] = []
    public var errors: [Diagnostic] = []
    public var warnings: [Diagnostic] = []
    public var seconds = 0.0
    /// Seconds spent in each stage, summed over documents and languages (`plenary build --timings`).
    public var stages: [String: Double] = [:]
    /// How many times each stage ran.
    public var stageCounts: [String: Int] = [:]

    mutating func add(_ stage: String, _ seconds: Double, count: Int = 1) {
        stages[stage, default: 0] += seconds
        stageCounts[stage, default: 0] += count
    }

    public var succeeded: Bool { errors.isEmpty }
}
