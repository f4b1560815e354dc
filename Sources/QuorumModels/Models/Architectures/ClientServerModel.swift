import DequeModule
import QuorumCheck
import QuorumSim

/// Many clients, one server: the simplest architecture, with its two limits in plain sight.
///
/// Clients send requests at random moments (a Poisson process, `rate` per second in all) to the
/// server `n1`. The server works on up to `capacity` requests at once, each for a `service-time`;
/// the rest wait in a queue of up to `queue-limit`, and beyond that it refuses them. A client
/// that hears nothing within `timeout` gives up. So the server can do at most
/// capacity / mean service time requests per second: offer more and the queue fills, latency
/// climbs and requests are refused. And everything depends on `n1`: while it is down, every
/// request fails.
public struct ClientServerModel: SimulationModel {
    public let name = "client-server"
    public let summary = "Many clients send requests to one server with a fixed capacity and a queue."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "clients", .int(1...200), default: .int(20), doc: "How many clients send requests (c1, c2, ...)."),
            ParameterSpec(
                "rate", .double(1...100_000), default: .double(100),
                doc: "Requests per second offered by all clients together, at random moments (Poisson)."),
            ParameterSpec(
                "service-time", .latency, default: .latency(.exponential(mean: 20 * SimDuration.millisecond, floor: 0)),
                doc: "How long the server works on one request: a duration or a distribution like exp(20ms)."),
            ParameterSpec(
                "capacity", .int(1...1_000), default: .int(4),
                doc: "How many requests the server works on at once (its worker threads)."),
            ParameterSpec(
                "queue-limit", .int(0...100_000), default: .int(50),
                doc: "How many requests may wait for a worker; the server refuses requests beyond it."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc: "How long a client waits for a reply before it gives up on a request."),
        ]
        + FaultVocabulary.parameters(duration: 10 * SimDuration.second, latency: .constant(5 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "availability",
            doc: "Fraction of requests answered successfully, of those settled (answered, refused or timed out)."),
        MetricSpec("latency-p50", doc: "Median time in ms from sending a request to its reply, over answered ones."),
        MetricSpec("latency-p99", doc: "99th-percentile time in ms from sending a request to its reply."),
        MetricSpec("throughput", doc: "Requests answered successfully per second of the run."),
        MetricSpec("backlog-max", doc: "The most requests ever waiting in the server's queue at once."),
        MetricSpec("refused", doc: "Requests the server refused because its queue was full."),
        MetricSpec("timed-out", doc: "Requests whose client heard nothing within the timeout."),
        MetricSpec("utilization", doc: "Fraction of the server's worker time spent working (0 to 1)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let clients = parameters.int("clients")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 1, clients: clients, trace: trace,
            of: (ClientServerSession.Message.self, ClientServerSession.Timer.self))
        return ClientServerSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: ClientServerSession.Settings(
                rate: parameters.double("rate"), serviceTime: parameters.latency("service-time"),
                capacity: parameters.int("capacity"), queueLimit: parameters.int("queue-limit"),
                timeout: parameters.duration("timeout")),
            limit: parameters.duration("duration"))
    }
}

final class ClientServerSession: EngineSession {
    enum Message: TraceDescribable {
        case request(Int)
        case reply(Int)
        /// The queue was full; the server did not take the request.
        case refused(Int)

