/// A problem with a history file, printed as `file:line: error: message`.
public struct HistoryDiagnostic: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    /// From 1; nil when the problem is with the file as a whole.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): error: \(message)" }
        return "\(file): error: \(message)"
    }
}
