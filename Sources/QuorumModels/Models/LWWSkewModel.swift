import QuorumCheck
import QuorumSim

/// Replicas that resolve conflicting writes by last-writer-wins on their own wall clocks.
///
/// Each replica takes writes from its own client, stamps each with what its local clock reads
/// (so `skew` and `drift` change the stamps), acknowledges it, and sends it to the other
/// replicas. Every replica keeps, per key, the write with the highest stamp. With true clocks
/// that is the latest write; with a clock behind, a newer write carries a smaller stamp and is
/// thrown away, after its client was told it succeeded.
public struct LWWSkewModel: SimulationModel {
    public let name = "lww-skew"
    public let summary = "Last-writer-wins replicas stamping writes with their own, possibly skewed, clocks."

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "replicas", .int(2...9), default: .int(3),
                doc: "How many replicas; each has one client (c1 writes to n1, c2 to n2...)."),
            ParameterSpec("writes", .int(1...2_000), default: .int(10), doc: "Writes each client makes."),
            ParameterSpec(
                "interval", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "Mean time between a client's writes (each gap is drawn from half to one and a half times it)."),
            ParameterSpec(
                "keys", .int(1...100), default: .int(1),
                doc: "How many keys the clients write, each picked at random (1 is a single register, x)."),
        ]
        + FaultVocabulary.parameters(
            duration: 600 * SimDuration.second,
            latency: .uniform(low: 5 * SimDuration.millisecond, high: 20 * SimDuration.millisecond))

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "lost-updates",
            doc: "Acknowledged writes that lost to a write of the same key which had been acknowledged before "
                + "they were even sent: the older write won because its replica's clock read later."),
        MetricSpec("writes", doc: "Writes acknowledged to their clients."),
        MetricSpec(
            "stale-final-values",
            doc: "Keys whose winning write (the highest stamp) was acknowledged before another write of the key "
                + "was sent, so the key ends on an older value than real time says."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let replicas = parameters.int("replicas")
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: replicas, clients: replicas, trace: trace,
            of: (LWWSkewSession.Message.self, LWWSkewSession.Timer.self))
        return LWWSkewSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            writes: parameters.int("writes"), interval: parameters.duration("interval"), keys: parameters.int("keys"),
            limit: parameters.duration("duration"))
    }
}

final class LWWSkewSession: EngineSession {
    /// What orders two writes under last-writer-wins: the stamp, then the replica, then the
    /// replica's own count, so no two writes tie.
    struct Version: Comparable {
        var stamp: SimTime
        var replica: Int
        var sequence: Int

        static func < (lhs: Version, rhs: Version) -> Bool {
            (lhs.stamp, lhs.replica, lhs.sequence) < (rhs.stamp, rhs.replica, rhs.sequence)
        }
    }

    /// One write, identified by its value (unique in the run).
    struct Write {
        var key: Int
        var value: Int
        var client: Int
        /// True time at which the client sent it.
        var invokedAt: SimTime
        /// The stamp its replica gave it; nil until then.
        var version: Version?
        /// True time at which its client heard it succeeded; nil until then.
        var acknowledgedAt: SimTime?

        var acknowledged: Bool { acknowledgedAt != nil }

        /// Whether it finished before `other` began: real-time order, as linearizability uses it.
        /// A write whose acknowledgement never arrived precedes nothing.
        func precedes(_ other: Write) -> Bool {
            guard let acknowledgedAt else { return false }
            return acknowledgedAt < other.invokedAt
        }
    }

    enum Message: TraceDescribable {
        case write(key: String, value: Int)
        case ack(key: String, value: Int, stamp: SimTime)
        case replicate(key: String, value: Int, version: Version)

        var traceLabel: String {
            switch self {
            case .write(let key, let value): "write \(key)=\(value)"
            case .ack(let key, let value, let stamp): "ok \(key)=\(value) @\(SimDuration.format(stamp))"
            case .replicate(let key, let value, let version): "\(key)=\(value) @\(SimDuration.format(version.stamp))"
            }
        }

