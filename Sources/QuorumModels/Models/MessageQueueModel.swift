import QuorumCheck
import QuorumSim

/// A producer, a broker and consumers that charge a card for each message: what delivery
/// semantics cost when acknowledgements are lost and consumers crash.
///
/// The producer `c1` publishes messages to the broker `n1`, resending each until the broker
/// confirms it has stored it (the broker keeps one copy per message id). The broker hands each
/// message to a consumer (`n2`...): message m goes first to consumer m mod k, a redelivery to
/// the consumer after the one that last had it. A consumer works on a message for
/// `processing-time`; halfway through it applies the message's effect, a charge in the payment
/// ledger, and at the end it acknowledges the message.
///
/// - `delivery=at-most-once`: the broker counts a message as done the moment it hands it out
///   (an automatic acknowledgement, before any processing) and never sends it again. A message
///   lost on the way, or held by a consumer that crashes before charging, never takes effect.
/// - `delivery=at-least-once`: the broker keeps the message until the consumer's ack arrives,
///   and redelivers it after `ack-timeout`. A lost ack, or a crash after the charge but before
///   the ack, makes a consumer process the message again.
///
/// The ledger is the payment database all consumers write to; it is not lost in a crash. With
/// `idempotent-consumer=on` a consumer writes the message id into the ledger in the same
/// transaction as the charge, and skips a message whose id is already there.
public struct MessageQueueModel: SimulationModel {
    public let name = "message-queue"
    public let summary = "A producer, a broker and consumers: at-most-once or at-least-once, lost acks, crashes."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "messages", .int(1...10_000), default: .int(20), doc: "How many messages the producer publishes."),
            ParameterSpec(
                "consumers", .int(1...20), default: .int(2), doc: "How many consumers (n2, n3, ...) share the queue."),
            ParameterSpec(
                "delivery", .choice(["at-most-once", "at-least-once"]), default: .choice("at-least-once"),
                doc: "at-most-once: done once handed out, never resent; at-least-once: resent until acknowledged."),
            ParameterSpec(
                "idempotent-consumer", .bool, default: .bool(false),
                doc: "Whether consumers record each message id with its charge and skip ids already recorded."),
            ParameterSpec(
                "ack-loss", .double(0...1), default: .double(0.1),
                doc: "Probability that a consumer's ack to the broker is lost (at-least-once sends acks)."),
            ParameterSpec(
                "ack-timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(200 * SimDuration.millisecond),
                doc: "How long the broker waits for an ack before redelivering; the producer resends after it too."),
            ParameterSpec(
                "processing-time", .duration(0...(10 * SimDuration.second)),
                default: .duration(40 * SimDuration.millisecond),
                doc: "How long a consumer works on a message: it charges halfway through and acks at the end."),
            ParameterSpec(
                "interval", .duration(0...(60 * SimDuration.second)), default: .duration(50 * SimDuration.millisecond),
                doc: "Time between the producer's messages."),
        ]
        + FaultVocabulary.parameters(duration: 60 * SimDuration.second)

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "lost-messages",
            doc: "Messages the broker confirmed to the producer that never took effect (never charged)."),
        MetricSpec(
            "duplicate-effects",
            doc: "Charges beyond the first for the same message: double charges, summed over messages."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let consumers = parameters.int("consumers")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: consumers + 1, clients: 1, trace: trace,
            of: (MessageQueueSession.Message.self, MessageQueueSession.Timer.self))
        let settings = MessageQueueSession.Settings(
            messages: parameters.int("messages"), consumers: consumers,
            atLeastOnce: parameters.choice("delivery") == "at-least-once",
            idempotent: parameters.bool("idempotent-consumer"), ackLoss: parameters.double("ack-loss"),
            ackTimeout: parameters.duration("ack-timeout"), processingTime: parameters.duration("processing-time"),
            interval: parameters.duration("interval"))
        return MessageQueueSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}

final class MessageQueueSession: EngineSession {
    enum Message: TraceDescribable {
        case publish(Int)
        case stored(Int)
        case deliver(Int, attempt: Int)
        case ack(Int)

        var traceLabel: String {
            switch self {
            case .publish(let message): "publish m\(message + 1)"
            case .stored(let message): "stored m\(message + 1)"
            case .deliver(let message, let attempt): "m\(message + 1)" + (attempt > 1 ? " again" : "")
            case .ack(let message): "ack m\(message + 1)"
            }
        }

        var traceDetail: String {
            switch self {
            case .deliver(let message, let attempt): "deliver m\(message + 1), delivery \(attempt)"
            default: traceLabel
            }
        }
    }

