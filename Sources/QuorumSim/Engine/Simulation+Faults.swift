/// Faults: the schedule's, and those a learner injects while stepping.
extension Simulation {
    @usableFromInline
    func apply(_ action: FaultAction) -> SimEvent<Message, Timer>? {
        switch action {
        case .partition(let spec):
            return partition(spec)
        case .heal:
            return heal()
        case .crash(let target):
            guard let node = resolve(target, verb: "crash") else { return nil }
            return crash(node)
        case .restart(let index):
            return restart(NodeID(index))
        case .pause(let target):
            guard let node = resolve(target, verb: "pause") else { return nil }
            pause(node)
            return nil
        case .resume(let index):
            resume(NodeID(index))
            return nil
        }
    }

    private func resolve(_ target: ScheduledNodeFault.Target, verb: String) -> NodeID? {
        switch target {
        case .node(let name):
            return process(named: name)
        case .leader:
            guard let leader else {
                narrative.add(now, "no node leads at this moment, so there is no leader to \(verb)")
                return nil
            }
            return leader
        }
    }

    /// Cuts the links the spec names, from now on; messages already in flight on a cut link are
    /// lost when they would have arrived. Replaces any partition in force.
    @discardableResult
    public func partition(_ spec: PartitionSpec) -> SimEvent<Message, Timer>? {
        let count = names.count
        var cut = Array(repeating: false, count: count * count)
        let groups = spec.groups.map { $0.compactMap { names.firstIndex(of: $0) } }
        switch spec.shape {
        case .symmetric:
            for (first, left) in groups.enumerated() {
                for right in groups[(first + 1)...] {
                    for a in left {
                        for b in right {
                            cut[a * count + b] = true
                            cut[b * count + a] = true
                        }
                    }
                }
            }
        case .oneWay:
            for a in groups[0] {
                for b in groups[1] { cut[a * count + b] = true }
            }
        }
        core.cut = cut
        core.anyCut = true
        activePartition = spec
        record(.partition(spec))
        let words = spec.shape == .symmetric ? "cannot reach each other" : "cannot send to the last group"
        narrative.add(now, "the network partitions: \(spec.description) (these groups \(words))")
        return .network
    }

    /// Restores every link.
    @discardableResult
    public func heal() -> SimEvent<Message, Timer>? {
        guard core.anyCut else { return nil }
        core.cut = Array(repeating: false, count: names.count * names.count)
        core.anyCut = false
        activePartition = nil
        record(.heal)
        narrative.add(now, "the partition heals: every link works again")
        return .network
    }

    /// Whether a message from `from` to `to` would cross a cut link now.
    public func isCut(from: NodeID, to: NodeID) -> Bool {
        core.anyCut && core.cut[from.index * names.count + to.index]
    }

    /// Crashes a process: it stops, loses its timers, and drops what arrives until it restarts.
    /// Returns the event the model must handle (to forget the node's volatile state), or nil if
    /// it was already down.
    @discardableResult
    public func crash(_ node: NodeID) -> SimEvent<Message, Timer>? {
        guard core.status[node.index] != .crashed else { return nil }
        core.status[node.index] = .crashed
        core.incarnation[node.index] += 1
        core.held[node.index] = []
        if leader == node { leader = nil }
        record(.crash(node: node.index))
        narrative.add(now, "\(name(node)) crashes: it stops and forgets everything not on disk")
        return .crashed(node)
    }

    /// Restarts a crashed process; the model rebuilds its volatile state from durable state.
    @discardableResult
    public func restart(_ node: NodeID) -> SimEvent<Message, Timer>? {
        guard core.status[node.index] == .crashed else { return nil }
        core.status[node.index] = .up
        record(.restart(node: node.index))
        narrative.add(now, "\(name(node)) restarts from what it had on disk")
        return .restarted(node)
    }

    /// Pauses a process (a long garbage-collection pause, a stopped VM): it keeps its state but
    /// handles nothing; what arrives meanwhile waits for it.
    public func pause(_ node: NodeID) {
        guard core.status[node.index] == .up else { return }
        core.status[node.index] = .paused
        record(.pause(node: node.index))
        narrative.add(now, "\(name(node)) freezes (a long pause); it will not notice the time that passes")
    }

    /// Resumes a paused process; what arrived while it was paused is handled now, in order.
    public func resume(_ node: NodeID) {
        guard core.status[node.index] == .paused else { return }
        core.status[node.index] = .up
        record(.resume(node: node.index))
        narrative.add(now, "\(name(node)) wakes up and handles what piled up while it was paused")
        for pending in core.held[node.index] { core.queue.push(pending, at: now) }
        core.held[node.index] = []
    }

    /// Drops a message in flight by its id; false if no such message is in flight.
    public func dropMessage(_ id: Int) -> Bool {
        guard inFlight().contains(where: { $0.id == id }) else { return false }
        core.droppedByHand.insert(id)
        return true
    }

    /// The messages the network holds, earliest arrival first.
    public func inFlight() -> [InFlightMessage] {
        core.queue.sorted().compactMap { entry in
            guard case .deliver(let id, let from, let to, _) = entry.payload, !core.droppedByHand.contains(id) else {
                return nil
            }
            return InFlightMessage(
                id: id, from: NodeID(Int(from)), to: NodeID(Int(to)), arrivesAt: entry.time,
                label: core.labels[id] ?? "")
        }
    }
}