        var traceDetail: String {
            switch self {
            case .write(let key, let value): "client asks its replica to set \(key) to \(value)"
            case .ack(let key, let value, let stamp):
                "the replica stored \(key)=\(value) stamped \(SimDuration.format(stamp)) by its own clock"
            case .replicate(let key, let value, let version):
                "n\(version.replica + 1) passes on \(key)=\(value), stamped \(SimDuration.format(version.stamp)) by n\(version.replica + 1)'s clock"
            }
        }
    }

    enum Timer: TraceDescribable {
        case write

        var traceLabel: String { "next write" }
    }

    /// A replica's store: per key, the value with the highest version it has seen.
    struct Disk {
        var store: [Int: (value: Int, version: Version)] = [:]
        var sequence = 0
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let writesPerClient: Int
    private let interval: SimTime
    private let keyCount: Int
    private var replicas: NodeStates<Disk, Void>
    private var random: [SplitMix64]
    /// Every write, indexed by value - 1.
    private(set) var writes: [Write] = []
    private var sentBy: [Int]
    private var narrated: Set<Int> = []

    init(
        sim: Simulation<Message, Timer>, header: RunHeader, writes: Int, interval: SimTime, keys: Int,
        limit: SimTime
    ) {
        self.sim = sim
        self.header = header
        self.limit = limit
        writesPerClient = writes
        self.interval = interval
        keyCount = keys
        let count = sim.nodeCount
        replicas = NodeStates(count: count, durable: { _ in Disk() }, boot: { _, _ in () })
        var root = sim.makeGenerator()
        random = (0..<count).map { _ in root.split() }
        sentBy = Array(repeating: 0, count: count)
        for client in 0..<count { scheduleWrite(client) }
    }

    private func keyName(_ key: Int) -> String { keyCount == 1 ? "x" : "k\(key + 1)" }

    private func clientID(_ client: Int) -> NodeID { NodeID(sim.nodeCount + client) }

