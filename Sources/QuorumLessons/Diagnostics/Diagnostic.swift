/// One problem in a course, at the exact place in the file that causes it.
///
/// Diagnostics are values, collected rather than thrown, so a teacher sees every problem in one
/// pass. `rendered` prints one the way compilers do:
///
/// ```
/// lessons/cap.md:42:9: error: unknown parameter 'node' for model 'cap-register' (did you mean 'nodes'?)
/// params: { node: 3 }
///           ^~~~
/// ```
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable {
        case error, warning
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// How many columns the caret line marks, at least 1.
    public var length: Int
    /// The text of the offending line, without its line break.
    public var sourceLine: String?

    public init(
        severity: Severity, location: SourceLocation, message: String, length: Int = 1, sourceLine: String? = nil
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.length = max(1, length)
        self.sourceLine = sourceLine
    }

    init(_ severity: Severity, _ message: String, at span: SourceSpan) {
        self.init(
            severity: severity, location: span.location, message: message, length: span.length,
            sourceLine: span.sourceLine)
    }

    /// `file:line:col: error: message`, then the source line and a caret line under the
    /// offending text (only the first line when the source line is unknown).
    public var rendered: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        guard let sourceLine else { return text }
        let scalars = Array(sourceLine.unicodeScalars)
        let before = min(max(location.column - 1, 0), scalars.count)
        // Keep tabs so the caret lines up under tab-indented text in any terminal.
        let indent = String(String.UnicodeScalarView(scalars[..<before].map { $0 == "\t" ? "\t" : " " }))
        let marked = min(length, max(1, scalars.count - before))
        text += "\n" + sourceLine + "\n" + indent + "^" + String(repeating: "~", count: marked - 1)
        return text
    }

    public var description: String { rendered }

    /// Orders diagnostics by file, then position, so a listing reads top to bottom.
    static func inReadingOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        (lhs.location.file, lhs.location.line, lhs.location.column)
            < (rhs.location.file, rhs.location.line, rhs.location.column)
    }
}

extension Collection<Diagnostic> {
    var hasErrors: Bool { contains { $0.severity == .error } }
}
