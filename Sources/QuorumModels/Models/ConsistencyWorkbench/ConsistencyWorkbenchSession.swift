import QuorumCheck
import QuorumSim

/// A workbench run: the clients' workload, the replicas of the chosen store, and the history.
///
/// The store's replicas live in `+LogStores.swift` (linearizable and sequential, which order
/// writes through the leader) and `+ReplicaStores.swift` (causal, read-your-writes and
/// eventual, whose replicas take writes themselves); the verdicts in `+Verdicts.swift`.
final class ConsistencyWorkbenchSession: EngineSession {
    typealias Message = WorkbenchMessage
    typealias Timer = WorkbenchTimer

    /// What a replica keeps on disk: it survives a crash.
    struct Disk {
        /// The value of each key (nil: never written), as this replica has applied it.
        var values: [Int?]
        /// The last-writer-wins stamp of each key's value (stores without a leader).
        var stamps: [Stamp]
        /// The leader's order of writes (stores with a leader).
        var log: [LogEntry] = []
        /// How many log entries this replica has applied to `values`.
        var applied = 0
        /// Log entries a majority holds, as far as this replica knows (linearizable store).
        var commit = 0
        /// The writes this replica took from its own clients (stores without a leader).
        var own: [ReplicaUpdate] = []
        /// Version vector: how many of each replica's writes this one has applied, in order.
        var have: [Int]
        /// Writes applied out of their origin's order (read-your-writes and eventual stores).
        var early: [Set<Int>]
        /// Hybrid logical clock: the latest stamp this replica has issued or seen.
        var clock: SimTime = 0
    }

    /// What a replica keeps in memory: a crash loses it.
    struct Memory {
        /// Leader: the log index each replica is known to hold (its own included).
        var match: [Int]
        /// Leader: the latest read round each follower has answered.
        var heardRound: [Int]
        var round = 0
        /// Leader: when it last sent the log to each follower.
        var lastSent: [SimTime]
        /// Leader: reads waiting for a majority to confirm the round they started.
        var reads: [PendingRead] = []
        /// How many of this replica's own writes each peer has applied.
        var acked: [Int]
        /// When each of this replica's own writes was last sent to its peers.
        var sentAt: [SimTime]
        /// Causal store: copies waiting for the writes they depend on.
        var held: [ReplicaUpdate] = []
        /// Causal store: requests waiting until the replica has what the client has seen.
        var waiting: [WorkbenchRequest] = []
        /// Whether a heartbeat is due: one is set only while something awaits acknowledgement.
        var heartbeatSet = false
    }

    struct PendingRead {
        var round: Int
        /// The commit index when the read arrived: the answer must include at least this much.
        var readIndex: Int
        var request: WorkbenchRequest
    }

    /// A client: its random choices, its progress, and what it has seen.
    struct Client {
        var random: SplitMix64
        var started = 0
        var call: Call?
        /// Causal context: how many writes of each replica the client has seen.
        var context: [Int]
        /// The value the client last saw for each key: the `from` of its next cas.
        var lastSeen: [Int?]
    }

    /// An operation in progress.
    struct Call {
        var request: WorkbenchRequest
        /// Its position in `operations`.
        var entry: Int
        var replica: Int
        var timer: TimerID
    }

    /// Long before the run began: when something was never sent.
    static let never: SimTime = -(1 << 60)

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let store: WorkbenchStore
    let workload: WorkbenchWorkload
    let heartbeat: SimTime
    let nodeCount: Int
    var replicas: NodeStates<Disk, Memory>
    var clients: [Client]
    /// The history so far, in invocation order.
    var operations: [Operation] = []
    var nextRequest = 0
    var nextValue = 0
    var timedOut = 0
    /// Narrative moments told once, so the story stays short.
    var told: Set<String> = []

