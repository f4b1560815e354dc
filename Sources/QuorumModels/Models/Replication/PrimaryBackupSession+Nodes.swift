import QuorumSim

/// The nodes: a primary that logs writes and ships them, backups that follow it and take over,
/// one at a time in a fixed line, when it falls silent.
extension PrimaryBackupSession {
    /// A write reaches a node: the primary logs it and acknowledges it now (async) or once every
    /// backup in line has it (sync); anyone else points the client at the primary it knows.
    func accept(_ op: Int, value: Int, at node: Int) {
        guard state.volatile(node)?.primary == true else {
            sim.send(.notPrimary(op: op, view: state.durable[node].view), from: NodeID(node), to: client)
            return
        }
        let index = state.durable[node].log.count
        state.withDurable(node) { $0.log.append(value) }
        let disk = state.durable[node]
        let backups = disk.members.filter { $0 != node }
        guard settings.synchronous, !backups.isEmpty else {
            sim.send(.ack(op: op), from: NodeID(node), to: client)
            return
        }
        state.withVolatile(node) { $0.waiting.append(SyncWrite(index: index, op: op, missing: backups)) }
        for backup in backups {
            sim.send(.replicate(view: disk.view, index: index, value: value), from: NodeID(node), to: NodeID(backup))
        }
    }

    /// Whether a message from `from`, sent as primary of `view`, comes from the view `node`
    /// follows. A node that knows a newer view says so; an older one steps down (if it leads)
    /// and waits for the new primary's heartbeat.
    func sameView(_ view: View, from: Int, at node: Int) -> Bool {
        let mine = state.durable[node].view
        if view < mine {
            sim.send(.newerView(view: mine), from: NodeID(node), to: NodeID(from))
            return false
        }
        if view > mine {
            stepDown(node, for: view)
            return false
        }
        watchPrimary(node)
        return true
    }

    func replicate(_ value: Int, index: Int, view: View, from: Int, at node: Int) {
        guard sameView(view, from: from, at: node) else { return }
        state.withDurable(node) { disk in
            if index == disk.log.count { disk.log.append(value) }
        }
        if state.durable[node].log.count > index {
            sim.send(.replicated(view: view, index: index), from: NodeID(node), to: NodeID(from))
        }
    }

    /// A heartbeat carries the primary's log. A node of the same view keeps the longer of the
    /// two (within a view the primary's log only grows, and a late heartbeat is an older copy);
    /// a node of an older view takes the new primary's log whole, dropping what it alone had.
    func heartbeat(_ view: View, log: [Int], members: [Int], from: Int, at node: Int) {
        let disk = state.durable[node]
        if view < disk.view {
            sim.send(.newerView(view: disk.view), from: NodeID(node), to: NodeID(from))
            return
        }
        if view == disk.view {
            if log.count > disk.log.count { state.withDurable(node) { $0.log = log } }
            state.withDurable(node) { $0.members = members }
        } else {
            follow(view, log: log, members: members, at: node)
        }
        watchPrimary(node)
        sim.send(
            .heartbeatAck(view: view, length: state.durable[node].log.count), from: NodeID(node), to: NodeID(from))
    }

    private func follow(_ view: View, log: [Int], members: [Int], at node: Int) {
        let disk = state.durable[node]
        var common = 0
        while common < min(disk.log.count, log.count), disk.log[common] == log[common] { common += 1 }
        let dropped = Array(disk.log[common...])
        state.withDurable(node) { disk in
            disk.log = log
            disk.view = view
            disk.members = members
        }
        state.withVolatile(node) { memory in
            memory.primary = false
            memory.waiting = []
        }
        sim.noteState(NodeID(node), "backup v\(view.number)")
        guard !dropped.isEmpty else { return }
        let acknowledged = lostWrites(in: log).filter(dropped.contains).count
        let lost = acknowledged == 0 ? "" : "; \(acknowledged) of them had been acknowledged to c1"
        sim.narrative.add(
            sim.now,
            "n\(node + 1) follows n\(view.primary + 1) (view \(view.number)) and drops \(dropped.count) \(dropped.count == 1 ? "write" : "writes") from its log that n\(view.primary + 1) never had\(lost)"
        )
    }

