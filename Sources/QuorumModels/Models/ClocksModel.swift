import QuorumCheck
import QuorumSim

/// Nodes that send each other messages at random and do local work, every event stamped with a
/// Lamport clock (Lamport 1978) and a vector clock (Fidge 1988, Mattern 1989).
///
/// It shows what each clock can and cannot say. If a happened before b, both clocks order them
/// the right way; but a lower Lamport timestamp does not mean a happened before b, and only the
/// vector clocks tell concurrent events apart. Name two events with `a` and `b` and the run
/// says how they are related.
public struct ClocksModel: SimulationModel {
    public let name = "clocks"
    public let summary = "Random messages between nodes, each event stamped with a Lamport and a vector clock."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec("nodes", .int(2...8), default: .int(3), doc: "How many nodes exchange messages."),
            ParameterSpec(
                "actions", .int(1...500), default: .int(4),
                doc: "Sends and local steps each node makes; receives come on top of these."),
            ParameterSpec(
                "send-chance", .double(0...1), default: .double(0.6),
                doc: "Probability that an action sends a message to a random other node rather than a local step."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "Mean time between a node's actions (each gap is drawn from half to one and a half times it)."),
            ParameterSpec(
                "a", .event, default: .event(nil),
                doc: "An event to compare with b, like n1:3: the third event on n1, of any kind."),
            ParameterSpec("b", .event, default: .event(nil), doc: "The event to compare a with, like n2:2."),
        ]
        + FaultVocabulary.parameters(
            duration: 60 * SimDuration.second,
            latency: .uniform(low: 20 * SimDuration.millisecond, high: 150 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "concurrent-pairs",
            doc: "Pairs of events neither of which happened before the other, as their vector clocks show."),
        MetricSpec(
            "concurrent-fraction", doc: "Concurrent pairs as a share of all pairs of events (0 to 1)."),
        MetricSpec(
            "lamport-order-violations-of-causality",
            doc: "Pairs where a happened before b but L(a) >= L(b): always 0, as Lamport proved; checked every run."),
        MetricSpec(
            "lamport-says-ordered-but-concurrent",
            doc: "Concurrent pairs whose Lamport timestamps differ, so sorting by them invents an order."),
        MetricSpec("events", doc: "Events in all: local steps, sends and receives."),
        MetricSpec("messages", doc: "Messages sent (each send is one event)."),
        MetricSpec(
            "relation",
            doc: "How a and b relate: 1 if a happened before b, -1 if b happened before a, 0 if concurrent; "
                + "2 when a or b is unset or did not happen."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let nodes = parameters.int("nodes")
        let chosen = (parameters.event("a"), parameters.event("b"))
        for (name, event) in [("a", chosen.0), ("b", chosen.1)] {
            if let event, event.node >= nodes {
                throw .invalidSetting(
                    parameter: name, value: event.description,
                    problem: "the run has only \(nodes) nodes, n1 to n\(nodes)")
            }
        }
        if let a = chosen.0, a == chosen.1 {
            throw .invalidSetting(
                parameter: "b", value: a.description, problem: "a and b name the same event; pick two different ones")
        }
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: nodes, clients: 0, trace: trace,
            of: (ClocksSession.Message.self, ClocksSession.Timer.self))
        return ClocksSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            actions: parameters.int("actions"), sendChance: parameters.double("send-chance"),
            interval: parameters.duration("interval"), a: chosen.0, b: chosen.1,
            limit: parameters.duration("duration"))
    }
}

/// A Lamport timestamp and a vector clock, as one event carries them.
struct ClockStamp: Equatable {
    var lamport: Int
    var vector: [Int]

    var vectorText: String { "[" + vector.map(String.init).joined(separator: ",") + "]" }
    var text: String { "L=\(lamport) \(vectorText)" }
}

/// How two events are related by causality (Lamport's "happened before").
enum Causality: Equatable {
    case before
    case after
    case concurrent
    case same

    /// Decided by vector clocks alone: a happened before b exactly when a's vector is at most
    /// b's in every entry and they differ (Fidge 1988, Mattern 1989).
    init(_ a: [Int], _ b: [Int]) {
        var less = false
        var greater = false
        for index in a.indices {
            if a[index] < b[index] { less = true }
            if a[index] > b[index] { greater = true }
        }
        switch (less, greater) {
        case (true, false): self = .before
        case (false, true): self = .after
        case (true, true): self = .concurrent
        case (false, false): self = .same
        }
    }
}

final class ClocksSession: EngineSession {
    enum Message: TraceDescribable {
        case stamped(number: Int, stamp: ClockStamp)

        var traceLabel: String {
            switch self {
            case .stamped(let number, let stamp): "m\(number) \(stamp.text)"
            }
        }

        var traceDetail: String {
            switch self {
            case .stamped(let number, let stamp):
                "message m\(number), carrying its send event's Lamport time \(stamp.lamport) and vector clock \(stamp.vectorText)"
            }
        }
    }

