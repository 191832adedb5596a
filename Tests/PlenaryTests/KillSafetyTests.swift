import Foundation
import Testing
@testable import Plenary

/// Issue 8, part 3: `plenary build` killed with SIGKILL at any moment leaves every output file
/// either complete as it was or complete as it should now be, never a torn file and never a
/// temporary under a document's name; and the next build repairs everything.
@Suite("Kill safety")
struct KillSafetyTests {
    /// A temporary of the atomic writer: a dot-file ending in `.tmp` (a stray one may survive a kill).
    static func isTemporary(_ path: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        return name.hasPrefix(".") && name.hasSuffix(".tmp")
    }

    /// Replaces the folder's contents by `snapshot`.
    static func restore(_ folder: URL, to snapshot: [String: Data]) throws {
        try? FileManager.default.removeItem(at: folder)
        for (path, data) in snapshot {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
    }

    static func start(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = TestSupport.plenary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aBuildKilledAtFiftyMomentsLeavesOnlyWholeFilesAndTheNextBuildRepairsThem() throws {
        let started = Date()
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let output = project.appendingPathComponent("Output")

        // The previous output.
        let first = try TestSupport.run(["build", "--quiet"], in: project)
        try #require(first.status == 0, "\(first.stderr)")
        let old = TestSupport.snapshot(output)

        // Sources changed so that every output file changes: the titles (in every document, every
        // language, and the index) and the stylesheet.
        let documents = "Meetings/bs-copmop-6/documents/"
        // Every language file of every document: its title (on its line, or the first line of a
        // folded `>-` title) gets a word more.
        let folder = project.appendingPathComponent(documents)
        for document in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() {
            for language in IncrementalBuildTests.languages {
                let file = "\(document)/\(language).yaml"
                guard let text = try? TestSupport.read(documents + file, in: project) else { continue }
                var lines = text.components(separatedBy: "\n")
                let index = try #require(lines.firstIndex { $0.hasPrefix("title:") }, "\(file) has no title")
                if lines[index].hasSuffix(">-") { lines[index + 1] += " (revised)" } else { lines[index] += " (revised)" }
                try TestSupport.write(lines.joined(separator: "\n"), to: documents + file, in: project)
            }
        }
        try TestSupport.write(try TestSupport.read("Templates/plenary.css", in: project) + "\n/* revised */\n", to: "Templates/plenary.css", in: project)
        // The chart's files (en.figure-1.svg, zh.figure-1.svg) print its caption, not the title.
        for file in IncrementalBuildTests.languages.map({ "cp-6-7/\($0).yaml" }) {
            let text = try TestSupport.read(documents + file, in: project)
            // The caption's first line of text, on the key's line or under a folded `>-`.
            var lines = text.components(separatedBy: "\n")
            let index = try #require(lines.firstIndex { $0.hasPrefix("f-activities:") }, "\(file) has no f-activities")
            if lines[index].hasSuffix(">-") { lines[index + 1] += " (revised)" } else { lines[index] += " (revised)" }
            try TestSupport.write(lines.joined(separator: "\n"), to: documents + file, in: project)
        }

        // The new output, built separately into another folder.
        let separate = try TestSupport.run(["build", "--quiet", "--output", "New"], in: project)
        try #require(separate.status == 0, "\(separate.stderr)")
        let new = TestSupport.snapshot(project.appendingPathComponent("New"))
        #expect(Set(new.keys) == Set(old.keys))
        let changing = Reliability.documents(new).keys.filter { old[$0] != new[$0] }
        #expect(changing.count == Reliability.documents(new).count && changing.count == 92, "every output file changes: \(changing.sorted())")

        // The duration of the build that will be killed (old output, new sources), measured twice;
        // an unkilled run must give the new output exactly.
        var durations: [TimeInterval] = []
        for _ in 0..<2 {
            try Self.restore(output, to: old)
            let clock = Date()
            let process = try Self.start(["build", "--quiet"], in: project)
            process.waitUntilExit()
            durations.append(Date().timeIntervalSince(clock))
            #expect(process.terminationStatus == 0)
            #expect(TestSupport.snapshot(output) == new)
        }
        let duration = durations.min()!

        // 50 moments: at once, just after the start, then spread over the build and past its end
        // (the machine is shared, so a build may take longer than measured).
        let delays = [0, 0.001] + (0..<48).map { duration * (0.02 + 1.48 * Double($0) / 47) }
        var allOld = 0, allNew = 0, mixed = 0, strays = 0, finished = 0, repairs = 0
        for (index, delay) in delays.enumerated() {
            try Self.restore(output, to: old)
            let process = try Self.start(["build", "--quiet"], in: project)
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            if process.terminationReason == .exit { finished += 1 }

            let after = TestSupport.snapshot(output)
            var sawOld = false, sawNew = false
            for (path, data) in after {
                if Self.isTemporary(path) {
                    strays += 1
                    #expect(old[path] == nil && new[path] == nil, "a temporary has an output's name: \(path)")
                    continue
                }
                if data == new[path] && data != old[path] { sawNew = true } else if data == old[path] && data != new[path] { sawOld = true }
                #expect(data == old[path] || data == new[path], "after a kill at \(delay) s, \(path) is neither the previous nor the new file (\(data.count) bytes)")
            }
            #expect(Set(after.keys.filter { !Self.isTemporary($0) }) == Set(new.keys), "after a kill at \(delay) s, files are missing or extra")
            if sawOld && sawNew { mixed += 1 } else if sawNew { allNew += 1 } else { allOld += 1 }

            // The next full build repairs everything and leaves no temporary behind: checked after
            // every kill that left the output half-built or a temporary, after every tenth, and
            // after the last (a full build each time, so not after all fifty, to keep within a minute).
            guard (sawOld && sawNew) || after.keys.contains(where: Self.isTemporary) || index % 10 == 9 || index == delays.count - 1 else { continue }
            repairs += 1
            let repair = try TestSupport.run(["build", "--quiet"], in: project)
            #expect(repair.status == 0, "\(repair.stderr)")
            #expect(TestSupport.snapshot(output) == new, "the build after a kill at \(delay) s did not repair the output")
        }
        let seconds = Date().timeIntervalSince(started)
        print("""
            kill safety: a full build takes \(durations.map { String(format: "%.2f", $0) }.joined(separator: " / ")) s; \
            kills from 0 to \(String(format: "%.2f", delays.last!)) s left \(allOld) outputs all previous, \(mixed) mixed, \
            \(allNew) all new (\(finished) builds had already finished), \(strays) stray temporaries; \(repairs) repairing builds; \
            \(String(format: "%.1f", seconds)) s in all
            """)
        #expect(allOld > 0 && mixed + allNew > 0, "the kills did not span the build")
    }
}