    private func scheduleWrite(_ client: Int) {
        guard sentBy[client] < writesPerClient else { return }
        let spread = Double(interval) * (0.5 + random[client].nextUnit())
        sim.setTimer(.write, on: clientID(client), after: max(1, SimTime(spread.rounded())))
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.write, let process):
            let client = process.index - sim.nodeCount
            sentBy[client] += 1
            let key = keyCount == 1 ? 0 : Int(random[client].next(upperBound: UInt64(keyCount)))
            let value = writes.count + 1
            writes.append(Write(key: key, value: value, client: client, invokedAt: sim.now))
            sim.noteInvoke(process, "write \(keyName(key))=\(value)")
            sim.send(.write(key: keyName(key), value: value), from: process, to: NodeID(client))
            scheduleWrite(client)
        case .message(.write(let keyText, let value), let from, let to, _):
            let replica = to.index
            let write = writes[value - 1]
            // A duplicated request is the same write: the replica stamps it once.
            guard write.version == nil else { return }
            let sequence = replicas.withDurable(replica) { disk in
                disk.sequence += 1
                return disk.sequence
            }
            let version = Version(stamp: sim.localTime(of: to), replica: replica, sequence: sequence)
            writes[value - 1].version = version
            apply(value, at: replica)
            sim.send(.ack(key: keyText, value: value, stamp: version.stamp), from: to, to: from)
            for other in 0..<sim.nodeCount where other != replica {
                sim.send(.replicate(key: keyText, value: value, version: version), from: to, to: NodeID(other))
            }
        case .message(.replicate(_, let value, _), _, let to, _):
            apply(value, at: to.index)
        case .message(.ack(let key, let value, _), _, let to, _):
            guard !writes[value - 1].acknowledged else { return }
            writes[value - 1].acknowledgedAt = sim.now
            sim.noteComplete(to, "write \(key)=\(value)", outcome: "ok")
        case .crashed(let node):
            if node.index < sim.nodeCount { replicas.crash(node.index) }
        case .restarted(let node):
            // A client picks up its writes where it stopped; a replica comes back with its store.
            if node.index < sim.nodeCount {
                replicas.restart(node.index)
            } else {
                scheduleWrite(node.index - sim.nodeCount)
            }
        case .network:
            break
        }
    }

    /// Last-writer-wins: keeps the write with the higher version, and tells the story when the
    /// loser was sent after the winner had already been acknowledged.
    private func apply(_ value: Int, at replica: Int) {
        let incoming = writes[value - 1]
        guard let version = incoming.version else { return }
        let held = replicas.durable[replica].store[incoming.key]
        guard let held, held.version > version else {
            replicas.withDurable(replica) { $0.store[incoming.key] = (value, version) }
            if let held { tellIfLost(loser: held.value, winner: value, at: replica) }
            return
        }
        tellIfLost(loser: value, winner: held.value, at: replica)
    }

    private func tellIfLost(loser: Int, winner: Int, at replica: Int) {
        let lost = writes[loser - 1]
        let won = writes[winner - 1]
        guard let wonAt = won.acknowledgedAt, let wonVersion = won.version, let lostVersion = lost.version,
            wonVersion > lostVersion, won.precedes(lost), narrated.insert(loser).inserted
        else { return }
        let key = keyName(lost.key)
        sim.narrative.add(
            sim.now,
            "n\(replica + 1) kept \(key)=\(winner) (stamped \(SimDuration.format(wonVersion.stamp)) by n\(wonVersion.replica + 1)) "
                + "over \(key)=\(loser) (stamped \(SimDuration.format(lostVersion.stamp)) by n\(lostVersion.replica + 1)), "
                + "though \(key)=\(loser) was sent \(SimDuration.format(lost.invokedAt - wonAt)) after \(key)=\(winner) was acknowledged"
        )
    }

    func describe(_ process: NodeID) -> [String] {
        if process.index >= sim.nodeCount {
            let client = process.index - sim.nodeCount
            let acknowledged = writes.count { $0.client == client && $0.acknowledged }
            return [
                "sent \(sentBy[client]) of \(writesPerClient) writes to n\(client + 1), \(acknowledged) acknowledged"
            ]
        }
        let clock = sim.localTime(of: process)
        var lines = [
            "clock reads \(SimDuration.format(clock)) (true time \(SimDuration.format(sim.now)))"
                + (replicas.isUp(process.index) ? "" : "; crashed")
        ]
        let store = replicas.durable[process.index].store
        for key in store.keys.sorted() {
            if let entry = store[key] {
                lines.append(
                    "\(keyName(key))=\(entry.value) @\(SimDuration.format(entry.version.stamp)) from n\(entry.version.replica + 1)"
                )
            }
        }
        return lines
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        var lost = 0
        var staleKeys = 0
        for key in 0..<keyCount {
            // The key's acknowledged writes in the order their clients heard so, with a running
            // maximum of their versions: for each write, the highest stamp among the writes that
            // had finished before it was sent.
            let writesOfKey = writes.filter { $0.key == key && $0.version != nil }
            let finished = writesOfKey.filter(\.acknowledged)
                .sorted { ($0.acknowledgedAt ?? 0, $0.value) < ($1.acknowledgedAt ?? 0, $1.value) }
            var highest: [Version] = []
            for write in finished {
                if let version = write.version { highest.append(max(highest.last ?? version, version)) }
            }
            func highestBefore(_ write: Write) -> Version? {
                var low = 0
                var high = finished.count
                while low < high {
                    let middle = (low + high) / 2
                    if finished[middle].precedes(write) { low = middle + 1 } else { high = middle }
                }
                return low > 0 ? highest[low - 1] : nil
            }
            for write in finished {
                if let version = write.version, let before = highestBefore(write), before > version { lost += 1 }
            }
            // The winner is stale if some write of the key was sent after it had finished.
            let winner = writesOfKey.compactMap { write in write.version.map { (write, $0) } }.max { $0.1 < $1.1 }?.0
            if let winner, writesOfKey.contains(where: { winner.precedes($0) }) {
                staleKeys += 1
            }
        }
        return (
            [
                ("lost-updates", Double(lost)),
                ("writes", Double(writes.count { $0.acknowledged })),
                ("stale-final-values", Double(staleKeys)),
            ], nil
        )
    }
}
