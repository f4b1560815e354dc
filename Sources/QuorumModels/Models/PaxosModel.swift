import QuorumCheck
import QuorumSim

/// Single-decree Paxos (Lamport, "Paxos Made Simple", 2001): proposers compete to get one value
/// chosen by a majority of acceptors.
///
/// Every node is an acceptor; the first `proposers` nodes also run a proposer, each proposing
/// its own value (n1 proposes A, n2 proposes B, ...) and each learning the outcome from the
/// acceptors' `accepted` messages. `stagger` spaces the proposers' starts: far enough apart, the
/// first one wins before the second begins; at 0 they preempt each other, and with `backoff=none`
/// they can keep doing so for the whole run (livelock). The model checks at every acceptance
/// that no two values are ever chosen; a violation is a bug and stops the run loudly.
public struct PaxosModel: SimulationModel {
    public let name = "paxos"
    public let summary = "Single-decree Paxos: proposers compete to get one value chosen by a majority."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "nodes", .int(1...9), default: .int(3),
                doc: "Acceptors n1...; a value is chosen once a majority of them accept the same ballot."),
            ParameterSpec(
                "proposers", .int(1...9), default: .int(2),
                doc: "Proposers, running on n1, n2, ...; each proposes its own value (A, B, ...)."),
            ParameterSpec(
                "stagger", .duration(0...(10 * SimDuration.second)), default: .duration(50 * SimDuration.millisecond),
                doc: "Time between one proposer's start and the next one's; 0 makes them start together and duel."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How long a proposer waits for a majority's answers before it tries a higher ballot."),
            ParameterSpec(
                "backoff", .choice(["none", "random"]), default: .choice("random"),
                doc: "After a rejection or a timeout: none retries at once; random first waits up to backoff-max."),
            ParameterSpec(
                "backoff-max", .duration(0...(10 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "The longest random wait before a retry, with backoff=random."),
        ]
        + FaultVocabulary.parameters(
            duration: 5 * SimDuration.second,
            latency: .uniform(low: 5 * SimDuration.millisecond, high: 15 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec("rounds", doc: "Prepare rounds started, summed over the proposers (one new ballot each)."),
        MetricSpec("decided", doc: "1 if some value was chosen (a majority accepted one ballot) by the end, else 0."),
        MetricSpec(
            "chosen-values", doc: "Distinct values ever chosen; Paxos promises at most 1, and the run checks it."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        try session(parameters, seed: seed, trace: trace)
    }

    /// The concrete session, for tests that look inside it.
    func session(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError) -> PaxosSession {
        let nodes = parameters.int("nodes")
        let proposers = parameters.int("proposers")
        guard proposers <= nodes else {
            throw .invalidSetting(
                parameter: "proposers", value: String(proposers),
                problem:
                    "proposers run on nodes n1...n\(nodes), so there can be at most \(nodes); raise nodes or lower proposers"
            )
        }
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: 0, trace: trace,
            of: (PaxosSession.Message.self, PaxosSession.Timer.self))
        let settings = PaxosSession.Settings(
            proposers: proposers, stagger: parameters.duration("stagger"), timeout: parameters.duration("timeout"),
            randomBackoff: parameters.choice("backoff") == "random", backoffMax: parameters.duration("backoff-max"))
        return PaxosSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}

/// A proposal number: a round made unique by the proposer that owns it, so two proposers never
/// use the same ballot. Ordered by round, then by proposer.
struct Ballot: Hashable, Comparable, Sendable, CustomStringConvertible {
    var round: Int
    /// The proposer's node index.
    var proposer: Int

    static func < (lhs: Ballot, rhs: Ballot) -> Bool {
        (lhs.round, lhs.proposer) < (rhs.round, rhs.proposer)
    }

    /// `3.n2`: round 3 of the proposer on n2.
    var description: String { "\(round).n\(proposer + 1)" }
}

/// A value offered under a ballot. Values are proposers' numbers, shown as letters.
struct Proposal: Hashable, Sendable, CustomStringConvertible {
    var ballot: Ballot
    var value: Int

    var description: String { "\(PaxosSession.letter(value)) at \(ballot)" }
}
