import QuorumCheck
import QuorumSim

/// Replicas of one replicated data type, updated at every replica at once and gossiping their
/// whole state, through a partition and its heal.
///
/// Each replica `n`i has a client `c`i that sends it operations (increments, decrements, adds,
/// removes or writes, by `type`); the replica applies each at once, without asking anyone, and
/// answers. Every `gossip-interval` a replica sends its whole state to the next other replica
/// in turn, and the receiver merges it into its own. The state is on disk, so a crash loses
/// nothing but the gossip timer.
///
/// The four CRDTs (`g-counter`, `pn-counter`, `or-set`, `lww-register`) converge once gossip
/// crosses the healed partition. `naive-counter` keeps one integer per replica and merges by
/// taking the maximum: it converges too, to a value missing every increment that happened
/// concurrently on more than one side.
public struct CRDTModel: SimulationModel {
    public let name = "crdt"
    public let summary = "Replicas of a CRDT (or a naive counter) gossip their state through a partition."

    public static let types = ["g-counter", "pn-counter", "or-set", "lww-register", "naive-counter"]

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "type", .choice(CRDTModel.types), default: .choice("g-counter"),
                doc: "g-counter, pn-counter, or-set, lww-register, or naive-counter (an integer merged by max)."),
            ParameterSpec("replicas", .int(2...20), default: .int(3), doc: "How many replicas (n1, n2, ...)."),
            ParameterSpec(
                "ops", .int(0...10_000), default: .int(20), doc: "Operations each replica's client performs."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(50 * SimDuration.millisecond), doc: "Time between a client's operations."),
            ParameterSpec(
                "gossip-interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How often each replica sends its whole state to the next other replica."),
        ]
        + FaultVocabulary.parameters(duration: 3 * SimDuration.second)

    public let metrics: [MetricSpec] = [
        MetricSpec("converged", doc: "1 if every replica holds the same state when the run ends, else 0."),
        MetricSpec(
            "lost-increments",
            doc:
                "Counter updates no replica's state holds any more, so no gossip can bring them back (0 for sets and registers)."
        ),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let replicas = parameters.int("replicas")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: replicas, clients: replicas, trace: trace,
            of: (CRDTSession.Message.self, CRDTSession.Timer.self))
        let settings = CRDTSession.Settings(
            type: parameters.choice("type"), replicas: replicas, ops: parameters.int("ops"),
            interval: parameters.duration("interval"), gossipInterval: parameters.duration("gossip-interval"))
        return CRDTSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters), settings: settings,
            limit: parameters.duration("duration"))
    }
}

/// One replica's state, of whichever type the run replicates.
enum CRDTReplicaState: Equatable {
    case gCounter(GCounter)
    case pnCounter(PNCounter)
    case orSet(ORSet)
    case lwwRegister(LWWRegister)
    case naiveCounter(NaiveCounter)

    init(type: String, replicas: Int) {
        switch type {
        case "pn-counter": self = .pnCounter(PNCounter(replicas: replicas))
        case "or-set": self = .orSet(ORSet())
        case "lww-register": self = .lwwRegister(LWWRegister())
        case "naive-counter": self = .naiveCounter(NaiveCounter())
        default: self = .gCounter(GCounter(replicas: replicas))
        }
    }

    /// The counter's value; nil for sets and registers.
    var count: Int? {
        switch self {
        case .gCounter(let counter): counter.value
        case .pnCounter(let counter): counter.value
        case .naiveCounter(let counter): counter.value
        case .orSet, .lwwRegister: nil
        }
    }

    /// What a client reads: `12`, `{a,c}`, `42`, or `-` for an unwritten register.
    var reading: String {
        switch self {
        case .gCounter(let counter): String(counter.value)
        case .pnCounter(let counter): String(counter.value)
        case .naiveCounter(let counter): String(counter.value)
        case .orSet(let set): "{" + set.elements.map(CRDTOperation.letter).joined(separator: ",") + "}"
        case .lwwRegister(let register): register.value.map(String.init) ?? "-"
        }
    }

