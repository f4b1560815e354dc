import QuorumCheck
import QuorumSim

/// One primary that takes every write and copies it to backups, synchronously or not, and a
/// backup that takes over when the primary's heartbeats stop.
///
/// It shows the price of each choice: a synchronous write waits for the slowest backup, and an
/// asynchronous one can be acknowledged, then lost, when the primary dies before shipping it.
public struct PrimaryBackupModel: SimulationModel {
    public let name = "primary-backup"
    public let summary = "A primary copies writes to backups (sync or async); a backup takes over when it dies."
    public let hasLeader = true

    public let parameters: [ParameterSpec] =
        [
            ParameterSpec(
                "nodes", .int(2...7), default: .int(3),
                doc: "How many nodes: n1 starts as primary, the others are its backups."),
            ParameterSpec(
                "replication", .choice(["sync", "async"]), default: .choice("async"),
                doc: "sync: acknowledge a write once every backup has it. async: acknowledge at once, ship it later."),
            ParameterSpec(
                "interval", .duration(0...(10 * SimDuration.second)), default: .duration(20 * SimDuration.millisecond),
                doc: "Pause between the end of one of the client's writes and the start of its next."),
            ParameterSpec(
                "heartbeat", .duration(SimDuration.millisecond...(10 * SimDuration.second)),
                default: .duration(100 * SimDuration.millisecond),
                doc: "How often the primary sends its log to every backup; async writes travel only with these."),
            ParameterSpec(
                "failover-timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(300 * SimDuration.millisecond),
                doc:
                    "Silence after which the first backup in line takes over; the second waits twice as long, and so on."
            ),
            ParameterSpec(
                "timeout", .duration(SimDuration.millisecond...(60 * SimDuration.second)),
                default: .duration(200 * SimDuration.millisecond),
                doc: "How long the client waits for an acknowledgement before it gives up on a write."),
        ]
        + ReplicaClients.overriding(
            FaultVocabulary.parameters(duration: 3 * SimDuration.second, hasLeader: true),
            [
                ("crash", .nodeFaults([ScheduledNodeFault(target: .node("n1"), time: SimDuration.second)]), nil),
                (
                    "partition", nil,
                    "Groups that cannot reach each other, like \"n1,c1|n2,n3\"; the client c1 keeps every link unless you name it."
                ),
            ])

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "lost-acked-writes",
            doc: "Writes the client was told succeeded that the last primary's log lacks: lost in a failover."),
        MetricSpec("write-latency-p50", doc: "Median time in ms from sending a write to its acknowledgement."),
        MetricSpec(
            "write-latency-p99", doc: "99th-percentile time in ms from sending a write to its acknowledgement."),
    ]

    public init() {}

    public func start(_ parameters: Parameters, seed: UInt64, trace: TraceLevel) throws(ParameterError)
        -> any SimulationSession
    {
        let sim = try FaultVocabulary.simulation(
            parameters, seed: seed, nodes: parameters.int("nodes"), clients: 1, trace: trace, hasLeader: true,
            of: (PrimaryBackupSession.Message.self, PrimaryBackupSession.Timer.self))
        return PrimaryBackupSession(
            sim: sim, header: RunHeader(model: name, seed: seed, parameters: parameters),
            settings: PrimaryBackupSession.Settings(parameters))
    }
}

final class PrimaryBackupSession: EngineSession {
    struct Settings {
        var synchronous: Bool
        var interval: SimTime
        var heartbeat: SimTime
        var failoverTimeout: SimTime
        var timeout: SimTime
        var limit: SimTime

        init(_ parameters: Parameters) {
            synchronous = parameters.choice("replication") == "sync"
            interval = parameters.duration("interval")
            heartbeat = parameters.duration("heartbeat")
            failoverTimeout = parameters.duration("failover-timeout")
            timeout = parameters.duration("timeout")
            limit = parameters.duration("duration")
        }
    }

    /// Which primary's reign: a number that grows with each takeover, then the primary, so two
    /// backups that take over at once still give a total order.
    struct View: Comparable {
        var number: Int
        var primary: Int

        static func < (lhs: View, rhs: View) -> Bool { (lhs.number, lhs.primary) < (rhs.number, rhs.primary) }
    }

    enum Message: TraceDescribable {
        case write(op: Int, value: Int)
        case ack(op: Int)
        /// To the client: I am not the primary; this is the newest view I know.
        case notPrimary(op: Int, view: View)
        /// sync: one new entry, at once.
        case replicate(view: View, index: Int, value: Int)
        case replicated(view: View, index: Int)
        /// The primary's whole log and the backups that count, sent every `heartbeat`.
        case heartbeat(view: View, log: [Int], members: [Int])
        case heartbeatAck(view: View, length: Int)
        /// To the client, from a new primary.
        case newPrimary(view: View)
        /// To a node still acting in an older view.
        case newerView(view: View)

