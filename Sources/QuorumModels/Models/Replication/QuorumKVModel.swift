import QuorumCheck
import QuorumSim

/// Leaderless replication as in Dynamo: a coordinator sends each write to all `n` replicas and
/// waits for `w` acknowledgements, and reads `r` replicas, taking the newest version it hears.
///
/// For each write, `n - w` replicas picked at random are slow: the write reaches them
/// `propagation` later (never, by default). So when the write is acknowledged, exactly `w`
/// replicas hold it, and a read `read-delay` later that asks `r` random replicas misses all of
/// them with probability C(n-w, r) / C(n, r), the closed form of Bailis et al.'s Probabilistically
/// Bounded Staleness (2012): 2/3 for n=3, r=w=1, and 0 whenever r + w > n.
public struct QuorumKVModel: SimulationModel {
    public let name = "quorum-kv"
    public let summary = "Leaderless quorums (Dynamo): write to w of n replicas, read r; when is a read stale?"

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec("n", .int(1...9), default: .int(3), doc: "How many replicas hold the key."),
            ParameterSpec(
                "r", .int(1...9), default: .int(1),
                doc: "Replicas a read asks; it returns the newest version they hold."),
            ParameterSpec(
                "w", .int(1...9), default: .int(1), doc: "Acknowledgements a write waits for before it succeeds."),
            ParameterSpec(
                "read-repair", .bool, default: .bool(false),
                doc:
                    "on: after a read, send the newest version to the replicas it asked that answered with an older one."
            ),
            ParameterSpec(
                "read-delay", .duration(0...(60 * SimDuration.second)), default: .duration(0),
                doc: "How long after a write succeeds its first read starts."),
            ParameterSpec(
                "propagation", .moment, default: .moment(nil),
                doc:
                    "Extra delay before a write reaches the n - w replicas chosen to be slow for it; never: only read repair brings it."
            ),
            ParameterSpec(
                "writes", .int(1...100_000), default: .int(500),
                doc: "How many writes the client makes, one after another, each a new version of the key."),
            ParameterSpec(
                "reads", .int(1...10), default: .int(1),
                doc: "Reads after each write, one after another; the first starts read-delay after the write succeeds."),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(SimDuration.second),
                doc: "How long the coordinator waits for w (or r) replies before the operation fails."),
        ]
        + ReplicaClients.overriding(
            FaultVocabulary.parameters(
                duration: 3_600 * SimDuration.second,
                latency: .exponential(mean: 10 * SimDuration.millisecond, floor: 0)),
            [
                (
                    "partition", nil,
                    "Groups that cannot reach each other, like \"c1,n1|n2,n3\"; the client c1 coordinates every read and write, so only cuts between it and replicas matter."
                )
            ])

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "stale-read-fraction",
            doc: "Fraction of successful reads that returned an older version than the last acknowledged write."),
        MetricSpec("read-latency-p99", doc: "99th-percentile time in ms a successful read took (all r replies)."),
        MetricSpec(
            "write-latency-p99", doc: "99th-percentile time in ms a successful write took (w acknowledgements)."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let n = parameters.int("n")
        for quorum in ["r", "w"] where parameters.int(quorum) > n {
            throw .invalidSetting(
                parameter: quorum, value: String(parameters.int(quorum)),
                problem: "there are only n = \(n) replicas to ask; use a number from 1 to \(n)")
        }
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: n, clients: 1, trace: trace,
            of: (QuorumKVSession.Message.self, QuorumKVSession.Timer.self))
        return QuorumKVSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: QuorumKVSession.Settings(parameters))
    }
}

final class QuorumKVSession: EngineSession {
    struct Settings {
        var r: Int
        var w: Int
        var readRepair: Bool
        var readDelay: SimTime
        var propagation: SimTime?
        var writes: Int
        var reads: Int
        var timeout: SimTime
        var limit: SimTime

        init(_ parameters: Parameters) {
            r = parameters.int("r")
            w = parameters.int("w")
            readRepair = parameters.bool("read-repair")
            readDelay = parameters.duration("read-delay")
            if case .moment(let time) = parameters["propagation"] { propagation = time }
            writes = parameters.int("writes")
            reads = parameters.int("reads")
            timeout = parameters.duration("timeout")
            limit = parameters.duration("duration")
        }
    }

    enum Message: TraceDescribable {
        case put(version: Int)
        case putAck(version: Int)
        case get(read: Int)
        case value(read: Int, version: Int)

