import QuorumSim

/// Keys spread over nodes by a hash ring or by `hash mod n`, and what moves when one node joins
/// or leaves.
///
/// Each node starts with the keys it owns. At `change-at` a node joins (the run's last node,
/// idle until then) or leaves (the last node), every node works out which of its keys now
/// belong elsewhere, and hands them over in one message per destination. A node deletes keys
/// only once the new owner confirms it has stored them, and sends again if no confirmation
/// comes, so a crash or a lost message delays the move but never loses a key. On a ring only
/// the new node's neighbours give up keys; with modulo hashing nearly every key changes owner.
public struct ConsistentHashingModel: SimulationModel {
    public let name = "consistent-hashing"
    public let summary = "Keys on a hash ring or placed by hash mod n, and what moves when a node joins or leaves."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "scheme", .choice(KeyPlacement.Scheme.allCases.map(\.rawValue)), default: .choice("ring"),
                doc: "ring: a key belongs to the next node point clockwise; modulo: to node number hash mod n."),
            ParameterSpec("nodes", .int(2...100), default: .int(10), doc: "Nodes that hold keys before the change."),
            ParameterSpec(
                "vnodes", .int(1...1_000), default: .int(1),
                doc: "Points (virtual nodes) each node takes on the ring; modulo hashing ignores it."),
            ParameterSpec("keys", .int(1...100_000), default: .int(10_000), doc: "How many keys the nodes hold."),
            ParameterSpec(
                "change", .choice(["add", "remove"]), default: .choice("add"),
                doc: "add: a new node joins (n11 when nodes=10); remove: the last node leaves (n10 when nodes=10)."),
            ParameterSpec(
                "change-at", .duration(0...(3_600 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond), doc: "When the node joins or leaves."),
        ]
        + FaultVocabulary.parameters(duration: 60 * SimDuration.second)

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "keys-moved-fraction",
            doc: "Share of the keys whose owner changes: about 1/(n+1) on a ring and n/(n+1) with modulo "
                + "hashing when n nodes become n+1."),
        MetricSpec(
            "load-imbalance",
            doc: "Keys on the fullest node over the mean per node, before the change (1 is perfectly even)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let nodes = parameters.int("nodes")
        let adding = parameters.choice("change") == "add"
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: adding ? nodes + 1 : nodes, clients: 0, trace: trace,
            of: (ConsistentHashingSession.Message.self, ConsistentHashingSession.Timer.self))
        let scheme = KeyPlacement.Scheme(rawValue: parameters.choice("scheme")) ?? .ring
        let vnodes = parameters.int("vnodes")
        let before = KeyPlacement(scheme: scheme, members: Array(0..<nodes), vnodes: vnodes, seed: seed)
        let after = KeyPlacement(
            scheme: scheme, members: Array(0..<(adding ? nodes + 1 : nodes - 1)), vnodes: vnodes, seed: seed)
        return ConsistentHashingSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            layout: .init(before: before, after: after, vnodes: vnodes, keys: parameters.int("keys"), seed: seed),
            changeAt: parameters.duration("change-at"), limit: parameters.duration("duration"))
    }
}