        var traceLabel: String {
            switch self {
            case .write(_, let value): "write \(value)"
            case .ack: "ack"
            case .notPrimary(_, let view): "not primary; ask n\(view.primary + 1)"
            case .replicate(_, _, let value): "replicate \(value)"
            case .replicated(_, let index): "have \(index + 1)"
            case .heartbeat(let view, let log, _): "hb v\(view.number) · \(log.count) writes"
            case .heartbeatAck(_, let length): "hb ok · \(length)"
            case .newPrimary(let view): "n\(view.primary + 1) is primary"
            case .newerView(let view): "view \(view.number) leads now"
            }
        }

        var traceDetail: String {
            switch self {
            case .heartbeat(let view, let log, let members):
                "heartbeat, view \(view.number) of n\(view.primary + 1): log "
                    + (log.count > 6 ? "… " : "") + log.suffix(6).map(String.init).joined(separator: " ")
                    + " (\(log.count) writes); backups in line: "
                    + members.filter { $0 != view.primary }.map { "n\($0 + 1)" }.joined(separator: " ")
            default: traceLabel
            }
        }
    }

    enum Timer: TraceDescribable {
        case nextWrite
        case clientTimeout(op: Int)
        case heartbeat
        case failover

        var traceLabel: String {
            switch self {
            case .nextWrite: "next write"
            case .clientTimeout: "give up waiting"
            case .heartbeat: "heartbeat"
            case .failover: "primary silent: take over"
            }
        }
    }

    /// A node's disk: its log, the newest view it knows, and that view's nodes in line.
    struct Disk {
        var log: [Int] = []
        var view = View(number: 0, primary: 0)
        var members: [Int]
    }

    /// A node's memory: whether it acts as primary, and what a sync primary still waits for.
    struct Memory {
        var primary = false
        var failoverTimer: TimerID?
        var waiting: [SyncWrite] = []
    }

    /// A sync write the primary has not acknowledged yet: the backups it still waits for.
    struct SyncWrite {
        var index: Int
        var op: Int
        var missing: [Int]
    }

    struct ClientWrite {
        var invoke: SimTime
        var complete: SimTime?
        var outcome: Operation.Outcome?
        var sentTo: Int
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let settings: Settings
    let nodes: Int
    var client: NodeID { NodeID(nodes) }