    init(
        sim: Simulation<Message, Timer>, header: RunHeader, store: WorkbenchStore, workload: WorkbenchWorkload,
        heartbeat: SimTime, limit: SimTime
    ) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.store = store
        self.workload = workload
        self.heartbeat = heartbeat
        let nodes = sim.nodeCount
        nodeCount = nodes
        let keys = workload.keys
        replicas = NodeStates(
            count: nodes,
            durable: { _ in
                Disk(
                    values: Array(repeating: nil, count: keys), stamps: Array(repeating: .zero, count: keys),
                    have: Array(repeating: 0, count: nodes), early: Array(repeating: [], count: nodes))
            },
            boot: { node, disk in
                var memory = Memory(
                    match: Array(repeating: 0, count: nodes), heardRound: Array(repeating: 0, count: nodes),
                    lastSent: Array(repeating: ConsistencyWorkbenchSession.never, count: nodes),
                    acked: Array(repeating: 0, count: nodes),
                    // Everything of its own counts as unacknowledged and long unsent after a boot,
                    // so the first heartbeat resends it; receivers ignore what they already have.
                    sentAt: Array(repeating: ConsistencyWorkbenchSession.never, count: disk.own.count))
                memory.match[node] = disk.log.count
                return memory
            })
        clients = sim.clients.map { _ in
            Client(
                random: sim.makeGenerator(), context: Array(repeating: 0, count: nodes),
                lastSeen: Array(repeating: nil, count: keys))
        }
        sim.narrative.add(0, store.mechanism)
        for node in sim.nodes { boot(node) }
        for client in sim.clients { scheduleNext(client) }
    }

    // MARK: The engine's events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(let message, let from, let to, _):
            receive(message, from: from, at: to)
        case .timer(.think, let client):
            startOperation(client)
        case .timer(.timeout(let request), let client):
            giveUp(client, request: request)
        case .timer(.heartbeat, let node):
            replicas.withVolatile(node.index) { $0.heartbeatSet = false }
            tick(node)
            armHeartbeat(node.index)
        case .crashed(let process):
            if isReplica(process) {
                replicas.crash(process.index)
            } else {
                // The operation in flight stays unknown ("info"): it may still take effect.
                clients[clientSlot(process)].call = nil
            }
        case .restarted(let process):
            if isReplica(process) {
                replicas.restart(process.index)
                boot(process)
            } else {
                // A restarted client is a new session: it has forgotten what it saw.
                let slot = clientSlot(process)
                clients[slot].context = Array(repeating: 0, count: nodeCount)
                clients[slot].lastSeen = Array(repeating: nil, count: workload.keys)
                scheduleNext(process)
            }
        case .network:
            break
        }
    }

    private func receive(_ message: Message, from: NodeID, at node: NodeID) {
        switch message {
        case .request(let request):
            if store.usesLeader {
                logStoreRequest(request, at: node.index)
            } else {
                replicaStoreRequest(request, at: node.index)
            }
        case .reply(let request, let result, let context):
            complete(node, request: request, result: result, context: context)
        case .forward(let request, let home):
            leaderAppend(
                LogEntry(
                    key: request.key, operation: request.operation, request: request.id, client: request.client,
                    home: home))
        case .append(let start, let entries, let commit, let round):
            followerAppend(at: node.index, from: start, entries: entries, commit: commit, round: round)
        case .appended(let index, let round):
            leaderHeard(from: from.index, index: index, round: round)
        case .update(let update):
            receiveUpdate(update, at: node.index)
        case .updated(let through):
            replicas.withVolatile(node.index) { $0.acked[from.index] = max($0.acked[from.index], through) }
        }
    }

    private func boot(_ node: NodeID) {
        if store.usesLeader {
            sim.noteState(node, node.index == 0 ? "leader" : "follower")
            if node.index == 0 { sim.setLeader(node) }
        } else {
            sim.noteState(node, "replica")
        }
        armHeartbeat(node.index)
    }

    private func tick(_ node: NodeID) {
        if store.usesLeader {
            leaderTick()
        } else {
            replicaTick(node.index)
        }
    }

    /// Sets the node's heartbeat if something it sent still awaits acknowledgement: the log
    /// (the leader) or its own writes (replicas without a leader). Followers only answer.
    func armHeartbeat(_ node: Int) {
        guard let memory = replicas.volatile(node), !memory.heartbeatSet else { return }
        let disk = replicas.durable[node]
        let awaiting: Bool
        if store.usesLeader {
            awaiting = node == 0 && (1..<nodeCount).contains { leaderAwaits($0) }
        } else {
            awaiting = (0..<nodeCount).contains { $0 != node && memory.acked[$0] < disk.own.count }
        }
        guard awaiting else { return }
        replicas.withVolatile(node) { $0.heartbeatSet = true }
        sim.setTimer(.heartbeat, on: NodeID(node), after: heartbeat)
    }

    func isReplica(_ process: NodeID) -> Bool { process.index < nodeCount }
    func clientSlot(_ process: NodeID) -> Int { process.index - nodeCount }
    func name(_ process: Int) -> String { sim.names[process] }
    func keyName(_ key: Int) -> String { WorkbenchWorkload.keyNames[key] }

    /// Adds a narrative line the first time `topic` comes up.
    func tellOnce(_ topic: String, _ text: @autoclosure () -> String) {
        guard told.insert(topic).inserted else { return }
        sim.narrative.add(sim.now, text())
    }

    // MARK: Clients

    private func scheduleNext(_ client: NodeID) {
        let slot = clientSlot(client)
        guard clients[slot].started < workload.operations else { return }
        let pause = workload.think == 0 ? 0 : SimTime(clients[slot].random.nextUnit() * Double(2 * workload.think))
        sim.setTimer(.think, on: client, after: pause)
    }

    private func startOperation(_ client: NodeID) {
        let slot = clientSlot(client)
        guard clients[slot].call == nil, clients[slot].started < workload.operations else { return }
        clients[slot].started += 1
        let key = Int(clients[slot].random.next(upperBound: UInt64(workload.keys)))
        let draw = clients[slot].random.nextUnit()
        let operation: WorkbenchOperation
        if draw < workload.reads {
            operation = .read
        } else {
            nextValue += 1
            operation =
                draw < workload.reads + workload.cas
                ? .cas(from: clients[slot].lastSeen[key], to: nextValue) : .write(nextValue)
        }
        let replica = chooseReplica(for: slot)
        nextRequest += 1
        let request = WorkbenchRequest(
            id: nextRequest, client: client.index, key: key, operation: operation, context: clients[slot].context)
        let value: Value
        let function: Function
        switch operation {
        case .read: (function, value) = (.read, .null)
        case .write(let written): (function, value) = (.write, .int(written))
        case .cas(let from, let to): (function, value) = (.cas, .list([from.map(Value.int) ?? .null, .int(to)]))
        }
        operations.append(
            Operation(
                process: slot + 1, function: function, key: keyName(key), value: value, outcome: .info,
                invoke: sim.now, complete: nil))
        sim.noteInvoke(client, describe(operation, key: key))
        let timer = sim.setTimer(.timeout(request: request.id), on: client, after: workload.timeout)
        clients[slot].call = Call(request: request, entry: operations.count - 1, replica: replica, timer: timer)
        sim.send(.request(request), from: client, to: NodeID(replica))
    }

    /// Where a client sends its next request: the store's routing rule.
    private func chooseReplica(for slot: Int) -> Int {
        switch store {
        case .linearizable:
            return 0
        case .sequential:
            return sequentialHome(ofSlot: slot)
        case .readYourWrites:
            return slot % nodeCount
        case .causal, .eventual:
            return Int(clients[slot].random.next(upperBound: UInt64(nodeCount)))
        }
    }

    /// The follower a client of the sequential store reads from (the leader when it is alone).
    func sequentialHome(ofSlot slot: Int) -> Int {
        nodeCount == 1 ? 0 : 1 + slot % (nodeCount - 1)
    }

    private func complete(_ client: NodeID, request: Int, result: WorkbenchResult, context: [Int]) {
        let slot = clientSlot(client)
        guard let call = clients[slot].call, call.request.id == request else { return }  // too late
        sim.cancelTimer(call.timer)
        clients[slot].call = nil
        let key = call.request.key
        var entry = operations[call.entry]
        entry.complete = sim.now
        switch (call.request.operation, result) {
        case (.read, .value(let value)):
            entry.outcome = .ok
            entry.value = value.map(Value.int) ?? .null
            clients[slot].lastSeen[key] = value
        case (.write(let value), _):
            entry.outcome = .ok
            clients[slot].lastSeen[key] = value
        case (.cas(_, let to), .done):
            entry.outcome = .ok
            clients[slot].lastSeen[key] = to
        default:
            entry.outcome = .fail
        }
        operations[call.entry] = entry
        if !context.isEmpty { clients[slot].context = VersionVector.merge(clients[slot].context, context) }
        var text = describe(call.request.operation, key: key)
        if case .value(let value) = result { text += " → \(value.map(String.init) ?? "nil")" }
        sim.noteComplete(client, text, outcome: entry.outcome.rawValue)
        scheduleNext(client)
    }

    private func giveUp(_ client: NodeID, request: Int) {
        let slot = clientSlot(client)
        guard let call = clients[slot].call, call.request.id == request else { return }
        clients[slot].call = nil
        timedOut += 1
        let text = describe(call.request.operation, key: call.request.key)
        tellOnce(
            "timeout",
            "\(name(client.index)) heard nothing from \(name(call.replica)) for its \(text) and gave up; the result is unknown"
        )
        sim.noteComplete(client, text, outcome: "info")
        scheduleNext(client)
    }

    func describe(_ operation: WorkbenchOperation, key: Int) -> String {
        switch operation {
        case .read: "read \(keyName(key))"
        case .write(let value): "write \(keyName(key)) \(value)"
        case .cas(let from, let to): "cas \(keyName(key)) \(from.map(String.init) ?? "nil")→\(to)"
        }
    }

    /// Sends a client its answer.
    func reply(_ request: WorkbenchRequest, _ result: WorkbenchResult, from replica: Int, context: [Int] = []) {
        sim.send(
            .reply(request: request.id, result: result, context: context), from: NodeID(replica),
            to: NodeID(request.client))
    }

    var stopped: Bool {
        clients.allSatisfy { $0.started >= workload.operations && $0.call == nil }
    }

    // MARK: Stepping

    func describe(_ process: NodeID) -> [String] {
        guard isReplica(process) else { return describeClient(process) }
        let node = process.index
        let disk = replicas.durable[node]
        let values = (0..<workload.keys).map { "\(keyName($0))=\(disk.values[$0].map(String.init) ?? "nil")" }
        var lines: [String] = []
        if store.usesLeader {
            let role = node == 0 ? "leader" : "follower"
            var line = "\(role): log of \(disk.log.count), applied \(disk.applied)"
            if store == .linearizable { line += ", committed \(disk.commit)" }
            lines.append(line)
            lines.append("holds " + values.joined(separator: " "))
            if node == 0, let memory = replicas.volatile(node), !memory.reads.isEmpty {
                lines.append("\(memory.reads.count) read(s) waiting for a majority to confirm round \(memory.round)")
            }
        } else {
            lines.append("holds " + values.joined(separator: " "))
            lines.append("has applied \(VersionVector.describe(disk.have)) (writes from n1, n2, ...)")
            if let memory = replicas.volatile(node) {
                if !memory.held.isEmpty {
                    lines.append("holding back \(memory.held.count) copied write(s) until what they depend on arrives")
                }
                if !memory.waiting.isEmpty {
                    let current = memory.waiting.count { request in
                        clients[clientSlot(NodeID(request.client))].call?.request.id == request.id
                    }
                    lines.append(
                        "\(memory.waiting.count) request(s) waiting until it has what their client has seen"
                            + (current < memory.waiting.count ? " (\(memory.waiting.count - current) given up on)" : "")
                    )
                }
            }
        }
        return lines
    }

    private func describeClient(_ process: NodeID) -> [String] {
        let client = clients[clientSlot(process)]
        var lines = ["operation \(client.started) of \(workload.operations)"]
        if let call = client.call {
            lines[0] +=
                ": \(describe(call.request.operation, key: call.request.key)) at \(name(call.replica)), waiting since \(SimDuration.format(operations[call.entry].invoke))"
        }
        if store == .causal { lines.append("has seen \(VersionVector.describe(client.context))") }
        return lines
    }
}
