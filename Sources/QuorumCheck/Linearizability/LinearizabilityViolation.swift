/// Why a history is not linearizable, as far as the search got.
///
/// The search orders operations for as long as it can. `prefix` is the longest order it found
/// that respects real time and the model; `operation` is the one whose return then came with no
/// way to place it; `concurrent` are the operations whose intervals overlap it, the only ones
/// that could have gone either side of it. All are indices into the checked history.
public struct LinearizabilityViolation: Hashable, Sendable {
    public var key: String?
    public var prefix: [Int]
    /// The model state after `prefix`, described (`2`, `"x 1 y"`).
    public var stateAfterPrefix: String
    public var operation: Int
    public var concurrent: [Int]
    /// One sentence for a person: what was returned and what the object held.
    public var reason: String

    public init(
        key: String?, prefix: [Int], stateAfterPrefix: String, operation: Int, concurrent: [Int], reason: String
    ) {
        self.key = key
        self.prefix = prefix
        self.stateAfterPrefix = stateAfterPrefix
        self.operation = operation
        self.concurrent = concurrent
        self.reason = reason
    }
}
