import QuorumSim

/// Many clients that must each get one call through to an overloaded, flaky server, retrying
/// with one of the backoff strategies Marc Brooker compared in "Exponential Backoff And Jitter"
/// (AWS Architecture Blog, 2015), optionally behind a circuit breaker.
///
/// The server `n1` works on at most `capacity` calls at once, each for `service-time`; a call
/// that arrives while it is full is turned away at once (busy), as an overloaded service sheds
/// load, and a call it works on fails with probability `failure`. Clients reach it through a
/// proxy `n2` (like a sidecar or an API gateway), which holds the circuit breaker when
/// `breaker=on` and otherwise only forwards. Every client starts its operation at time 0, so
/// they all contend at once, as in Brooker's simulation.
public struct RetriesModel: SimulationModel {
    public let name = "retries"
    public let summary = "Clients retry calls to an overloaded server: backoff, jitter and a circuit breaker."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "clients", .int(1...1_000), default: .int(100),
                doc: "How many clients each need one call to succeed; all start at time 0."),
            ParameterSpec(
                "strategy", .choice(RetryStrategy.allCases.map(\.rawValue)), default: .choice("exponential"),
                doc: "How long a client waits before a retry (none = never retry; see the retries lesson)."),
            ParameterSpec(
                "base", .duration(SimDuration.microsecond...(60 * SimDuration.second)),
                default: .duration(10 * SimDuration.millisecond),
                doc: "The first backoff: exponential waits base, 2*base, 4*base... before retries 1, 2, 3..."),
            ParameterSpec(
                "cap", .duration(SimDuration.microsecond...(3_600 * SimDuration.second)),
                default: .duration(SimDuration.second), doc: "The longest backoff."),
            ParameterSpec(
                "budget", .int(1...1_000), default: .int(10),
                doc: "Most tries per operation, the first included; then the client gives up."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How long a client (and the proxy) waits for a reply before counting the try as failed."),
            ParameterSpec(
                "capacity", .int(1...10_000), default: .int(10),
                doc: "Calls the server works on at once; a call that arrives when it is full is turned away."),
            ParameterSpec(
                "service-time", .duration(SimDuration.microsecond...(60 * SimDuration.second)),
                default: .duration(10 * SimDuration.millisecond), doc: "How long the server works on a call."),
            ParameterSpec(
                "failure", .double(0...1), default: .double(0),
                doc: "Probability that a call the server works on fails anyway (a flaky server)."),
            ParameterSpec(
                "breaker", .bool, default: .bool(false),
                doc: "Whether the proxy n2 holds a circuit breaker (closed, open, half-open)."),
            ParameterSpec(
                "breaker-threshold", .int(1...10_000), default: .int(5),
                doc: "Failures in a row (busy, error or timeout) that open the breaker."),
            ParameterSpec(
                "breaker-open", .duration(SimDuration.millisecond...(3_600 * SimDuration.second)),
                default: .duration(200 * SimDuration.millisecond),
                doc: "How long the breaker stays open, refusing every call, before it goes half-open."),
            ParameterSpec(
                "breaker-probes", .int(1...1_000), default: .int(1),
                doc: "Trial calls a half-open breaker lets through; all must succeed for it to close."),
        ]
        + FaultVocabulary.parameters(
            duration: 600 * SimDuration.second,
            latency: .uniform(low: SimDuration.millisecond, high: 3 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "completion-time-ms",
            doc: "Time until every client's operation succeeded or gave up (the run's end if some never did)."),
        MetricSpec("calls", doc: "Calls sent to the server: every try the breaker let through."),
        MetricSpec("success-rate", doc: "Fraction of clients whose operation succeeded."),
        MetricSpec(
            "server-utilization",
            doc: "Share of the server's capacity used until completion: low when calls come in crowds between silences."
        ),
        MetricSpec("fast-failures", doc: "Tries the open circuit breaker refused at once, without calling the server."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let clients = parameters.int("clients")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 2, clients: clients, trace: trace,
            of: (RetriesSession.Message.self, RetriesSession.Timer.self))
        let strategy = RetryStrategy(rawValue: parameters.choice("strategy")) ?? .exponential
        let settings = RetriesSession.Settings(
            backoff: Backoff(strategy, base: parameters.duration("base"), cap: parameters.duration("cap")),
            budget: strategy == .none ? 1 : parameters.int("budget"), timeout: parameters.duration("timeout"),
            capacity: parameters.int("capacity"), serviceTime: parameters.duration("service-time"),
            failure: parameters.double("failure"), breaker: parameters.bool("breaker"),
            breakerThreshold: parameters.int("breaker-threshold"), breakerOpen: parameters.duration("breaker-open"),
            breakerProbes: parameters.int("breaker-probes"))
        return RetriesSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}
