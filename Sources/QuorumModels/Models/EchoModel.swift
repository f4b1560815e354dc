import QuorumCheck
import QuorumSim

/// The smallest distributed system: one client, one server that sends back what it receives.
///
/// It is the place to learn the engine's vocabulary (latency, loss, a crash, a partition) on a
/// system whose every message can be followed by eye.
public struct EchoModel: SimulationModel {
    public let name = "echo"
    public let summary = "One client sends messages to one server, which echoes each one back."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "messages", .int(1...10_000), default: .int(5), doc: "How many messages the client sends."),
            ParameterSpec(
                "interval", .duration(0...(60 * SimDuration.second)), default: .duration(100 * SimDuration.millisecond),
                doc: "Time between the client's messages (it does not wait for echoes)."),
        ]
        + FaultVocabulary.parameters(duration: 10 * SimDuration.second)

    public let metrics: [MetricSpec] = [
        MetricSpec("sent", doc: "Messages the client sent."),
        MetricSpec("echoed", doc: "Echoes that came back to the client."),
        MetricSpec("lost", doc: "Messages or echoes that never arrived (lost, cut off, or sent to a crashed node)."),
        MetricSpec("round-trip-p50-ms", doc: "Median time from sending a message to receiving its echo."),
        MetricSpec("round-trip-max-ms", doc: "Slowest round trip."),
        MetricSpec("server-echoes-on-disk", doc: "Echoes the server counted on disk; a crash does not reset it."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 1, clients: 1, trace: trace,
            of: (EchoSession.Message.self, EchoSession.Timer.self))
        return EchoSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            messages: parameters.int("messages"), interval: parameters.duration("interval"),
            limit: parameters.duration("duration"))
    }
}

final class EchoSession: EngineSession {
    enum Message: TraceDescribable {
        case echo(Int)
        case reply(Int)

        var traceLabel: String {
            switch self {
            case .echo(let number): "echo \(number)"
            case .reply(let number): "echo_ok \(number)"
            }
        }
    }

    enum Timer: TraceDescribable {
        case sendNext

        var traceLabel: String { "send next" }
    }

    /// The server's disk: how many echoes it has sent, ever.
    struct Disk {
        var echoes = 0
    }

    /// The server's memory: echoes since it last booted.
    struct Memory {
        var echoesSinceBoot = 0
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let messageCount: Int
    private let interval: SimTime
    private let server = NodeID(0)
    private let client = NodeID(1)
    private var serverState = NodeStates<Disk, Memory>(count: 1, durable: { _ in Disk() }, boot: { _, _ in Memory() })
    private var sentAt: [SimTime] = []
    private var roundTrips: [SimTime] = []
    private var answered: Set<Int> = []

    init(sim: Simulation<Message, Timer>, header: RunHeader, messages: Int, interval: SimTime, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        messageCount = messages
        self.interval = interval
        sendNext()
    }

    private func sendNext() {
        let number = sentAt.count + 1
        sentAt.append(sim.now)
        sim.noteInvoke(client, "echo \(number)")
        sim.send(.echo(number), from: client, to: server)
        if sentAt.count < messageCount { sim.setTimer(.sendNext, on: client, after: interval) }
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.echo(let number), _, _, _):
            serverState.withDurable(0) { $0.echoes += 1 }
            serverState.withVolatile(0) { $0.echoesSinceBoot += 1 }
            sim.send(.reply(number), from: server, to: client)
        case .message(.reply(let number), _, _, _):
            // A duplicated echo counts once.
            guard answered.insert(number).inserted else { return }
            roundTrips.append(sim.now - sentAt[number - 1])
            sim.noteComplete(client, "echo \(number)", outcome: "ok")
        case .timer(.sendNext, _):
            sendNext()
        case .crashed(let node):
            if node == server { serverState.crash(0) }
        case .restarted(let node):
            if node == server { serverState.restart(0) }
        case .network:
            break
        }
    }

    func describe(_ process: NodeID) -> [String] {
        if process == server {
            guard let memory = serverState.volatile(0) else {
                return ["crashed; on disk: \(serverState.durable[0].echoes) echoes sent in all"]
            }
            return [
                "echoes since it booted: \(memory.echoesSinceBoot) (memory)",
                "echoes in all: \(serverState.durable[0].echoes) (disk)",
            ]
        }
        return ["sent \(sentAt.count) of \(messageCount), \(roundTrips.count) echoed back"]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let sorted = roundTrips.sorted()
        return (
            [
                ("sent", Double(sentAt.count)),
                ("echoed", Double(roundTrips.count)),
                ("lost", Double(sentAt.count - roundTrips.count)),
                ("round-trip-p50-ms", milliseconds(percentile(sorted, 0.5))),
                ("round-trip-max-ms", milliseconds(sorted.last ?? 0)),
                ("server-echoes-on-disk", Double(serverState.durable[0].echoes)),
            ], nil
        )
    }
}
