import Foundation
/// A loaded source file's text, shared by the values read from it, so that a position inside a
/// value (an inline-markup error in a folded YAML paragraph) can be found in the file.
public final class SourceFile: @unchecked Sendable {
    public let path: String
    public let text: String

    /// The file's lines, split on first use (only an error needs them) and then kept; the lock
    /// makes the one-time split safe when values of one file are resolved on several tasks.
    var lines: [Substring] {
        lock.lock()
        defer { lock.unlock() }
        if let split { return split }
        let result = text.split(separator: "\n", omittingEmptySubsequences: false)
        split = result
        return result
    }
    private var split: [Substring]?
    private let lock = NSLock()

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The location of the first occurrence of `needle` at or after `start`, or `start` itself.
    public func locate(_ needle: String, from start: SourceLocation) -> SourceLocation {
        let lines = self.lines
        guard start.line >= 1, start.line <= lines.count, !needle.isEmpty else { return start }
        for index in (start.line - 1)..<lines.count {
            let line = lines[index]
            let from = index == start.line - 1 ? max(0, start.column - 1) : 0
            guard from <= line.count else { continue }
            let tail = line.dropFirst(from)
            if let range = tail.range(of: needle) {
                let column = from + tail.distance(from: tail.startIndex, to: range.lowerBound) + 1
                return SourceLocation(path: path, line: index + 1, column: column)
            }
        }
        return start
    }
}
