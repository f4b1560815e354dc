/// Per-node state split the way a crash splits it: durable state (a disk: the log, the term
/// voted in) survives, volatile state (memory: the role, timers, caches) does not.
///
/// A model keeps its nodes' state here and calls `crash` and `restart` when the engine reports
/// them; `restart` rebuilds volatile state from the durable state alone, so a model cannot
/// accidentally carry memory across a crash.
public struct NodeStates<Durable, Volatile> {
    public private(set) var durable: [Durable]
    private var volatiles: [Volatile?]
    private let boot: (Int, Durable) -> Volatile

    /// - Parameters:
    ///   - count: how many nodes.
    ///   - durable: each node's durable state at the start.
    ///   - boot: a node's fresh volatile state, from its index and durable state; used at the
    ///     start and after every restart.
    public init(count: Int, durable: (Int) -> Durable, boot: @escaping (Int, Durable) -> Volatile) {
        let initial = (0..<count).map(durable)
        self.durable = initial
        self.boot = boot
        volatiles = initial.enumerated().map { boot($0.offset, $0.element) }
    }

    public var count: Int { durable.count }

    /// Whether the node is up (it has volatile state).
    public func isUp(_ node: Int) -> Bool { volatiles[node] != nil }

    /// The node's memory; nil while it is crashed.
    public func volatile(_ node: Int) -> Volatile? { volatiles[node] }

    /// Changes a running node's memory; does nothing to a crashed node.
    public mutating func withVolatile<Result>(_ node: Int, _ change: (inout Volatile) -> Result) -> Result? {
        guard var state = volatiles[node] else { return nil }
        // Without this, `state` shares its collections' storage with the stored copy, and the
        // first change to a dictionary or queue in it would copy the whole collection.
        volatiles[node] = nil
        let result = change(&state)
        volatiles[node] = state
        return result
    }

    /// Changes what the node has on disk.
    public mutating func withDurable<Result>(_ node: Int, _ change: (inout Durable) -> Result) -> Result {
        change(&durable[node])
    }

    /// Forgets the node's memory.
    public mutating func crash(_ node: Int) {
        volatiles[node] = nil
    }

    /// Boots the node again from what it had on disk.
    public mutating func restart(_ node: Int) {
        volatiles[node] = boot(node, durable[node])
    }
}
