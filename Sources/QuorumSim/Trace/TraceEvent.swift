/// One thing that happened in a run, in the engine's words.
///
/// Processes are referred to by index into the run's `names` (`n1`, `n2`, ..., then `c1`, ...),
/// so an event is small and the trace can be turned into any view: a space-time diagram, a
/// timeline of roles, JSON.
public struct TraceEvent: Sendable, Equatable {
    public var time: SimTime
    public var kind: Kind

    public init(time: SimTime, kind: Kind) {
        self.time = time
        self.kind = kind
    }

    public enum Kind: Sendable, Equatable {
        /// A message left `from` for `to`. `copy` is true for a duplicate the network made.
        case send(id: Int, from: Int, to: Int, label: String, detail: String, copy: Bool)
        case deliver(id: Int, from: Int, to: Int, label: String)
        case drop(id: Int, from: Int, to: Int, label: String, reason: DropReason)
        case timer(node: Int, label: String)
        case crash(node: Int)
        case restart(node: Int)
        case pause(node: Int)
        case resume(node: Int)
        case partition(PartitionSpec)
        case heal
        /// A model-reported change of a node's role or state, such as `leader t2`.
        case state(node: Int, text: String)
        /// A client began an operation, such as `write x 3`.
        case invoke(process: Int, operation: String)
        /// A client's operation ended: `ok`, `fail` or `info` (unknown), with what it returned.
        case complete(process: Int, operation: String, outcome: String)
    }
}

/// Why the network did not deliver a message.
public enum DropReason: String, Sendable, Equatable, CaseIterable {
    /// The loss probability struck.
    case loss
    /// The link was cut when the message was sent or when it would have arrived.
    case partition
    /// The receiver was crashed when the message arrived.
    case nodeDown = "node down"
    /// Dropped by hand while stepping (`drop <id>`).
    case injected = "dropped by you"
    /// The sender was crashed: nothing leaves a crashed node.
    case senderDown = "sender down"
}

/// How much a run records. Big runs and benchmarks turn it down so they measure the engine,
/// not the logging.
public enum TraceLevel: Int, Sendable, Comparable, CaseIterable {
    /// Nothing: counters only.
    case off
    /// Faults, timers, states and client operations, but not each message.
    case events
    /// Everything, each message's send and fate included.
    case full

    public static func < (lhs: TraceLevel, rhs: TraceLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Messages and timers describe themselves for the trace; only called when tracing asks.
public protocol TraceDescribable {
    /// A few words for a diagram arrow: `vote? t2`.
    var traceLabel: String { get }
    /// The full content, for hover text and JSON.
    var traceDetail: String { get }
}

extension TraceDescribable {
    public var traceDetail: String { traceLabel }
}
