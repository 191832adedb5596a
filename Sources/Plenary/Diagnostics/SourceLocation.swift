import Foundation
/// A place in a source file that an editor can jump to: 1-based line and column (columns count
/// characters, not bytes, so a caret lines up under Chinese text too).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// A whole file, when no finer position is known.
    public static func file(_ path: String) -> SourceLocation { SourceLocation(path: path, line: 1, column: 1) }

    /// A file or folder as a whole, with no line to show: an output that cannot be written (its
    /// first line, if it is a file, is not the point). Printed as the bare path.
    public static func path(_ path: String) -> SourceLocation { SourceLocation(path: path, line: 0, column: 0) }

    public var description: String { line == 0 && column == 0 ? path : "\(path):\(line):\(column)" }
}
