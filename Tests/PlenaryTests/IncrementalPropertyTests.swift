import Foundation
import Testing
@testable import Plenary

/// Issue 14, the property rather than cases: an incremental build is a pure function of its inputs.
/// Random sequences of edits (sources, translations, templates, catalogs, data, options; added,
/// removed, changed, renamed) are applied to a copy of the small fixture meeting, and after each
/// one a build into a folder that has seen every earlier build is compared with a clean build into
/// an empty folder: the same files with the same bytes when the build succeeds, the same errors
/// when it fails (a failed incremental build keeps the last good output, a clean one has none, so
/// their files are compared only after a success).
///
/// `PLENARY_PROPERTY_SEQUENCES` (default 4) and `PLENARY_PROPERTY_STEPS` (default 10) size the run;
/// `PLENARY_PROPERTY_SEED` replays one (a failure names the seed of its sequence: run it with
/// `PLENARY_PROPERTY_SEQUENCES=1 PLENARY_PROPERTY_SEED=<seed>`). `make test-incremental-long`
/// runs many more.
@Suite("Incremental builds, randomised")
struct IncrementalPropertyTests {
    static let meeting = "Meetings/mini"

    static func setting(_ name: String) -> UInt64? {
        ProcessInfo.processInfo.environment[name].flatMap { UInt64($0) }
    }

    @Test func anIncrementalBuildIsByteIdenticalToACleanOne() throws {
        let sequences = Int(Self.setting("PLENARY_PROPERTY_SEQUENCES") ?? 4)
        let steps = Int(Self.setting("PLENARY_PROPERTY_STEPS") ?? 10)
        let first = Self.setting("PLENARY_PROPERTY_SEED") ?? UInt64.random(in: 1...UInt64(UInt32.max))
        var edits = 0, failures = 0
        let started = Date()
        defer {
            print("incremental property: \(sequences) sequences × \(steps) edits: \(edits) edits made (\(failures) failing builds), first seed \(first), \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        for sequence in 0..<sequences {
            let seed = first &+ UInt64(sequence)
            var run = try EditSequence(seed: seed)
            defer { run.remove() }
            for step in 1...steps {
                do { try run.step(step) } catch {
                    Issue.record("step \(step) failed: \(error); \(run.context)")
                    return
                }
                edits += 1
                if run.failed { failures += 1 }
                if run.mismatched { return }
            }
        }
    }

    /// One sequence of edits on its own scratch project.
    struct EditSequence {
        let seed: UInt64
        let project: URL
        var random: SplitMix64
        /// What the options are now.
        var formats = TemplateLibrary.formats
        var templates = "Templates"
        /// The edits so far, for the message of a failure.
        var log: [String] = []
        var failed = false
        var mismatched = false
        /// Numbers edits, so that each leaves different bytes.
        var counter = 0

        init(seed: UInt64) throws {
            self.seed = seed
            random = SplitMix64(seed: seed)
            project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-property-\(UUID().uuidString)")
            let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: nil))
            try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: project.appendingPathComponent("stash"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent(IncrementalPropertyTests.meeting))
            try FileManager.default.copyItem(at: TestSupport.templates, to: project.appendingPathComponent("Templates"))
            try FileManager.default.copyItem(at: TestSupport.templates, to: project.appendingPathComponent("Templates-b"))
            try FileManager.default.removeItem(at: project.appendingPathComponent("Templates/README.md"))
            try FileManager.default.removeItem(at: project.appendingPathComponent("Templates-b/README.md"))
            try edit("Templates-b/note.html.xml") { $0.replacingOccurrences(of: "class=\"", with: "class=\"b ") }
        }

        func remove() { try? FileManager.default.removeItem(at: project) }

        var context: String {
            "seed \(seed) (replay: PLENARY_PROPERTY_SEQUENCES=1 PLENARY_PROPERTY_SEED=\(seed)), edits: \(log.joined(separator: "; "))"
        }

        /// Applies one random edit, builds both ways and compares.
        mutating func step(_ number: Int) throws {
            // After a failed build, mostly undo one of the edits that may have broken it: a
            // sequence goes back and forth between broken and good sources, and the comparisons
            // of the files are made after many kinds of history.
            log.append(try failed && random.next() % 3 != 0 ? mend() : applyEdit())
            let incremental = try build(into: "incremental")
            let clean = try build(into: "clean")
            defer { try? FileManager.default.removeItem(at: project.appendingPathComponent("clean")) }
            failed = !clean.succeeded
            let errors = { (report: BuildReport) in report.errors.map { $0.rendered { _ in nil } } }
            #expect(errors(incremental) == errors(clean), "the errors differ after step \(number); \(context)")
            guard clean.succeeded, incremental.succeeded else { return }
            let built = IncrementalBuildTests.outputFiles(project.appendingPathComponent("incremental"))
            let expected = IncrementalBuildTests.outputFiles(project.appendingPathComponent("clean"))
            if built != expected {
                mismatched = true
                let differing = Set(built.keys).union(expected.keys).filter { built[$0] != expected[$0] }.sorted()
                Issue.record("after step \(number) the incremental output differs from a clean build in \(differing); \(context)")
            }
        }

