import QuorumCheck
import QuorumSim

/// A run of `cap-register`: clients, replicas, and an observer that keeps what the metrics need.
///
/// Values are write numbers: the seventh write anywhere writes 7, so every value names its write.
final class CapRegisterSession: EngineSession {
    enum Mode: String {
        case cp
        case ap
    }

    enum Reconcile: String {
        case lww
        case siblings
    }

    struct Settings {
        var mode: Mode
        var reconcile: Reconcile
        var keys: Int
        var writeFraction: Double
        var interval: SimTime
        var timeout: SimTime
        var antiEntropy: SimTime
        var loadUntil: SimTime
        var limit: SimTime

        init(_ parameters: Parameters) {
            mode = Mode(rawValue: parameters.choice("mode")) ?? .cp
            reconcile = Reconcile(rawValue: parameters.choice("reconcile")) ?? .lww
            keys = parameters.int("keys")
            writeFraction = parameters.double("writes")
            interval = parameters.duration("interval")
            timeout = parameters.duration("timeout")
            antiEntropy = parameters.duration("anti-entropy")
            loadUntil = parameters.duration("load-until")
            limit = parameters.duration("duration")
        }
    }

    /// A cp version: a counter, then the replica that chose it and the write it names, so two
    /// writes never share a version, not even two that one replica coordinates at once.
    struct Tag: Comparable {
        var counter: Int
        var replica: Int
        var write: Int

        static let initial = Tag(counter: 0, replica: -1, write: 0)

        static func < (lhs: Tag, rhs: Tag) -> Bool {
            (lhs.counter, lhs.replica, lhs.write) < (rhs.counter, rhs.replica, rhs.write)
        }

        var text: String { counter == 0 ? "0" : "\(counter).n\(replica + 1)" }
    }

    enum Message: TraceDescribable {
        /// Client to its replica: a read (`write` nil) or a write of a new value.
        case request(op: Int, key: Int, write: Int?)
        /// Replica to client: done; a read's values (none: never written; several: siblings).
        case answer(op: Int, values: [Int])
        /// Replica to client (cp): no majority in time. A write may have been stored anyway.
        case refused(op: Int, maybeApplied: Bool)
        /// cp, first phase: what version do you hold?
        case query(op: Int, key: Int)
        case current(op: Int, tag: Tag, write: Int)
        /// cp, second phase: keep this version if it is newer than yours.
        case store(op: Int, key: Int, tag: Tag, write: Int)
        case stored(op: Int)
        /// ap: a new version, sent to every other replica as soon as it is written.
        case replicate(key: Int, versions: [Int])
        /// ap: anti-entropy, everything a replica holds, per key.
        case sync([[Int]])

        var traceLabel: String {
            switch self {
            case .request(_, let key, let write):
                write.map { "write \(Text.key(key))=\($0)" } ?? "read \(Text.key(key))"
            case .answer(_, let values): "ok" + (values.isEmpty ? "" : " " + Text.values(values))
            case .refused(_, let maybe): maybe ? "refused (maybe stored)" : "refused"
            case .query(_, let key): "version of \(Text.key(key))?"
            case .current(_, let tag, let write): "\(tag.text): \(write == 0 ? "nil" : String(write))"
            case .store(_, let key, let tag, let write): "store \(Text.key(key))=\(write) @\(tag.text)"
            case .stored: "stored"
            case .replicate(let key, let versions): "replicate \(Text.key(key))=\(Text.values(versions))"
            case .sync: "anti-entropy"
            }
        }

        var traceDetail: String {
            switch self {
            case .sync(let keys):
                "anti-entropy: "
                    + keys.enumerated().map { "\(Text.key($0.offset))=\(Text.values($0.element))" }.joined(
                        separator: " ")
            default: traceLabel
            }
        }
    }

    enum Timer: TraceDescribable {
        case nextOperation
        case clientTimeout(op: Int)
        case quorumTimeout(op: Int)
        case antiEntropy

