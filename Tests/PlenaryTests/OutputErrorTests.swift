import Foundation
import Testing
@testable import Plenary

/// Issue 14, item 11: an output that cannot be written is the user's environment (a file in the
/// way, a full or read-only disk, a folder removed under the build): one sentence with the path and
/// what to do, exit status 1, never a Foundation error dump. And the stylesheet a build publishes
/// is a regular file inside the templates folder.
@Suite("Writing the output")
struct OutputErrorTests {
    /// No raw Foundation or POSIX error text reaches the user.
    static func expectNoDump(_ text: String, _ comment: Comment? = nil) {
        for dump in ["Error Domain", "NSCocoaErrorDomain", "POSIXError", "NSUnderlyingError", "the build failed"] {
            #expect(!text.contains(dump), "\(dump) in: \(text)")
        }
    }

    @Test func anOutputFolderUnderAFileIsOneSentenceWithThePathAndExit1() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try TestSupport.write("not a folder", to: "blocker", in: project)
        let run = try TestSupport.run(["build", "--output", "blocker/out"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("blocker/out: error: cannot write the output: blocker is a file, not a folder\nhint: move or rename blocker"), "\(run.stderr)")
        #expect(run.stderr.contains("meeting bs-copmop-6 could not be written"), "\(run.stderr)")
        Self.expectNoDump(run.stderr)
    }

