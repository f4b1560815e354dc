import QuorumCheck
import QuorumSim

/// cp: majority quorums with versions (ABD). A write asks a majority for their versions, picks
/// a higher one and stores it on a majority; a read asks a majority and, unless they all agree,
/// writes the newest version back to a majority before answering, so no later read can see an
/// older one. Any two majorities share a replica, which is why this is linearizable, and why a
/// replica that cannot reach a majority must refuse.
extension CapRegisterSession {
    func coordinate(_ op: Int, client: NodeID, key: Int, write: Int?, at replica: Int) {
        let disk = state.durable[replica]
        var answered = Array(repeating: false, count: nodes)
        answered[replica] = true
        let timer = sim.setTimer(.quorumTimeout(op: op), on: NodeID(replica), after: settings.timeout)
        let work = Coordination(
            client: client, key: key, write: write, answered: answered, best: (disk.tags[key], disk.held[key]),
            timer: timer)
        state.withVolatile(replica) { $0.coordinating[op] = work }
        for other in 0..<nodes where other != replica {
            sim.send(.query(op: op, key: key), from: NodeID(replica), to: NodeID(other))
        }
        advance(op, at: replica)
    }

    /// A replica's answer to "what version do you hold?".
    func heard(_ op: Int, tag: Tag, write: Int, from: Int, at replica: Int) {
        let counted: Bool? = state.withVolatile(replica) { memory in
            guard var work = memory.coordinating[op], !work.storing, !work.answered[from] else { return false }
            work.answered[from] = true
            work.count += 1
            if tag != work.best.tag { work.allAgree = false }
            if tag > work.best.tag { work.best = (tag, write) }
            memory.coordinating[op] = work
            return true
        }
        if counted == true { advance(op, at: replica) }
    }

    func acknowledged(_ op: Int, from: Int, at replica: Int) {
        let counted: Bool? = state.withVolatile(replica) { memory in
            guard var work = memory.coordinating[op], work.storing, !work.answered[from] else { return false }
            work.answered[from] = true
            work.count += 1
            memory.coordinating[op] = work
            return true
        }
        if counted == true { advance(op, at: replica) }
    }

    /// Moves an operation on once a majority has answered its current phase.
    private func advance(_ op: Int, at replica: Int) {
        guard var work = state.volatile(replica)?.coordinating[op], work.count >= majority else { return }
        if work.storing || (work.write == nil && work.allAgree) {
            complete(op, work, at: replica)
            return
        }
        if let write = work.write {
            work.best = (Tag(counter: work.best.tag.counter + 1, replica: replica, write: write), write)
            writes[write - 1].replica = replica
            writes[write - 1].stamp = sim.localTime(of: NodeID(replica))
        }
        work.storing = true
        work.answered = Array(repeating: false, count: nodes)
        work.answered[replica] = true
        work.count = 1
        let stored = work
        state.withVolatile(replica) { $0.coordinating[op] = stored }
        keep(work.key, tag: work.best.tag, write: work.best.write, at: replica)
        for other in 0..<nodes where other != replica {
            sim.send(
                .store(op: op, key: work.key, tag: work.best.tag, write: work.best.write), from: NodeID(replica),
                to: NodeID(other))
        }
        advance(op, at: replica)
    }

    private func complete(_ op: Int, _ work: Coordination, at replica: Int) {
        sim.cancelTimer(work.timer)
        state.withVolatile(replica) { $0.coordinating[op] = nil }
        let values = work.write == nil && work.best.write != 0 ? [work.best.write] : []
        sim.send(.answer(op: op, values: values), from: NodeID(replica), to: work.client)
        if roles[replica] == "refusing", !told.recovered {
            told.recovered = true
            sim.narrative.add(
                sim.now, "\(replicaName(replica)) reached a majority again and answered \(sim.name(work.client))")
        }
        setRole(replica, "serving")
    }

    /// No majority answered in time: refuse rather than guess.
    func refuse(_ op: Int, at replica: Int) {
        guard let work = state.volatile(replica)?.coordinating[op] else { return }
        state.withVolatile(replica) { $0.coordinating[op] = nil }
        let maybeApplied = work.write != nil && work.storing
        sim.send(.refused(op: op, maybeApplied: maybeApplied), from: NodeID(replica), to: work.client)
        setRole(replica, "refusing")
        if told.refusals < 2 {
            told.refusals += 1
            let what = work.write.map { "write \(Text.key(work.key))=\($0)" } ?? "read of \(Text.key(work.key))"
            let after =
                maybeApplied
                ? "; the value may still be stored on some replicas, so \(sim.name(work.client)) cannot know whether it happened"
                : ""
            sim.narrative.add(
                sim.now,
                "\(replicaName(replica)) heard from no majority within \(SimDuration.format(settings.timeout)) and refused \(sim.name(work.client))'s \(what)\(after)"
            )
        }
    }

    /// Keeps a version if it is newer than the one held.
    func keep(_ key: Int, tag: Tag, write: Int, at replica: Int) {
        state.withDurable(replica) { disk in
            precondition(
                tag.write == write, "cap-register: version \(tag.text) names write \(tag.write), not \(write)")
            guard tag > disk.tags[key] else { return }
            disk.tags[key] = tag
            disk.held[key] = write
        }
    }
}

