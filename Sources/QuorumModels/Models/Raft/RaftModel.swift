import QuorumSim

/// Raft (Ongaro and Ousterhout, "In Search of an Understandable Consensus Algorithm", USENIX
/// ATC 2014): leader election, log replication and commitment, with a client writing through
/// the leader.
///
/// Every node keeps Figure 2's state: on disk its current term, its vote and its log; in
/// memory its role, its commit index, a leader's nextIndex and matchIndex, and its timers. A
/// crash loses the memory and keeps the disk. Election timeouts are drawn uniformly from
/// `election-timeout` at every reset; a leader sends AppendEntries every `heartbeat`, and at
/// once when a write arrives. A new leader appends a no-op of its term (section 8), so entries
/// of earlier terms are committed without waiting for the next write.
///
/// The run checks Election Safety, Log Matching, Leader Completeness and State Machine Safety
/// as it goes; a violation is a bug in this model and stops the run with its last events.
public struct RaftModel: SimulationModel {
    public let name = "raft"
    public let summary = "Raft: leader election, log replication and commitment, safety checked at every step."
    public let hasLeader = true

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec("nodes", .int(1...9), default: .int(3), doc: "How many Raft nodes (n1...)."),
            ParameterSpec(
                "election-timeout", .durationRange(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .durationRange((150 * SimDuration.millisecond)...(300 * SimDuration.millisecond)),
                doc: "Range each election timeout is drawn from, uniformly and afresh at every reset."),
            ParameterSpec(
                "heartbeat", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(50 * SimDuration.millisecond),
                doc: "How often a leader sends AppendEntries when it has nothing new to send."),
            ParameterSpec(
                "rate", .double(0...200), default: .double(4),
                doc: "Writes per second client c1 sends to the leader it knows (0: none)."),
        ]
        + FaultVocabulary.parameters(
            duration: 3 * SimDuration.second,
            latency: .uniform(low: 3 * SimDuration.millisecond, high: 7 * SimDuration.millisecond), hasLeader: true)

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "election-time-ms",
            doc:
                "Mean time from having no working leader (at the start, or once the leader crashes, freezes, is cut "
                + "off or steps down) to the next leader's election; with none elected, the time to the run's end."),
        MetricSpec("terms", doc: "The highest term any node reached: how many elections were started."),
        MetricSpec("split-votes", doc: "Terms in which two or more candidates stood and none won a majority."),
        MetricSpec("committed", doc: "Client writes committed (each counted once, even if it was sent again)."),
        MetricSpec("messages", doc: "Messages sent: votes, AppendEntries and replies, and the client's."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let nodes = parameters.int("nodes")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: 1, trace: trace, hasLeader: true,
            of: (RaftMessage.self, RaftTimer.self))
        var pauses: [SimTime] = []
        if case .nodeFaults(let faults) = parameters["pause"] { pauses = faults.map(\.time) }
        return RaftSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), nodes: nodes,
            electionRange: parameters.durationRange("election-timeout"), heartbeat: parameters.duration("heartbeat"),
            rate: parameters.double("rate"), limit: parameters.duration("duration"), pauseTimes: pauses)
    }
}
