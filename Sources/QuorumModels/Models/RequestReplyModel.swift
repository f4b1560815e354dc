import HeapModule
import QuorumSim

/// A client sending requests one after another over a lossy, delayed link, retrying on timeout.
///
/// It shows the first lesson's point: from the client's side a lost request, a lost reply and a
/// slow reply look the same, so retries buy success at the price of duplicate work.
public struct RequestReplyModel: SimulationModel {
    public let name = "request-reply"
    public let summary = "A client retries requests over a lossy, delayed link to one server."

    public let parameters: [ParameterSpec] = [
        ParameterSpec(
            "requests", .int(1...10_000), default: .int(100),
            doc: "How many requests the client sends, one after another."),
        ParameterSpec(
            "latency", .duration(0...(10 * SimDuration.second)), default: .duration(20 * SimDuration.millisecond),
            doc: "Mean one-way delay of a message."),
        ParameterSpec(
            "jitter", .duration(0...(10 * SimDuration.second)), default: .duration(10 * SimDuration.millisecond),
            doc: "Each delay is uniform in latency ± jitter (never below zero)."),
        ParameterSpec(
            "loss", .double(0...1), default: .double(0.1),
            doc: "Probability that any one message, request or reply, is lost."),
        ParameterSpec(
            "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
            default: .duration(100 * SimDuration.millisecond),
            doc: "How long the client waits for a reply before it sends the request again."),
        ParameterSpec(
            "retries", .int(0...20), default: .int(3),
            doc: "How many times the client resends a request before giving up on it."),
    ]

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

    private enum Action {
        case requestArrives(request: Int, attempt: Int)
        case replyArrives(request: Int, attempt: Int)
        case timeout(request: Int, attempt: Int)
    }

    private struct Event: Comparable {
        var time: SimTime
        var sequence: Int
        var action: Action

        static func < (lhs: Event, rhs: Event) -> Bool {
            (lhs.time, lhs.sequence) < (rhs.time, rhs.sequence)
        }

        static func == (lhs: Event, rhs: Event) -> Bool {
            lhs.time == rhs.time && lhs.sequence == rhs.sequence
        }
    }

    public func run(_ parameters: Parameters, seed: UInt64) -> SimulationRun {
        let requestCount = parameters.int("requests")
        let latency = parameters.duration("latency")
        let jitter = parameters.duration("jitter")
        let loss = parameters.double("loss")
        let timeout = parameters.duration("timeout")
        let retries = parameters.int("retries")

        var random = SplitMix64(seed: seed)
        var queue = Heap<Event>()
        var sequence = 0
        var now: SimTime = 0
        var narrative = NarrativeLog()

        var current = 0
        var attempt = 0
        var startedAt: SimTime = 0
        var executions = [Int](repeating: 0, count: requestCount)
        var sends = 0
        var lost = 0
        var failed = 0
        var latencies: [SimTime] = []

        func schedule(_ action: Action, after delay: SimTime) {
            sequence += 1
            queue.insert(Event(time: now + delay, sequence: sequence, action: action))
        }
        func delay() -> SimTime {
            let low = max(0, latency - jitter)
            let high = latency + jitter
            return low + SimTime(random.nextUnit() * Double(high - low + 1)).clamped(to: 0...(high - low))
        }
        func send(_ request: Int, _ attempt: Int) {
            sends += 1
            if random.nextUnit() < loss {
                lost += 1
                narrative.add(now, "request \(request + 1) (try \(attempt)) was lost on the way to the server")
            } else {
                schedule(.requestArrives(request: request, attempt: attempt), after: delay())
            }
            schedule(.timeout(request: request, attempt: attempt), after: timeout)
        }
        func startNext() {
            current += 1
            guard current < requestCount else { return }
            attempt = 1
            startedAt = now
            send(current, attempt)
        }

        current = -1
        startNext()
        while let event = queue.popMin() {
            now = event.time
            switch event.action {
            case .requestArrives(let request, let attempt):
                executions[request] += 1
                if executions[request] > 1 {
                    narrative.add(
                        now,
                        "the server executed request \(request + 1) again (try \(attempt)): it cannot tell a retry from a new request"
                    )
                }
                if random.nextUnit() < loss {
                    lost += 1
                    narrative.add(now, "the reply to request \(request + 1) (try \(attempt)) was lost")
                } else {
                    schedule(.replyArrives(request: request, attempt: attempt), after: delay())
                }
            case .replyArrives(let request, _):
                guard request == current else { continue }  // a late reply to a request already settled
                latencies.append(now - startedAt)
                startNext()
            case .timeout(let request, let timedOut):
                guard request == current, timedOut == attempt else { continue }
                if attempt <= retries {
                    attempt += 1
                    narrative.add(now, "c1 heard nothing for request \(request + 1) and sent it again (try \(attempt))")
                    send(request, attempt)
                } else {
                    failed += 1
                    narrative.add(
                        now, "c1 gave up on request \(request + 1) after \(attempt) \(attempt == 1 ? "try" : "tries")")
                    startNext()
                }
            }
        }

        latencies.sort()
        let duplicates = executions.reduce(0) { $0 + max(0, $1 - 1) }
        let metrics: [(name: String, value: Double)] = [
            ("success-rate", Double(requestCount - failed) / Double(requestCount)),
            ("failed", Double(failed)),
            ("attempts-per-request", Double(sends) / Double(requestCount)),
            ("duplicate-executions", Double(duplicates)),
            ("messages-lost", Double(lost)),
            ("latency-p50-ms", milliseconds(percentile(latencies, 0.50))),
            ("latency-p99-ms", milliseconds(percentile(latencies, 0.99))),
            ("latency-max-ms", milliseconds(latencies.last ?? 0)),
        ]
        return SimulationRun(
            model: name, seed: seed, parameters: parameters, metrics: metrics,
            narrative: narrative.lines(endingAt: now), endTime: now)
    }
}

/// Keeps a narrative short: the first dozen moments, then a count of the rest.
struct NarrativeLog {
    private var kept: [NarrativeLine] = []
    private var omitted = 0
    let limit = 12

    mutating func add(_ time: SimTime, _ text: String) {
        if kept.count < limit {
            kept.append(NarrativeLine(time: time, text: text))
        } else {
            omitted += 1
        }
    }

    func lines(endingAt time: SimTime) -> [NarrativeLine] {
        omitted == 0 ? kept : kept + [NarrativeLine(time: time, text: "… and \(omitted) more moments like these")]
    }
}

/// The nearest-rank percentile of sorted values; 0 when there are none.
func percentile(_ sorted: [SimTime], _ fraction: Double) -> SimTime {
    guard !sorted.isEmpty else { return 0 }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

func milliseconds(_ time: SimTime) -> Double {
    Double(time) / Double(SimDuration.millisecond)
}

extension Comparable {
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
