import QuorumSim

/// One checkout request through eight services, traced: every service records a span, passes
/// the trace context on with its calls, and the run draws the trace as a waterfall.
///
/// It shows what distributed tracing is for: the request took 202 ms, and the waterfall says
/// which of the eight services spent them, which calls ran side by side and which waited on one
/// another, and which spans a speed-up would shorten (the critical path) and which it would not.
public struct TracingModel: SimulationModel {
    public let name = "tracing"
    public let summary = "One request through eight services, traced: spans, context propagation, a waterfall."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "slow-service", .choice(["none"] + CallGraph.names), default: .choice("pricing"),
                doc: "The service that is slow today (n1 gateway, n2 auth, n3 cart, n4 pricing, "
                    + "n5 inventory, n6 recommendations, n7 payments, n8 fraud)."),
            ParameterSpec(
                "slow-ms", .int(0...60_000), default: .int(150),
                doc: "Extra work the slow service does on each call, in milliseconds."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc: "How long a service waits for a call it made before it gives up and answers with an error."),
            ParameterSpec(
                "drop-context", .choice(["none"] + CallGraph.names), default: .choice("none"),
                doc: "A service that forgets to pass the traceparent on, so the services it calls start new traces."),
            ParameterSpec(
                "sample-rate", .double(0...1), default: .double(1),
                doc: "Chance that the gateway records the request's trace (head sampling); callees follow its choice."),
        ]
        + FaultVocabulary.parameters(duration: 10 * SimDuration.second, latency: .constant(SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "critical-path-ms",
            doc:
                "Length of the trace's critical path, the spans that set how long the request took; 0 with no root span."
        ),
        MetricSpec(
            "spans",
            doc: "Spans recorded in the request's trace (not those lost in a crash, left unsampled or cut off)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: CallGraph.services.count, clients: 1, trace: trace,
            of: (TracingSession.Message.self, TracingSession.Timer.self))
        let slow = CallGraph.names.firstIndex(of: parameters.choice("slow-service"))
        let services = CallGraph.services.enumerated().map { index, service in
            guard index == slow else { return service }
            return ServiceSpec(
                name: service.name, operation: service.operation,
                before: service.before + SimTime(parameters.int("slow-ms")) * SimDuration.millisecond,
                stages: service.stages, after: service.after)
        }
        return TracingSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            services: services, timeout: parameters.duration("timeout"),
            dropContext: CallGraph.names.firstIndex(of: parameters.choice("drop-context")),
            sampleRate: parameters.double("sample-rate"), limit: parameters.duration("duration"))
    }
}
