import QuorumSim

/// The causal, read-your-writes and eventual stores: every replica takes writes itself, answers
/// at once, and copies each write to its peers in the background. They differ in where a client
/// sends each request and in when a replica may let a write or a request through.
///
/// - Eventual: each request goes to a random replica; a copied write is applied when it arrives.
/// - Read-your-writes: the same replicas, but each client always uses the same one (a sticky
///   session), so it reads where its own writes already are.
/// - Causal: each request goes to a random replica, carrying the client's version vector (what
///   it has seen); the replica serves it only once it has all of that. A copied write carries
///   the vector of its origin when it was taken, and is held back until the receiver has all
///   of that too. So whatever a client has seen, everything it depends on is there as well.
///
/// Concurrent writes to a key are settled by last-writer-wins on the writes' stamps.
extension ConsistencyWorkbenchSession {
    func replicaStoreRequest(_ request: WorkbenchRequest, at node: Int) {
        if store == .causal, !VersionVector.covers(replicas.durable[node].have, request.context) {
            replicas.withVolatile(node) { $0.waiting.append(request) }
            tellOnce(
                "causal wait",
                "\(name(node)) makes \(name(request.client))'s \(describe(request.operation, key: request.key)) wait: \(name(request.client)) has seen writes \(name(node)) does not have yet"
            )
            return
        }
        serve(request, at: node)
    }

    private func serve(_ request: WorkbenchRequest, at node: Int) {
        let key = request.key
        let result: WorkbenchResult
        switch request.operation {
        case .read:
            result = .value(replicas.durable[node].values[key])
        case .write(let value):
            takeWrite(key: key, value: value, at: node)
            result = .done
        case .cas(let from, let to):
            // The compare sees only this replica's copy: another replica may be doing the same.
            if replicas.durable[node].values[key] == from {
                takeWrite(key: key, value: to, at: node)
                result = .done
            } else {
                result = .failed
            }
        }
        reply(request, result, from: node, context: replicas.durable[node].have)
    }

    /// Applies a client's write here with a fresh stamp, and copies it to every peer.
    private func takeWrite(key: Int, value: Int, at node: Int) {
        let now = sim.localTime(of: NodeID(node))
        let update = replicas.withDurable(node) { disk -> ReplicaUpdate in
            disk.clock = max(disk.clock + 1, now)
            let update = ReplicaUpdate(
                origin: node, sequence: disk.own.count + 1, key: key, value: value,
                stamp: Stamp(time: disk.clock, node: node), dependencies: disk.have)
            disk.own.append(update)
            disk.have[node] = update.sequence
            disk.values[key] = value
            disk.stamps[key] = update.stamp
            return update
        }
        replicas.withVolatile(node) { $0.sentAt.append(sim.now) }
        for peer in 0..<nodeCount where peer != node {
            sim.send(.update(update), from: NodeID(node), to: NodeID(peer))
        }
        armHeartbeat(node)
    }

    func receiveUpdate(_ update: ReplicaUpdate, at node: Int) {
        let origin = update.origin
        let disk = replicas.durable[node]
        if update.sequence <= disk.have[origin] || disk.early[origin].contains(update.sequence) {
            acknowledge(origin, at: node)
            return
        }
        guard store == .causal else {
            apply(update, at: node)
            acknowledge(origin, at: node)
            return
        }
        guard isReady(update, at: node) else {
            let already = replicas.volatile(node)?.held.contains {
                $0.origin == origin && $0.sequence == update.sequence
            }
            if already == false { replicas.withVolatile(node) { $0.held.append(update) } }
            tellOnce(
                "causal hold",
                "\(name(node)) holds back \(keyName(update.key))=\(update.value) from \(name(origin)) until it has the writes that one depends on"
            )
            return
        }
        apply(update, at: node)
        acknowledge(origin, at: node)
        releaseHeld(at: node)
    }

    /// Whether a causal replica has every write the update depends on, and the origin's
    /// writes before it.
    private func isReady(_ update: ReplicaUpdate, at node: Int) -> Bool {
        let have = replicas.durable[node].have
        return have[update.origin] == update.sequence - 1 && VersionVector.covers(have, update.dependencies)
    }

    /// Applies held copies whose dependencies have arrived, then requests that can now be served.
    private func releaseHeld(at node: Int) {
        let applied = replicas.durable[node].have
        replicas.withVolatile(node) { memory in
            memory.held.removeAll { $0.sequence <= applied[$0.origin] }
        }
        var progress = true
        while progress {
            progress = false
            for update in replicas.volatile(node)?.held ?? [] where isReady(update, at: node) {
                replicas.withVolatile(node) { memory in
                    memory.held.removeAll { $0.origin == update.origin && $0.sequence == update.sequence }
                }
                apply(update, at: node)
                acknowledge(update.origin, at: node)
                progress = true
            }
        }
        let waiting = replicas.volatile(node)?.waiting ?? []
        let have = replicas.durable[node].have
        let ready = waiting.filter { VersionVector.covers(have, $0.context) }
        guard !ready.isEmpty else { return }
        replicas.withVolatile(node) { memory in
            memory.waiting.removeAll { VersionVector.covers(have, $0.context) }
        }
        for request in ready { serve(request, at: node) }
    }

    /// Last writer wins: the copy replaces the value only if its stamp is later.
    private func apply(_ update: ReplicaUpdate, at node: Int) {
        replicas.withDurable(node) { disk in
            disk.clock = max(disk.clock, update.stamp.time)
            if disk.stamps[update.key] < update.stamp {
                disk.values[update.key] = update.value
                disk.stamps[update.key] = update.stamp
            }
            let origin = update.origin
            if update.sequence == disk.have[origin] + 1 {
                disk.have[origin] += 1
                while disk.early[origin].remove(disk.have[origin] + 1) != nil { disk.have[origin] += 1 }
            } else {
                disk.early[origin].insert(update.sequence)
            }
        }
    }

    private func acknowledge(_ origin: Int, at node: Int) {
        sim.send(.updated(through: replicas.durable[node].have[origin]), from: NodeID(node), to: NodeID(origin))
    }

    /// Resends the writes a peer has not acknowledged, once they have gone two heartbeats
    /// without an answer.
    func replicaTick(_ node: Int) {
        guard let memory = replicas.volatile(node) else { return }
        let own = replicas.durable[node].own
        var resent: [Int] = []
        for peer in 0..<nodeCount where peer != node {
            for update in own.dropFirst(memory.acked[peer])
            where sim.now - memory.sentAt[update.sequence - 1] >= 2 * heartbeat {
                sim.send(.update(update), from: NodeID(node), to: NodeID(peer))
                resent.append(update.sequence)
            }
        }
        guard !resent.isEmpty else { return }
        replicas.withVolatile(node) { memory in
            for sequence in resent { memory.sentAt[sequence - 1] = sim.now }
        }
    }
}