    var state: NodeStates<Disk, Memory>
    var writes: [ClientWrite] = []
    var clientView = View(number: 0, primary: 0)
    var current: (op: Int, timer: TimerID)?
    var toldSwitch = false

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings) {
        self.sim = sim
        self.header = header
        self.settings = settings
        limit = settings.limit
        nodes = sim.nodeCount
        let everyone = Array(0..<sim.nodeCount)
        state = NodeStates(
            count: sim.nodeCount, durable: { _ in Disk(members: everyone) }, boot: { _, _ in Memory() })
        state.withVolatile(0) { $0.primary = true }
        sim.setLeader(NodeID(0))
        sim.noteState(NodeID(0), "primary v0")
        sim.setTimer(.heartbeat, on: NodeID(0), after: settings.heartbeat)
        for backup in 1..<nodes {
            sim.noteState(NodeID(backup), "backup v0")
            watchPrimary(backup)
        }
        startWrite()
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(let message, let from, let to, _):
            receive(message, from: from.index, at: to.index)
        case .timer(.nextWrite, _):
            startWrite()
        case .timer(.clientTimeout(let op), _):
            finish(op, .info)
        case .timer(.heartbeat, let node):
            sendHeartbeats(from: node.index)
        case .timer(.failover, let node):
            takeOver(node.index)
        case .crashed(let node):
            if node == client {
                if let current { finish(current.op, .info) }
            } else {
                state.crash(node.index)
            }
        case .restarted(let node):
            if node == client {
                sim.setTimer(.nextWrite, on: client, after: settings.interval)
            } else {
                // A node comes back as a backup, whatever it was; it waits to hear from a primary.
                state.restart(node.index)
                sim.noteState(node, "backup v\(state.durable[node.index].view.number)")
                watchPrimary(node.index)
            }
        case .network:
            break
        }
    }

    private func receive(_ message: Message, from: Int, at node: Int) {
        switch message {
        case .write(let op, let value):
            accept(op, value: value, at: node)
        case .ack(let op):
            finish(op, .ok)
        case .notPrimary(let op, let view):
            learn(view)
            finish(op, .fail)
        case .newPrimary(let view):
            learn(view)
        case .replicate(let view, let index, let value):
            replicate(value, index: index, view: view, from: from, at: node)
        case .replicated(let view, let index):
            backupHas(index + 1, view: view, backup: from, at: node)
        case .heartbeat(let view, let log, let members):
            heartbeat(view, log: log, members: members, from: from, at: node)
        case .heartbeatAck(let view, let length):
            backupHas(length, view: view, backup: from, at: node)
            rejoin(from, length: length, view: view, at: node)
        case .newerView(let view):
            if view > state.durable[node].view { stepDown(node, for: view) }
        }
    }

    // MARK: The client

    private func startWrite() {
        guard current == nil, sim.isUp(client) else { return }
        let op = writes.count
        writes.append(ClientWrite(invoke: sim.now, sentTo: clientView.primary))
        sim.noteInvoke(client, "write \(op + 1)")
        sim.send(.write(op: op, value: op + 1), from: client, to: NodeID(clientView.primary))
        current = (op, sim.setTimer(.clientTimeout(op: op), on: client, after: settings.timeout))
    }

    private func finish(_ op: Int, _ outcome: Operation.Outcome) {
        guard writes[op].outcome == nil else { return }
        writes[op].outcome = outcome
        writes[op].complete = sim.now
        sim.noteComplete(client, "write \(op + 1)", outcome: outcome.rawValue)
        guard let current, current.op == op else { return }
        sim.cancelTimer(current.timer)
        self.current = nil
        sim.setTimer(.nextWrite, on: client, after: settings.interval)
    }

    private func learn(_ view: View) {
        guard view > clientView else { return }
        clientView = view
        if !toldSwitch {
            toldSwitch = true
            sim.narrative.add(
                sim.now, "c1 learns that n\(view.primary + 1) is the primary now and sends its writes there")
        }
    }

    // MARK: Metrics

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let latencies = writes.compactMap { write -> SimTime? in
            guard write.outcome == .ok, let complete = write.complete else { return nil }
            return complete - write.invoke
        }.sorted()
        let lost = lostWrites(in: finalLog())
        // A sync primary acknowledges only what every backup in line holds, and only those may
        // take over: losing an acknowledged write is a bug in this model, never a lesson.
        precondition(
            !settings.synchronous || lost.isEmpty,
            "primary-backup (sync) lost acknowledged writes \(lost) (seed \(header.seed), "
                + "\(header.parameters.values.map { "\($0.name)=\($0.value)" }))")
        return (
            [
                ("lost-acked-writes", Double(lost.count)),
                ("write-latency-p50", milliseconds(percentile(latencies, 0.5))),
                ("write-latency-p99", milliseconds(percentile(latencies, 0.99))),
            ],
            History(
                writes.enumerated().map { op, write in
                    Operation(
                        process: 1, function: .write, value: .int(op + 1), outcome: write.outcome ?? .info,
                        invoke: write.invoke, complete: write.outcome == nil ? nil : write.complete)
                })
        )
    }

    /// The log of the primary of the newest view any node knows: what a reader would now see.
    func finalLog() -> [Int] {
        let newest = state.durable.map(\.view).max() ?? View(number: 0, primary: 0)
        return state.durable[newest.primary].log
    }

    /// Acknowledged writes (by value) missing from `log`.
    func lostWrites(in log: [Int]) -> [Int] {
        let kept = Set(log)
        return writes.indices.filter { writes[$0].outcome == .ok && !kept.contains($0 + 1) }.map { $0 + 1 }
    }

    // MARK: State for stepping

    func describe(_ process: NodeID) -> [String] {
        if process == client {
            let acked = writes.filter { $0.outcome == .ok }.count
            var lines = ["sends writes to n\(clientView.primary + 1) (view \(clientView.number))"]
            if let current { lines.append("waiting for the acknowledgement of write \(current.op + 1)") }
            lines.append("\(writes.count) writes sent, \(acked) acknowledged")
            return lines
        }
        let disk = state.durable[process.index]
        let log = "log of \(disk.log.count) writes" + (disk.log.isEmpty ? "" : ", the last \(disk.log.last ?? 0)")
        guard let memory = state.volatile(process.index) else { return ["crashed; on disk: \(log)"] }
        var lines = [
            (memory.primary ? "primary" : "backup")
                + " in view \(disk.view.number) (primary n\(disk.view.primary + 1))",
            log,
        ]
        if !memory.waiting.isEmpty {
            let missing = Set(memory.waiting.flatMap(\.missing)).sorted().map { "n\($0 + 1)" }
            lines.append("\(memory.waiting.count) writes wait for " + missing.joined(separator: ", "))
        }
        return lines
    }
}
