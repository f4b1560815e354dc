import QuorumSim

/// Log replication and commitment (Raft paper, sections 5.3 and 5.4.2): AppendEntries with
/// its consistency check, conflict truncation, nextIndex and matchIndex, and the rule that a
/// leader commits by counting replicas only entries of its own term.
extension RaftSession {
    /// At most this many entries travel in one AppendEntries; a follower far behind catches up
    /// over several round trips.
    static let batch = 32

    /// Every `heartbeat`, a leader sends AppendEntries to each follower it has not just sent
    /// one to: with the entries the follower lacks, or none (a heartbeat) if it lacks none.
    func heartbeatTick(_ node: Int) {
        update(node) { disk, memory in
            guard memory.role == .leader else { return }
            for peer in 0..<nodeCount where peer != node && sim.now - memory.lastSent[peer] >= heartbeat / 2 {
                sendAppend(from: node, to: peer, &disk, &memory)
            }
            memory.heartbeatTimer = sim.setTimer(.heartbeat, on: NodeID(node), after: heartbeat)
        }
    }

    /// Sends the follower the entries from its `nextIndex` on (none: a heartbeat), with the
    /// entry just before them for the consistency check.
    func sendAppend(from leader: Int, to peer: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory) {
        let previous = min(memory.nextIndex[peer] - 1, disk.lastIndex)
        let last = min(disk.lastIndex, previous + Self.batch)
        let entries = Array(disk.log[previous..<last])
        memory.sentUpTo[peer] = max(memory.sentUpTo[peer], last)
        memory.lastSent[peer] = sim.now
        sim.send(
            .append(
                term: disk.currentTerm, prevIndex: previous, prevTerm: disk.term(at: previous), entries: entries,
                commit: memory.commitIndex),
            from: NodeID(leader), to: NodeID(peer))
    }

    func appendEntries(
        at node: Int, from leader: Int, term: Int, prevIndex: Int, prevTerm: Int, entries: [RaftEntry], commit: Int
    ) {
        update(node) { disk, memory in
            guard term >= disk.currentTerm else {
                // A stale leader: the reply's term tells it to step down.
                sim.send(
                    .appendReply(term: disk.currentTerm, success: false, match: disk.lastIndex), from: NodeID(node),
                    to: NodeID(leader))
                return
            }
            if term > disk.currentTerm {
                adopt(
                    term, at: node, &disk, &memory,
                    news: "an AppendEntries from \(name(leader)) for term \(term) arrives")
            }
            if memory.role == .leader {
                violated(
                    "Election Safety: \(name(node)) leads term \(term) and hears from \(name(leader)) as leader of it")
                return
            }
            if memory.role == .candidate {
                memory.role = .follower
                sim.noteState(NodeID(node), "follower t\(term)")
            }
            if memory.leader != leader {
                memory.leader = leader
                narrateFirstContact(node, leader: leader, term: term)
            }
            resetElectionTimer(node, &memory)
            // The consistency check: the follower must hold the entry just before the new ones.
            guard prevIndex <= disk.lastIndex, disk.term(at: prevIndex) == prevTerm else {
                let hint = prevIndex > disk.lastIndex ? disk.lastIndex : prevIndex - 1
                sim.send(
                    .appendReply(term: term, success: false, match: hint), from: NodeID(node), to: NodeID(leader))
                return
            }
            var firstWritten: Int?
            for (offset, entry) in entries.enumerated() {
                let index = prevIndex + 1 + offset
                if index <= disk.lastIndex {
                    if disk.term(at: index) == entry.term { continue }
                    truncate(node, from: index, leader: leader, &disk, &memory)
                }
                disk.log.append(entry)
                firstWritten = firstWritten ?? index
            }
            if let firstWritten, let problem = safety.wrote(disk.log, from: firstWritten, node: name(node)) {
                violated(problem)
            }
            // Only entries known to match the leader's log may be marked committed.
            let lastNew = prevIndex + entries.count
            if commit > memory.commitIndex {
                self.commit(node, upTo: min(commit, lastNew), &disk, &memory)
            }
            sim.send(
                .appendReply(term: term, success: true, match: lastNew), from: NodeID(node), to: NodeID(leader))
        }
    }

    /// Drops entries `index...` that conflict with the leader's; none of them may be committed.
    private func truncate(
        _ node: Int, from index: Int, leader: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory
    ) {
        if index <= memory.commitIndex {
            violated(
                "State Machine Safety: \(name(node)) would drop committed entry \(index) to follow \(name(leader))")
            memory.commitIndex = index - 1
            memory.lastApplied = min(memory.lastApplied, index - 1)
        }
        let dropped = disk.log[(index - 1)...]
        var terms: [Int] = []
        for entry in dropped where terms.last != entry.term { terms.append(entry.term) }
        let span = dropped.count == 1 ? "entry \(index)" : "entries \(index)-\(disk.lastIndex)"
        sim.narrative.add(
            sim.now,
            "\(name(node)) drops \(span) (term \(terms.map(String.init).joined(separator: ", "))): they conflict with leader \(name(leader))'s log, "
                + "and were never committed")
        disk.log.removeSubrange((index - 1)...)
    }

