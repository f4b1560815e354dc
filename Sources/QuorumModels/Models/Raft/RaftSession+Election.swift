import QuorumSim

/// Leader election (Raft paper, section 5.2, and the election restriction of 5.4.1): terms,
/// randomized election timeouts, RequestVote, and stepping down on a higher term.
extension RaftSession {
    /// Draws a fresh election timeout from the range and restarts the node's timer with it.
    func resetElectionTimer(_ node: Int, _ memory: inout RaftMemory) {
        if let timer = memory.electionTimer { sim.cancelTimer(timer) }
        let spread = UInt64(electionRange.upperBound - electionRange.lowerBound)
        let timeout = electionRange.lowerBound + SimTime(random[node].next(upperBound: spread + 1))
        memory.electionTimeout = timeout
        memory.electionTimer = sim.setTimer(.election, on: NodeID(node), after: timeout)
    }

    /// Heard from no leader, and granted no vote, for a whole election timeout: stand.
    func electionTimeout(_ node: Int) {
        update(node) { disk, memory in
            guard memory.role != .leader else { return }
            let previous = disk.currentTerm
            let wasCandidate = memory.role == .candidate
            let knownLeader = memory.leader
            let waited = memory.electionTimeout
            disk.currentTerm += 1
            disk.votedFor = node
            let term = disk.currentTerm
            track(term: term)
            candidates[term].append(node)
            memory.role = .candidate
            memory.leader = nil
            memory.votes = Array(repeating: false, count: nodeCount)
            memory.votes[node] = true
            resetElectionTimer(node, &memory)
            sim.noteState(NodeID(node), "candidate t\(term)")
            narrateCandidacy(
                node, term: term, previous: previous, wasCandidate: wasCandidate, knownLeader: knownLeader,
                waited: waited)
            if 2 > nodeCount {
                becomeLeader(node, &disk, &memory)
                return
            }
            for peer in 0..<nodeCount where peer != node {
                sim.send(
                    .requestVote(term: term, lastIndex: disk.lastIndex, lastTerm: disk.lastTerm), from: NodeID(node),
                    to: NodeID(peer))
            }
        }
    }

    private func narrateCandidacy(
        _ node: Int, term: Int, previous: Int, wasCandidate: Bool, knownLeader: Int?, waited: SimTime
    ) {
        let split = wasCandidate && candidates[previous].count >= 2 && winner[previous] == nil
        if split {
            guard !splitNarrated[previous] else { return }
            splitNarrated[previous] = true
            sim.narrative.add(
                sim.now,
                "nobody won term \(previous): \(names(candidates[previous])) stood at once and split the votes. "
                    + "\(name(node))'s timeout runs out first, and it stands for term \(term)")
        } else if !wasCandidate {
            retryNarrated[node] = false
            let heard =
                knownLeader.map { "heard nothing from leader \(name($0))" } ?? "heard from no leader"
            sim.narrative.add(
                sim.now,
                "\(name(node)) \(heard) for \(millisecondsText(waited)), its election timeout: "
                    + "it stands for term \(term) and votes for itself")
        } else if !retryNarrated[node] {
            retryNarrated[node] = true
            sim.narrative.add(
                sim.now,
                "\(name(node)) got no majority for term \(previous) and stands again, for term \(term) "
                    + "(it will keep trying while it hears from no leader)")
        }
    }

    func requestVote(at node: Int, from candidate: Int, term: Int, lastIndex: Int, lastTerm: Int) {
        update(node) { disk, memory in
            if term > disk.currentTerm {
                adopt(term, at: node, &disk, &memory, news: "\(name(candidate)) asks for votes in term \(term)")
            }
            var granted = false
            if term == disk.currentTerm, disk.votedFor == nil || disk.votedFor == candidate {
                // The election restriction (5.4.1): vote only for a log at least as up to date.
                let upToDate =
                    lastTerm > disk.lastTerm || (lastTerm == disk.lastTerm && lastIndex >= disk.lastIndex)
                if upToDate || flaw == .votesIgnoreLogs {
                    granted = true
                    disk.votedFor = candidate
                    resetElectionTimer(node, &memory)
                } else if !refusalNarrated {
                    refusalNarrated = true
                    sim.narrative.add(
                        sim.now,
                        "\(name(node)) refuses \(name(candidate)) its vote for term \(term): \(name(candidate))'s log "
                            + "ends at entry \(lastIndex) of term \(lastTerm), \(name(node))'s at entry "
                            + "\(disk.lastIndex) of term \(disk.lastTerm), which is more up to date")
                }
            }
            sim.send(.vote(term: disk.currentTerm, granted: granted), from: NodeID(node), to: NodeID(candidate))
        }
    }

