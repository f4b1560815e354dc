import QuorumCheck
import QuorumSim

/// A run of `event-driven`: the producer `c1`, the broker `n1` and its log, the consumers.
final class EventDrivenSession: EngineSession {
    enum Message: TraceDescribable {
        case publish(Int)
        case published(Int)
        /// A consumer asks for the events from an offset on, which acknowledges every event
        /// before it; nil means "from where I last acknowledged", which is all a consumer that
        /// just restarted knows.
        case fetch(from: Int?)
        /// The events at offsets `from..<from + count`.
        case events(from: Int, count: Int)
        case ack(Int)

        var traceLabel: String {
            switch self {
            case .publish(let number): "publish \(number + 1)"
            case .published(let number): "ack publish \(number + 1)"
            case .fetch(let from): from.map { "fetch from event \($0 + 1)" } ?? "fetch after last ack"
            case .events(let from, let count): count == 1 ? "event \(from + 1)" : "events \(from + 1)..\(from + count)"
            case .ack(let offset): "ack event \(offset + 1)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// The producer's next event is due.
        case publish
        /// The producer stops waiting for the broker to acknowledge a publish.
        case unacknowledged(Int)
        /// A consumer finished processing the event at an offset.
        case processed(Int)
        /// A consumer heard nothing back for its fetch and asks again.
        case refetch

        var traceLabel: String {
            switch self {
            case .publish: "publish next"
            case .unacknowledged(let number): "no ack for publish \(number + 1)"
            case .processed(let offset): "processed event \(offset + 1)"
            case .refetch: "fetch again"
            }
        }
    }

    struct Settings {
        var rate: Double
        var processTime: LatencyDistribution
        var timeout: SimTime
        var poll: SimTime
    }

    /// What every node keeps on disk. Only the broker uses it: the log's length and each
    /// consumer's acknowledged position (consumers keep theirs at the broker, as Kafka's do).
    struct Disk {
        var logLength = 0
        var acknowledged: [Int] = []
    }

    /// A node's memory: the broker's parked fetches, or a consumer's batch in progress.
    struct Memory {
        /// Broker: for each consumer, the offset of a fetch waiting for new events.
        var parked: [Int?] = []
        /// Consumer: the offset it asked for (nil: from its last acknowledgement), while waiting.
        var asked: Int??
        var retry: TimerID?
        var cursor = 0
        var end = 0
    }

    struct Publish {
        var sentAt: SimTime
        var timer: TimerID?
        var settled = false
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let broker = NodeID(0)
    private let producer: NodeID
    private let consumerCount: Int
    private var nodes: NodeStates<Disk, Memory>
    private var random: [SplitMix64]
    private let interval: SimTime

    private var publishes: [Publish] = []
    /// The log's contents: when each event was published, by offset.
    private var publishedAt: [SimTime] = []
    private var publishLatencies: [SimTime] = []
    private var unacknowledged = 0
    private var deliveryLatencies: [SimTime] = []
    /// How often each consumer has processed the event at each offset.
    private var processed: [[Int]]
    private var redelivered = 0
    private var backlogMax = 0
    /// When each consumer restarted, while it is still catching up.
    private var catchingUpSince: [SimTime?]
    private var drainTimes: [SimTime] = []
    private var toldBacklog: [Bool]
    private var toldUnacknowledged = false

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        let consumers = sim.nodeCount - 1
        consumerCount = consumers
        producer = NodeID(sim.nodeCount)
        nodes = NodeStates(
            count: sim.nodeCount,
            durable: { index in Disk(acknowledged: index == 0 ? Array(repeating: 0, count: consumers) : []) },
            boot: { index, _ in Memory(parked: index == 0 ? Array(repeating: nil, count: consumers) : []) })
        random = sim.nodes.map { _ in sim.makeGenerator() }
        interval = max(1, SimTime((Double(SimDuration.second) / settings.rate).rounded()))
        processed = Array(repeating: [], count: consumers)
        catchingUpSince = Array(repeating: nil, count: consumers)
        toldBacklog = Array(repeating: false, count: consumers)
        sim.noteState(broker, "broker")
        let names = (1...consumers).map { "n\($0 + 1)" }
        sim.narrative.add(
            0,
            "c1 publishes to the broker n1; "
                + (consumers == 1 ? "n2 reads" : "\(names.joined(separator: ", ")) each read")
                + " every event in n1's log")
        for consumer in 1...consumers {
            sim.noteState(NodeID(consumer), "consumer")
            fetch(by: consumer, from: 0)
        }
        sim.setTimer(.publish, on: producer, after: interval)
    }

    private func backlog(of consumer: Int) -> Int {
        let disk = nodes.durable[0]
        return disk.logLength - disk.acknowledged[consumer - 1]
    }

    // MARK: The producer

    private func publish() {
        let number = publishes.count
        sim.noteInvoke(producer, "publish \(number + 1)")
        let timer = sim.setTimer(.unacknowledged(number), on: producer, after: settings.timeout)
        publishes.append(Publish(sentAt: sim.now, timer: timer))
        sim.send(.publish(number), from: producer, to: broker)
        sim.setTimer(.publish, on: producer, after: interval)
    }

    private func settle(_ number: Int, outcome: String) -> Bool {
        guard !publishes[number].settled else { return false }
        publishes[number].settled = true
        if let timer = publishes[number].timer { sim.cancelTimer(timer) }
        sim.noteComplete(producer, "publish \(number + 1)", outcome: outcome)
        return true
    }

    // MARK: The broker

    private func append(_ number: Int) {
        guard nodes.isUp(0) else { return }
        let offset = nodes.withDurable(0) { disk -> Int in
            disk.logLength += 1
            return disk.logLength - 1
        }
        publishedAt.append(publishes[number].sentAt)
        sim.send(.published(number), from: broker, to: producer)
        for consumer in 1...consumerCount {
            let waiting = backlog(of: consumer)
            backlogMax = max(backlogMax, waiting)
            if sim.status(of: NodeID(consumer)) == .crashed && !toldBacklog[consumer - 1] {
                toldBacklog[consumer - 1] = true
                sim.narrative.add(
                    sim.now,
                    "n\(consumer + 1) is down; the broker keeps its events in the log, and its backlog grows with every publish"
                )
            }
            if let parked = nodes.volatile(0)?.parked[consumer - 1], parked <= offset {
                answer(consumer, from: parked)
            }
        }
    }

    /// Sends a consumer the events from `offset` on, or parks its fetch until there are some.
    private func answer(_ consumer: Int, from offset: Int) {
        let length = nodes.durable[0].logLength
        guard offset < length else {
            nodes.withVolatile(0) { $0.parked[consumer - 1] = offset }
            return
        }
        nodes.withVolatile(0) { $0.parked[consumer - 1] = nil }
        let count = min(EventDrivenModel.batchLimit, length - offset)
        sim.send(.events(from: offset, count: count), from: broker, to: NodeID(consumer))
    }

    private func fetched(by consumer: Int, from asked: Int?) {
        guard nodes.isUp(0) else { return }
        if let asked {
            acknowledged(asked - 1, by: consumer)  // a fetch from an offset says everything before it is done
        } else if let since = catchingUpSince[consumer - 1] {
            sim.narrative.add(
                sim.now,
                "n\(consumer + 1) asks for everything after its last acknowledgement: \(backlog(of: consumer)) events to catch up on"
            )
            if backlog(of: consumer) == 0 { caughtUp(consumer, since: since) }
        }
        answer(consumer, from: asked ?? nodes.durable[0].acknowledged[consumer - 1])
    }

    private func acknowledged(_ offset: Int, by consumer: Int) {
        guard nodes.isUp(0) else { return }
        nodes.withDurable(0) { $0.acknowledged[consumer - 1] = max($0.acknowledged[consumer - 1], offset + 1) }
        if let since = catchingUpSince[consumer - 1], backlog(of: consumer) == 0 { caughtUp(consumer, since: since) }
    }

    private func caughtUp(_ consumer: Int, since: SimTime) {
        catchingUpSince[consumer - 1] = nil
        drainTimes.append(sim.now - since)
        sim.narrative.add(
            sim.now,
            "n\(consumer + 1) has caught up: its backlog is empty, \(SimDuration.format(sim.now - since)) after its restart"
        )
    }

    // MARK: Consumers

    private func fetch(by consumer: Int, from offset: Int?) {
        let timer = sim.setTimer(.refetch, on: NodeID(consumer), after: settings.poll)
        nodes.withVolatile(consumer) { memory in
            memory.asked = .some(offset)
            memory.retry = timer
        }
        sim.send(.fetch(from: offset), from: NodeID(consumer), to: broker)
    }

    private func received(_ offset: Int, count: Int, at consumer: Int) {
        guard let memory = nodes.volatile(consumer), let asked = memory.asked, asked == nil || asked == offset else {
            return  // an answer to a fetch it has stopped waiting for
        }
        if let timer = memory.retry { sim.cancelTimer(timer) }
        nodes.withVolatile(consumer) { memory in
            memory.asked = nil
            memory.retry = nil
            memory.cursor = offset
            memory.end = offset + count
        }
        processNext(at: consumer)
    }

    private func processNext(at consumer: Int) {
        guard let cursor = nodes.volatile(consumer)?.cursor else { return }
        sim.setTimer(.processed(cursor), on: NodeID(consumer), after: settings.processTime.sample(&random[consumer]))
    }

    private func finished(_ offset: Int, at consumer: Int) {
        let index = consumer - 1
        // Consumers read the log in order from their acknowledged position, so each processes
        // events without gaps; a gap would be an event lost for good, a bug in this model.
        guard offset <= processed[index].count else {
            preconditionFailure(
                "event-driven: n\(consumer + 1) processed event \(offset + 1) but never event \(processed[index].count + 1)"
            )
        }
        if offset == processed[index].count { processed[index].append(0) }
        processed[index][offset] += 1
        if processed[index][offset] == 1 {
            deliveryLatencies.append(sim.now - publishedAt[offset])
        } else {
            redelivered += 1
        }
        guard let memory = nodes.volatile(consumer) else { return }
        if offset + 1 < memory.end {
            sim.send(.ack(offset), from: NodeID(consumer), to: broker)
            nodes.withVolatile(consumer) { $0.cursor = offset + 1 }
            processNext(at: consumer)
        } else {
            fetch(by: consumer, from: memory.end)  // which acknowledges the batch's last event too
        }
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.publish(let number), _, _, _):
            append(number)
        case .message(.published(let number), _, _, _):
            if settle(number, outcome: "ok") { publishLatencies.append(sim.now - publishes[number].sentAt) }
        case .message(.fetch(let offset), let from, _, _):
            fetched(by: from.index, from: offset)
        case .message(.events(let offset, let count), _, let to, _):
            received(offset, count: count, at: to.index)
        case .message(.ack(let offset), let from, _, _):
            acknowledged(offset, by: from.index)
        case .timer(.publish, _):
            publish()
        case .timer(.unacknowledged(let number), _):
            publishes[number].timer = nil
            guard settle(number, outcome: "info") else { return }
            unacknowledged += 1
            if !toldUnacknowledged {
                toldUnacknowledged = true
                sim.narrative.add(
                    sim.now,
                    "c1 heard no acknowledgement for publish \(number + 1): without the broker, nothing can be published"
                )
            }
        case .timer(.processed(let offset), let node):
            finished(offset, at: node.index)
        case .timer(.refetch, let node):
            guard let asked = nodes.volatile(node.index)?.asked else { return }
            fetch(by: node.index, from: asked)
        case .crashed(let node):
            if node.index < sim.nodeCount { nodes.crash(node.index) }
        case .restarted(let node):
            if node == producer {
                sim.setTimer(.publish, on: producer, after: interval)
                return
            }
            nodes.restart(node.index)
            if node == broker {
                sim.noteState(broker, "broker")
                return
            }
            sim.noteState(node, "consumer")
            catchingUpSince[node.index - 1] = sim.now
            toldBacklog[node.index - 1] = false
            fetch(by: node.index, from: nil)
        case .network:
            break
        }
    }