    /// A folder where an output file should be: named, and not shown as if it were a source line.
    @Test func anOutputFileThatIsAFolderIsSaidSo() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(at: project.appendingPathComponent("Output/bs-copmop-6/index.html/inside"), withIntermediateDirectories: true)
        let report = try Self.build(project, into: project.appendingPathComponent("Output"))
        #expect(report.errors.map(\.description) == ["Output/bs-copmop-6/index.html: error: cannot write the output file: Output/bs-copmop-6/index.html is a folder"])
        #expect(report.unwrittenMeetings == ["bs-copmop-6"])
        #expect(report.errors.first?.rendered().components(separatedBy: "\n").count == 2, "the message and the hint, no source line")
    }

    @Test func aMeetingThatFailsToLoadIsSaidSoNotCountedAsNoDocuments() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try TestSupport.write("body: [\n", to: "Meetings/bs-copmop-6/meeting.yaml", in: project)
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("meeting bs-copmop-6 failed to load (the errors above)"), "\(run.stderr)")
        #expect(!run.stderr.contains("0 documents, 0 failed"), "\(run.stderr)")
    }

    /// A build that wrote nothing leaves no folder (nor lock file) it created.
    @Test func aFailedBuildIntoANewOutputFolderLeavesNothing() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        try TestSupport.write("body: [\n", to: "Meetings/bs-copmop-6/meeting.yaml", in: project)
        #expect(try TestSupport.run(["build", "--output", "fresh/deeper"], in: project).status == 1)
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("fresh").path))
        // A folder that was there before stays, with what was in it.
        try FileManager.default.createDirectory(at: project.appendingPathComponent("kept"), withIntermediateDirectories: true)
        #expect(try TestSupport.run(["build", "--output", "kept"], in: project).status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.appendingPathComponent("kept").path) == [])
    }

    /// Waiting for another build is said on standard error even when it is not a terminal (a
    /// script, CI): one line, once.
    @Test func aBuildWaitingForTheLockSaysSoOnANonTerminal() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        var lock: OutputLock? = try OutputLock(folder: project.appendingPathComponent("Output/bs-copmop-6")) {}
        let log = project.appendingPathComponent("stderr.txt")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = TestSupport.plenary
        process.arguments = ["build"]
        process.currentDirectoryURL = project
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !((try? TestSupport.read("stderr.txt", in: project)) ?? "").contains("waiting") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        withExtendedLifetime(lock) {}
        lock = nil
        process.waitUntilExit()
        let stderr = try TestSupport.read("stderr.txt", in: project)
        #expect(process.terminationStatus == 0, "\(stderr)")
        let lines = stderr.split(separator: "\n").filter { $0.contains("waiting") }
        #expect(lines == ["another plenary build is writing to Output/bs-copmop-6; waiting for it to finish"], "\(stderr)")
    }

    @Test func aFolderRemovedWhileTheBuildWritesItIsSaidSo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-removed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = OutputBatch(folder: FileManager.default.temporaryDirectory)
        _ = try batch.stage(Data("x".utf8), to: folder.appendingPathComponent("doc/en.xml"))
        try FileManager.default.removeItem(at: folder)
        let error = try #require(throws: OutputError.self) { try batch.commit() }
        #expect(error.code == ENOENT)
        let diagnostic = error.diagnostic { $0 }
        #expect(diagnostic.message == "cannot write the output: its folder was removed while the build was writing it")
        #expect(diagnostic.location.path == folder.appendingPathComponent("doc/en.xml").path)
        #expect(diagnostic.hint?.contains("build again") == true)
    }

    /// Errors Foundation throws (a CocoaError wrapping the errno) are read for their errno too.
    @Test func foundationErrorsAreReadForTheirReason() {
        let path = "/somewhere/out"
        #expect(OutputError.from(CocoaError(.fileWriteOutOfSpace), path: path).code == ENOSPC)
        #expect(OutputError.from(CocoaError(.fileWriteVolumeReadOnly), path: path).code == EROFS)
        #expect(OutputError.from(NSError(domain: NSCocoaErrorDomain, code: 512, userInfo: [NSUnderlyingErrorKey: NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))]), path: path).code == EACCES)
        #expect(OutputError.from(POSIXError(.ENOTDIR), path: path).code == ENOTDIR)
        for code in [ENOSPC, EROFS, EACCES, ENOTDIR, EISDIR, ENOENT, EIO] {
            let diagnostic = OutputError(path: path, code: code).diagnostic { $0 }
            #expect(diagnostic.message.hasPrefix("cannot write the output"), "\(diagnostic)")
            #expect(diagnostic.message.contains(code == ENOTDIR ? "/" : path) || code == ENOENT, "\(diagnostic)")
            #expect(diagnostic.hint != nil)
        }
    }

    // MARK: A full or read-only disk, on a small tmpfs (where this process may mount one)

    /// Mounts a tmpfs of `size` at a new folder, or nil where mounting is not allowed (not root, a
    /// container without the capability): then the full and read-only disks were checked by hand.
    static func mountTmpfs(size: String) -> URL? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-tmpfs-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        guard shell("/usr/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", folder.path]) else {
            try? FileManager.default.removeItem(at: folder)
            return nil
        }
        return folder
    }

    static func unmount(_ folder: URL) {
        _ = shell("/usr/bin/umount", [folder.path])
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    static func shell(_ tool: String, _ arguments: [String]) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: tool) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static func build(_ project: URL, into output: URL) throws -> BuildReport {
        let options = BuildOptions(meetings: [project.appendingPathComponent("Meetings/bs-copmop-6")], output: output,
                                   templates: project.appendingPathComponent("Templates"), displayRoot: project, jobs: 2)
        return try Builder(options: options).run()
    }

    @Test func aFullDiskIsOneSentenceAndKeepsThePreviousOutput() throws {
        guard let disk = Self.mountTmpfs(size: "48k") else {
            print("skipped: cannot mount a tmpfs here; a full disk was checked by hand")
            return
        }
        defer { Self.unmount(disk) }
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let report = try Self.build(project, into: disk)
        let error = try #require(report.errors.first, "the build filled 48 KB without an error")
        #expect(report.errors.count == 1)
        #expect(error.message.contains("cannot write the output: the disk holding"), "\(error)")
        #expect(error.message.hasSuffix("is full"), "\(error)")
        #expect(error.hint?.contains("free some space") == true)
        #expect(report.unwrittenMeetings == ["bs-copmop-6"])
        Self.expectNoDump(error.rendered())
        // Nothing half-written: no temporaries, no document file renamed into place without its batch.
        let left = TestSupport.snapshot(disk).keys.filter { !$0.hasSuffix(".plenary.lock") }
        #expect(left.allSatisfy { !KillSafetyTests.isTemporary($0) }, "\(left)")
    }

    @Test func aReadOnlyDiskIsOneSentence() throws {
        guard let disk = Self.mountTmpfs(size: "4m") else {
            print("skipped: cannot mount a tmpfs here; a read-only disk was checked by hand")
            return
        }
        defer { Self.unmount(disk) }
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        #expect(try Self.build(project, into: disk).succeeded)
        let before = TestSupport.snapshot(disk)
        #expect(Self.shell("/usr/bin/mount", ["-o", "remount,ro", disk.path]))
        try IncrementalBuildTests.edit("Meetings/bs-copmop-6/documents/cp-6-l3/en.yaml", in: project) { $0 + "\n# a comment\n" }
        try TestSupport.write("/* changed */", to: "Templates/plenary.css", in: project)
        let report = try Self.build(project, into: disk)
        let error = try #require(report.errors.first)
        #expect(report.errors.count == 1)
        #expect(error.message.contains("is on a read-only disk"), "\(error)")
        #expect(error.hint?.contains("make the disk writable") == true)
        #expect(TestSupport.snapshot(disk) == before)
    }

    // MARK: The stylesheet (issue 14, finding C)

    /// plenary.css is copied into every output: a link that leads out of the templates folder
    /// (to /etc/passwd, say) would publish whatever it points at.
    @Test func aStylesheetLinkedFromOutsideTheTemplatesIsRefused() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let stylesheet = project.appendingPathComponent("Templates/plenary.css")
        try FileManager.default.removeItem(at: stylesheet)
        try FileManager.default.createSymbolicLink(atPath: stylesheet.path, withDestinationPath: "/etc/passwd")
        let run = try TestSupport.run(["build"], in: project)
        #expect(run.status == 1)
        #expect(run.stderr.contains("Templates/plenary.css: error: `plenary.css` is a link that leads outside the templates folder"), "\(run.stderr)")
        // Nothing of the file it points at is quoted under the message.
        #expect(!run.stderr.contains("root:"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: project.appendingPathComponent("Output/bs-copmop-6/plenary.css").path))
        // A link inside the folder is fine.
        try FileManager.default.removeItem(at: stylesheet)
        try FileManager.default.copyItem(at: TestSupport.templates.appendingPathComponent("plenary.css"), to: project.appendingPathComponent("Templates/shared/style.css"))
        try FileManager.default.createSymbolicLink(atPath: stylesheet.path, withDestinationPath: "shared/style.css")
        #expect(try TestSupport.run(["build", "--quiet"], in: project).status == 0)
        #expect(FileManager.default.contents(atPath: project.appendingPathComponent("Output/bs-copmop-6/plenary.css").path)
            == FileManager.default.contents(atPath: TestSupport.templates.appendingPathComponent("plenary.css").path))
    }

    /// A FIFO would block the build for ever, a folder would be skipped without a word.
    @Test func aStylesheetThatIsNotARegularFileIsRefused() throws {
        let project = try TestSupport.scratchProject()
        defer { try? FileManager.default.removeItem(at: project) }
        let stylesheet = project.appendingPathComponent("Templates/plenary.css")
        try FileManager.default.removeItem(at: stylesheet)
        #expect(mkfifo(stylesheet.path, 0o644) == 0)
        let report = try Self.build(project, into: project.appendingPathComponent("Output"))
        #expect(report.errors.map(\.description) == ["Templates/plenary.css: error: `plenary.css` is not a regular file"])
        try FileManager.default.removeItem(at: stylesheet)
        try FileManager.default.createDirectory(at: stylesheet, withIntermediateDirectories: true)
        let folder = try Self.build(project, into: project.appendingPathComponent("Output"))
        #expect(folder.errors.map(\.description) == ["Templates/plenary.css: error: `plenary.css` is not a regular file"])
    }
}