/// ap: the client's replica answers alone and tells the others afterwards; anti-entropy sends
/// everything now and then, so replicas catch up after messages were lost or cut off.
///
/// Each version carries its causal past (the writes it supersedes). Merging two versions keeps
/// the newer when one supersedes the other. When neither does, they conflict: last writer wins
/// keeps the one with the later timestamp and throws the other away; siblings keeps both.
extension CapRegisterSession {
    func serve(_ op: Int, client: NodeID, key: Int, write: Int?, at replica: Int) {
        let node = NodeID(replica)
        let held = state.durable[replica].versions[key]
        guard let write else {
            if !told.staleRead, let latest = latestAcknowledged[key], !covers(held, [latest.write]) {
                told.staleRead = true
                sim.narrative.add(
                    sim.now,
                    "\(replicaName(replica)) answered \(sim.name(client))'s read of \(Text.key(key)) with \(Text.values(held)), though write \(latest.write) had been acknowledged to \(clientName(operations[writes[latest.write - 1].op].client)) at \(SimDuration.format(latest.time))"
                )
            }
            sim.send(.answer(op: op, values: held), from: node, to: client)
            return
        }
        var history: Set<Int> = [write]
        for version in held { history.formUnion(writes[version - 1].history) }
        writes[write - 1].history = history
        writes[write - 1].replica = replica
        writes[write - 1].stamp = sim.localTime(of: node)
        state.withDurable(replica) { $0.versions[key] = [write] }
        noteRole(replica)
        sim.send(.answer(op: op, values: []), from: node, to: client)
        for other in 0..<nodes where other != replica {
            sim.send(.replicate(key: key, versions: [write]), from: node, to: NodeID(other))
        }
    }

    func sendEverything(from replica: Int) {
        let node = NodeID(replica)
        for other in 0..<nodes where other != replica {
            sim.send(.sync(state.durable[replica].versions), from: node, to: NodeID(other))
        }
        sim.setTimer(.antiEntropy, on: node, after: settings.antiEntropy)
    }

    /// Whether `later` is newer by last writer wins: the later timestamp, then the higher
    /// replica, then the higher write, so every replica picks the same winner.
    private func wins(_ later: Int, over earlier: Int) -> Bool {
        let a = writes[later - 1]
        let b = writes[earlier - 1]
        return (a.stamp, a.replica, later) > (b.stamp, b.replica, earlier)
    }

    func merge(_ incoming: [Int], key: Int, at replica: Int) {
        let held = state.durable[replica].versions[key]
        guard incoming != held, !incoming.isEmpty else { return }
        var all = held
        for version in incoming where !all.contains(version) { all.append(version) }
        all.sort()
        var kept: [Int]
        switch settings.reconcile {
        case .lww:
            // Last writer wins looks at timestamps only, as Cassandra does: with skewed clocks
            // it can keep an older write over one that knew about it.
            var winner = all[0]
            for version in all.dropFirst() where wins(version, over: winner) { winner = version }
            kept = [winner]
            let past = writes[winner - 1].history
            for version in all where !past.contains(version) && discarded.insert(version).inserted {
                tellDiscarded(version, kept: winner, key: key, at: replica)
            }
        case .siblings:
            kept = all.filter { version in
                !all.contains { other in other != version && writes[other - 1].history.contains(version) }
            }
            if kept.count > 1, held.count <= 1, told.reconciliations < 3 {
                told.reconciliations += 1
                sim.narrative.add(
                    sim.now,
                    "\(replicaName(replica)) keeps \(Text.key(key)) = \(Text.values(kept)) as siblings: neither write knew of the other, so the next reader gets both"
                )
            }
        }
        guard kept != held else { return }
        state.withDurable(replica) { $0.versions[key] = kept }
        noteRole(replica)
        noteConvergence()
    }

    private func tellDiscarded(_ version: Int, kept winner: Int, key: Int, at replica: Int) {
        guard told.reconciliations < 3 else { return }
        told.reconciliations += 1
        let op = operations[writes[version - 1].op]
        let acknowledged = op.outcome == .ok ? ", though \(clientName(op.client)) was told it succeeded" : ""
        sim.narrative.add(
            sim.now,
            "\(replicaName(replica)) merged \(Text.key(key)) by last writer wins: kept \(winner) (stamped \(SimDuration.format(writes[winner - 1].stamp)) by \(replicaName(writes[winner - 1].replica))) and dropped \(version)\(acknowledged)"
        )
    }

    /// Whether the versions `a` hold every version of `b` in their causal past.
    func covers(_ a: [Int], _ b: [Int]) -> Bool {
        b.allSatisfy { version in a.contains { writes[$0 - 1].history.contains(version) } }
    }

    /// Keys on which two replicas hold versions neither of which supersedes the other. cp never
    /// has any: a replica without a majority accepts nothing, and versions are totally ordered.
    func divergentKeys() -> Int {
        guard settings.mode == .ap else { return 0 }
        let disks = state.durable
        return (0..<settings.keys).filter { key in
            disks.indices.contains { a in
                disks.indices.contains { b in
                    a < b && !covers(disks[a].versions[key], disks[b].versions[key])
                        && !covers(disks[b].versions[key], disks[a].versions[key])
                }
            }
        }.count
    }

    /// Tells once, after a heal, when every replica holds the same versions again.
    func noteConvergence() {
        guard settings.mode == .ap, !convergenceTold, !partitioned else { return }
        let first = state.durable[0].versions
        guard state.durable.allSatisfy({ $0.versions == first }) else { return }
        convergenceTold = true
        sim.narrative.add(sim.now, "every replica holds the same versions of every key again: they have converged")
    }

    /// A replica holding siblings shows as `siblings` on the timeline.
    private func noteRole(_ replica: Int) {
        guard settings.reconcile == .siblings else { return }
        let conflicted = state.durable[replica].versions.contains { $0.count > 1 }
        setRole(replica, conflicted ? "siblings" : "serving")
    }
}
