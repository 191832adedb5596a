import Foundation
/// A loaded source file's text, shared by the values read from it, so that a position inside a
/// value (an inline-markup error in a folded YAML paragraph) can be found in the file.
public final class SourceFile: Sendable {
    public let path: String
    public let text: String

    /// The file's lines, split once: locating is on the hot path of every inline tag.
    let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The location of the first occurrence of `needle` at or after `start`, or `start` itself.
    public func locate(_ needle: String, from start: SourceLocation) -> SourceLocation {
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