    enum Timer: TraceDescribable {
        case publishNext
        case publishTimeout(Int)
        case ackTimeout(Int, attempt: Int)
        case charge(Int)
        case finish(Int)

        var traceLabel: String {
            switch self {
            case .publishNext: "publish next"
            case .publishTimeout(let message): "no stored m\(message + 1)"
            case .ackTimeout(let message, _): "no ack m\(message + 1)"
            case .charge(let message): "charge m\(message + 1)"
            case .finish(let message): "done m\(message + 1)"
            }
        }
    }

    struct Settings {
        var messages: Int
        var consumers: Int
        var atLeastOnce: Bool
        var idempotent: Bool
        var ackLoss: Double
        var ackTimeout: SimTime
        var processingTime: SimTime
        var interval: SimTime
    }

    /// The broker's disk: every message it has stored, and where each one stands.
    struct BrokerDisk {
        var stored: [Bool]
        /// Acknowledged (at-least-once) or handed out (at-most-once): the broker is finished with it.
        var done: [Bool]
        /// How many times each message has been handed out.
        var deliveries: [Int]
        /// The consumer (0-based among consumers) that had each message last.
        var lastConsumer: [Int]
    }

    /// The broker's memory: the ack timers it is waiting on.
    struct BrokerMemory {
        var ackTimers: [TimerID?]
    }

    /// A consumer's memory: the messages it is working on, in arrival order, and which of them
    /// it has already charged.
    struct ConsumerMemory {
        var working: [(message: Int, charged: Bool)] = []
    }

    /// The producer's disk: how far it got, and which messages the broker confirmed.
    struct ProducerDisk {
        var published = 0
        var confirmed: [Bool]
    }

    /// The producer's memory: the resend timers it is waiting on.
    struct ProducerMemory {
        var resendTimers: [TimerID?]
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let broker = NodeID(0)
    private let producer: NodeID
    private var random: SplitMix64
    private var brokerState: NodeStates<BrokerDisk, BrokerMemory>
    private var consumerState: NodeStates<Void, ConsumerMemory>
    private var producerState: NodeStates<ProducerDisk, ProducerMemory>
    /// The payment ledger, a database outside the consumers: charges per message, and the ids
    /// an idempotent consumer recorded with them.
    private var charges: [Int]
    private var recorded: [Bool]
    /// Charges each consumer made, for `state`.
    private var chargesBy: [Int]
    private var redeliveries = 0
    private var acksLost = 0

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        let count = settings.messages
        producer = NodeID(settings.consumers + 1)
        random = sim.makeGenerator()
        brokerState = NodeStates(
            count: 1,
            durable: { _ in
                BrokerDisk(
                    stored: Array(repeating: false, count: count), done: Array(repeating: false, count: count),
                    deliveries: Array(repeating: 0, count: count), lastConsumer: Array(repeating: 0, count: count))
            },
            boot: { _, _ in BrokerMemory(ackTimers: Array(repeating: nil, count: count)) })
        consumerState = NodeStates(count: settings.consumers, durable: { _ in () }, boot: { _, _ in ConsumerMemory() })
        producerState = NodeStates(
            count: 1, durable: { _ in ProducerDisk(confirmed: Array(repeating: false, count: count)) },
            boot: { _, _ in ProducerMemory(resendTimers: Array(repeating: nil, count: count)) })
        charges = Array(repeating: 0, count: count)
        recorded = Array(repeating: false, count: count)
        chargesBy = Array(repeating: 0, count: settings.consumers)
        sim.noteState(broker, "broker")
        for consumer in 0..<settings.consumers { sim.noteState(consumerNode(consumer), "idle") }
        publishNext()
    }

    private func consumerNode(_ consumer: Int) -> NodeID { NodeID(consumer + 1) }
    private func name(_ message: Int) -> String { "m\(message + 1)" }

    // MARK: Producer

    private func publishNext() {
        let message = producerState.withDurable(0) { disk in
            defer { disk.published += 1 }
            return disk.published
        }
        sim.noteInvoke(producer, "publish \(name(message))")
        publish(message)
        if message + 1 < settings.messages { sim.setTimer(.publishNext, on: producer, after: settings.interval) }
    }

    private func publish(_ message: Int) {
        sim.send(.publish(message), from: producer, to: broker)
        let timer = sim.setTimer(.publishTimeout(message), on: producer, after: settings.ackTimeout)
        producerState.withVolatile(0) { $0.resendTimers[message] = timer }
    }

    // MARK: Broker

    private func brokerReceives(_ message: Int) {
        sim.send(.stored(message), from: broker, to: producer)
        let isNew = brokerState.withDurable(0) { disk in
            defer { disk.stored[message] = true }
            return !disk.stored[message]
        }
        if isNew { deliver(message, to: message % settings.consumers) }
    }