    /// A node learns that a newer view exists: if it still acts as primary, it stops. It keeps
    /// its log until the new primary's heartbeat arrives.
    func stepDown(_ node: Int, for view: View) {
        guard state.volatile(node)?.primary == true else { return }
        state.withVolatile(node) { memory in
            memory.primary = false
            memory.waiting = []
        }
        sim.noteState(NodeID(node), "backup v\(view.number)")
        sim.narrative.add(
            sim.now,
            "n\(node + 1) learns that n\(view.primary + 1) leads view \(view.number) and stops acting as primary")
    }

    /// A backup reports that it holds the first `length` entries of the primary's log.
    func backupHas(_ length: Int, view: View, backup: Int, at node: Int) {
        guard let memory = state.volatile(node), memory.primary, view == state.durable[node].view,
            !memory.waiting.isEmpty
        else { return }
        var done: [Int] = []
        state.withVolatile(node) { memory in
            for position in memory.waiting.indices where memory.waiting[position].index < length {
                memory.waiting[position].missing.removeAll { $0 == backup }
            }
            done = memory.waiting.filter(\.missing.isEmpty).map(\.op)
            memory.waiting.removeAll { $0.missing.isEmpty }
        }
        for op in done { sim.send(.ack(op: op), from: NodeID(node), to: client) }
    }

    /// A node outside the line (an old primary back from a crash, say) that has caught up is put
    /// back in line, at a moment when no sync write is waiting, so it never misses one.
    func rejoin(_ backup: Int, length: Int, view: View, at node: Int) {
        let disk = state.durable[node]
        guard let memory = state.volatile(node), memory.primary, view == disk.view, memory.waiting.isEmpty,
            !disk.members.contains(backup), length == disk.log.count
        else { return }
        state.withDurable(node) { $0.members = ($0.members + [backup]).sorted() }
        sim.narrative.add(sim.now, "n\(backup + 1) has caught up with n\(node + 1) and is back in line as a backup")
    }

    func sendHeartbeats(from node: Int) {
        guard state.volatile(node)?.primary == true else { return }
        let disk = state.durable[node]
        for other in 0..<nodes where other != node {
            sim.send(
                .heartbeat(view: disk.view, log: disk.log, members: disk.members), from: NodeID(node), to: NodeID(other)
            )
        }
        sim.setTimer(.heartbeat, on: NodeID(node), after: settings.heartbeat)
    }

    /// Where a backup stands in line to take over: the first waits one `failover-timeout` of
    /// silence, the second two, and so on. Nodes out of line never take over.
    private func rank(of node: Int) -> Int? {
        let disk = state.durable[node]
        return disk.members.filter { $0 != disk.view.primary }.firstIndex(of: node)
    }

    /// (Re)starts a backup's wait for the primary's next sign of life.
    func watchPrimary(_ node: Int) {
        guard let memory = state.volatile(node), !memory.primary else { return }
        if let timer = memory.failoverTimer { sim.cancelTimer(timer) }
        var timer: TimerID?
        if let rank = rank(of: node) {
            timer = sim.setTimer(
                .failover, on: NodeID(node), after: settings.failoverTimeout * Int64(rank + 1))
        }
        state.withVolatile(node) { $0.failoverTimer = timer }
    }

    /// The primary has been silent too long: this backup starts the next view, without the old
    /// primary in line, with whatever its own log holds.
    func takeOver(_ node: Int) {
        guard let memory = state.volatile(node), !memory.primary, let rank = rank(of: node) else { return }
        let old = state.durable[node].view
        let view = View(number: old.number + 1, primary: node)
        state.withDurable(node) { disk in
            disk.view = view
            disk.members = disk.members.filter { $0 != old.primary }
        }
        state.withVolatile(node) { memory in
            memory.primary = true
            memory.failoverTimer = nil
        }
        sim.setLeader(NodeID(node))
        sim.noteState(NodeID(node), "primary v\(view.number)")
        let log = state.durable[node].log
        let missing = lostWrites(in: log).count
        let silence = SimDuration.format(settings.failoverTimeout * Int64(rank + 1))
        sim.narrative.add(
            sim.now,
            "n\(node + 1) heard nothing from n\(old.primary + 1) for \(silence) and took over as primary (view \(view.number)) with \(log.count) writes"
                + (missing == 0
                    ? ""
                    : "; \(missing) \(missing == 1 ? "write acknowledged to c1 is" : "writes acknowledged to c1 are") not among them")
        )
        sendHeartbeats(from: node)
        sim.send(.newPrimary(view: view), from: NodeID(node), to: client)
    }
}