    /// The whole payload, for `state` and a gossip message's detail.
    var payload: String {
        switch self {
        case .gCounter(let counter): "slots \(counter.slots) = \(counter.value)"
        case .pnCounter(let counter):
            "P \(counter.increments.slots) N \(counter.decrements.slots) = \(counter.value)"
        case .naiveCounter(let counter): "\(counter.value)"
        case .orSet(let set):
            "\(reading): \(set.added.count) tags added, \(set.removed.count) removed (tombstones)"
        case .lwwRegister(let register):
            register.stamp.map { "\(reading) stamped \(SimDuration.format($0.time)) by n\($0.replica + 1)" }
                ?? "unwritten"
        }
    }

    mutating func merge(_ other: CRDTReplicaState) {
        switch (self, other) {
        case (.gCounter(var mine), .gCounter(let theirs)):
            mine.merge(theirs)
            self = .gCounter(mine)
        case (.pnCounter(var mine), .pnCounter(let theirs)):
            mine.merge(theirs)
            self = .pnCounter(mine)
        case (.orSet(var mine), .orSet(let theirs)):
            mine.merge(theirs)
            self = .orSet(mine)
        case (.lwwRegister(var mine), .lwwRegister(let theirs)):
            mine.merge(theirs)
            self = .lwwRegister(mine)
        case (.naiveCounter(var mine), .naiveCounter(let theirs)):
            mine.merge(theirs)
            self = .naiveCounter(mine)
        default:
            preconditionFailure("crdt: replicas of one run hold different types: \(self) and \(other)")
        }
    }

    /// Applies a client's operation at `replica`; returns the change to the counter (+1, -1 or 0).
    mutating func apply(_ operation: CRDTOperation, replica: Int, clock: SimTime, sequence: Int) -> Int {
        switch (self, operation) {
        case (.gCounter(var counter), .increment):
            counter.increment(at: replica)
            self = .gCounter(counter)
            return 1
        case (.pnCounter(var counter), .increment):
            counter.increment(at: replica)
            self = .pnCounter(counter)
            return 1
        case (.pnCounter(var counter), .decrement):
            counter.decrement(at: replica)
            self = .pnCounter(counter)
            return -1
        case (.naiveCounter(var counter), .increment):
            counter.increment()
            self = .naiveCounter(counter)
            return 1
        case (.orSet(var set), .add(let element)):
            set.add(element, replica: replica, sequence: sequence)
            self = .orSet(set)
        case (.orSet(var set), .remove(let element)):
            set.remove(element)
            self = .orSet(set)
        case (.lwwRegister(var register), .write(let value)):
            register.assign(value, clock: clock, replica: replica)
            self = .lwwRegister(register)
        default:
            preconditionFailure("crdt: operation \(operation) does not apply to \(self)")
        }
        return 0
    }
}

/// What a client asks its replica to do.
enum CRDTOperation: Equatable {
    case increment
    case decrement
    case add(Int)
    case remove(Int)
    case write(Int)

    /// Set elements print as letters: 0 is `a`.
    static func letter(_ element: Int) -> String {
        String(UnicodeScalar(UInt8(97 + element % 26)))
    }

    var text: String {
        switch self {
        case .increment: "inc"
        case .decrement: "dec"
        case .add(let element): "add \(CRDTOperation.letter(element))"
        case .remove(let element): "remove \(CRDTOperation.letter(element))"
        case .write(let value): "write \(value)"
        }
    }
}

final class CRDTSession: EngineSession {
    enum Message: TraceDescribable {
        case operation(CRDTOperation)
        case done(CRDTOperation, reading: String)
        /// A replica's whole state. `heard` is the model's bookkeeping, not part of the state:
        /// the increments the sender had seen, to tell when a naive merge drops some.
        case gossip(CRDTReplicaState, heard: GCounter)

        var traceLabel: String {
            switch self {
            case .operation(let operation): operation.text
            case .done(_, let reading): "ok \(reading)"
            case .gossip(let state, _): "state \(state.reading)"
            }
        }

        var traceDetail: String {
            switch self {
            case .gossip(let state, _): "state \(state.payload)"
            default: traceLabel
            }
        }
    }

    enum Timer: TraceDescribable {
        case nextOperation
        case gossip

        var traceLabel: String {
            switch self {
            case .nextOperation: "next op"
            case .gossip: "gossip"
            }
        }
    }

    struct Settings {
        var type: String
        var replicas: Int
        var ops: Int
        var interval: SimTime
        var gossipInterval: SimTime
    }

