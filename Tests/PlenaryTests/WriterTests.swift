import Foundation
import Testing
@testable import Plenary

@Suite("The writer")
struct WriterTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plenary-writer-\(UUID().uuidString)")

    @Test func writesThenLeavesUnchangedBytesAlone() throws {
        let file = folder.appendingPathComponent("a/b.xml")
        #expect(try AtomicWriter.write(Data("one".utf8), to: file) == .written)
        let modified = try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        #expect(try AtomicWriter.write(Data("one".utf8), to: file) == .unchanged)
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.modificationDate] as? Date == modified)
        #expect(try AtomicWriter.write(Data("two".utf8), to: file) == .written)
        #expect(try Data(contentsOf: file) == Data("two".utf8))
    }

    @Test func aFailureMidWriteLeavesThePreviousFileIntact() throws {
        struct Interrupted: Error {}
        let file = folder.appendingPathComponent("doc.xml")
        _ = try AtomicWriter.write(Data("previous, complete".utf8), to: file)
        #expect(throws: Interrupted.self) {
            try AtomicWriter.write(Data("new".utf8), to: file, beforeRename: { throw Interrupted() })
        }
        #expect(try Data(contentsOf: file) == Data("previous, complete".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["doc.xml"], "no temporary file is left")
    }

    @Test func aBatchShowsItsFilesOnlyOnceCommitted() throws {
        let first = folder.appendingPathComponent("n1/en.xml"), second = folder.appendingPathComponent("n1/zh.xml")
        _ = try AtomicWriter.write(Data("old".utf8), to: first)
        let batch = OutputBatch(folder: folder)
        #expect(try batch.stage(Data("new".utf8), to: first) == .written)
        #expect(try batch.stage(Data("新".utf8), to: second) == .written)
        // Before the commit: the old file as it was, the new one not there, two temporaries.
        #expect(try Data(contentsOf: first) == Data("old".utf8))
        #expect(!FileManager.default.fileExists(atPath: second.path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.deletingLastPathComponent().path).filter { $0.hasSuffix(".tmp") }.count == 2)
        try batch.commit()
        #expect(try Data(contentsOf: first) == Data("new".utf8))
        #expect(try Data(contentsOf: second) == Data("新".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: first.deletingLastPathComponent().path).sorted() == ["en.xml", "zh.xml"])
        // The same bytes again: nothing staged.
        #expect(try batch.stage(Data("new".utf8), to: first) == .unchanged)
    }

    @Test func aBatchCommitsByItselfEveryFewFilesAndADroppedOneLeavesNoTemporary() throws {
        var batch: OutputBatch? = OutputBatch(folder: folder, filesPerCommit: 2)
        for name in ["a", "b", "c"] { _ = try batch!.stage(Data(name.utf8), to: folder.appendingPathComponent("\(name).xml")) }
        // Two made a commit; the third waits, and goes when the batch is dropped without a commit.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted() == ["a.xml", "b.xml"])
        batch = nil
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.xml", "b.xml"])
    }

    @Test func strayTemporariesOfAKilledBuildAreRemoved() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent(".doc.xml.123.456.tmp"))
        try Data("y".utf8).write(to: folder.appendingPathComponent("doc.xml"))
        AtomicWriter.removeStrayTemporaries(in: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["doc.xml"])
    }

    /// A build that created the output folder and wrote nothing removes it, lock file included,
    /// while it still holds the lock; one that waited for it then locks the file that is there
    /// now (the folder made again), not the removed one, so a third build waits for it in turn.
    @Test func aLockWhoseFolderIsTakenAwayIsTakenAgainOnTheFileThatIsThere() throws {
        let output = folder.appendingPathComponent("new/meeting")
        var first: OutputLock? = try OutputLock(folder: output) {}
        #expect(first?.createdFolders.map(\.lastPathComponent) == ["meeting", "new", folder.lastPathComponent])
        let waiting = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var second: OutputLock?
        DispatchQueue.global().async {
            second = try? OutputLock(folder: output) { waiting.signal() }
            done.signal()
        }
        #expect(waiting.wait(timeout: .now() + 10) == .success)
        first?.removeFoldersIfUnused()
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        first = nil
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(second != nil)
        let path = output.appendingPathComponent(".plenary.lock").path
        let descriptor = open(path, O_RDWR)
        #expect(descriptor >= 0, "the lock file is there again")
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) != 0, "the second lock holds the file at the path")
        withExtendedLifetime(second) {}
        try? FileManager.default.removeItem(at: folder)
    }
}
