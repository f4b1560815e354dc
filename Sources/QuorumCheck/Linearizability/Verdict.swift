/// What a check concluded.
public enum Verdict: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case linearizable
    case notLinearizable = "not linearizable"
    /// The search ran out of budget or time before it could decide.
    case unknown

    public var description: String { rawValue }

    /// The combined verdict of parts checked separately: any violation decides, then any unknown.
    public static func combining(_ verdicts: some Sequence<Verdict>) -> Verdict {
        var result = Verdict.linearizable
        for verdict in verdicts {
            if verdict == .notLinearizable { return .notLinearizable }
            if verdict == .unknown { result = .unknown }
        }
        return result
    }
}
