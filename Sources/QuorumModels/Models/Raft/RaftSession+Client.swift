import QuorumSim

/// Client c1 and the nodes' side of its writes (Raft paper, section 8): writes go to the
/// leader the client knows; a node that does not lead says whom it believes leads; a write
/// with no answer is sent to the next node. Writes carry numbers, so a leader that already
/// holds a retried write does not append it twice.
extension RaftSession {
    func startWrite() {
        guard let writeInterval else { return }
        sim.setTimer(.nextWrite, on: client, after: writeInterval)
        writesStarted += 1
        let write = writesStarted
        writeAttempt.append(0)
        writeDone.append(false)
        writeTarget.append(clientGuess)
        writeAwaiting.append(false)
        writeHops.append(0)
        writeTimer.append(nil)
        committedWrite.append(false)
        sim.noteInvoke(client, "write \(write)")
        send(write, to: clientGuess)
    }

    private func send(_ write: Int, to node: Int) {
        writeAttempt[write] += 1
        writeTarget[write] = node
        writeAwaiting[write] = true
        sim.send(.write(write), from: client, to: NodeID(node))
        setRetry(write, after: clientTimeout)
    }

    private func setRetry(_ write: Int, after delay: SimTime) {
        if let timer = writeTimer[write] { sim.cancelTimer(timer) }
        writeTimer[write] = sim.setTimer(.retry(write: write, attempt: writeAttempt[write]), on: client, after: delay)
    }

    /// Waits `clientBackoff`, then tries the node the client believes in by then.
    private func backOff(_ write: Int) {
        writeAwaiting[write] = false
        writeAttempt[write] += 1
        writeHops[write] = 0
        setRetry(write, after: clientBackoff)
    }

    func clientReceive(_ message: RaftMessage, from node: Int) {
        switch message {
        case .written(let write):
            guard write <= writesStarted, !writeDone[write] else { return }
            writeDone[write] = true
            if let timer = writeTimer[write] { sim.cancelTimer(timer) }
            clientGuess = node
            sim.noteComplete(client, "write \(write)", outcome: "ok")
        case .notLeader(let write, let hint):
            guard write <= writesStarted, !writeDone[write], writeAwaiting[write], writeTarget[write] == node else {
                return
            }
            if let hint, hint != node, writeHops[write] < nodeCount {
                if !redirectNarrated {
                    redirectNarrated = true
                    sim.narrative.add(
                        sim.now,
                        "c1 sent write \(write) to \(name(node)), which does not lead; \(name(node)) points it to "
                            + "\(name(hint)), and c1 sends it there")
                }
                writeHops[write] += 1
                clientGuess = hint
                send(write, to: hint)
            } else {
                if !noLeaderNarrated {
                    noLeaderNarrated = true
                    sim.narrative.add(
                        sim.now,
                        "c1 sent write \(write) to \(name(node)), which knows of no leader right now; c1 waits "
                            + "\(millisecondsText(clientBackoff)) and asks again")
                }
                if hint == nil || hint == node { clientGuess = (node + 1) % nodeCount }
                backOff(write)
            }
        default:
            break
        }
    }

    func retryWrite(_ write: Int, attempt: Int) {
        guard write <= writesStarted, !writeDone[write], attempt == writeAttempt[write] else { return }
        if writeAwaiting[write] {
            let silent = writeTarget[write]
            if clientGuess == silent { clientGuess = (silent + 1) % nodeCount }
            if timeoutNarratedFor != silent {
                timeoutNarratedFor = silent
                sim.narrative.add(
                    sim.now,
                    "c1 heard nothing about write \(write) from \(name(silent)) for "
                        + "\(millisecondsText(clientTimeout)); it tries \(name(clientGuess))")
            }
            writeHops[write] = 0
        }
        send(write, to: clientGuess)
    }

    func clientCrashed() {
        for write in stride(from: 1, through: writesStarted, by: 1) where !writeDone[write] {
            writeDone[write] = true
            sim.noteComplete(client, "write \(write)", outcome: "info")
        }
    }

    func clientRestarted() {
        if let writeInterval { sim.setTimer(.nextWrite, on: client, after: writeInterval) }
    }

    /// A write reaching a node: the leader appends it (or finds it already appended) and
    /// promises an answer once it is committed; anyone else points to the leader it knows.
    func clientWrite(_ write: Int, at node: Int) {
        update(node) { disk, memory in
            guard memory.role == .leader else {
                sim.send(.notLeader(write, leader: memory.leader), from: NodeID(node), to: client)
                return
            }
            if let held = memory.heldWrites[write] {
                if held <= memory.commitIndex {
                    sim.send(.written(write), from: NodeID(node), to: client)
                } else if !memory.promised.contains(write) {
                    memory.promised.append(write)
                }
                return
            }
            disk.log.append(RaftEntry(term: disk.currentTerm, command: .write(write)))
            memory.heldWrites[write] = disk.lastIndex
            if let problem = safety.wrote(disk.log, from: disk.lastIndex, node: name(node)) { violated(problem) }
            memory.matchIndex[node] = disk.lastIndex
            memory.promised.append(write)
            for peer in 0..<nodeCount where peer != node { sendAppend(from: node, to: peer, &disk, &memory) }
            if nodeCount == 1 { advanceCommit(node, &disk, &memory) }
        }
    }
}