    func describe(_ process: NodeID) -> [String] {
        if process == producer {
            return ["published \(publishes.count) events: \(publishLatencies.count) acknowledged"]
        }
        if process == broker {
            let disk = nodes.durable[0]
            let behind = (1...consumerCount).map { "n\($0 + 1) \(backlog(of: $0))" }
            return [
                "log on disk: \(disk.logLength) events" + (nodes.isUp(0) ? "" : " (crashed; the log survives)"),
                "backlog per consumer: " + behind.joined(separator: ", "),
            ]
        }
        let consumer = process.index
        let done = processed[consumer - 1].filter { $0 > 0 }.count
        guard let memory = nodes.volatile(consumer) else {
            return ["crashed; processed \(done) events so far, \(backlog(of: consumer)) waiting at the broker"]
        }
        if memory.asked != nil { return ["processed \(done) events; waiting for the broker to send more"] }
        return ["processed \(done) events; working on event \(memory.cursor + 1) of a batch up to \(memory.end)"]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let latencies = publishLatencies.sorted()
        let deliveries = deliveryLatencies.sorted()
        let settled = publishLatencies.count + unacknowledged
        let seconds = Double(max(sim.now, 1)) / Double(SimDuration.second)
        let stillCatchingUp = catchingUpSince.compactMap { $0.map { sim.now - $0 } }
        let backlogEnd = (1...consumerCount).map(backlog(of:)).max() ?? 0
        return (
            [
                ("availability", settled == 0 ? 0 : Double(publishLatencies.count) / Double(settled)),
                ("latency-p50", milliseconds(percentile(latencies, 0.50))),
                ("latency-p99", milliseconds(percentile(latencies, 0.99))),
                ("throughput", Double(publishLatencies.count) / seconds),
                ("backlog-max", Double(backlogMax)),
                ("backlog-end", Double(backlogEnd)),
                ("drain-ms", milliseconds((drainTimes + stillCatchingUp).max() ?? 0)),
                ("delivery-latency-p99", milliseconds(percentile(deliveries, 0.99))),
                ("redelivered", Double(redelivered)),
            ], nil
        )
    }
}
