import QuorumCheck
import QuorumSim

/// A request fanning out through a tree of services: availability multiplies, the tail of the
/// latency distribution grows with the fan-out, and one slow service deep in the tree can jam
/// every service above it.
///
/// The user `c1` sends requests (a Poisson process at `rate`) to the front service `n1`. A
/// service at level L < `depth` calls `fanout` services at level L + 1 in parallel, numbered
/// breadth first (`n1` calls `n2`, `n3`...), and answers only when all of them have; the first
/// error it gets back fails its own call at once. So every request calls every service once,
/// except the `front-only` share that `n1` answers by itself.
///
/// Each call first takes the service's own work time (`service-latency`, plus `tail-latency`
/// with probability `tail-fraction`: a garbage-collection pause, a busy disk), then fails with
/// probability 1 − `service-availability`. A service runs at most `capacity` calls at once; a
/// call holds its worker until it answers, including the time spent waiting on the services it
/// calls, and further calls queue. With `timeouts=on`, a caller gives up on its calls after
/// `timeout`, and a service skips queued calls whose caller has already given up. The user
/// always gives up after `timeout`.
public struct MicroservicesModel: SimulationModel {
    public let name = "microservices"
    public let summary = "A request fans out through a tree of services; failures and slowness add up."

    /// The most services a call graph may have, so that a run stays quick.
    static let maximumServices = 400

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "depth", .int(1...6), default: .int(2),
                doc: "Levels of services, the front service n1 being level 1."),
            ParameterSpec(
                "fanout", .int(1...100), default: .int(3),
                doc: "How many services at the next level each service calls, in parallel."),
            ParameterSpec(
                "service-availability", .double(0...1), default: .double(0.99),
                doc: "Probability that one service handles one call without failing."),
            ParameterSpec(
                "service-latency", .latency,
                default: .latency(.uniform(low: 5 * SimDuration.millisecond, high: 15 * SimDuration.millisecond)),
                doc: "A service's own work time per call, before it calls the next level."),
            ParameterSpec(
                "tail-fraction", .double(0...1), default: .double(0.001),
                doc: "Probability that a call hits a hiccup (a GC pause, a busy disk) and takes tail-latency longer."),
            ParameterSpec(
                "tail-latency", .duration(0...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond), doc: "How much longer a call with a hiccup takes."),
            ParameterSpec(
                "capacity", .int(1...10_000), default: .int(50),
                doc: "Calls a service works on at once; a call keeps its worker while it waits on its own calls."),
            ParameterSpec(
                "rate", .double(1...10_000), default: .double(100),
                doc: "Requests per second the user c1 sends, at random moments (Poisson)."),
            ParameterSpec(
                "front-only", .double(0...1), default: .double(0),
                doc: "Fraction of requests n1 answers on its own, calling nobody (a page it has cached, say)."),
            ParameterSpec(
                "timeouts", .bool, default: .bool(true),
                doc: "Whether services give up on calls that take longer than timeout (the user always does)."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(250 * SimDuration.millisecond),
                doc: "How long a caller waits for an answer before it gives up."),
            ParameterSpec(
                "slow", .nodeFaults(leaderAllowed: false), default: .nodeFaults([]),
                doc: "Services that slow down and when, like n7@2s: each of their calls then takes slow-latency."),
            ParameterSpec(
                "slow-latency", .duration(0...(60 * SimDuration.second)), default: .duration(2 * SimDuration.second),
                doc: "How long a slowed service takes per call."),
            ParameterSpec("slow-until", .moment, default: .moment(nil), doc: "When slowed services recover."),
        ]
        + FaultVocabulary.parameters(duration: 5 * SimDuration.second, latency: .constant(2 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "availability",
            doc: "Fraction of the user's requests answered successfully, of those settled by the end."),
        MetricSpec("latency-p50", doc: "Median time in ms from the user's request to a successful answer."),
        MetricSpec("latency-p99", doc: "99th-percentile time in ms from the user's request to a successful answer."),
        MetricSpec("throughput", doc: "Requests answered successfully per second of the run."),
        MetricSpec(
            "slow-fraction", doc: "Fraction of successful requests that took tail-latency or longer."),
        MetricSpec("backlog-max", doc: "The most calls ever waiting in one service's queue at once."),
        MetricSpec("timed-out-calls", doc: "Calls between services that a caller gave up on (timeouts=on)."),
        MetricSpec("saturated", doc: "Services that ran out of free workers at some point, so calls to them queued."),
        MetricSpec("services", doc: "Services in the call graph; every request calls each of them once."),
    ]

    public init() {}

    /// Services in a complete tree of this depth and fan-out: 1 + f + f² + ... + f^(depth−1).
    static func serviceCount(depth: Int, fanout: Int) -> Int {
        var total = 0
        var level = 1
        for _ in 0..<depth {
            total += level
            if total > maximumServices { return total }
            level *= fanout
        }
        return total
    }

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let depth = parameters.int("depth")
        let fanout = parameters.int("fanout")
        let services = Self.serviceCount(depth: depth, fanout: fanout)
        guard services <= Self.maximumServices else {
            throw .invalidSetting(
                parameter: "fanout", value: String(fanout),
                problem:
                    "depth \(depth) with fan-out \(fanout) makes more than \(Self.maximumServices) services; lower one of them"
            )
        }
        var slowAt = [SimTime?](repeating: nil, count: services)
        if case .nodeFaults(let faults) = parameters["slow"] {
            for fault in faults {
                guard case .node(let name) = fault.target, let index = serviceIndex(name), index < services else {
                    throw .invalidSetting(
                        parameter: "slow", value: fault.description,
                        problem: "this call graph's services are n1 to n\(services)")
                }
                slowAt[index] = min(slowAt[index] ?? fault.time, fault.time)
            }
        }
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: services, clients: 1, trace: trace,
            of: (MicroservicesSession.Message.self, MicroservicesSession.Timer.self))
        var slowUntil: SimTime?
        if case .moment(let time) = parameters["slow-until"] { slowUntil = time }
        let settings = MicroservicesSession.Settings(
            fanout: fanout, availability: parameters.double("service-availability"),
            work: parameters.latency("service-latency"), tailFraction: parameters.double("tail-fraction"),
            tailLatency: parameters.duration("tail-latency"), capacity: parameters.int("capacity"),
            rate: parameters.double("rate"), frontOnly: parameters.double("front-only"),
            timeouts: parameters.bool("timeouts"),
            timeout: parameters.duration("timeout"), slowAt: slowAt, slowLatency: parameters.duration("slow-latency"),
            slowUntil: slowUntil ?? .max)
        return MicroservicesSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }

    private func serviceIndex(_ name: String) -> Int? {
        guard name.hasPrefix("n"), let number = Int(name.dropFirst()), number >= 1 else { return nil }
        return number - 1
    }
}