    private func deliver(_ message: Int, to consumer: Int) {
        let attempt = brokerState.withDurable(0) { disk in
            disk.deliveries[message] += 1
            disk.lastConsumer[message] = consumer
            // At most once: handing it out is the acknowledgement.
            if !settings.atLeastOnce { disk.done[message] = true }
            return disk.deliveries[message]
        }
        sim.send(.deliver(message, attempt: attempt), from: broker, to: consumerNode(consumer))
        guard settings.atLeastOnce else { return }
        let timer = sim.setTimer(.ackTimeout(message, attempt: attempt), on: broker, after: settings.ackTimeout)
        brokerState.withVolatile(0) { $0.ackTimers[message] = timer }
    }

    private func redeliver(_ message: Int) {
        let next = (brokerState.durable[0].lastConsumer[message] + 1) % settings.consumers
        redeliveries += 1
        deliver(message, to: next)
    }

    private func brokerAcknowledged(_ message: Int) {
        guard !brokerState.durable[0].done[message] else { return }
        brokerState.withDurable(0) { $0.done[message] = true }
        if let timer = brokerState.volatile(0)?.ackTimers[message] { sim.cancelTimer(timer) }
    }

    // MARK: Consumers

    private func consumerReceives(_ message: Int, at node: NodeID) {
        let consumer = node.index - 1
        if settings.idempotent && recorded[message] {
            sim.narrative.add(sim.now, "\(sim.name(node)) finds \(name(message)) in the ledger already and skips it")
            acknowledge(message, from: node)
            return
        }
        consumerState.withVolatile(consumer) { $0.working.append((message, false)) }
        noteWork(consumer)
        let half = settings.processingTime / 2
        sim.setTimer(.charge(message), on: node, after: half)
    }

    private func charge(_ message: Int, at node: NodeID) {
        let consumer = node.index - 1
        consumerState.withVolatile(consumer) { memory in
            if let index = memory.working.firstIndex(where: { $0.message == message && !$0.charged }) {
                memory.working[index].charged = true
            }
        }
        // The check and the charge are one transaction in the ledger's database.
        if settings.idempotent && recorded[message] {
            sim.narrative.add(sim.now, "\(sim.name(node)) finds \(name(message)) in the ledger already: no charge")
        } else {
            charges[message] += 1
            chargesBy[consumer] += 1
            recorded[message] = true
            if charges[message] == 2 {
                sim.narrative.add(sim.now, "\(sim.name(node)) charges \(name(message)) a second time: a double charge")
            }
        }
        sim.setTimer(.finish(message), on: node, after: settings.processingTime - settings.processingTime / 2)
    }

    private func finish(_ message: Int, at node: NodeID) {
        let consumer = node.index - 1
        consumerState.withVolatile(consumer) { memory in
            if let index = memory.working.firstIndex(where: { $0.message == message && $0.charged }) {
                memory.working.remove(at: index)
            }
        }
        noteWork(consumer)
        acknowledge(message, from: node)
    }

    private func acknowledge(_ message: Int, from node: NodeID) {
        guard settings.atLeastOnce else { return }
        if settings.ackLoss > 0 && random.nextUnit() < settings.ackLoss {
            acksLost += 1
            sim.sendLost(.ack(message), from: node, to: broker)
        } else {
            sim.send(.ack(message), from: node, to: broker)
        }
    }

    private func noteWork(_ consumer: Int) {
        guard let memory = consumerState.volatile(consumer) else { return }
        let text =
            memory.working.isEmpty
            ? "idle" : "processing " + memory.working.map { name($0.message) }.joined(separator: ",")
        sim.noteState(consumerNode(consumer), text)
    }

