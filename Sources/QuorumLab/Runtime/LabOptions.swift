import QuorumSim

/// What `lab test` was asked to do. The flags follow Maelstrom's, so a tutorial's
/// `maelstrom test -w echo --bin ./echo --node-count 1 --time-limit 10` works with `quorum lab`.
public struct LabOptions: Sendable, Equatable {
    public var workload: LabWorkloadKind
    /// The node program: an executable file, started once per node with no arguments.
    public var binary: String
    public var nodeCount = 5
    /// Seconds during which clients issue operations.
    public var timeLimit = 10.0
    /// Operations per second, over all clients together.
    public var rate = 5.0
    /// Clients; nil means one per node.
    public var concurrency: Int?
    /// Mean one-way network latency in milliseconds.
    public var latency = 0.0
    public var latencyDistribution = LatencyShape.constant
    /// Probability that a message between two nodes is lost.
    public var loss = 0.0
    public var nemesis: [Nemesis] = []
    /// Seconds between the nemesis cutting and healing the network.
    public var nemesisInterval = 10.0
    public var seed: UInt64 = 1
    public var availability: Availability?
    public var topology = Topology.grid
    /// Keys the lin-kv workload spreads its operations over.
    public var keyCount = 3
    /// Also copy each node's stderr to quorum's stderr, prefixed with the node's id.
    public var logStderr = false

    /// Seconds a node has to answer `init` (and the setup messages, like `topology`).
    public var initTimeout = 10.0
    /// Seconds a client waits for a reply before it records the operation as unknown.
    public var clientTimeout = 5.0
    /// Seconds between the end of the workload (network healed) and the first final reads, for
    /// workloads that have them; nil picks one from the latency (see `settleTime`).
    public var finalWait: Double?
    /// Seconds after the first final reads during which they are repeated, every half second,
    /// while they do not yet show a converged cluster: a node may still be gossiping when it is
    /// first read, and what the check asks is that it gets there. Maelstrom waits ten seconds.
    public var convergenceLimit = 10.0
    /// Seconds a node has to exit after its stdin closes, before it is sent SIGTERM.
    public var exitGrace = 0.5

    public init(workload: LabWorkloadKind, binary: String) {
        self.workload = workload
        self.binary = binary
    }

    public enum LatencyShape: String, Sendable, CaseIterable {
        case constant, uniform, exponential
    }

    public enum Nemesis: String, Sendable, CaseIterable {
        case partition
    }

    public enum Availability: Sendable, Equatable, CustomStringConvertible {
        /// Every operation must succeed.
        case total
        /// At least this fraction of operations must succeed.
        case fraction(Double)

        public var description: String {
            switch self {
            case .total: "total"
            case .fraction(let share): "\(share)"
            }
        }
    }

    public var clientCount: Int { concurrency ?? nodeCount }

    /// Time to let the nodes converge before the final reads: a second, or twenty mean
    /// latencies (a few rounds of gossip on a slow network), at most ten seconds.
    public var settleTime: Double {
        finalWait ?? min(10, max(1, latency * 20 / 1000))
    }

    /// The network's delay per message, in microseconds.
    public var latencyModel: LatencyDistribution {
        let mean = SimTime((latency * 1000).rounded())
        switch latencyDistribution {
        case .constant: return .constant(mean)
        case .uniform: return .uniform(low: 0, high: 2 * mean)
        case .exponential: return mean == 0 ? .constant(0) : .exponential(mean: mean, floor: 0)
        }
    }
}

/// How the broadcast workload tells nodes who their neighbours are.
public enum Topology: String, Sendable, CaseIterable {
    /// Nodes on a square grid, each linked to those above, below, left and right.
    case grid
    /// A chain: each node's neighbours are the one before and the one after.
    case line
    /// Everyone is everyone's neighbour.
    case total
    /// Trees in which each node has up to 2, 3 or 4 children.
    case tree2, tree3, tree4

    /// Each node's neighbours, in node order.
    public func neighbours(of nodes: [String]) -> [[String]] {
        let count = nodes.count
        var links = Array(repeating: [Int](), count: count)
        func link(_ a: Int, _ b: Int) {
            guard a != b, !links[a].contains(b) else { return }
            links[a].append(b)
            links[b].append(a)
        }
        switch self {
        case .line:
            for index in 0..<max(0, count - 1) { link(index, index + 1) }
        case .total:
            for a in 0..<count {
                for b in (a + 1)..<max(a + 1, count) { link(a, b) }
            }
        case .grid:
            var side = 1
            while side * side < count { side += 1 }
            for index in 0..<count {
                if (index + 1) % side != 0, index + 1 < count { link(index, index + 1) }
                if index + side < count { link(index, index + side) }
            }
        case .tree2, .tree3, .tree4:
            let fanOut = self == .tree2 ? 2 : self == .tree3 ? 3 : 4
            for index in 1..<max(1, count) { link((index - 1) / fanOut, index) }
        }
        return links.map { $0.sorted().map { nodes[$0] } }
    }
}

/// A command line that cannot start a run: a missing binary, a flag out of range.
public struct LabUsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
