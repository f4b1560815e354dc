/// The three ways a history can be written.
public enum HistoryFormat: String, CaseIterable, Sendable {
    /// `INFO  jepsen.util - 3	:invoke	:cas	[3 0]`
    case jepsenLog = "jepsen"
    /// `{:process 0, :type :invoke, :f :read}`
    case edn
    /// quorum's JSON lines: `{"process": 0, "f": "read", "type": "ok", ...}`
    case jsonLines = "json"

    /// The name `--format` takes, or one of its aliases (`log`, `jepsen-log`, `jsonl`, `json-lines`).
    public init?(name: String) {
        switch name.lowercased() {
        case "jepsen", "jepsen-log", "log": self = .jepsenLog
        case "edn": self = .edn
        case "json", "jsonl", "json-lines": self = .jsonLines
        default: return nil
        }
    }

    public var name: String { rawValue }

    /// The format of the first line that gives it away: a `{` followed by a keyword is EDN,
    /// followed by a string is JSON, and tab-separated `:invoke`/`:ok`/`:fail`/`:info` is a
    /// Jepsen log. Other lines (log chatter, comments, blank lines) are passed over.
    static func detect(_ lines: SourceLines) -> HistoryFormat? {
        for (_, bytes) in lines {
            let trimmed = bytes.trimmed
            if trimmed.first == UInt8(ascii: "{") {
                let inside = trimmed.dropFirst().trimmed
                if inside.first == UInt8(ascii: ":") { return .edn }
                if inside.first == UInt8(ascii: "\"") { return .jsonLines }
                continue
            }
            let fields = bytes.split(separator: 0x09, omittingEmptySubsequences: false)
            if fields.count >= 3, JepsenLogParser.kind(fields[1].trimmed) != nil { return .jepsenLog }
        }
        return nil
    }
}
