import QuorumCheck
import QuorumSim

/// One client workload run against replicated stores of different strength, with the history
/// judged by the consistency checkers.
///
/// Every store is a real mechanism, not a switch on the checker:
/// - `linearizable`: a fixed leader `n1` orders writes in a log and answers only once a majority
///   holds them; it answers a read only after a round of messages confirms, through a majority,
///   that it still leads (Raft's read index).
/// - `sequential`: writes go through the leader's log too, but each client talks to its own
///   follower, which applies the log in order and answers reads from its copy, however far
///   behind; a write is answered once the client's own follower has applied it.
/// - `causal`: replicas take writes themselves and copy them to each other with the version
///   vector the write depends on; a replica holds back a write until it has every write it
///   depends on, and a client's request until it has everything the client has seen.
/// - `read-your-writes`: sticky sessions: each client always uses one replica, which answers its
///   reads and takes its writes; replicas copy writes to each other in the background.
/// - `eventual`: the same background copying, with each request sent to a random replica.
///
/// Replicas that take writes themselves order concurrent writes by last-writer-wins on hybrid
/// logical clock stamps (a node's clock, pushed forward past any stamp it has seen), so clock
/// skew can make an older write win. Replication lag is the network's latency.
public struct ConsistencyWorkbenchModel: SimulationModel {
    public let name = "consistency-workbench"
    public let summary = "Clients read, write and cas against stores from linearizable to eventual; the checker judges."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "store", .choice(WorkbenchStore.allCases.map(\.rawValue)), default: .choice("eventual"),
                doc: "How the store replicates: linearizable, sequential, causal, read-your-writes or eventual."),
            ParameterSpec("nodes", .int(1...7), default: .int(3), doc: "How many replicas hold the data."),
            ParameterSpec("clients", .int(1...6), default: .int(3), doc: "How many client processes run the workload."),
            ParameterSpec(
                "ops", .int(1...200), default: .int(20), doc: "How many operations each client performs, one at a time."
            ),
            ParameterSpec(
                "keys", .int(1...4), default: .int(2), doc: "How many registers the clients use: x, y, z, w."),
            ParameterSpec(
                "reads", .double(0...1), default: .double(0.5), doc: "Fraction of operations that are reads."),
            ParameterSpec(
                "cas", .double(0...1), default: .double(0.2),
                doc: "Fraction that are compare-and-set from the value the client last saw; the rest are writes."),
            ParameterSpec(
                "think", .duration(0...(10 * SimDuration.second)), default: .duration(10 * SimDuration.millisecond),
                doc: "Mean pause of a client between operations (uniform from 0 to twice this)."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc: "How long a client waits for an answer before it gives up (the result is then unknown)."),
            ParameterSpec(
                "heartbeat", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How often nodes check for copies not yet acknowledged; unanswered ones are resent after two."),
        ]
        + FaultVocabulary.parameters(
            duration: 30 * SimDuration.second,
            latency: .exponential(mean: 30 * SimDuration.millisecond, floor: SimDuration.millisecond), hasLeader: true)

    public let metrics: [MetricSpec] = [
        MetricSpec("linearizable", doc: "1 linearizable, 0 not, -1 search gave up"),
        MetricSpec("sequential", doc: "1 sequentially consistent, 0 not, -1 gave up"),
        MetricSpec("read-your-writes", doc: "1 if clients always saw their own writes"),
        MetricSpec("monotonic-reads", doc: "1 if no client's reads went back in time"),
        MetricSpec("monotonic-writes", doc: "1 if each client's writes were seen in order"),
        MetricSpec("writes-follow-reads", doc: "1 if writes came with what their writer read"),
        MetricSpec("stale-reads", doc: "Reads that missed an already completed write"),
        MetricSpec("operations", doc: "Client operations in the history"),
        MetricSpec("timed-out", doc: "Operations with no answer before the timeout"),
        MetricSpec("read-latency-p50-ms", doc: "Median time an answered read took"),
        MetricSpec("write-latency-p50-ms", doc: "Median time an answered write or cas took"),
    ]

    public var hasLeader: Bool { true }

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        try session(parameters, seed: seed, trace: trace)
    }

    /// The concrete session, for tests that look inside it.
    func session(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> ConsistencyWorkbenchSession
    {
        let reads = parameters.double("reads")
        let cas = parameters.double("cas")
        guard reads + cas <= 1 else {
            throw .invalidSetting(
                parameter: "cas", value: format(cas),
                problem: "reads (\(format(reads))) and cas together exceed 1; lower one of them")
        }
        guard let store = WorkbenchStore(rawValue: parameters.choice("store")) else {
            preconditionFailure("the store parameter accepts only WorkbenchStore's names")
        }
        let nodes = parameters.int("nodes")
        let clients = parameters.int("clients")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: clients, trace: trace, hasLeader: true,
            of: (WorkbenchMessage.self, WorkbenchTimer.self))
        let workload = WorkbenchWorkload(
            operations: parameters.int("ops"), keys: parameters.int("keys"), reads: reads, cas: cas,
            think: parameters.duration("think"), timeout: parameters.duration("timeout"))
        return ConsistencyWorkbenchSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), store: store,
            workload: workload, heartbeat: parameters.duration("heartbeat"), limit: parameters.duration("duration"))
    }
}

/// The stores the workbench can run, strongest first.
public enum WorkbenchStore: String, CaseIterable, Sendable {
    case linearizable
    case sequential
    case causal
    case readYourWrites = "read-your-writes"
    case eventual

    /// Whether a leader orders every write in a log (otherwise replicas take writes themselves).
    var usesLeader: Bool { self == .linearizable || self == .sequential }

    /// The mechanism in one sentence, for the narrative.
    var mechanism: String {
        switch self {
        case .linearizable:
            "store=linearizable: n1 leads; it answers a write once a majority holds it, and a read once a majority confirms it still leads"
        case .sequential:
            "store=sequential: n1 orders every write; each client reads from its own follower, which applies n1's order late"
        case .causal:
            "store=causal: each request goes to a random replica, which waits until it has everything the client has seen"
        case .readYourWrites:
            "store=read-your-writes: each client sticks to one replica; replicas copy writes to each other in the background"
        case .eventual:
            "store=eventual: each request goes to a random replica; replicas copy writes to each other in the background"
        }
    }
}

/// What the clients do: how many operations, of which kinds, on which keys, how fast.
struct WorkbenchWorkload {
    var operations: Int
    var keys: Int
    var reads: Double
    var cas: Double
    var think: SimTime
    var timeout: SimTime

    static let keyNames = ["x", "y", "z", "w"]
}
