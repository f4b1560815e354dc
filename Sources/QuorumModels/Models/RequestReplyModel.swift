import QuorumCheck
import QuorumSim

/// A client sending requests one after another over a lossy, delayed link, retrying on timeout.
///
/// It shows the first lesson's point: from the client's side a lost request, a lost reply and a
/// slow reply look the same, so retries buy success at the price of duplicate work.
public struct RequestReplyModel: SimulationModel {
    public let name = "request-reply"
    public let summary = "A client retries requests over a lossy, delayed link to one server."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "requests", .int(1...10_000), default: .int(100),
                doc: "How many requests the client sends, one after another."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How long the client waits for a reply before it sends the request again."),
            ParameterSpec(
                "retries", .int(0...20), default: .int(3),
                doc: "How many times the client resends a request before giving up on it."),
        ]
        + FaultVocabulary.parameters(
            duration: 3_600 * SimDuration.second,
            latency: .uniform(low: 10 * SimDuration.millisecond, high: 30 * SimDuration.millisecond), loss: 0.1)

    public let metrics: [MetricSpec] = [
        MetricSpec("success-rate", doc: "Fraction of requests that got a reply before the client gave up."),
        MetricSpec("failed", doc: "Requests the client gave up on."),
        MetricSpec("attempts-per-request", doc: "Mean number of times each request was sent."),
        MetricSpec(
            "duplicate-executions",
            doc: "Times the server executed a request it had already executed (a retry after a lost or slow reply)."),
        MetricSpec("messages-lost", doc: "Requests and replies the network dropped."),
        MetricSpec("latency-p50-ms", doc: "Median time from first send to reply, over successful requests."),
        MetricSpec("latency-p99-ms", doc: "99th-percentile time from first send to reply, over successful requests."),
        MetricSpec("latency-max-ms", doc: "Slowest successful request, from first send to reply."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 1, clients: 1, trace: trace,
            of: (RequestReplySession.Message.self, RequestReplySession.Timer.self))
        return RequestReplySession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            requests: parameters.int("requests"), timeout: parameters.duration("timeout"),
            retries: parameters.int("retries"), limit: parameters.duration("duration"))
    }
}

final class RequestReplySession: EngineSession {
    enum Message: TraceDescribable {
        case request(Int, attempt: Int)
        case reply(Int, attempt: Int)

        var traceLabel: String {
            switch self {
            case .request(let request, let attempt): "req \(request + 1)" + (attempt > 1 ? " try \(attempt)" : "")
            case .reply(let request, let attempt): "reply \(request + 1)" + (attempt > 1 ? " try \(attempt)" : "")
            }
        }
    }

    enum Timer: TraceDescribable {
        case timeout(Int, attempt: Int)

        var traceLabel: String {
            switch self {
            case .timeout(let request, let attempt): "timeout req \(request + 1) try \(attempt)"
            }
        }
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let requestCount: Int
    private let timeout: SimTime
    private let retries: Int
    private let server = NodeID(0)
    private let client = NodeID(1)

    private var current = -1
    private var attempt = 0
    private var startedAt: SimTime = 0
    /// On the server's disk: how often each request was executed.
    private var executions: [Int]
    private var sends = 0
    private var failed = 0
    private var latencies: [SimTime] = []

    init(
        sim: Simulation<Message, Timer>, header: RunHeader, requests: Int, timeout: SimTime, retries: Int,
        limit: SimTime
    ) {
        self.sim = sim
        self.header = header
        self.limit = limit
        requestCount = requests
        self.timeout = timeout
        self.retries = retries
        executions = Array(repeating: 0, count: requests)
        startNext()
    }

    /// The client is done and the network holds nothing: a retry still on the wire when the
    /// last request is settled reaches the server and is executed again, so the run waits for it.
    var stopped: Bool { current >= requestCount && sim.inFlight().isEmpty }

    private func send(_ request: Int, _ attempt: Int) {
        sends += 1
        sim.send(.request(request, attempt: attempt), from: client, to: server)
        sim.setTimer(.timeout(request, attempt: attempt), on: client, after: timeout)
    }

    private func startNext() {
        current += 1
        guard current < requestCount else { return }
        attempt = 1
        startedAt = sim.now
        sim.noteInvoke(client, "request \(current + 1)")
        send(current, attempt)
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.request(let request, let attempt), _, _, _):
            executions[request] += 1
            if executions[request] > 1 {
                sim.narrative.add(
                    sim.now,
                    "the server executed request \(request + 1) again (try \(attempt)): it cannot tell a retry from a new request"
                )
            }
            sim.send(.reply(request, attempt: attempt), from: server, to: client)
        case .message(.reply(let request, _), _, _, _):
            guard request == current else { return }  // a late reply to a request already settled
            latencies.append(sim.now - startedAt)
            sim.noteComplete(client, "request \(request + 1)", outcome: "ok")
            startNext()
        case .timer(.timeout(let request, let timedOut), _):
            guard request == current, timedOut == attempt else { return }
            if attempt <= retries {
                attempt += 1
                sim.narrative.add(
                    sim.now, "c1 heard nothing for request \(request + 1) and sent it again (try \(attempt))")
                send(request, attempt)
            } else {
                failed += 1
                sim.narrative.add(
                    sim.now, "c1 gave up on request \(request + 1) after \(attempt) \(attempt == 1 ? "try" : "tries")")
                sim.noteComplete(client, "request \(request + 1)", outcome: "info")
                startNext()
            }
        case .crashed, .restarted, .network:
            // The server keeps no memory between requests, so a crash only loses what arrives
            // while it is down; the engine already drops that.
            break
        }
    }

    func describe(_ process: NodeID) -> [String] {
        if process == server {
            let total = executions.reduce(0, +)
            return ["executed \(total) requests, \(executions.reduce(0) { $0 + max(0, $1 - 1) }) of them repeats"]
        }
        guard current < requestCount else { return ["done: \(requestCount - failed) answered, \(failed) given up"] }
        return [
            "waiting on request \(current + 1) of \(requestCount), try \(attempt) of \(retries + 1)",
            "answered so far: \(latencies.count), given up: \(failed)",
        ]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let sorted = latencies.sorted()
        let settled = min(current, requestCount)
        let duplicates = executions.reduce(0) { $0 + max(0, $1 - 1) }
        return (
            [
                ("success-rate", settled == 0 ? 0 : Double(latencies.count) / Double(settled)),
                ("failed", Double(failed)),
                ("attempts-per-request", Double(sends) / Double(max(1, min(current + 1, requestCount)))),
                ("duplicate-executions", Double(duplicates)),
                ("messages-lost", Double(sim.dropped)),
                ("latency-p50-ms", milliseconds(percentile(sorted, 0.50))),
                ("latency-p99-ms", milliseconds(percentile(sorted, 0.99))),
                ("latency-max-ms", milliseconds(sorted.last ?? 0)),
            ], nil
        )
    }
}