    func vote(at node: Int, from voter: Int, term: Int, granted: Bool) {
        update(node) { disk, memory in
            if term > disk.currentTerm {
                adopt(term, at: node, &disk, &memory, news: "a vote from \(name(voter)) carries term \(term)")
                return
            }
            guard memory.role == .candidate, term == disk.currentTerm, granted else { return }
            memory.votes[voter] = true
            if memory.votes.count(where: { $0 }) * 2 > nodeCount { becomeLeader(node, &disk, &memory) }
        }
    }

    /// A majority voted for the node: it leads, appends a no-op of its term, and starts
    /// sending AppendEntries at once and then every heartbeat.
    func becomeLeader(_ node: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory) {
        let term = disk.currentTerm
        if let problem = safety.becameLeader(node, term: term, log: disk.log, name: name) { violated(problem) }
        safety.recordLeader(node, term: term)
        memory.role = .leader
        memory.leader = node
        if let timer = memory.electionTimer {
            sim.cancelTimer(timer)
            memory.electionTimer = nil
        }
        let voters = memory.votes.indices.filter { memory.votes[$0] }
        memory.nextIndex = Array(repeating: disk.lastIndex + 1, count: nodeCount)
        memory.matchIndex = Array(repeating: 0, count: nodeCount)
        memory.sentUpTo = Array(repeating: 0, count: nodeCount)
        memory.lastSent = Array(repeating: SimTime.min / 2, count: nodeCount)
        memory.promised = []
        memory.heldWrites = [:]
        for (offset, entry) in disk.log.enumerated() {
            if case .write(let number) = entry.command { memory.heldWrites[number] = offset + 1 }
        }
        disk.log.append(RaftEntry(term: term, command: .noop))
        if let problem = safety.wrote(disk.log, from: disk.lastIndex, node: name(node)) { violated(problem) }
        memory.matchIndex[node] = disk.lastIndex
        track(term: term)
        winner[term] = node
        electedAt[term] = sim.now
        retryNarrated[node] = false
        sim.noteState(NodeID(node), "leader t\(term)")
        sim.setLeader(NodeID(node))
        clusterLeader = node
        var when = ""
        if let since = leaderlessSince {
            electionTimes.append(sim.now - since)
            when =
                leaderlessBecause == .start
                ? ", \(millisecondsText(sim.now - since)) after the start"
                : " after \(millisecondsText(sim.now - since)) without a working leader"
            leaderlessSince = nil
        }
        sim.narrative.add(
            sim.now,
            "\(name(node)) wins term \(term) with votes from \(names(voters)), a majority of \(nodeCount), "
                + "and leads\(when)")
        memory.heartbeatTimer = sim.setTimer(.heartbeat, on: NodeID(node), after: heartbeat)
        for peer in 0..<nodeCount where peer != node { sendAppend(from: node, to: peer, &disk, &memory) }
        if nodeCount == 1 { advanceCommit(node, &disk, &memory) }
    }

    /// The node saw a term above its own: it takes that term, with no vote in it yet, and
    /// becomes a follower. A leader that steps down this way is told in the narrative.
    func adopt(_ term: Int, at node: Int, _ disk: inout RaftDisk, _ memory: inout RaftMemory, news: String) {
        let role = memory.role
        let old = disk.currentTerm
        disk.currentTerm = term
        disk.votedFor = nil
        memory.role = .follower
        memory.leader = nil
        retryNarrated[node] = false
        track(term: term)
        if role == .leader {
            memory.promised = []
            memory.heldWrites = [:]
            if let timer = memory.heartbeatTimer {
                sim.cancelTimer(timer)
                memory.heartbeatTimer = nil
            }
            resetElectionTimer(node, &memory)
            let newer = stride(from: min(term, winner.count - 1), to: old, by: -1).first { winner[$0] != nil }
            if clusterLeader == node || newer == nil {
                if clusterLeader == node { loseLeader(.lost) }
                sim.narrative.add(sim.now, "\(name(node)), leader of term \(old), steps down: \(news)")
            } else if let newer, let successor = winner[newer] {
                sim.narrative.add(
                    sim.now,
                    "\(name(node)) still acted as leader of term \(old), unaware that \(name(successor)) has led "
                        + "term \(newer) since \(momentText(electedAt[newer])). Now \(news), and \(name(node)) steps down"
                )
            }
        }
        sim.noteState(NodeID(node), "follower t\(term)")
    }
}