    enum Timer: TraceDescribable {
        case act

        var traceLabel: String { "next action" }
    }

    /// One event as the run recorded it.
    struct Event {
        enum Kind: Equatable {
            case local
            case send(message: Int, to: Int)
            case receive(message: Int, from: Int)
        }

        var node: Int
        /// Which of its node's events, from 1.
        var number: Int
        var kind: Kind
        var stamp: ClockStamp
        var time: SimTime

        var name: String { "n\(node + 1):\(number)" }
    }

    /// A node's clocks and its plan. Kept on disk: a node that forgot its clocks in a crash
    /// could stamp a later event lower than an earlier one, which both clocks forbid.
    struct Disk {
        var stamp: ClockStamp
        var actionsLeft: Int
        var events = 0
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let sendChance: Double
    private let interval: SimTime
    private let a: EventReference?
    private let b: EventReference?
    private var nodes: NodeStates<Disk, Void>
    private var random: [SplitMix64]
    /// Every event, in the order they happened.
    private(set) var events: [Event] = []
    /// Where each node's events sit in `events`.
    private var eventsOf: [[Int]]
    /// The send event of each message, by message number (from 1; index 0 unused).
    private(set) var sendEvent: [Int] = [-1]
    private var jumpsTold = 0
    private var relationTold = false
    private var missingTold = false

    init(
        sim: Simulation<Message, Timer>, header: RunHeader, actions: Int, sendChance: Double, interval: SimTime,
        a: EventReference?, b: EventReference?, limit: SimTime
    ) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.sendChance = sendChance
        self.interval = interval
        self.a = a
        self.b = b
        let count = sim.nodeCount
        nodes = NodeStates(
            count: count,
            durable: { _ in
                Disk(stamp: ClockStamp(lamport: 0, vector: Array(repeating: 0, count: count)), actionsLeft: actions)
            },
            boot: { _, _ in () })
        var root = sim.makeGenerator()
        random = (0..<count).map { _ in root.split() }
        eventsOf = Array(repeating: [], count: count)
        for node in 0..<count { scheduleAction(node) }
    }

    private func scheduleAction(_ node: Int) {
        guard nodes.durable[node].actionsLeft > 0 else { return }
        let spread = Double(interval) * (0.5 + random[node].nextUnit())
        sim.setTimer(.act, on: NodeID(node), after: max(1, SimTime(spread.rounded())))
    }

