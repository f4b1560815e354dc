import QuorumSim

/// Clients that send requests in bursts through a gateway to a service with limited capacity,
/// with or without a token-bucket rate limiter at the gateway.
///
/// The service `n1` works on `capacity` requests at once, each for `service-time`; more wait in
/// its queue, and the time it spends with a queue is its overload. The gateway `n2` passes every
/// request on, or, with `limiter=on`, only those that find a token in its bucket (`rate` tokens a
/// second, at most `burst` held); it rejects the rest at once, as an HTTP 429 would.
public struct RateLimiterModel: SimulationModel {
    public let name = "rate-limiter"
    public let summary =
        "A token bucket at a gateway protects a service from clients' bursts, at the price of rejections."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec("clients", .int(1...1_000), default: .int(10), doc: "How many clients send bursts."),
            ParameterSpec(
                "batch", .int(1...10_000), default: .int(30), doc: "Requests a client sends at once, in one burst."),
            ParameterSpec("batches", .int(1...1_000), default: .int(5), doc: "How many bursts each client sends."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(3_600 * SimDuration.second)),
                default: .duration(300 * SimDuration.millisecond),
                doc: "Mean time between a client's bursts (each gap is drawn from half to one and a half of it)."),
            ParameterSpec(
                "limiter", .bool, default: .bool(true),
                doc: "Whether the gateway n2 limits the rate with a token bucket."),
            ParameterSpec(
                "rate", .double(0...1_000_000), default: .double(1_000),
                doc: "Tokens the bucket gains per second: the rate it lets through for long."),
            ParameterSpec(
                "burst", .int(0...1_000_000), default: .int(10),
                doc: "Tokens the bucket holds at most: the most requests it lets through at once."),
            ParameterSpec(
                "capacity", .int(1...10_000), default: .int(20),
                doc: "Requests the service works on at once; more wait in its queue."),
            ParameterSpec(
                "service-time", .duration(SimDuration.microsecond...(60 * SimDuration.second)),
                default: .duration(10 * SimDuration.millisecond), doc: "How long the service works on a request."),
        ]
        + FaultVocabulary.parameters(
            duration: 600 * SimDuration.second, latency: .constant(2 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec("rejected", doc: "Requests the gateway's limiter turned away."),
        MetricSpec("served", doc: "Requests the service completed."),
        MetricSpec(
            "service-overload-ms",
            doc: "Time the service spent above its capacity, with requests waiting in its queue."),
        MetricSpec(
            "latency-p99-ms", doc: "99th-percentile time from sending a request to its answer, over served requests."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 2, clients: parameters.int("clients"), trace: trace,
            of: (RateLimiterSession.Message.self, RateLimiterSession.Timer.self))
        let settings = RateLimiterSession.Settings(
            batch: parameters.int("batch"), batches: parameters.int("batches"),
            interval: parameters.duration("interval"),
            limiter: parameters.bool("limiter"), rate: parameters.double("rate"), burst: parameters.int("burst"),
            capacity: parameters.int("capacity"), serviceTime: parameters.duration("service-time"))
        return RateLimiterSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}