        var traceLabel: String {
            switch self {
            case .nextOperation: "next request"
            case .clientTimeout: "give up waiting"
            case .quorumTimeout: "no majority in time"
            case .antiEntropy: "anti-entropy"
            }
        }
    }

    /// A replica's disk: the cp versions, or the ap versions (siblings, sorted by write), and
    /// the requests it has taken on, so that a copy the network duplicated is not run twice.
    struct Disk {
        var tags: [Tag]
        var held: [Int]
        var versions: [[Int]]
        var handled: Set<Int> = []
    }

    /// A replica's memory: the cp operations it coordinates.
    struct Memory {
        var coordinating: [Int: Coordination] = [:]
    }

    /// A cp read or write in progress at the client's replica.
    struct Coordination {
        var client: NodeID
        var key: Int
        /// The value written; nil for a read.
        var write: Int?
        /// False while asking for versions, true while storing one.
        var storing = false
        var answered: [Bool]
        var count = 1
        var best: (tag: Tag, write: Int)
        /// Whether every version heard so far is the same: a read that finds a majority agreeing
        /// need not write back.
        var allAgree = true
        var timer: TimerID
    }

    /// What the observer knows of a write, by its number (value) minus one.
    struct WriteRecord {
        var key: Int
        var op: Int
        /// The replica that accepted it, and when by that replica's clock (ap's timestamp).
        var replica = -1
        var stamp: SimTime = 0
        /// ap: the writes this version supersedes, itself included (its causal past on its key).
        var history: Set<Int> = []
    }

    /// One client request, for the history and the availability count.
    struct ClientOperation {
        var client: Int
        var key: Int
        var write: Int?
        var invoke: SimTime
        var complete: SimTime?
        var outcome: Operation.Outcome?
        var result: [Int] = []
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let settings: Settings
    let nodes: Int
    var majority: Int { nodes / 2 + 1 }

    var state: NodeStates<Disk, Memory>
    var random: SplitMix64
    var writes: [WriteRecord] = []
    var operations: [ClientOperation] = []
    /// Each client's operation in progress, and its give-up timer.
    var pending: [(op: Int, timer: TimerID)?]
    /// ap writes that a last-writer-wins merge threw away somewhere.
    var discarded: Set<Int> = []
    /// The newest acknowledged write per key, for telling the story of a stale read.
    var latestAcknowledged: [(write: Int, time: SimTime)?]
    var partitioned = false
    var divergentAtHeal: Int?
    var convergenceTold = true
    var told = Told()
    /// The role each replica last showed on the timeline.
    var roles: [String]

    /// How many of each kind of moment the narrative has told, so it stays short.
    struct Told {
        var refusals = 0
        var recovered = false
        var staleRead = false
        var reconciliations = 0
    }

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings) {
        self.sim = sim
        self.header = header
        self.settings = settings
        limit = settings.limit
        nodes = sim.nodeCount
        let keys = settings.keys
        state = NodeStates(
            count: sim.nodeCount,
            durable: { _ in
                Disk(
                    tags: Array(repeating: .initial, count: keys), held: Array(repeating: 0, count: keys),
                    versions: Array(repeating: [], count: keys))
            }, boot: { _, _ in Memory() })
        random = sim.makeGenerator()
        pending = Array(repeating: nil, count: sim.nodeCount)
        latestAcknowledged = Array(repeating: nil, count: keys)
        roles = Array(repeating: "", count: sim.nodeCount)
        for replica in sim.nodes {
            setRole(replica.index, "serving")
            if settings.mode == .ap { sim.setTimer(.antiEntropy, on: replica, after: settings.antiEntropy) }
        }
        for client in 0..<nodes {
            // Clients start at scattered moments, so they do not move in lockstep.
            let offset = settings.interval > 0 ? Int64.random(in: 0...settings.interval, using: &random) : 0
            sim.setTimer(.nextOperation, on: clientID(client), after: offset)
        }
    }

    /// Shows a replica's role on the timeline when it changes.
    func setRole(_ replica: Int, _ role: String) {
        guard roles[replica] != role else { return }
        roles[replica] = role
        sim.noteState(NodeID(replica), role)
    }