        var traceLabel: String {
            switch self {
            case .request(let id): "req \(id + 1)"
            case .reply(let id): "ok \(id + 1)"
            case .refused(let id): "busy \(id + 1)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// A client's next request is due.
        case send
        case timeout(Int)
        /// The server finished working on a request.
        case done(Int)

        var traceLabel: String {
            switch self {
            case .send: "send next"
            case .timeout(let id): "timeout req \(id + 1)"
            case .done(let id): "done req \(id + 1)"
            }
        }
    }

    struct Settings {
        var rate: Double
        var serviceTime: LatencyDistribution
        var capacity: Int
        var queueLimit: Int
        var timeout: SimTime
    }

    /// The server keeps nothing on disk: its queue and its work in progress live in memory.
    struct Disk {}

    struct Memory {
        var working = 0
        var queue = Deque<Int>()
    }

    struct Request {
        /// How a request ended; nil while it is open.
        enum Outcome {
            case answered, refused, timedOut
        }

        var client: Int
        var sentAt: SimTime
        var timer: TimerID?
        var outcome: Outcome?
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let server = NodeID(0)
    private var serverState = NodeStates<Disk, Memory>(count: 1, durable: { _ in Disk() }, boot: { _, _ in Memory() })
    private var serverRandom: SplitMix64
    private var clientRandom: [SplitMix64]
    /// Mean time between one client's requests.
    private let gap: LatencyDistribution

    private var requests: [Request] = []
    private var latencies: [SimTime] = []
    private var refused = 0
    private var timedOut = 0
    private var backlogMax = 0
    /// Worker time spent working, integrated as the number of busy workers changes.
    private var busyTime: SimTime = 0
    private var busySince: SimTime = 0
    private var toldQueueFull = false
    private var toldTimeout = false

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        serverRandom = sim.makeGenerator()
        clientRandom = sim.clients.map { _ in sim.makeGenerator() }
        let perClient = Double(sim.clients.count) / settings.rate * Double(SimDuration.second)
        gap = .exponential(mean: SimTime(perClient.rounded()), floor: 0)
        sim.noteState(server, "server")
        sim.narrative.add(
            0,
            "n1 serves up to \(settings.capacity) requests at once; up to \(settings.queueLimit) more may wait in its queue"
        )
        for (index, client) in sim.clients.enumerated() {
            sim.setTimer(.send, on: client, after: gap.sample(&clientRandom[index]))
        }
    }

    // MARK: Clients

    private func sendRequest(from client: NodeID) {
        let id = requests.count
        let index = client.index - sim.nodeCount
        sim.noteInvoke(client, "req \(id + 1)")
        sim.send(.request(id), from: client, to: server)
        let timer = sim.setTimer(.timeout(id), on: client, after: settings.timeout)
        requests.append(Request(client: client.index, sentAt: sim.now, timer: timer))
        sim.setTimer(.send, on: client, after: gap.sample(&clientRandom[index]))
    }

    /// Closes a request once: the first of a reply, a refusal or the timeout decides it.
    private func settle(_ id: Int, as outcome: Request.Outcome) -> Bool {
        guard requests[id].outcome == nil else { return false }
        requests[id].outcome = outcome
        if let timer = requests[id].timer { sim.cancelTimer(timer) }
        let word =
            switch outcome {
            case .answered: "ok"
            case .refused: "fail"
            case .timedOut: "info"
            }
        sim.noteComplete(NodeID(requests[id].client), "req \(id + 1)", outcome: word)
        return true
    }

    // MARK: Server

    private func accountBusyTime() {
        busyTime += SimTime(serverState.volatile(0)?.working ?? 0) * (sim.now - busySince)
        busySince = sim.now
    }

    private func startWork(on id: Int) {
        accountBusyTime()
        serverState.withVolatile(0) { $0.working += 1 }
        sim.setTimer(.done(id), on: server, after: settings.serviceTime.sample(&serverRandom))
    }

    private func receive(_ id: Int, from client: NodeID) {
        guard let memory = serverState.volatile(0) else { return }
        if memory.working < settings.capacity {
            startWork(on: id)
        } else if memory.queue.count < settings.queueLimit {
            let waiting = serverState.withVolatile(0) { state -> Int in
                state.queue.append(id)
                return state.queue.count
            }
            backlogMax = max(backlogMax, waiting ?? 0)
        } else {
            if !toldQueueFull {
                toldQueueFull = true
                sim.narrative.add(
                    sim.now,
                    "n1's queue is full (\(settings.queueLimit) waiting): it refuses req \(id + 1) and every request like it"
                )
            }
            sim.send(.refused(id), from: server, to: client)
        }
    }

    private func finishWork(on id: Int) {
        accountBusyTime()
        sim.send(.reply(id), from: server, to: NodeID(requests[id].client))
        let next = serverState.withVolatile(0) { state -> Int? in
            state.working -= 1
            return state.queue.popFirst()
        }
        if let next = next ?? nil { startWork(on: next) }
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.request(let id), let from, _, _):
            receive(id, from: from)
        case .message(.reply(let id), _, _, _):
            if settle(id, as: .answered) { latencies.append(sim.now - requests[id].sentAt) }
        case .message(.refused(let id), _, _, _):
            if settle(id, as: .refused) { refused += 1 }
        case .timer(.send, let client):
            sendRequest(from: client)
        case .timer(.timeout(let id), let client):
            requests[id].timer = nil
            guard settle(id, as: .timedOut) else { return }
            timedOut += 1
            if !toldTimeout {
                toldTimeout = true
                sim.narrative.add(
                    sim.now,
                    "\(sim.name(client)) gave up on req \(id + 1): no reply in \(SimDuration.format(settings.timeout))")
            }
        case .timer(.done(let id), _):
            finishWork(on: id)
        case .crashed(let node):
            guard node == server else { return }
            accountBusyTime()
            let lost = serverState.volatile(0).map { $0.working + $0.queue.count } ?? 0
            serverState.crash(0)
            toldTimeout = false
            sim.narrative.add(
                sim.now, "n1 took \(lost) requests down with it; until it is back, every request goes unanswered")
        case .restarted(let node):
            guard node == server else { return }
            busySince = sim.now
            serverState.restart(0)
            sim.noteState(server, "server")
        case .network:
            break
        }
    }

    func describe(_ process: NodeID) -> [String] {
        if process == server {
            guard let memory = serverState.volatile(0) else {
                return ["crashed: the requests it was working on and its queue are gone"]
            }
            return [
                "working on \(memory.working) of \(settings.capacity) requests",
                "waiting in its queue: \(memory.queue.count) (limit \(settings.queueLimit))",
            ]
        }
        let mine = requests.filter { $0.client == process.index }
        let count = { (outcome: Request.Outcome?) in mine.filter { $0.outcome == outcome }.count }
        return [
            "sent \(mine.count) requests: \(count(.answered)) answered, \(count(.refused)) refused, "
                + "\(count(.timedOut)) timed out, \(count(nil)) waiting"
        ]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        accountBusyTime()
        let sorted = latencies.sorted()
        let settled = latencies.count + refused + timedOut
        let seconds = Double(max(sim.now, 1)) / Double(SimDuration.second)
        let workerTime = Double(max(sim.now, 1)) * Double(settings.capacity)
        return (
            [
                ("availability", settled == 0 ? 0 : Double(latencies.count) / Double(settled)),
                ("latency-p50", milliseconds(percentile(sorted, 0.50))),
                ("latency-p99", milliseconds(percentile(sorted, 0.99))),
                ("throughput", Double(latencies.count) / seconds),
                ("backlog-max", Double(backlogMax)),
                ("refused", Double(refused)),
                ("timed-out", Double(timedOut)),
                ("utilization", Double(busyTime) / workerTime),
            ], nil
        )
    }
}
