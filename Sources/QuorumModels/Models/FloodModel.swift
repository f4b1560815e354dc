import QuorumCheck
import QuorumSim

/// Tokens bouncing between nodes at random: a workload that does nothing but exercise the
/// network, used to measure the engine against other simulators.
///
/// Each node starts `tokens` tokens; a token is sent to a uniformly random other node, and
/// whoever receives it forwards it at once. The run stops after `deliveries` deliveries.
public struct FloodModel: SimulationModel {
    public let name = "flood"
    public let summary = "Tokens forwarded between random nodes: the engine's benchmark workload."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec("nodes", .int(2...10_000), default: .int(100), doc: "How many nodes pass tokens."),
            ParameterSpec("tokens", .int(1...1_000), default: .int(10), doc: "Tokens each node starts with."),
            ParameterSpec(
                "deliveries", .int(1...100_000_000), default: .int(2_000),
                doc: "The run stops after this many deliveries."),
        ]
        + FaultVocabulary.parameters(
            duration: 3_600 * SimDuration.second,
            latency: .uniform(low: SimDuration.millisecond, high: 10 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec("deliveries", doc: "Tokens delivered."),
        MetricSpec("simulated-ms", doc: "Virtual time the deliveries took."),
        MetricSpec("dropped", doc: "Tokens the network lost (each lost token leaves the game)."),
        MetricSpec("busiest-node-share", doc: "The most deliveries any node received, over the mean per node."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        try session(parameters, seed: seed, trace: trace)
    }

    /// The concrete session, for benchmarks that drive it without an existential in the loop.
    public func session(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> FloodSession
    {
        let nodes = parameters.int("nodes")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: 0, trace: trace,
            of: (FloodSession.Token.self, FloodSession.Timer.self))
        return FloodSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            tokens: parameters.int("tokens"), target: parameters.int("deliveries"),
            limit: parameters.duration("duration"))
    }
}

public final class FloodSession: EngineSession {
    public struct Token: TraceDescribable {
        public var number: Int32

        public var traceLabel: String { "token \(number)" }
    }

    public enum Timer {}

    public let sim: Simulation<Token, Timer>
    public let header: RunHeader
    public let limit: SimTime
    private let target: Int
    private var random: SplitMix64
    private var received: [Int]
    private var count = 0

    init(sim: Simulation<Token, Timer>, header: RunHeader, tokens: Int, target: Int, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.target = target
        random = sim.makeGenerator()
        received = Array(repeating: 0, count: sim.nodeCount)
        var number: Int32 = 0
        for node in 0..<sim.nodeCount {
            for _ in 0..<tokens {
                number += 1
                forward(Token(number: number), from: node)
            }
        }
    }

    public var stopped: Bool { count >= target }

    @inline(__always)
    private func forward(_ token: Token, from node: Int) {
        var destination = Int(random.next(upperBound: UInt64(sim.nodeCount - 1)))
        if destination >= node { destination += 1 }
        sim.send(token, from: NodeID(node), to: NodeID(destination))
    }

    public func handle(_ event: SimEvent<Token, Timer>) {
        guard case .message(let token, _, let to, _) = event else { return }
        count += 1
        received[to.index] += 1
        forward(token, from: to.index)
    }

    public func describe(_ process: NodeID) -> [String] {
        ["received \(received[process.index]) tokens so far"]
    }

    public func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let mean = Double(count) / Double(max(1, received.count))
        return (
            [
                ("deliveries", Double(count)),
                ("simulated-ms", milliseconds(sim.now)),
                ("dropped", Double(sim.dropped)),
                ("busiest-node-share", mean > 0 ? Double(received.max() ?? 0) / mean : 0),
            ], nil
        )
    }
}