        func build(into output: String) throws -> BuildReport {
            var options = BuildOptions(meetings: [project.appendingPathComponent(IncrementalPropertyTests.meeting)],
                                       output: project.appendingPathComponent(output),
                                       templates: project.appendingPathComponent(templates), displayRoot: project, jobs: 2)
            options.formats = formats
            return try Builder(options: options).run()
        }

        // MARK: Edits

        var meetingFolder: String { IncrementalPropertyTests.meeting }

        func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: project.appendingPathComponent(path).path) }

        func documents() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("\(meetingFolder)/documents").path)) ?? []).sorted()
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let url = project.appendingPathComponent(path)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(change(text).utf8).write(to: url)
        }

        /// Moves `path` to the stash, or back from it: a file removed, then added again.
        func toggle(_ path: String) throws -> String {
            let url = project.appendingPathComponent(path)
            let stashed = project.appendingPathComponent("stash/" + path.replacingOccurrences(of: "/", with: "_"))
            if FileManager.default.fileExists(atPath: url.path) {
                try? FileManager.default.removeItem(at: stashed)
                try FileManager.default.moveItem(at: url, to: stashed)
                return "remove \(path)"
            }
            guard FileManager.default.fileExists(atPath: stashed.path),
                  FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path) else { return "nothing to restore at \(path)" }
            try FileManager.default.moveItem(at: stashed, to: url)
            return "restore \(path)"
        }

        /// Undoes one edit that may break the build: a file removed or renamed comes back, a broken
        /// text is mended, a missing templates folder is replaced.
        mutating func mend() throws -> String {
            var undo: [String] = []
            if templates == "Templates-none" { undo.append("templates") }
            let stash = project.appendingPathComponent("stash")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: stash.path)) ?? [] {
                undo.append("restore " + name)
            }
            let walker = FileManager.default.enumerator(atPath: project.path)
            while let path = walker?.nextObject() as? String {
                if path.hasSuffix(".renamed") { undo.append("rename " + path) }
                if path.hasSuffix("/en.yaml"), (try? String(contentsOf: project.appendingPathComponent(path), encoding: .utf8))?.contains("broken: [") == true {
                    undo.append("mend " + path)
                }
            }
            guard !undo.isEmpty else { return try applyEdit() }
            let chosen = pick(undo.sorted())
            let argument = String(chosen.drop { $0 != " " }.dropFirst())
            switch chosen.prefix { $0 != " " } {
            case "templates":
                templates = pick(["Templates", "Templates-b"])
                return "--templates \(templates)"
            case "restore":
                // The stash names a file by its path with / as _ (no path here has a _ of its own).
                let original = argument.replacingOccurrences(of: "_", with: "/")
                guard !exists(original), exists((original as NSString).deletingLastPathComponent) else {
                    try FileManager.default.removeItem(at: stash.appendingPathComponent(argument))
                    return "forget the stashed \(original)"
                }
                return try toggle(original)
            case "rename":
                try FileManager.default.moveItem(at: project.appendingPathComponent(argument),
                                                 to: project.appendingPathComponent(String(argument.dropLast(".renamed".count))))
                return "rename \(argument) back"
            default:
                try edit(argument) { $0.replacingOccurrences(of: "\nbroken: [\n", with: "") }
                return "mend \(argument)"
            }
        }

        mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }

        /// One edit, chosen at random; what it did.
        mutating func applyEdit() throws -> String {
            counter += 1
            let n = counter
            let document = documents().isEmpty ? nil : pick(documents())
            let folder = document.map { "\(meetingFolder)/documents/\($0)" }
            let templateFiles = ["note.html.xml", "note.akn.xml", "shared/page.html.xml", "shared/html.xml", "shared/akn.xml", "index.html.xml"]
            switch random.next() % 19 {
            case 0:
                guard let folder, let language = Optional(pick(["en", "zh"])), exists("\(folder)/\(language).yaml") else { return "no text to edit" }
                try edit("\(folder)/\(language).yaml") { $0.replacingOccurrences(of: "title: ", with: "title: \(n) ") }
                return "edit the title in \(folder)/\(language).yaml"
            case 1:
                guard let folder else { return "no translation to toggle" }
                return try toggle("\(folder)/zh.yaml")
            case 2:
                guard let folder else { return "no original to toggle" }
                return try toggle("\(folder)/en.yaml")
            case 3:
                guard let folder, exists("\(folder)/en.yaml") else { return "no text to break" }
                try edit("\(folder)/en.yaml") { $0.contains("broken: [") ? $0.replacingOccurrences(of: "\nbroken: [\n", with: "") : $0 + "\nbroken: [\n" }
                return "break or mend \(folder)/en.yaml"
            case 4:
                let id = "d\(n)"
                let fixture = try #require(Bundle.module.url(forResource: "Fixtures/mini/documents/n1", withExtension: nil))
                try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent("\(meetingFolder)/documents/\(id)"))
                let symbol = pick(["UNEP/X/1", "UNEP/X/2"])
                try edit("\(meetingFolder)/documents/\(id)/document.yaml") { $0.replacingOccurrences(of: "symbol: UNEP/X/2", with: "symbol: \(symbol)") }
                return "add document \(id) as \(symbol)"
            case 5:
                guard let folder else { return "no document to remove" }
                try FileManager.default.removeItem(at: project.appendingPathComponent(folder))
                return "remove \(folder)"
            case 6:
                guard let folder, let document else { return "no document to rename" }
                try FileManager.default.moveItem(at: project.appendingPathComponent(folder),
                                                 to: project.appendingPathComponent("\(meetingFolder)/documents/r\(n)"))
                return "rename \(folder) to r\(n)"
            case 7:
                let file = "\(pick(["Templates", "Templates-b"]))/\(pick(templateFiles))"
                guard exists(file) else { return "no \(file) to edit" }
                try edit(file) { $0.contains("class=\"") ? $0.replacingOccurrences(of: "class=\"", with: "class=\"e\(n) ") : $0.replacingOccurrences(of: "<!--", with: "<!-- e\(n)") }
                return "edit \(file)"
            case 8:
                let file = "\(pick(["Templates", "Templates-b"]))/plenary.css"
                if exists(file) && random.next() % 2 == 0 {
                    try edit(file) { $0 + "\n/* \(n) */\n" }
                    return "edit \(file)"
                }
                return try toggle(file)
            case 9:
                let file = "\(pick(["Templates", "Templates-b"]))/strings/\(pick(["en", "zh"])).yaml"
                if exists(file) && random.next() % 3 != 0 {
                    try edit(file) { $0.replacingOccurrences(of: "distr: \"", with: "distr: \"\(n) ") }
                    return "edit \(file)"
                }
                return try toggle(file)
            case 10:
                try edit("\(meetingFolder)/data/answers.csv") { $0.contains("AAA,1,yes") ? $0.replacingOccurrences(of: "AAA,1,yes", with: "AAA,1,no") : $0.replacingOccurrences(of: "AAA,1,no", with: "AAA,1,yes") }
                return "edit data/answers.csv"
            case 11:
                return try toggle("\(meetingFolder)/data/\(pick(["statistics.yaml", "parties.csv"]))")
            case 12:
                try edit("\(meetingFolder)/meeting.yaml") { $0.contains("languages: [en, zh]") ? $0.replacingOccurrences(of: "languages: [en, zh]", with: "languages: [en]") : $0.replacingOccurrences(of: "languages: [en]", with: "languages: [en, zh]") }
                return "toggle the meeting's languages"
            case 13:
                try edit("\(meetingFolder)/meeting.yaml") { $0.replacingOccurrences(of: "venue: {en: \"", with: "venue: {en: \"\(n) ") }
                return "edit the venue"
            case 14:
                formats = pick([["akn"], ["html"], TemplateLibrary.formats])
                return "--formats \(formats.joined(separator: ","))"
            case 15:
                templates = pick(["Templates", "Templates-b", "Templates-none"])
                return "--templates \(templates)"
            case 16:
                guard let folder, exists("\(folder)/document.yaml") else { return "no document.yaml to edit" }
                try edit("\(folder)/document.yaml") { $0.contains("date: 2012-08-17") ? $0.replacingOccurrences(of: "date: 2012-08-17", with: "date: 2012-08-18") : $0.replacingOccurrences(of: "date: 2012-08-18", with: "date: 2012-08-17") }
                return "edit the date in \(folder)/document.yaml"
            case 17:
                // A file renamed away, or back: gone under its name, present under another.
                let files = (folder.map { ["\($0)/zh.yaml", "\($0)/en.yaml"] } ?? []) + ["\(meetingFolder)/data/parties.csv"]
                    + ["Templates", "Templates-b"].flatMap { ["\($0)/strings/zh.yaml", "\($0)/shared/page.html.xml", "\($0)/plenary.css"] }
                let file = pick(files)
                let renamed = file + ".renamed"
                if exists(file) && !exists(renamed) {
                    try FileManager.default.moveItem(at: project.appendingPathComponent(file), to: project.appendingPathComponent(renamed))
                    return "rename \(file) to \(renamed)"
                }
                guard exists(renamed) && !exists(file) else { return "nothing to rename at \(file)" }
                try FileManager.default.moveItem(at: project.appendingPathComponent(renamed), to: project.appendingPathComponent(file))
                return "rename \(renamed) back"
            default:
                // A folder without document.yaml: not a document, but an entry of documents/.
                let folder = "\(meetingFolder)/documents/draft"
                if exists(folder) {
                    try FileManager.default.removeItem(at: project.appendingPathComponent(folder))
                    return "remove the folder documents/draft"
                }
                try FileManager.default.createDirectory(at: project.appendingPathComponent(folder), withIntermediateDirectories: true)
                return "add the folder documents/draft"
            }
        }
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64): the same seed gives the
/// same edits on every platform.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
