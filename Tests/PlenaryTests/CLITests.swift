import Foundation
import Testing
@testable import Plenary

/// `plenary` end to end, as a document officer runs it.
@Suite("The command line")
struct CLITests {
    @Test func buildWritesEveryLanguageAndFormatAndASecondRunRewritesNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let first = try TestSupport.run(["build"], in: project)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("7 documents, 0 failed; 92 files written, 0 unchanged"), "\(first.stderr)")
        let output = project.appendingPathComponent("Output")
        let files = TestSupport.snapshot(output)
        for document in IncrementalBuildTests.all {
            for file in IncrementalBuildTests.languages.flatMap({ ["\($0).xml", "\($0).html"] }) {
                let data = try #require(files["bs-copmop-6/\(document)/\(file)"], "\(document)/\(file)")
                if file.hasSuffix(".xml") { _ = try XMLTree.parse(data, path: file) }
            }
        }
        #expect(files["bs-copmop-6/index.html"] != nil)
        let second = try TestSupport.run(["build"], in: project)
        #expect(second.status == 0)
        #expect(second.stderr.contains("0 files written, 92 unchanged"), "\(second.stderr)")
        #expect(TestSupport.snapshot(output) == files)
    }

    @Test func theOutputIsTheSameWithOneJobOrMany() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--jobs", "1", "--output", "one"], in: project).status == 0)
        #expect(try TestSupport.run(["build", "--jobs", "4", "--output", "four"], in: project).status == 0)
        let one = TestSupport.snapshot(project.appendingPathComponent("one"))
        #expect(!one.isEmpty && one == TestSupport.snapshot(project.appendingPathComponent("four")))
    }

    @Test func malformedYAMLFailsWithItsLocationAndChangesNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let before = TestSupport.snapshot(project.appendingPathComponent("Output"))
        let file = "Meetings/bs-copmop-6/documents/cp-6-7/en.yaml"
        try TestSupport.write("title: [unclosed\n" + (try TestSupport.read(file, in: project)).split(separator: "\n", maxSplits: 1)[1], to: file, in: project)
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Meetings/bs-copmop-6/documents/cp-6-7/en.yaml:2:"), "\(run.stderr)")
        #expect(run.stderr.contains(": error: malformed YAML"))
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == before)
    }

    @Test func aMissingTemplateFailsAndChangesNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let before = TestSupport.snapshot(project.appendingPathComponent("Output"))
        let file = "Meetings/bs-copmop-6/documents/cp-6-7/document.yaml"
        // `template:` is optional (the kind names one): a document that names a missing one fails.
        try TestSupport.write(try TestSupport.read(file, in: project).replacingOccurrences(of: "kind: note\n", with: "kind: note\ntemplate: memo\n"), to: file, in: project)
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Meetings/bs-copmop-6/documents/cp-6-7/document.yaml:4:11: error: no template `memo.akn.xml`"), "\(run.stderr)")
        #expect(run.stderr.contains("    template: memo\n              ^"))
        #expect(TestSupport.snapshot(project.appendingPathComponent("Output")) == before)
    }

    @Test func aDocumentWithErrorsKeepsItsOutputWhileTheOthersAreBuilt() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        let note = project.appendingPathComponent("Output/bs-copmop-6/cp-6-7/en.xml")
        let before = try Data(contentsOf: note)
        let file = "Meetings/bs-copmop-6/documents/cp-6-7/en.yaml"
        try TestSupport.write(try TestSupport.read(file, in: project).replacingOccurrences(of: "[[para p1, p2]]", with: "[[para p1, p99]]"), to: file, in: project)
        let l3 = "Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml"
        try TestSupport.write("title: Capacity-building for biosafety\n", to: l3, in: project)
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("error: no paragraph `p99` in this document"))
        #expect(try Data(contentsOf: note) == before)
        #expect(try TestSupport.read("Output/bs-copmop-6/cp-6-l3/en.xml", in: project).contains("Capacity-building for biosafety"))
    }

    @Test func usageErrorsExitWith2() throws {
        let run = try TestSupport.run(["build", "--jobs", "0"], in: TestSupport.packageRoot)
        #expect(run.status == 2)
        #expect(try TestSupport.run(["build", "--no-such-flag"], in: TestSupport.packageRoot).status == 2)
        #expect(try TestSupport.run(["build", "/nonexistent"], in: TestSupport.packageRoot).status == 2)
    }

    @Test func helpExplainsTheCommands() throws {
        let run = try TestSupport.run(["build", "--help"], in: TestSupport.packageRoot)
        #expect(run.status == 0)
        #expect(run.stdout.contains("--output"))
        #expect(run.stdout.contains("previous"))
    }

    @Test func twoBuildsOnOneOutputFolderAtOnceGiveCorrectOutput() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let reference = project.appendingPathComponent("reference")
        #expect(try TestSupport.run(["build", "--quiet", "--output", "reference"], in: project).status == 0)
        let processes = (0..<2).map { _ in
            let process = Process()
            process.executableURL = TestSupport.plenary
            process.arguments = ["build", "--quiet", "--output", "shared"]
            process.currentDirectoryURL = project
            return process
        }
        for process in processes { try process.run() }
        for process in processes { process.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        var shared = TestSupport.snapshot(project.appendingPathComponent("shared"))
        var expected = TestSupport.snapshot(reference)
        shared["bs-copmop-6/.plenary.lock"] = nil
        expected["bs-copmop-6/.plenary.lock"] = nil
        #expect(shared == expected)
    }

    @Test func checkValidatesTheBundledOutputAndRejectsABrokenFile() throws {
        let run = try TestSupport.run(["check", "--schema", TestSupport.aknSchema.path, "Output"], in: TestSupport.packageRoot)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("42 XML files and 0 documents checked: 0 errors"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = try TestSupport.read("Output/bs-copmop-6/cp-6-7/zh.xml", in: TestSupport.packageRoot)
        let broken = good.replacingOccurrences(of: "<FRBRlanguage language=\"zho\"/>", with: "<FRBRlanguage language=\"zh\"/>")
            .replacingOccurrences(of: "eId=\"para_3\"", with: "eId=\"para_2\"")
            .replacingOccurrences(of: "<num>4.</num>", with: "<number>4.</number>")
        try Data(broken.utf8).write(to: folder.appendingPathComponent("broken.xml"))
        let failed = try TestSupport.run(["check", "--schema", TestSupport.aknSchema.path, folder.path], in: TestSupport.packageRoot)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: `zh` is not an ISO 639-2 alpha-3 code"))
        #expect(failed.stderr.contains("error: duplicate eId `para_2`"))
        #expect(failed.stderr.contains("error: schema: Element '{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}number'"))
        #expect(failed.stderr.contains("the expression IRI"))
        let missing = try TestSupport.run(["check", "--schema", "/nonexistent.xsd", "Output"], in: TestSupport.packageRoot)
        #expect(missing.status == 1, "a missing schema is an error, never a skip")
    }
}
