import QuorumSim

/// Nodes that send heartbeats over a jittery network to a monitor, which decides from the
/// silences alone who has failed, with a fixed timeout or with φ accrual (Hayashibara, Défago,
/// Yared and Katayama 2004). The monitor is also a load balancer that stops sending requests to
/// the nodes it suspects.
///
/// The model knows the truth the monitor cannot see, so it can score the detector: how long a
/// real crash took to notice, and how often a node that was alive was suspected.
public struct FailureDetectorModel: SimulationModel {
    public let name = "failure-detector"
    public let summary =
        "Nodes send heartbeats to a monitor that suspects the silent ones, by timeout or phi accrual, and load-balances around them."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "nodes", .int(1...50), default: .int(4),
                doc: "How many nodes send heartbeats (n1, n2...); the monitor and load balancer is c1."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How often each node sends a heartbeat to the monitor."),
            ParameterSpec(
                "detector", .choice(["timeout", "phi"]), default: .choice("timeout"),
                doc: "timeout: suspect a node after a fixed silence. phi: suspect it when phi passes the threshold."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(600 * SimDuration.second)),
                default: .duration(250 * SimDuration.millisecond),
                doc: "With detector=timeout: the silence after which the monitor suspects a node."),
            ParameterSpec(
                "threshold", .double(0.5...30), default: .double(8),
                doc: "With detector=phi: suspect when phi, -log10 of the chance of a silence this long, passes it."),
            ParameterSpec(
                "window", .int(2...10_000), default: .int(100),
                doc: "With detector=phi: how many recent gaps between heartbeats phi's estimate uses, per node."),
            ParameterSpec(
                "min-sd", .duration(SimDuration.microsecond...(60 * SimDuration.second)),
                default: .duration(10 * SimDuration.millisecond),
                doc: "With detector=phi: the smallest standard deviation of the gaps phi assumes."),
            ParameterSpec(
                "balancer", .choice(["health-checked", "static", "off"]), default: .choice("health-checked"),
                doc:
                    "health-checked: c1 sends requests only to nodes it trusts. static: to every node in turn. off: none."
            ),
            ParameterSpec(
                "rate", .int(1...10_000), default: .int(20),
                doc: "Requests per second arriving at the load balancer, at random moments (a Poisson stream)."),
        ]
        + ReplicaClients.overriding(
            FaultVocabulary.parameters(
                duration: 10 * SimDuration.second,
                latency: .exponential(mean: 20 * SimDuration.millisecond, floor: 0)),
            [
                (
                    "crash", .nodeFaults([ScheduledNodeFault(target: .node("n3"), time: 5 * SimDuration.second)]),
                    "Nodes that really crash and when, like n3@5s; the monitor must notice from the silence alone."
                )
            ])

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "detection-time-ms",
            doc: "Time from a node's real crash to the monitor's suspicion of it (the mean over crashes); "
                + "the time to the end of the run if it was never suspected, 0 if nothing crashed."),
        MetricSpec(
            "false-suspicions",
            doc: "Times the monitor began to suspect a node that had not crashed: slow, paused or cut off, but alive."),
        MetricSpec(
            "requests-to-dead-node",
            doc: "Requests the load balancer sent to a node that had crashed: each one fails."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let nodes = parameters.int("nodes")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: 1, trace: trace,
            of: (FailureDetectorSession.Message.self, FailureDetectorSession.Timer.self))
        return FailureDetectorSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: FailureDetectorSession.Settings(parameters))
    }
}