    private func narrateFirstContact(_ node: Int, leader: Int, term: Int) {
        guard !followNarrated, winner[term] == leader else { return }
        followNarrated = true
        sim.narrative.add(
            sim.now,
            "\(name(node)) hears from \(name(leader)), the leader of term \(term), and follows it; each "
                + "AppendEntries from \(name(leader)), heartbeats included, restarts \(name(node))'s election timer")
    }

    func appendReply(at node: Int, from peer: Int, term: Int, success: Bool, match: Int) {
        update(node) { disk, memory in
            if term > disk.currentTerm {
                adopt(term, at: node, &disk, &memory, news: "a reply from \(name(peer)) carries term \(term)")
                return
            }
            guard memory.role == .leader, term == disk.currentTerm else { return }
            if success {
                memory.matchIndex[peer] = max(memory.matchIndex[peer], match)
                memory.nextIndex[peer] = max(memory.nextIndex[peer], match + 1)
                advanceCommit(node, &disk, &memory)
                if memory.nextIndex[peer] <= disk.lastIndex, memory.sentUpTo[peer] < disk.lastIndex {
                    sendAppend(from: node, to: peer, &disk, &memory)
                }
            } else {
                // Back up and try again at once; `match` is the follower's hint of where.
                memory.nextIndex[peer] = max(
                    memory.matchIndex[peer] + 1, min(memory.nextIndex[peer] - 1, match + 1))
                memory.sentUpTo[peer] = memory.nextIndex[peer] - 1
                sendAppend(from: node, to: peer, &disk, &memory)
            }
        }
    }

    /// Figure 2's rule: commit the highest N stored on a majority whose entry is of the
    /// leader's own term. Entries of earlier terms are committed only behind such an entry
    /// (Figure 8 shows why counting their copies is not enough).
    func advanceCommit(_ node: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory) {
        var index = disk.lastIndex
        while index > memory.commitIndex, disk.term(at: index) == disk.currentTerm {
            if memory.matchIndex.count(where: { $0 >= index }) * 2 > nodeCount {
                commit(node, upTo: index, &disk, &memory)
                return
            }
            index -= 1
        }
    }

    /// Raises the node's commit index, checks what that commits, and applies it.
    func commit(_ node: Int, upTo index: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory) {
        let previous = memory.commitIndex
        guard index > previous else { return }
        memory.commitIndex = index
        let (newly, problem) = safety.committed(from: previous, upTo: index, log: disk.log, node: name(node))
        if let problem { violated(problem) }
        if let newly {
            for position in newly {
                if case .write(let number) = disk.log[position - 1].command, !committedWrite[number] {
                    committedWrite[number] = true
                    committedWrites += 1
                }
            }
            for other in 0..<nodeCount where other != node && states.volatile(other)?.role == .leader {
                let otherDisk = states.durable[other]
                if let problem = safety.leaderHolds(
                    newly, leader: other, term: otherDisk.currentTerm, log: otherDisk.log, name: name)
                {
                    violated(problem)
                }
            }
        }
        if memory.role == .leader { narrateCommit(node, from: previous + 1, to: index, disk, memory) }
        while memory.lastApplied < memory.commitIndex {
            memory.lastApplied += 1
            let entry = disk.log[memory.lastApplied - 1]
            if let problem = safety.applied(entry, at: memory.lastApplied, node: name(node)) { violated(problem) }
            guard case .write(let number) = entry.command else { continue }
            memory.appliedWrites += 1
            if let promise = memory.promised.firstIndex(of: number) {
                memory.promised.remove(at: promise)
                sim.send(.written(number), from: NodeID(node), to: client)
            }
        }
    }

    private func narrateCommit(_ node: Int, from first: Int, to last: Int, _ disk: RaftDisk, _ memory: RaftMemory) {
        let term = disk.currentTerm
        let holding = (0..<nodeCount).filter { memory.matchIndex[$0] >= last }
        let holders = names(holding) + (holding.count == 1 ? " holds" : " hold")
        let span = first == last ? "entry \(last)" : "entries \(first)-\(last)"
        if !commitNarrated[term] {
            commitNarrated[term] = true
            let earlier = (first...last).filter { disk.term(at: $0) < term }
            let noop = first == last && disk.log[last - 1].command == .noop ? ", its term-\(term) no-op" : ""
            let them = first == last ? "it" : "them"
            var text = "\(name(node)) commits \(span)\(noop): \(holders) \(them), a majority of \(nodeCount)"
            if let low = earlier.first, let high = earlier.last {
                let older = low == high ? "Entry \(low) is" : "Entries \(low)-\(high) are"
                text +=
                    ". \(older) from an earlier term: a leader commits those only behind an entry of its own "
                    + "term (entry \(last))"
            }
            sim.narrative.add(sim.now, text)
        } else if !writeCommitNarrated[term],
            let position = (first...last).first(where: { disk.log[$0 - 1].command != .noop }),
            case .write(let number) = disk.log[position - 1].command
        {
            writeCommitNarrated[term] = true
            let told = memory.promised.contains(number) ? " and tells c1" : ""
            sim.narrative.add(
                sim.now,
                "\(name(node)) commits write \(number) (entry \(position)): \(holders) it. "
                    + "\(name(node)) applies it\(told)")
        }
    }
}