    private func consumerCrashed(_ consumer: Int) {
        let node = consumerNode(consumer)
        for (message, charged) in consumerState.volatile(consumer)?.working ?? [] {
            let fate: String
            switch (settings.atLeastOnce, charged) {
            case (false, false): fate = "before charging it; at most once, so \(name(message)) is lost"
            case (false, true): fate = "after charging it; the broker counted it done on delivery"
            case (true, false): fate = "before charging it; the broker will redeliver it"
            case (true, true): fate = "after charging it but before the ack; the broker will redeliver it"
            }
            sim.narrative.add(sim.now, "\(sim.name(node)) crashed holding \(name(message)), \(fate)")
        }
        consumerState.crash(consumer)
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.publish(let message), _, _, _):
            brokerReceives(message)
        case .message(.stored(let message), _, _, _):
            guard !producerState.durable[0].confirmed[message] else { return }
            producerState.withDurable(0) { $0.confirmed[message] = true }
            if let timer = producerState.volatile(0)?.resendTimers[message] { sim.cancelTimer(timer) }
            sim.noteComplete(producer, "publish \(name(message))", outcome: "ok")
        case .message(.deliver(let message, _), _, let to, _):
            consumerReceives(message, at: to)
        case .message(.ack(let message), _, _, _):
            brokerAcknowledged(message)
        case .timer(.publishNext, _):
            publishNext()
        case .timer(.publishTimeout(let message), _):
            if !producerState.durable[0].confirmed[message] { publish(message) }
        case .timer(.ackTimeout(let message, let attempt), _):
            let disk = brokerState.durable[0]
            guard !disk.done[message], disk.deliveries[message] == attempt else { return }
            let next = (disk.lastConsumer[message] + 1) % settings.consumers
            sim.narrative.add(
                sim.now,
                "no ack for \(name(message)) from \(sim.name(consumerNode(disk.lastConsumer[message]))): "
                    + "n1 redelivers it to \(sim.name(consumerNode(next)))")
            redeliver(message)
        case .timer(.charge(let message), let node):
            charge(message, at: node)
        case .timer(.finish(let message), let node):
            finish(message, at: node)
        case .crashed(let node):
            crashed(node)
        case .restarted(let node):
            restarted(node)
        case .network:
            break
        }
    }

    private func crashed(_ node: NodeID) {
        if node == broker {
            brokerState.crash(0)
        } else if node == producer {
            producerState.crash(0)
        } else {
            consumerCrashed(node.index - 1)
        }
    }

    private func restarted(_ node: NodeID) {
        if node == broker {
            brokerState.restart(0)
            sim.noteState(broker, "broker")
            // The ack timers died with its memory; whatever is still unacknowledged goes out again.
            let disk = brokerState.durable[0]
            for message in 0..<settings.messages where disk.stored[message] && !disk.done[message] {
                redeliver(message)
            }
        } else if node == producer {
            producerState.restart(0)
            let disk = producerState.durable[0]
            for message in 0..<disk.published where !disk.confirmed[message] { publish(message) }
            if disk.published < settings.messages { publishNext() }
        } else {
            consumerState.restart(node.index - 1)
            noteWork(node.index - 1)
        }
    }

    // MARK: Reading the run

    func describe(_ process: NodeID) -> [String] {
        let lost = lostMessages
        let ledger = "the shared ledger: \(charges.reduce(0, +)) charges for \(charges.count { $0 > 0 }) messages"
        if process == broker {
            let disk = brokerState.durable[0]
            let waiting = (0..<settings.messages).filter { disk.stored[$0] && !disk.done[$0] }
            var lines = [
                "stored \(disk.stored.count { $0 }) of \(settings.messages) messages, done with \(disk.done.count { $0 })",
                "redeliveries so far: \(redeliveries)",
            ]
            if settings.atLeastOnce {
                let shown = waiting.prefix(8).map(name).joined(separator: ", ")
                lines.append(
                    waiting.isEmpty
                        ? "waiting for no acks" : "waiting for acks: \(shown)\(waiting.count > 8 ? ", ..." : "")")
            }
            if !brokerState.isUp(0) { lines.insert("crashed; its disk keeps the messages", at: 0) }
            return lines
        }
        if process == producer {
            let disk = producerState.durable[0]
            return [
                "published \(disk.published) of \(settings.messages), \(disk.confirmed.count { $0 }) confirmed stored",
                "lost so far (confirmed, never charged): \(lost)",
            ]
        }
        let consumer = process.index - 1
        let mine = "charged \(chargesBy[consumer]) times so far"
        guard let memory = consumerState.volatile(consumer) else {
            return ["down: what it was working on is forgotten", mine, ledger]
        }
        let work = memory.working.map { name($0.message) + ($0.charged ? " (charged)" : "") }
        return [work.isEmpty ? "idle" : "working on " + work.joined(separator: ", "), mine, ledger]
    }

    private var lostMessages: Int {
        let confirmed = producerState.durable[0].confirmed
        return (0..<settings.messages).count { confirmed[$0] && charges[$0] == 0 }
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let duplicates = charges.reduce(0) { $0 + max(0, $1 - 1) }
        if settings.idempotent, let message = charges.firstIndex(where: { $0 > 1 }) {
            preconditionFailure(
                "message-queue: an idempotent consumer charged \(name(message)) \(charges[message]) times "
                    + "(seed \(header.seed), parameters \(header.parameters.values.map { "\($0.name)=\($0.value)" }))")
        }
        return ([("lost-messages", Double(lostMessages)), ("duplicate-effects", Double(duplicates))], nil)
    }
}