    /// Ticks the node's clocks for a new event (after merging `received`, for a receive) and
    /// records the event.
    @discardableResult
    private func record(_ kind: Event.Kind, on node: Int, merging received: ClockStamp? = nil) -> ClockStamp {
        let stamp = nodes.withDurable(node) { disk in
            if let received {
                disk.stamp.lamport = max(disk.stamp.lamport, received.lamport)
                for index in disk.stamp.vector.indices {
                    disk.stamp.vector[index] = max(disk.stamp.vector[index], received.vector[index])
                }
            }
            disk.stamp.lamport += 1
            disk.stamp.vector[node] += 1
            disk.events += 1
            return disk.stamp
        }
        let event = Event(node: node, number: nodes.durable[node].events, kind: kind, stamp: stamp, time: sim.now)
        eventsOf[node].append(events.count)
        events.append(event)
        // The kind comes first, so the role timeline shows what each node did last.
        switch kind {
        case .local: sim.noteState(NodeID(node), "local \(event.name) \(stamp.text)")
        case .send(let message, _): sim.noteState(NodeID(node), "send \(event.name) m\(message) \(stamp.text)")
        case .receive(let message, _): sim.noteState(NodeID(node), "recv \(event.name) m\(message) \(stamp.text)")
        }
        tellRelationIfBothHappened()
        return stamp
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.act, let node):
            let index = node.index
            nodes.withDurable(index) { $0.actionsLeft -= 1 }
            if sim.nodeCount > 1, random[index].nextUnit() < sendChance {
                var target = Int(random[index].next(upperBound: UInt64(sim.nodeCount - 1)))
                if target >= index { target += 1 }
                let number = sendEvent.count
                sendEvent.append(events.count)
                let stamp = record(.send(message: number, to: target), on: index)
                sim.send(.stamped(number: number, stamp: stamp), from: node, to: NodeID(target))
            } else {
                record(.local, on: index)
            }
            scheduleAction(index)
        case .message(.stamped(let number, let carried), let from, let to, _):
            let before = nodes.durable[to.index].stamp.lamport
            let stamp = record(.receive(message: number, from: from.index), on: to.index, merging: carried)
            if stamp.lamport > before + 1, jumpsTold < 2 {
                jumpsTold += 1
                sim.narrative.add(
                    sim.now,
                    "\(sim.name(to)) got m\(number) (L=\(carried.lamport)) and moved its Lamport clock from \(before) to \(stamp.lamport)"
                )
            }
        case .crashed(let node):
            nodes.crash(node.index)
        case .restarted(let node):
            nodes.restart(node.index)
            scheduleAction(node.index)
        case .network:
            break
        }
    }

    private func find(_ reference: EventReference?) -> Event? {
        guard let reference, reference.node < eventsOf.count, reference.number <= eventsOf[reference.node].count
        else { return nil }
        return events[eventsOf[reference.node][reference.number - 1]]
    }

    /// Says how a and b relate, once both have happened.
    private func tellRelationIfBothHappened() {
        guard !relationTold, let first = find(a), let second = find(b) else { return }
        relationTold = true
        let pair = "a=\(first.name) \(first.stamp.text) and b=\(second.name) \(second.stamp.text)"
        let text =
            switch Causality(first.stamp.vector, second.stamp.vector) {
            case .before: "\(pair): a happened before b (a's vector is <= b's in every entry)"
            case .after: "\(pair): b happened before a (b's vector is <= a's in every entry)"
            case .concurrent, .same:
                "\(pair) are concurrent: neither vector is <= the other"
                    + (first.stamp.lamport == second.stamp.lamport
                        ? ""
                        : ", though sorting by Lamport time puts \(first.stamp.lamport < second.stamp.lamport ? "a" : "b") first")
            }
        sim.narrative.add(sim.now, text)
    }

    func describe(_ process: NodeID) -> [String] {
        let disk = nodes.durable[process.index]
        let last = eventsOf[process.index].last.map { events[$0].name } ?? "none yet"
        return [
            "clocks: \(disk.stamp.text) (kept on disk)" + (nodes.isUp(process.index) ? "" : "; crashed"),
            "events so far: \(disk.events) (latest \(last)); actions left: \(disk.actionsLeft)",
        ]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        // Pairs grow with the square of the events, so the loop reads flat arrays. It uses the
        // vector clocks' own-entry test: x happened before y exactly when y has heard of x,
        // that is when y's entry for x's node is at least x's number there. This is the full
        // comparison of `Causality` specialised to a pair of recorded events.
        let width = sim.nodeCount
        let nodeOf = events.map(\.node)
        let numberOf = events.map(\.number)
        let lamportOf = events.map(\.stamp.lamport)
        let vectors = events.flatMap(\.stamp.vector)
        var concurrent = 0
        var lamportInvents = 0
        var violations = 0
        nodeOf.withUnsafeBufferPointer { node in
            numberOf.withUnsafeBufferPointer { number in
                lamportOf.withUnsafeBufferPointer { lamport in
                    vectors.withUnsafeBufferPointer { vector in
                        for x in 0..<node.count {
                            for y in (x + 1)..<node.count {
                                let xBeforeY = vector[y * width + node[x]] >= number[x]
                                let yBeforeX = vector[x * width + node[y]] >= number[y]
                                if xBeforeY {
                                    if lamport[x] >= lamport[y] { violations += 1 }
                                } else if yBeforeX {
                                    if lamport[y] >= lamport[x] { violations += 1 }
                                } else {
                                    concurrent += 1
                                    if lamport[x] != lamport[y] { lamportInvents += 1 }
                                }
                            }
                        }
                    }
                }
            }
        }
        // Lamport's clock condition: a -> b implies L(a) < L(b). A violation is a bug in the model.
        if violations > 0 {
            let lines = events.map { "\($0.name) t=\($0.time) \($0.kind) \($0.stamp.text)" }
            preconditionFailure(
                "clocks: \(violations) pairs break Lamport's clock condition; events:\n" + lines.joined(separator: "\n")
            )
        }
        let pairs = events.count * (events.count - 1) / 2
        var relation = 2.0
        if a != nil || b != nil, find(a) == nil || find(b) == nil, !missingTold {
            missingTold = true
            let missing = [a, b].compactMap { $0 }.filter { find($0) == nil }.map { reference in
                "\(reference) did not happen (n\(reference.node + 1) had \(eventsOf[reference.node].count) events)"
            }
            let unset = a == nil ? ["a is not set"] : b == nil ? ["b is not set"] : []
            sim.narrative.add(sim.now, "no relation to report: " + (unset + missing).joined(separator: "; "))
        }
        if let first = find(a), let second = find(b) {
            switch Causality(first.stamp.vector, second.stamp.vector) {
            case .before: relation = 1
            case .after: relation = -1
            case .concurrent, .same: relation = 0
            }
        }
        return (
            [
                ("concurrent-pairs", Double(concurrent)),
                ("concurrent-fraction", pairs == 0 ? 0 : Double(concurrent) / Double(pairs)),
                ("lamport-order-violations-of-causality", Double(violations)),
                ("lamport-says-ordered-but-concurrent", Double(lamportInvents)),
                ("events", Double(events.count)),
                ("messages", Double(sendEvent.count - 1)),
                ("relation", relation),
            ], nil
        )
    }
}
