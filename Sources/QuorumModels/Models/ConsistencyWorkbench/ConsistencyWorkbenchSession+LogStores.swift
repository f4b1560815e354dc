import QuorumSim

/// The linearizable and sequential stores: `n1` leads and puts every write in its log, in the
/// order every replica applies; the two differ in when a write is answered and who answers reads.
///
/// - Linearizable: a write is answered once a majority holds it (committed); a read is answered
///   at the leader after a round of messages, started when the read arrived, is answered by a
///   majority, and only with at least what was committed when it arrived (Raft's read index).
///   The leader cannot be replaced here, but the round is what makes such a read safe when it
///   can: a deposed leader would not hear back from a majority.
/// - Sequential: the leader applies a write at once and sends it on; each client talks to its
///   own follower, which answers reads from its copy and answers the client's write when it
///   has applied it in the leader's order. So each client sees the one order, late.
extension ConsistencyWorkbenchSession {
    private var leader: Int { 0 }
    private var majority: Int { nodeCount / 2 + 1 }

    func logStoreRequest(_ request: WorkbenchRequest, at node: Int) {
        let key = request.key
        switch (store, request.operation) {
        case (.linearizable, .read):
            guard node == leader else { return }
            let readIndex = replicas.durable[leader].commit
            replicas.withVolatile(leader) { memory in
                memory.round += 1
                memory.reads.append(PendingRead(round: memory.round, readIndex: readIndex, request: request))
            }
            tellOnce(
                "read round",
                "n1 asks a majority to confirm it still leads before it answers \(name(request.client))'s read of \(keyName(key))"
            )
            for follower in 1..<nodeCount { sendLog(to: follower) }
            serveReads()
        case (.sequential, .read):
            let disk = replicas.durable[node]
            let behind = replicas.durable[leader].log.count - disk.applied
            if behind > 0 {
                tellOnce(
                    "behind",
                    "\(name(node)) answers \(name(request.client))'s read of \(keyName(key)) from its copy, \(behind) write\(behind == 1 ? "" : "s") behind n1"
                )
            }
            reply(request, .value(disk.values[key]), from: node)
        case (_, .write), (_, .cas):
            let entry = LogEntry(
                key: key, operation: request.operation, request: request.id, client: request.client, home: node)
            if node == leader {
                leaderAppend(entry)
            } else {
                sim.send(.forward(request, home: node), from: NodeID(node), to: NodeID(leader))
            }
        default:
            break
        }
    }

    /// The leader puts a write at the end of its log and sends it on.
    func leaderAppend(_ entry: LogEntry) {
        guard replicas.isUp(leader) else { return }
        replicas.withDurable(leader) { $0.log.append(entry) }
        let length = replicas.durable[leader].log.count
        replicas.withVolatile(leader) { $0.match[leader] = length }
        if store == .sequential {
            applyLog(at: leader, through: length)
        } else {
            advanceCommit()
        }
        for follower in 1..<nodeCount { sendLog(to: follower) }
    }

    /// Sends a follower every entry it is not known to hold, with the commit index and the
    /// latest read round; with nothing new it is a heartbeat that still counts for the round.
    private func sendLog(to follower: Int) {
        guard let memory = replicas.volatile(leader) else { return }
        let disk = replicas.durable[leader]
        let start = memory.match[follower]
        sim.send(
            .append(from: start, entries: Array(disk.log[start...]), commit: disk.commit, round: memory.round),
            from: NodeID(leader), to: NodeID(follower))
        replicas.withVolatile(leader) { $0.lastSent[follower] = sim.now }
        armHeartbeat(leader)
    }

    func followerAppend(at node: Int, from start: Int, entries: [LogEntry], commit: Int, round: Int) {
        let length = replicas.durable[node].log.count
        if start <= length, start + entries.count > length {
            replicas.withDurable(node) { $0.log.append(contentsOf: entries[(length - start)...]) }
        }
        let held = replicas.durable[node].log.count
        // A sequential follower applies everything in order at once; a linearizable one only
        // what the leader says a majority holds.
        applyLog(at: node, through: store == .sequential ? held : min(commit, held))
        sim.send(.appended(index: held, round: round), from: NodeID(node), to: NodeID(leader))
    }

    func leaderHeard(from follower: Int, index: Int, round: Int) {
        replicas.withVolatile(leader) { memory in
            memory.match[follower] = max(memory.match[follower], index)
            memory.heardRound[follower] = max(memory.heardRound[follower], round)
        }
        if store == .linearizable {
            advanceCommit()
            serveReads()
        }
    }

    /// Commits what a majority holds (the leader's own log counts as one copy).
    private func advanceCommit() {
        guard let memory = replicas.volatile(leader) else { return }
        let held = memory.match.sorted(by: >)[majority - 1]
        guard held > replicas.durable[leader].commit else { return }
        replicas.withDurable(leader) { $0.commit = held }
        applyLog(at: leader, through: held)
    }

    /// Answers the reads whose round a majority has confirmed.
    private func serveReads() {
        guard let memory = replicas.volatile(leader) else { return }
        let disk = replicas.durable[leader]
        var waiting: [PendingRead] = []
        for read in memory.reads {
            let confirmed = 1 + (1..<nodeCount).count { memory.heardRound[$0] >= read.round }
            if confirmed >= majority, disk.applied >= read.readIndex {
                reply(read.request, .value(disk.values[read.request.key]), from: leader)
            } else {
                waiting.append(read)
            }
        }
        replicas.withVolatile(leader) { $0.reads = waiting }
    }

    /// Applies log entries up to `through`, answering the clients whose home this replica is.
    private func applyLog(at node: Int, through end: Int) {
        while replicas.durable[node].applied < end {
            let entry = replicas.durable[node].log[replicas.durable[node].applied]
            let result = replicas.withDurable(node) { disk -> WorkbenchResult in
                disk.applied += 1
                switch entry.operation {
                case .write(let value):
                    disk.values[entry.key] = value
                    return .done
                case .cas(let from, let to):
                    guard disk.values[entry.key] == from else { return .failed }
                    disk.values[entry.key] = to
                    return .done
                case .read:
                    return .failed
                }
            }
            if entry.home == node, replicas.isUp(node) {
                let request = WorkbenchRequest(
                    id: entry.request, client: entry.client, key: entry.key, operation: entry.operation, context: [])
                reply(request, result, from: node)
            }
        }
    }

    /// Whether the leader awaits something from a follower: part of the log, or the latest
    /// read round while reads wait for it.
    func leaderAwaits(_ follower: Int) -> Bool {
        guard let memory = replicas.volatile(leader) else { return false }
        return memory.match[follower] < replicas.durable[leader].log.count
            || (!memory.reads.isEmpty && memory.heardRound[follower] < memory.round)
    }

    /// Resends the log to followers that have left it (or a read round) unanswered for two
    /// heartbeats.
    func leaderTick() {
        guard let memory = replicas.volatile(leader) else { return }
        for follower in 1..<nodeCount
        where leaderAwaits(follower) && sim.now - memory.lastSent[follower] >= 2 * heartbeat {
            sendLog(to: follower)
        }
    }
}
