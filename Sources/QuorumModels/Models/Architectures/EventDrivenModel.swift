import QuorumCheck
import QuorumSim

/// A producer, a broker and consumers that never talk to each other directly: while a consumer
/// is down its events wait in the broker's log, and the producer does not notice.
///
/// The producer `c1` publishes events, evenly spaced at `rate` per second, to the broker `n1`,
/// which appends each one to its log on disk and acknowledges it. Every consumer (`n2`, `n3`...)
/// reads the whole log, the way each subscriber of a topic does: it asks the broker for the
/// events after its position, processes them one at a time (`process-time` each), and
/// acknowledges each one, and the broker keeps each consumer's position on disk. A consumer
/// that crashes and restarts asks for everything after its last acknowledged position, so it
/// catches up on what it missed.
public struct EventDrivenModel: SimulationModel {
    public let name = "event-driven"
    public let summary = "A producer publishes to a broker; consumers read at their own pace and catch up."

    /// The most events the broker hands a consumer in one batch.
    static let batchLimit = 100

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "consumers", .int(1...20), default: .int(2),
                doc: "How many consumers (n2, n3, ...) each read every event."),
            ParameterSpec(
                "rate", .double(0.1...10_000), default: .double(50),
                doc: "Events per second the producer c1 publishes, evenly spaced."),
            ParameterSpec(
                "process-time", .latency, default: .latency(.constant(5 * SimDuration.millisecond)),
                doc: "How long a consumer takes to process one event."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc:
                    "How long the producer waits for the broker's acknowledgement before it counts a publish as failed."
            ),
            ParameterSpec(
                "poll", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(500 * SimDuration.millisecond),
                doc: "How long a consumer waits for the broker to answer a fetch before it asks again."),
        ]
        + FaultVocabulary.parameters(duration: 10 * SimDuration.second, latency: .constant(2 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "availability", doc: "Fraction of publishes the broker acknowledged, of those settled by the end."),
        MetricSpec(
            "latency-p50",
            doc: "Median publish latency in ms: from the producer's send to the broker's acknowledgement."),
        MetricSpec("latency-p99", doc: "99th-percentile publish latency in ms."),
        MetricSpec("throughput", doc: "Publishes acknowledged per second of the run."),
        MetricSpec(
            "backlog-max",
            doc: "The most events ever waiting for one consumer: in the log, not yet processed and acknowledged by it."),
        MetricSpec("backlog-end", doc: "Events still waiting for the furthest-behind consumer when the run ends."),
        MetricSpec(
            "drain-ms",
            doc: "Longest time from a consumer's restart until it had caught up (its backlog empty), or until the end."),
        MetricSpec(
            "delivery-latency-p99",
            doc:
                "99th-percentile time in ms from publishing an event to a consumer finishing it (each consumer counts)."
        ),
        MetricSpec("redelivered", doc: "Events a consumer processed more than once (at-least-once delivery)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let consumers = parameters.int("consumers")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: 1 + consumers, clients: 1, trace: trace,
            of: (EventDrivenSession.Message.self, EventDrivenSession.Timer.self))
        return EventDrivenSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: EventDrivenSession.Settings(
                rate: parameters.double("rate"), processTime: parameters.latency("process-time"),
                timeout: parameters.duration("timeout"), poll: parameters.duration("poll")),
            limit: parameters.duration("duration"))
    }
}
