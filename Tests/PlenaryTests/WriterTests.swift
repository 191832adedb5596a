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

    @Test func strayTemporariesOfAKilledBuildAreRemoved() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent(".doc.xml.123.456.tmp"))
        try Data("y".utf8).write(to: folder.appendingPathComponent("doc.xml"))
        AtomicWriter.removeStrayTemporaries(in: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["doc.xml"])
    }
}