        var traceLabel: String {
            switch self {
            case .put(let version): "put v\(version)"
            case .putAck(let version): "ack v\(version)"
            case .get: "get"
            case .value(_, let version): version == 0 ? "nil" : "v\(version)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// Send a write to a slow replica, `propagation` late.
        case propagate(version: Int, replica: Int)
        case startRead
        case writeTimeout(version: Int)
        case readTimeout(read: Int)

        var traceLabel: String {
            switch self {
            case .propagate(let version, let replica): "late put v\(version) to n\(replica + 1)"
            case .startRead: "start read"
            case .writeTimeout: "write timed out"
            case .readTimeout: "read timed out"
            }
        }
    }

    /// The operation the coordinator (c1) has in progress.
    enum Work {
        case idle
        case writing(version: Int, acks: [Int], started: SimTime, timer: TimerID)
        /// Between a write and its first read.
        case waiting
        case reading(read: Int, asked: [Int], replies: [(replica: Int, version: Int)], started: SimTime, timer: TimerID)
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let settings: Settings
    let n: Int
    var coordinator: NodeID { NodeID(n) }

    /// Each replica's disk: the newest version it holds (0 before the first write).
    var replicas: NodeStates<Int, Void>
    var random: SplitMix64
    var work = Work.idle
    var version = 0
    var latestAcknowledged = 0
    var readsDone = 0
    var readsOfThisWrite = 0
    var staleReads = 0
    var okReads = 0
    var readLatencies: [SimTime] = []
    var writeLatencies: [SimTime] = []
    var operations: [Operation] = []
    var told = (stale: false, repair: false)
    var finished = false

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings) {
        self.sim = sim
        self.header = header
        self.settings = settings
        limit = settings.limit
        n = sim.nodeCount
        replicas = NodeStates(count: sim.nodeCount, durable: { _ in 0 }, boot: { _, _ in () })
        random = sim.makeGenerator()
        for replica in sim.nodes { sim.noteState(replica, "replica") }
        let (r, w) = (settings.r, settings.w)
        sim.narrative.add(
            0,
            r + w > n
                ? "r + w = \(r + w) > n = \(n): every read asks at least one replica that every write reached"
                : "r + w = \(r + w) ≤ n = \(n): a read may ask only replicas that the write has not reached")
        startWrite()
    }

    var stopped: Bool { finished }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.put(let version), let from, let to, _):
            replicas.withDurable(to.index) { held in held = max(held, version) }
            sim.send(.putAck(version: version), from: to, to: from)
        case .message(.putAck(let acked), let from, _, _):
            acknowledged(acked, by: from.index)
        case .message(.get(let read), let from, let to, _):
            sim.send(.value(read: read, version: replicas.durable[to.index]), from: to, to: from)
        case .message(.value(let read, let held), let from, _, _):
            replied(read, version: held, by: from.index)
        case .timer(.propagate(let version, let replica), _):
            sim.send(.put(version: version), from: coordinator, to: NodeID(replica))
        case .timer(.startRead, _):
            startRead()
        case .timer(.writeTimeout(let timedOut), _):
            guard case .writing(let version, _, let started, _) = work, version == timedOut else { return }
            record(.write, version: version, outcome: .info, started: started)
            afterWrite()
        case .timer(.readTimeout(let timedOut), _):
            guard case .reading(let read, _, _, let started, _) = work, read == timedOut else { return }
            record(.read, version: 0, outcome: .info, started: started)
            afterRead()
        case .crashed(let node):
            if node == coordinator {
                // The coordinator forgets what it was doing; it starts afresh when it restarts.
                work = .idle
            } else {
                replicas.crash(node.index)
            }
        case .restarted(let node):
            if node == coordinator { startWrite() } else { replicas.restart(node.index) }
        case .network:
            break
        }
    }

    private func startWrite() {
        guard version < settings.writes else {
            finished = true
            return
        }
        version += 1
        readsOfThisWrite = 0
        // Which replicas are slow for this write: n - w of them, chosen at random.
        let order = Array(0..<n).shuffled(using: &random)
        let slow = Set(order.prefix(n - settings.w))
        sim.noteInvoke(coordinator, "write v\(version)")
        for replica in 0..<n {
            if !slow.contains(replica) {
                sim.send(.put(version: version), from: coordinator, to: NodeID(replica))
            } else if let delay = settings.propagation {
                sim.setTimer(.propagate(version: version, replica: replica), on: coordinator, after: delay)
            }
        }
        let timer = sim.setTimer(.writeTimeout(version: version), on: coordinator, after: settings.timeout)
        work = .writing(version: version, acks: [], started: sim.now, timer: timer)
    }

    private func acknowledged(_ acked: Int, by replica: Int) {
        guard case .writing(let version, var acks, let started, let timer) = work, version == acked,
            !acks.contains(replica)
        else { return }
        acks.append(replica)
        guard acks.count >= settings.w else {
            work = .writing(version: version, acks: acks, started: started, timer: timer)
            return
        }
        sim.cancelTimer(timer)
        latestAcknowledged = version
        writeLatencies.append(sim.now - started)
        record(.write, version: version, outcome: .ok, started: started)
        afterWrite()
    }

    private func afterWrite() {
        work = .waiting
        sim.setTimer(.startRead, on: coordinator, after: settings.readDelay)
    }

    private func startRead() {
        readsDone += 1
        readsOfThisWrite += 1
        let asked = Array(Array(0..<n).shuffled(using: &random).prefix(settings.r))
        sim.noteInvoke(coordinator, "read")
        for replica in asked { sim.send(.get(read: readsDone), from: coordinator, to: NodeID(replica)) }
        let timer = sim.setTimer(.readTimeout(read: readsDone), on: coordinator, after: settings.timeout)
        work = .reading(read: readsDone, asked: asked, replies: [], started: sim.now, timer: timer)
    }

    private func replied(_ read: Int, version held: Int, by replica: Int) {
        guard case .reading(let current, let asked, var replies, let started, let timer) = work, current == read,
            !replies.contains(where: { $0.replica == replica })
        else { return }
        replies.append((replica, held))
        guard replies.count >= settings.r else {
            work = .reading(read: read, asked: asked, replies: replies, started: started, timer: timer)
            return
        }
        sim.cancelTimer(timer)
        let newest = replies.map(\.version).max() ?? 0
        okReads += 1
        readLatencies.append(sim.now - started)
        record(.read, version: newest, outcome: .ok, started: started)
        if newest < latestAcknowledged {
            // Overlapping quorums must meet the acknowledged write: anything else is a bug.
            precondition(
                settings.r + settings.w <= n,
                "quorum-kv: r + w > n, yet a read returned v\(newest) after v\(latestAcknowledged) was acknowledged "
                    + "(seed \(header.seed), \(header.parameters.values.map { "\($0.name)=\($0.value)" }))")
            staleReads += 1
            if !told.stale {
                told.stale = true
                let names = asked.map { "n\($0 + 1)" }.joined(separator: ", ")
                sim.narrative.add(
                    sim.now,
                    "a read asked \(names) and got \(newest == 0 ? "nothing" : "v\(newest)"), though v\(latestAcknowledged) had been acknowledged: no replica it asked had it yet"
                )
            }
        }
        if settings.readRepair {
            let behind = replies.filter { $0.version < newest }.map(\.replica)
            for replica in behind { sim.send(.put(version: newest), from: coordinator, to: NodeID(replica)) }
            if !behind.isEmpty, !told.repair {
                told.repair = true
                sim.narrative.add(
                    sim.now,
                    "read repair: the read saw v\(newest) and an older version, so it sends v\(newest) to "
                        + behind.map { "n\($0 + 1)" }.joined(separator: ", "))
            }
        }
        afterRead()
    }

    private func afterRead() {
        if readsOfThisWrite < settings.reads {
            startRead()
        } else {
            startWrite()
        }
    }

    private func record(_ function: Function, version: Int, outcome: Operation.Outcome, started: SimTime) {
        let name = function == .write ? "write v\(version)" : "read"
        let shown = function == .read && outcome == .ok ? (version == 0 ? " → nil" : " → v\(version)") : ""
        sim.noteComplete(coordinator, name + shown, outcome: outcome.rawValue)
        operations.append(
            Operation(
                process: 1, function: function, value: version == 0 ? .null : .int(version), outcome: outcome,
                invoke: started, complete: sim.now))
    }

    // MARK: Metrics and state

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        (
            [
                ("stale-read-fraction", okReads == 0 ? 0 : Double(staleReads) / Double(okReads)),
                ("read-latency-p99", milliseconds(percentile(readLatencies.sorted(), 0.99))),
                ("write-latency-p99", milliseconds(percentile(writeLatencies.sorted(), 0.99))),
            ], History(operations)
        )
    }

    func describe(_ process: NodeID) -> [String] {
        guard process == coordinator else {
            let held = replicas.durable[process.index]
            let text = held == 0 ? "holds nothing yet" : "holds v\(held)"
            return [replicas.isUp(process.index) ? text : "crashed; on disk it " + text]
        }
        var lines: [String]
        switch work {
        case .idle: lines = ["idle"]
        case .waiting: lines = ["waiting \(SimDuration.format(settings.readDelay)) before reading"]
        case .writing(let version, let acks, _, _):
            lines = ["writing v\(version): \(acks.count) of \(settings.w) acknowledgements"]
        case .reading(_, let asked, let replies, _, _):
            lines = [
                "reading from " + asked.map { "n\($0 + 1)" }.joined(separator: ", ")
                    + ": \(replies.count) of \(settings.r) replies"
            ]
        }
        lines.append("latest acknowledged write v\(latestAcknowledged); \(staleReads) of \(okReads) reads stale")
        return lines
    }
}
