import QuorumSim

/// A rumour spreading through a cluster by gossip, in rounds: each round every node contacts a
/// few others picked at random. By push, nodes that know tell others; by pull, nodes ask others
/// for news; by push-pull, both at once (Demers et al. 1987; Karp, Schindelhauer, Shenker and
/// Vöcking 2000).
///
/// Push with one contact per round reaches all n nodes in about log2(n) + ln(n) rounds
/// (Frieze and Grimmett 1985, Pittel 1987): the doubling phase takes log2(n), and the last few
/// nodes, which random pushes keep missing, take ln(n) more. With `interest`, nodes lose interest
/// after that many contacts with nodes that already knew, as in Demers' rumour mongering, and
/// the rumour can die out before it reaches everyone.
public struct GossipModel: SimulationModel {
    public let name = "gossip"
    public let summary = "A rumour spreads by push, pull or push-pull gossip in rounds; how many rounds until all know?"

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "nodes", .int(2...10_000), default: .int(200),
                doc: "How many nodes; n1 starts the rumour."),
            ParameterSpec(
                "mode", .choice(["push", "pull", "push-pull"]), default: .choice("push"),
                doc: "push: nodes that know tell others. pull: every node asks others. push-pull: both in one exchange."
            ),
            ParameterSpec(
                "fanout", .int(1...50), default: .int(1),
                doc: "How many nodes, picked at random, each node contacts per round."),
            ParameterSpec(
                "period", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "Time between rounds; messages arrive within the round unless the latency is longer."),
            ParameterSpec(
                "interest", .int(0...100), default: .int(0),
                doc: "Contacts with nodes that already knew, after which a node stops spreading; 0: never stop."),
        ]
        + FaultVocabulary.parameters(
            duration: 30 * SimDuration.second,
            latency: .uniform(low: 5 * SimDuration.millisecond, high: 15 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "rounds",
            doc: "Rounds until every live node knew the rumour; if it never reached all, until it died out "
                + "or the run ended."),
        MetricSpec(
            "messages",
            doc: "Messages sent until then: rumours, requests for news, and \"I knew that already\" replies."),
        MetricSpec("residue", doc: "Fraction of live nodes that never heard the rumour (0 once everyone knows)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: parameters.int("nodes"), clients: 0, trace: trace,
            of: (GossipSession.Message.self, GossipSession.Timer.self))
        return GossipSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: GossipSession.Settings(parameters))
    }
}
