import QuorumCheck
import QuorumSim

/// Two-phase commit (Gray, "Notes on Data Base Operating Systems", 1978): a coordinator asks
/// every participant to prepare, commits only if all vote yes, and tells them the outcome.
///
/// n1 coordinates; n2... are participants; the client c1 starts `transactions` transactions,
/// one every `interval`. A participant votes no with probability `vote-no`. A participant that
/// voted yes is *in doubt*: it has promised to commit if told to, so it may neither commit nor
/// abort on its own, and it holds its locks until the coordinator's decision reaches it. Crash
/// the coordinator between its prepare and its decision (`crash=n1@...`) and those participants
/// wait until it restarts (`restart=n1@...`) and sends the decision from its log. The run checks
/// atomicity at every decision a participant applies; a violation is a bug and stops the run.
public struct TwoPhaseCommitModel: SimulationModel {
    public let name = "two-phase-commit"
    public let summary = "A coordinator commits transactions across participants, or aborts them everywhere."
    public let hasLeader = true

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "participants", .int(1...9), default: .int(3),
                doc: "Participants n2...; the coordinator is n1."),
            ParameterSpec(
                "transactions", .int(1...10_000), default: .int(20),
                doc: "How many transactions the client starts."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "Time between the client's transactions (it does not wait for outcomes)."),
            ParameterSpec(
                "vote-no", .double(0...1), default: .double(0.1),
                doc: "Probability that a participant votes no on a transaction (a conflict, a full disk...)."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How long the coordinator waits for votes (then aborts) or acks (then resends), "
                    + "and how long a prepared participant waits before asking for the decision."),
        ]
        + FaultVocabulary.parameters(duration: 10 * SimDuration.second, hasLeader: true)

    public let metrics: [MetricSpec] = [
        MetricSpec("committed", doc: "Transactions the coordinator decided to commit."),
        MetricSpec(
            "aborted", doc: "Transactions the coordinator decided to abort (a no vote, a missing vote, or recovery)."),
        MetricSpec(
            "blocked-ms",
            doc: "Total time participants spent in doubt (voted yes, no decision yet), summed over participants."),
        MetricSpec("messages", doc: "Protocol messages between coordinator and participants, resends included."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        try session(parameters, seed: seed, trace: trace)
    }

    /// The concrete session, for tests that look inside it.
    func session(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> TwoPhaseCommitSession
    {
        let participants = parameters.int("participants")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: participants + 1, clients: 1, trace: trace, hasLeader: true,
            of: (TwoPhaseCommitSession.Message.self, TwoPhaseCommitSession.Timer.self))
        let settings = TwoPhaseCommitSession.Settings(
            transactions: parameters.int("transactions"), interval: parameters.duration("interval"),
            voteNo: parameters.double("vote-no"), timeout: parameters.duration("timeout"))
        return TwoPhaseCommitSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}
