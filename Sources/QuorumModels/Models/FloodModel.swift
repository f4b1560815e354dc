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

    /// Everything a delivery changes, in one value behind a pointer the session owns: each use
    /// of a class's stored property costs a run-time exclusivity check, which here would cost
    /// as much as the delivery itself. A session is confined to one thread; `deinit` frees it.
    struct Tally {
        var random: SplitMix64
        var received: [Int]
        var count = 0

        /// Counts a delivery at `node` and picks where the token goes next.
        mutating func receive(at node: Int) -> Int {
            count += 1
            received[node] += 1
            return destination(from: node)
        }

        mutating func destination(from node: Int) -> Int {
            let destination = Int(random.next(upperBound: UInt64(received.count - 1)))
            return destination >= node ? destination + 1 : destination
        }
    }

    public let sim: Simulation<Token, Timer>
    public let header: RunHeader
    public let limit: SimTime
    private let target: Int
    private let tallyStorage: UnsafeMutablePointer<Tally>

    private var tally: Tally {
        _read { yield tallyStorage.pointee }
        _modify { yield &tallyStorage.pointee }
    }

    init(sim: Simulation<Token, Timer>, header: RunHeader, tokens: Int, target: Int, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.target = target
        tallyStorage = .allocate(capacity: 1)
        tallyStorage.initialize(
            to: Tally(random: sim.makeGenerator(), received: Array(repeating: 0, count: sim.nodeCount)))
        var number: Int32 = 0
        for node in 0..<sim.nodeCount {
            for _ in 0..<tokens {
                number += 1
                sim.send(Token(number: number), from: NodeID(node), to: NodeID(tally.destination(from: node)))
            }
        }
    }

    deinit {
        tallyStorage.deinitialize(count: 1)
        tallyStorage.deallocate()
    }

    public var stopped: Bool { tally.count >= target }

    /// The benchmark's hot loop, written out for this model's concrete types so the compiler
    /// specialises the engine's generic code into it.
    public func run(until time: SimTime) {
        let end = min(time, limit)
        while tally.count < target, let event = sim.next(until: end) { handle(event) }
    }

    public func handle(_ event: SimEvent<Token, Timer>) {
        guard case .message(let token, _, let to, _) = event else { return }
        let destination = tally.receive(at: to.index)
        sim.send(token, from: to, to: NodeID(destination))
    }

    public func describe(_ process: NodeID) -> [String] {
        ["received \(tally.received[process.index]) tokens so far"]
    }

    public func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let count = tally.count
        let mean = Double(count) / Double(max(1, tally.received.count))
        return (
            [
                ("deliveries", Double(count)),
                ("simulated-ms", milliseconds(sim.now)),
                ("dropped", Double(sim.dropped)),
                ("busiest-node-share", mean > 0 ? Double(tally.received.max() ?? 0) / mean : 0),
            ], nil
        )
    }
}
