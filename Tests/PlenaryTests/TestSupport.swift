import Foundation
import Testing
@testable import Plenary

/// Helpers shared by the tests: the package's folders, scratch copies of the bundled meeting, and
/// running the built `plenary` command.
enum TestSupport {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let meeting = packageRoot.appendingPathComponent("Meetings/bs-copmop-6")
    static let templates = packageRoot.appendingPathComponent("Templates")
    static let seed = packageRoot.appendingPathComponent("../shared/seeds/000_027cf38bd3196225.txt").standardizedFileURL
    static let aknSchema = packageRoot.appendingPathComponent("../shared/schemas/akn30/akomantoso30.xsd").standardizedFileURL

    /// The `plenary` built with these tests: beside the test bundle (so a build with its own
    /// `--scratch-path` runs its own binary), else in .build/.
    static var plenary: URL {
        let beside = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("plenary")
        let candidates = [beside] + [".build/debug/plenary", ".build/release/plenary"].map { packageRoot.appendingPathComponent($0) }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[1]
    }

    /// A fresh folder with a copy of Meetings/ (the bundled meeting only) and Templates/.
    static func scratchProject() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: meeting, to: folder.appendingPathComponent("Meetings/bs-copmop-6"))
        try FileManager.default.copyItem(at: templates, to: folder.appendingPathComponent("Templates"))
        return folder
    }

    /// A fresh folder with a fixture meeting of Tests/PlenaryTests/Fixtures (as `Meetings/<name>`)
    /// and the real templates.
    static func fixtureProject(_ name: String) throws -> URL {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-\(name)-\(UUID().uuidString)")
        let fixture = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Meetings"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: project.appendingPathComponent("Meetings/\(name)"))
        try FileManager.default.copyItem(at: templates, to: project.appendingPathComponent("Templates"))
        return project
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `plenary` with `arguments` in `folder`.
    static func run(_ arguments: [String], in folder: URL) throws -> Run {
        let process = Process()
        process.executableURL = plenary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Standard error is read on another thread while standard output is read here: reading one
        // to its end first deadlocks once the other fills its pipe (64 KB of messages).
        nonisolated(unsafe) var errData = Data()
        let errorRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            errorRead.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        errorRead.wait()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Every file below `folder` with its bytes, by relative path.
    /// Every output file's bytes. The build manifest is left out: it is the build's own record of
    /// what it read, rewritten by any build that renders a document (one that failed included, so
    /// that it is rendered again next time), not output anyone reads.
    static func snapshot(_ folder: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        let base = folder.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [:] }
        for case let url as URL in enumerator where url.lastPathComponent != ".plenary-manifest.json" {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
               let data = FileManager.default.contents(atPath: url.path) {
                result[String(url.standardizedFileURL.path.dropFirst(base.count + 1))] = data
            }
        }
        return result
    }

    static func write(_ text: String, to relative: String, in folder: URL) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(relative))
    }

    static func read(_ relative: String, in folder: URL) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Loads the bundled meeting (or a scratch copy) through the library.
    static func loadMeeting(_ folder: URL = meeting) throws -> Meeting {
        try MeetingLoader(displayRoot: folder.deletingLastPathComponent().deletingLastPathComponent()).load(folder)
    }

    /// Loading errors as `file:line:column: message` lines, for assertions.
    static func loadErrors(_ folder: URL) -> [Diagnostic] {
        do {
            _ = try MeetingLoader(displayRoot: folder).load(folder.appendingPathComponent("Meetings/bs-copmop-6"))
            return []
        } catch { return error.diagnostics }
    }
}