    func clientID(_ client: Int) -> NodeID { NodeID(nodes + client) }

    func clientName(_ client: Int) -> String { "c\(client + 1)" }

    func replicaName(_ replica: Int) -> String { "n\(replica + 1)" }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(let message, let from, let to, _):
            receive(message, from: from, at: to)
        case .timer(.nextOperation, let node):
            startOperation(node.index - nodes)
        case .timer(.clientTimeout(let op), _):
            finish(op, .info)
        case .timer(.quorumTimeout(let op), let node):
            refuse(op, at: node.index)
        case .timer(.antiEntropy, let node):
            sendEverything(from: node.index)
        case .crashed(let node):
            if node.index < nodes {
                state.crash(node.index)
            } else if let current = pending[node.index - nodes] {
                // A crashed client never learns how its request ended.
                finish(current.op, .info)
            }
        case .restarted(let node):
            if node.index < nodes {
                state.restart(node.index)
                roles[node.index] = ""
                setRole(node.index, "serving")
                if settings.mode == .ap { sim.setTimer(.antiEntropy, on: node, after: settings.antiEntropy) }
            } else {
                sim.setTimer(.nextOperation, on: node, after: settings.interval)
            }
        case .network:
            networkChanged()
        }
    }

    private func receive(_ message: Message, from: NodeID, at node: NodeID) {
        switch message {
        case .request(let op, let key, let write):
            // A duplicate of a request already taken on is dropped, as real servers do by
            // request id: run twice, a write could land again after a later one.
            guard state.withDurable(node.index, { $0.handled.insert(op).inserted }) else { return }
            switch settings.mode {
            case .cp: coordinate(op, client: from, key: key, write: write, at: node.index)
            case .ap: serve(op, client: from, key: key, write: write, at: node.index)
            }
        case .answer(let op, let values):
            operations[op].result = values
            finish(op, .ok)
        case .refused(let op, let maybeApplied):
            finish(op, maybeApplied && operations[op].write != nil ? .info : .fail)
        case .query(let op, let key):
            let disk = state.durable[node.index]
            sim.send(.current(op: op, tag: disk.tags[key], write: disk.held[key]), from: node, to: from)
        case .current(let op, let tag, let write):
            heard(op, tag: tag, write: write, from: from.index, at: node.index)
        case .store(let op, let key, let tag, let write):
            keep(key, tag: tag, write: write, at: node.index)
            sim.send(.stored(op: op), from: node, to: from)
        case .stored(let op):
            acknowledged(op, from: from.index, at: node.index)
        case .replicate(let key, let versions):
            merge(versions, key: key, at: node.index)
        case .sync(let all):
            for (key, versions) in all.enumerated() { merge(versions, key: key, at: node.index) }
        }
    }

    /// Stepping's partitions take the clients along, as the `partition` parameter does.
    func partition(_ spec: PartitionSpec) {
        if let event = sim.partition(ReplicaClients.withClients(spec, clients: nodes)) { handle(event) }
    }

    private func networkChanged() {
        if sim.activePartition != nil {
            partitioned = true
            convergenceTold = false
            return
        }
        guard partitioned else { return }
        partitioned = false
        let divergent = divergentKeys()
        divergentAtHeal = max(divergentAtHeal ?? 0, divergent)
        if settings.mode == .ap {
            sim.narrative.add(
                sim.now,
                divergent == 0
                    ? "at the heal no key has conflicting versions: neither side wrote what the other missed"
                    : "at the heal \(divergent) of \(settings.keys) keys have conflicting versions: each side accepted writes the other never saw"
            )
        }
        noteConvergence()
    }

    // MARK: Clients

    private func startOperation(_ client: Int) {
        guard sim.now < settings.loadUntil, pending[client] == nil else { return }
        let key = Int.random(in: 0..<settings.keys, using: &random)
        let isWrite = random.nextUnit() < settings.writeFraction
        let op = operations.count
        var write: Int?
        if isWrite {
            writes.append(WriteRecord(key: key, op: op))
            write = writes.count
        }
        operations.append(ClientOperation(client: client, key: key, write: write, invoke: sim.now))
        let me = clientID(client)
        sim.noteInvoke(me, write.map { "write \(Text.key(key)) \($0)" } ?? "read \(Text.key(key))")
        sim.send(.request(op: op, key: key, write: write), from: me, to: NodeID(client))
        pending[client] = (op, sim.setTimer(.clientTimeout(op: op), on: me, after: 2 * settings.timeout))
    }

    /// Settles a client's operation, once: the first answer, refusal or timeout decides.
    private func finish(_ op: Int, _ outcome: Operation.Outcome) {
        guard operations[op].outcome == nil else { return }
        operations[op].outcome = outcome
        operations[op].complete = sim.now
        let operation = operations[op]
        let me = clientID(operation.client)
        if let current = pending[operation.client], current.op == op {
            sim.cancelTimer(current.timer)
            pending[operation.client] = nil
            if sim.isUp(me) { sim.setTimer(.nextOperation, on: me, after: settings.interval) }
        }
        let name = operation.write.map { "write \(Text.key(operation.key)) \($0)" } ?? "read \(Text.key(operation.key))"
        let shown = operation.write == nil && outcome == .ok ? " → \(Text.values(operation.result))" : ""
        sim.noteComplete(me, name + shown, outcome: outcome.rawValue)
        if outcome == .ok, let write = operation.write {
            latestAcknowledged[operation.key] = (write, sim.now)
        }
    }

    // MARK: Metrics

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let history = self.history()
        let settled = operations.filter { $0.outcome != nil }
        let answered = settled.filter { $0.outcome == .ok }.count
        let stale = Staleness.measure(staleness(of: history), model: RegisterModel()).stale.count
        let report = LinearizabilityChecker.check(
            history, model: RegisterModel(), budget: SearchBudget(maxSteps: 20_000_000))
        let verdict = report.verdict
        if settings.mode == .cp, verdict == .notLinearizable {
            // Majority quorums with versions are linearizable whatever the network does; a
            // violation is a bug in this model, never a lesson.
            preconditionFailure(
                "cap-register (cp) produced a non-linearizable history: \(report.violation?.reason ?? "")"
                    + " (seed \(header.seed), \(header.parameters.values.map { "\($0.name)=\($0.value)" }))")
        }
        var divergent = divergentAtHeal ?? 0
        if partitioned { divergent = max(divergent, divergentKeys()) }
        return (
            [
                ("availability", settled.isEmpty ? 1 : Double(answered) / Double(settled.count)),
                ("stale-reads", Double(stale)),
                ("linearizable", verdict == .linearizable ? 1 : 0),
                ("divergent-keys-at-heal", Double(divergent)),
                ("lost-writes", Double(lostWrites())),
            ], history
        )
    }

    /// The clients' operations as the checkers read them: process 1 is c1, keys are k1, k2...
    func history() -> History {
        History(
            operations.map { operation in
                let value: Value
                if let write = operation.write {
                    value = .int(write)
                } else if operation.outcome == .ok {
                    value = Self.value(operation.result)
                } else {
                    value = .null
                }
                return Operation(
                    process: operation.client + 1, function: operation.write == nil ? .read : .write,
                    key: Text.key(operation.key), value: value, outcome: operation.outcome ?? .info,
                    invoke: operation.invoke, complete: operation.outcome == nil ? nil : operation.complete)
            })
    }

    static func value(_ versions: [Int]) -> Value {
        switch versions.count {
        case 0: .null
        case 1: .int(versions[0])
        default: .list(versions.map(Value.int))
        }
    }

    /// The history with each read of siblings replaced by a read of its newest sibling (the one
    /// whose write completed last): a read is stale when even that sibling is provably old.
    private func staleness(of history: History) -> History {
        History(
            history.operations.map { operation in
                guard case .list(let items) = operation.value else { return operation }
                var newest: (write: Int, completed: SimTime)?
                for case .int(let write) in items {
                    let op = operations[writes[write - 1].op]
                    let completed = op.outcome == .ok ? (op.complete ?? .max) : .max
                    if newest.map({ completed > $0.completed }) ?? true { newest = (write, completed) }
                }
                var single = operation
                single.value = newest.map { .int($0.write) } ?? .null
                return single
            })
    }

    /// Acknowledged writes that a merge threw away and that survive nowhere, not even in the
    /// causal past of a version some replica still holds.
    private func lostWrites() -> Int {
        guard !discarded.isEmpty else { return 0 }
        var survivors: Set<Int> = []
        for disk in state.durable {
            for versions in disk.versions {
                for version in versions { survivors.formUnion(writes[version - 1].history) }
            }
        }
        return discarded.filter { write in
            operations[writes[write - 1].op].outcome == .ok && !survivors.contains(write)
        }.count
    }

    /// What each replica holds, for the convergence checker.
    func replicaStates() -> [ReplicaState] {
        state.durable.enumerated().map { replica, disk in
            var values: [String?: Value] = [:]
            for key in 0..<settings.keys {
                switch settings.mode {
                case .cp: values[Text.key(key)] = disk.held[key] == 0 ? .null : .int(disk.held[key])
                case .ap: values[Text.key(key)] = Self.value(disk.versions[key])
                }
            }
            return ReplicaState(replica: replicaName(replica), values: values)
        }
    }

    // MARK: State for stepping

    func describe(_ process: NodeID) -> [String] {
        guard process.index < nodes else { return describeClient(process.index - nodes) }
        let replica = process.index
        let disk = state.durable[replica]
        let held = (0..<settings.keys).map { key -> String in
            switch settings.mode {
            case .cp:
                let tag = disk.tags[key]
                return "\(Text.key(key)) = \(disk.held[key] == 0 ? "nil" : String(disk.held[key]))"
                    + (tag == .initial ? "" : " (version \(tag.text))")
            case .ap:
                let versions = disk.versions[key]
                return "\(Text.key(key)) = \(Text.values(versions))" + (versions.count > 1 ? " (siblings)" : "")
            }
        }
        guard let memory = state.volatile(replica) else {
            return ["crashed; on disk: " + held.joined(separator: ", ")]
        }
        var lines = ["holds " + held.joined(separator: ", ")]
        for op in memory.coordinating.keys.sorted() {
            guard let work = memory.coordinating[op] else { continue }
            let what = work.write.map { "write \(Text.key(work.key))=\($0)" } ?? "read of \(Text.key(work.key))"
            let phase = work.storing ? "storing" : "asking for versions"
            lines.append(
                "coordinating \(sim.name(work.client))'s \(what): \(phase), \(work.count) of \(majority) replies needed"
            )
        }
        return lines
    }

    private func describeClient(_ client: Int) -> [String] {
        let mine = operations.filter { $0.client == client }
        let ok = mine.filter { $0.outcome == .ok }.count
        let failed = mine.filter { $0.outcome == .fail }.count
        let unknown = mine.filter { $0.outcome == .info }.count
        var lines: [String] = []
        if let current = pending[client] {
            let operation = operations[current.op]
            let what =
                operation.write.map { "write \(Text.key(operation.key))=\($0)" } ?? "read of \(Text.key(operation.key))"
            lines.append("waiting for its \(what), sent to n\(client + 1) at \(SimDuration.format(operation.invoke))")
        } else {
            lines.append(sim.now < settings.loadUntil ? "between requests" : "done sending requests")
        }
        lines.append("answered \(ok), refused \(failed), unknown outcome \(unknown)")
        return lines
    }
}

extension CapRegisterSession {
    /// Keys and values as the trace, the narrative and `state` show them.
    enum Text {
        static func key(_ key: Int) -> String { "k\(key + 1)" }

        /// `nil`, `7`, or `{7, 9}` for siblings.
        static func values(_ versions: [Int]) -> String {
            switch versions.count {
            case 0: "nil"
            case 1: String(versions[0])
            default: "{" + versions.map(String.init).joined(separator: ", ") + "}"
            }
        }
    }
}
