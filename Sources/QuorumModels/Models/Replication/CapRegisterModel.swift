import QuorumCheck
import QuorumSim

/// A replicated register with a client beside every replica, run under a partition: the CAP
/// theorem as something to watch.
///
/// In `cp` mode every read and write goes to a majority of replicas (the ABD protocol of Attiya,
/// Bar-Noy and Dolev, with versions), so a replica cut off from the majority refuses. In `ap`
/// mode the client's own replica answers at once and replicates in the background; when the
/// partition heals, anti-entropy merges what the two sides accepted, by last writer wins or by
/// keeping siblings.
public struct CapRegisterModel: SimulationModel {
    public let name = "cap-register"
    public let summary =
        "A replicated register under a partition: refuse what it cannot serve (cp) or answer anyway (ap)."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "nodes", .int(1...9), default: .int(3),
                doc: "How many replicas. Each has one client beside it: c1 talks only to n1, c2 to n2, and so on."),
            ParameterSpec(
                "client-latency", .latency, default: .latency(.constant(SimDuration.millisecond)),
                doc:
                    "One-way delay between a client and its own replica, in the same data centre; latency is between replicas."
            ),
            ParameterSpec(
                "mode", .choice(["cp", "ap"]), default: .choice("cp"),
                doc:
                    "cp: reads and writes need a majority of replicas, or fail. ap: the client's replica answers alone."
            ),
            ParameterSpec(
                "reconcile", .choice(["lww", "siblings"]), default: .choice("lww"),
                doc:
                    "How ap replicas merge conflicting versions: lww keeps the latest timestamp; siblings keeps them all."
            ),
            ParameterSpec(
                "keys", .int(1...26), default: .int(3),
                doc: "How many registers the clients use (k1, k2, ...), each replicated on every node."),
            ParameterSpec(
                "writes", .double(0...1), default: .double(0.5),
                doc: "Fraction of client operations that are writes; the rest are reads."),
            ParameterSpec(
                "interval", .duration(0...(10 * SimDuration.second)), default: .duration(100 * SimDuration.millisecond),
                doc: "Pause between the end of a client's operation and the start of its next."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How long a cp replica waits for a majority before refusing; a client gives up after twice this."),
            ParameterSpec(
                "anti-entropy", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(500 * SimDuration.millisecond),
                doc: "How often each ap replica sends all it holds to the others; it is how they catch up after a heal."
            ),
            ParameterSpec(
                "load-until", .duration(0...(60 * SimDuration.second)), default: .duration(3 * SimDuration.second),
                doc: "When the clients stop sending requests, so the replicas can settle before the run ends."),
        ]
        + ReplicaClients.overriding(
            FaultVocabulary.parameters(duration: 4 * SimDuration.second),
            [
                (
                    "partition", .partition(PartitionSpec(groups: [["n1", "n2"], ["n3"]], shape: .symmetric)),
                    "Replicas that cannot reach each other, like \"n1,n2|n3\"; each client goes with its replica (c3 with n3) unless named."
                ),
                ("partition-at", .duration(SimDuration.second), nil),
                ("heal-at", .moment(2 * SimDuration.second), "When the partition heals (never: it lasts to the end)."),
            ]
        ).map { spec in
            // The ap bookkeeping keeps each version's causal past, which grows with the run; a
            // minute is plenty for a register a learner watches.
            guard spec.name == "duration" else { return spec }
            var shorter = spec
            shorter.type = .duration(SimDuration.millisecond...(60 * SimDuration.second))
            return shorter
        }

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "availability",
            doc: "Fraction of client requests answered successfully; refusals and timeouts count against it."),
        MetricSpec(
            "stale-reads",
            doc: "Reads that returned an older value than one whose write was acknowledged before the read began."),
        MetricSpec(
            "linearizable",
            doc: "1 if QuorumCheck finds the clients' history linearizable, 0 if not (or if it gave up)."),
        MetricSpec(
            "divergent-keys-at-heal",
            doc:
                "Keys whose replicas held conflicting versions when the partition healed (a replica merely behind does not count)."
        ),
        MetricSpec(
            "lost-writes",
            doc:
                "Acknowledged writes that reconciliation threw away, kept by no replica and built on by no later write."
        ),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let nodes = parameters.int("nodes")
        var plan = FaultVocabulary.plan(from: parameters)
        // Each client sits beside its replica; links the learner sets still win, coming later.
        let local = parameters.latency("client-latency")
        plan.links =
            (1...nodes).map { LinkLatency(from: "c\($0)", to: "n\($0)", bothWays: true, latency: local) } + plan.links
        if let partition = plan.partition {
            plan.partition = ReplicaClients.withClients(partition, clients: nodes)
        } else {
            // The default heals a default partition; with the partition switched off there is
            // nothing to heal, and that is not the learner's mistake.
            plan.healAt = nil
        }
        let sim = try ReplicaClients.simulation(
            plan, seed: seed, nodes: nodes, clients: nodes, trace: trace,
            of: (CapRegisterSession.Message.self, CapRegisterSession.Timer.self))
        return CapRegisterSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: CapRegisterSession.Settings(parameters))
    }
}
