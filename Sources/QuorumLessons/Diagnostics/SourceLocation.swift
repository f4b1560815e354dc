/// A position in a course file, as `file:line:column` names it.
///
/// Lines and columns are 1-based; a column counts Unicode scalars, as libyaml does, so a YAML
/// node's position and the file's agree.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The path as given to the loader joined with the file name, like `lessons/cap.md`.
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// The stretch of a line a diagnostic points at: where the caret goes and how far the `~` run.
struct SourceSpan: Sendable, Equatable {
    var location: SourceLocation
    var length: Int
    /// The whole line the span starts on, quoted under the message.
    var sourceLine: String?

    init(location: SourceLocation, length: Int = 1, sourceLine: String?) {
        self.location = location
        self.length = max(1, length)
        self.sourceLine = sourceLine
    }
}

/// A piece of text from a file, with where it was written.
struct SpannedText: Sendable {
    var text: String
    var span: SourceSpan
}