    /// A replica's disk: its state, and how many tags it has handed out (tags must never repeat).
    struct Disk {
        var state: CRDTReplicaState
        var tags = 0
    }

    /// A replica's memory: which peer it gossips to next.
    struct Memory {
        var nextPeer: Int
    }

    /// Elements an or-set client adds and removes: a to e.
    private static let elements = 5

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private var replicas: NodeStates<Disk, Memory>
    private var clientRandom: [SplitMix64]
    private var issued: [Int]
    /// The sum of every counter update a replica applied: what a perfect counter would read.
    private var appliedNet = 0
    /// For the naive counter: the increments each replica has seen, as a grow-only counter, to
    /// tell when a merge by max drops some of them.
    private var seen: [GCounter]
    private var wasConverged = true
    private var reportedLosses = 0

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        let count = settings.replicas
        var random = sim.makeGenerator()
        let firstPeers = (0..<count).map { _ in Int(random.next() % UInt64(max(1, count - 1))) }
        replicas = NodeStates(
            count: count, durable: { _ in Disk(state: CRDTReplicaState(type: settings.type, replicas: count)) },
            boot: { index, _ in Memory(nextPeer: firstPeers[index]) })
        clientRandom = (0..<count).map { _ in random.split() }
        issued = Array(repeating: 0, count: count)
        seen = Array(repeating: GCounter(replicas: count), count: count)
        // Start times are spread over the first interval, in whole milliseconds so the diagram's
        // times stay readable.
        func start(within interval: SimTime) -> SimTime {
            let steps = UInt64(max(1, interval / SimDuration.millisecond))
            return SimTime(random.next() % steps) * SimDuration.millisecond
        }
        for replica in 0..<count {
            sim.noteState(NodeID(replica), "replica")
            sim.setTimer(.gossip, on: NodeID(replica), after: start(within: settings.gossipInterval))
            if settings.ops > 0 {
                sim.setTimer(.nextOperation, on: client(replica), after: start(within: settings.interval))
            }
        }
    }

    private func client(_ replica: Int) -> NodeID { NodeID(settings.replicas + replica) }

    // MARK: Clients

    private func nextOperation(for replica: Int) -> CRDTOperation {
        var random = clientRandom[replica]
        defer { clientRandom[replica] = random }
        switch settings.type {
        case "pn-counter":
            return random.nextUnit() < 0.6 ? .increment : .decrement
        case "or-set":
            let element = Int(random.next() % UInt64(Self.elements))
            return random.nextUnit() < 0.6 ? .add(element) : .remove(element)
        case "lww-register":
            return .write(Int(random.next() % 99) + 1)
        default:
            return .increment
        }
    }

    private func clientTurn(_ node: NodeID) {
        let replica = node.index - settings.replicas
        let operation = nextOperation(for: replica)
        issued[replica] += 1
        sim.noteInvoke(node, operation.text)
        sim.send(.operation(operation), from: node, to: NodeID(replica))
        if issued[replica] < settings.ops { sim.setTimer(.nextOperation, on: node, after: settings.interval) }
    }

    // MARK: Replicas

    private func apply(_ operation: CRDTOperation, at node: NodeID, from client: NodeID) {
        let replica = node.index
        let clock = sim.localTime(of: node)
        let change = replicas.withDurable(replica) { disk in
            defer { if case .add = operation { disk.tags += 1 } }
            return disk.state.apply(operation, replica: replica, clock: clock, sequence: disk.tags)
        }
        appliedNet += change
        if operation == .increment { seen[replica].increment(at: replica) }
        sim.send(.done(operation, reading: replicas.durable[replica].state.reading), from: node, to: client)
    }

    private func gossip(from node: NodeID) {
        let replica = node.index
        guard let memory = replicas.volatile(replica) else { return }
        let peer = (replica + 1 + memory.nextPeer) % settings.replicas
        replicas.withVolatile(replica) { $0.nextPeer = (memory.nextPeer + 1) % max(1, settings.replicas - 1) }
        sim.send(.gossip(replicas.durable[replica].state, heard: seen[replica]), from: node, to: NodeID(peer))
        sim.setTimer(.gossip, on: node, after: settings.gossipInterval)
    }

    private func merge(_ state: CRDTReplicaState, heard: GCounter, into node: NodeID, from sender: NodeID) {
        let replica = node.index
        let before = replicas.durable[replica].state
        replicas.withDurable(replica) { $0.state.merge(state) }
        if case .naiveCounter = state { noteNaiveMerge(before, state, heard: heard, at: replica, from: sender.index) }
        let converged = isConverged
        // Replicas can agree for a moment between operations; the moment worth telling is the
        // agreement after the last operation.
        if converged && !wasConverged && issued.allSatisfy({ $0 >= settings.ops }) {
            sim.narrative.add(
                sim.now,
                "all \(settings.replicas) replicas now hold the same state: \(replicas.durable[0].state.reading)")
        }
        wasConverged = converged
    }

    /// Tells when a merge by max keeps one side's integer although both sides had increments
    /// the other had not seen: the smaller side's own increments are gone.
    private func noteNaiveMerge(
        _ mine: CRDTReplicaState, _ theirs: CRDTReplicaState, heard theirsSeen: GCounter, at replica: Int,
        from sender: Int
    ) {
        let mineSeen = seen[replica]
        seen[replica].merge(theirsSeen)
        var union = mineSeen
        union.merge(theirsSeen)
        let concurrent = union != mineSeen && union != theirsSeen
        guard concurrent, reportedLosses < 3, let held = mine.count, let received = theirs.count else { return }
        reportedLosses += 1
        sim.narrative.add(
            sim.now,
            "n\(replica + 1) holds \(held), gets \(received) from n\(sender + 1) and keeps \(max(held, received)); "
                + "together they had seen \(union.value) increments")
    }

    private var isConverged: Bool {
        let first = replicas.durable[0].state
        return replicas.durable.allSatisfy { $0.state == first }
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.operation(let operation), let from, let to, _):
            apply(operation, at: to, from: from)
        case .message(.done(let operation, let reading), _, let to, _):
            sim.noteComplete(to, operation.text, outcome: "ok \(reading)")
        case .message(.gossip(let state, let heard), let from, let to, _):
            merge(state, heard: heard, into: to, from: from)
        case .timer(.nextOperation, let node):
            clientTurn(node)
        case .timer(.gossip, let node):
            gossip(from: node)
        case .crashed(let node):
            if node.index < settings.replicas { replicas.crash(node.index) }
        case .restarted(let node):
            if node.index < settings.replicas {
                replicas.restart(node.index)
                sim.noteState(node, "replica")
                sim.setTimer(.gossip, on: node, after: settings.gossipInterval)
            } else {
                let replica = node.index - settings.replicas
                if issued[replica] < settings.ops { sim.setTimer(.nextOperation, on: node, after: settings.interval) }
            }
        case .network:
            break
        }
    }

    // MARK: Reading the run

    func describe(_ process: NodeID) -> [String] {
        if process.index >= settings.replicas {
            let replica = process.index - settings.replicas
            return ["\(issued[replica]) of \(settings.ops) operations sent to n\(replica + 1)"]
        }
        let disk = replicas.durable[process.index]
        var lines = ["\(settings.type): \(disk.state.payload)"]
        if let memory = replicas.volatile(process.index) {
            let peer = (process.index + 1 + memory.nextPeer) % settings.replicas
            lines.append("gossips to n\(peer + 1) next")
        } else {
            lines.append("crashed; its state is on disk")
        }
        if let count = disk.state.count, settings.type == "naive-counter" {
            lines.append("increments it has heard of: \(seen[process.index].value), it counts \(count)")
        }
        return lines
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        // Merge every replica's state: what gossip could at best leave everywhere.
        var joined = replicas.durable[0].state
        for disk in replicas.durable.dropFirst() { joined.merge(disk.state) }
        var lost = 0
        if let count = joined.count {
            lost = appliedNet - count
            if settings.type != "naive-counter" && lost != 0 {
                preconditionFailure(
                    "crdt: the merged \(settings.type) reads \(count), but replicas applied \(appliedNet) "
                        + "(seed \(header.seed)); a CRDT must not lose or invent updates")
            }
        }
        return ([("converged", isConverged ? 1 : 0), ("lost-increments", Double(lost))], nil)
    }
}
