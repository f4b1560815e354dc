import QuorumSim

/// A load balancer spreading a stream of requests over servers that each work through a queue,
/// some of them slower than the rest, by one of four policies.
///
/// Requests arrive at the balancer (`c1`) at random (a Poisson stream) at `load` times what
/// the servers can handle together. Each server (`n1`...) serves one request at a time, first
/// come first served, for a time drawn from an exponential distribution; the first
/// `slow-servers` servers take `slow-factor` times longer on average. Policies that ignore
/// load (round robin, random) build queues that the load-aware ones (least connections, two
/// random choices) avoid. With `report-interval` set, the balancer knows the servers' queues
/// only from their periodic reports, which are stale by the time it acts on them.
public struct LoadBalancingModel: SimulationModel {
    public let name = "load-balancing"
    public let summary = "A balancer spreads requests over servers, some slow, by one of four policies."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "policy", .choice(BalancingPolicy.allCases.map(\.rawValue)), default: .choice("round-robin"),
                doc: "How the balancer picks a server: in turn, at random, the fewest outstanding requests, "
                    + "or the fewer of two picked at random."),
            ParameterSpec("servers", .int(1...100), default: .int(10), doc: "How many servers share the requests."),
            ParameterSpec(
                "slow-servers", .int(0...100), default: .int(1),
                doc: "How many servers are slow: n1, n2... up to this many."),
            ParameterSpec(
                "slow-factor", .double(1...100), default: .double(3),
                doc: "How many times longer a slow server takes per request, on average."),
            ParameterSpec(
                "service-time", .duration(SimDuration.microsecond...(10 * SimDuration.second)),
                default: .duration(10 * SimDuration.millisecond),
                doc: "Mean time a normal server spends on a request; each time is drawn from an exponential "
                    + "distribution, so most are short and a few are long."),
            ParameterSpec(
                "load", .double(0.01...2), default: .double(0.85),
                doc: "Request rate as a fraction of what all servers together can serve (0.85: 85% busy)."),
            ParameterSpec(
                "requests", .int(1...200_000), default: .int(1_500), doc: "How many requests arrive in the run."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc: "How long the balancer waits for a reply before it gives up on a request (and counts "
                    + "that wait as its latency)."),
            ParameterSpec(
                "report-interval", .duration(0...(60 * SimDuration.second)), default: .duration(0),
                doc: "0: the balancer counts its own outstanding requests. Otherwise servers report their "
                    + "queue this often, and least-connections and power-of-two use the last reports."),
            ParameterSpec(
                "health-interval", .duration(0...(60 * SimDuration.second)), default: .duration(0),
                doc: "0: no health checks. Otherwise the balancer pings each server this often and takes one "
                    + "out of rotation after two unanswered pings; a server answers a ping at once, ahead of "
                    + "its queue."),
        ]
        + FaultVocabulary.parameters(duration: 600 * SimDuration.second, latency: .constant(SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "latency-p50",
            doc: "Median time in milliseconds from a request's arrival at the balancer to its reply "
                + "(a request given up on counts as the time waited)."),
        MetricSpec("latency-p99", doc: "99th-percentile latency in milliseconds: 1 request in 100 is slower."),
        MetricSpec(
            "max-queue",
            doc: "The most requests any one server held at once, the one in service included."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let servers = parameters.int("servers")
        let slow = parameters.int("slow-servers")
        guard slow <= servers else {
            throw .invalidSetting(
                parameter: "slow-servers", value: String(slow),
                problem: "there are only \(servers) servers; choose 0 to \(servers)")
        }
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: servers, clients: 1, trace: trace,
            of: (LoadBalancingSession.Message.self, LoadBalancingSession.Timer.self))
        let setup = LoadBalancingSession.Setup(
            policy: BalancingPolicy(rawValue: parameters.choice("policy")) ?? .roundRobin, slowServers: slow,
            slowFactor: parameters.double("slow-factor"), serviceTime: parameters.duration("service-time"),
            load: parameters.double("load"), requests: parameters.int("requests"),
            timeout: parameters.duration("timeout"), reportInterval: parameters.duration("report-interval"),
            healthInterval: parameters.duration("health-interval"))
        return LoadBalancingSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), setup: setup,
            limit: parameters.duration("duration"))
    }
}

/// How a balancer picks the server for the next request.
enum BalancingPolicy: String, CaseIterable {
    /// Each server in turn.
    case roundRobin = "round-robin"
    /// Any server, uniformly at random.
    case random
    /// The server with the fewest requests outstanding (ties broken at random).
    case leastConnections = "least-connections"
    /// The less loaded of two servers picked at random (Mitzenmacher's two choices).
    case powerOfTwo = "power-of-two"

    /// Whether the policy looks at how loaded the servers are.
    var usesLoad: Bool { self == .leastConnections || self == .powerOfTwo }
}
