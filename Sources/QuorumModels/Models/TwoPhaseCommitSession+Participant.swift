import QuorumSim

/// Participants: vote, wait in doubt, apply the decision, and never decide alone once prepared.
extension TwoPhaseCommitSession {
    func participantReceive(_ message: Message, at participant: Int) {
        switch message {
        case .prepare(let txn): prepare(txn, at: participant)
        case .decision(let txn, let commit): apply(txn, commit: commit, at: participant)
        default: break
        }
    }

    /// Votes once per transaction: a no is an abort it can take alone, since no one can have
    /// committed yet; a yes is logged first, and from then on the outcome is the coordinator's.
    private func prepare(_ txn: Int, at participant: Int) {
        let me = node(participant)
        switch participantStates.durable[participant].records[txn] {
        case .prepared?, .committed?:
            sendProtocol(.vote(txn, yes: true), from: me, to: coordinator)  // a duplicated prepare
            return
        case .aborted?:
            sendProtocol(.vote(txn, yes: false), from: me, to: coordinator)
            return
        case nil:
            break
        }
        let yes = voteRandom[participant].nextUnit() >= settings.voteNo
        votes[txn][participant] = yes
        if yes {
            participantStates.withDurable(participant) { $0.records[txn] = .prepared }
            preparedAt[participant][txn] = sim.now
            pending[participant].append(txn)
            noteParticipant(participant, after: "voted yes on T\(txn + 1)")
            setParticipantTimer(txn, at: participant)
        } else {
            participantStates.withDurable(participant) { $0.records[txn] = .aborted }
            noteParticipant(participant, after: "voted no on T\(txn + 1), aborted it")
        }
        sendProtocol(.vote(txn, yes: yes), from: me, to: coordinator)
    }

    /// Applies the coordinator's decision, releases the locks, and acknowledges.
    private func apply(_ txn: Int, commit: Bool, at participant: Int) {
        let me = node(participant)
        let record = participantStates.durable[participant].records[txn]
        checkAtomicity(txn, commit: commit, at: participant, had: record)
        if record == nil || record == .prepared {
            participantStates.withDurable(participant) { $0.records[txn] = commit ? .committed : .aborted }
            if let since = preparedAt[participant][txn] {
                blocked += sim.now - since
                preparedAt[participant][txn] = nil
                pending[participant].removeAll { $0 == txn }
                overdue[participant].remove(txn)
                if let timer = participantStates.volatile(participant)?.timers[txn] { sim.cancelTimer(timer) }
                participantStates.withVolatile(participant) { $0.timers[txn] = nil }
                if narratedInDoubt.contains(txn) {
                    sim.narrative.add(
                        sim.now,
                        "n\(participant + 2) learns \(commit ? "commit" : "abort") for T\(txn + 1) after "
                            + "\(SimDuration.format(sim.now - since)) in doubt, and releases its locks")
                }
            }
            noteParticipant(participant, after: "\(commit ? "committed" : "aborted") T\(txn + 1)")
        }
        sendProtocol(.ack(txn), from: me, to: coordinator)
    }

    /// The decision is late: the participant may not guess, so it asks, and keeps its locks.
    func stillInDoubt(_ txn: Int, at participant: Int) {
        guard participantStates.isUp(participant), participantStates.durable[participant].records[txn] == .prepared
        else { return }
        let me = node(participant)
        if overdue[participant].insert(txn).inserted { noteParticipant(participant, after: "") }
        if narratedInDoubt.insert(txn).inserted {
            sim.narrative.add(
                sim.now,
                "n\(participant + 2) is in doubt about T\(txn + 1): it voted yes, so it may not decide alone; "
                    + "it asks n1 and keeps its locks")
        }
        sendProtocol(.query(txn), from: me, to: coordinator)
        setParticipantTimer(txn, at: participant)
    }

    private func setParticipantTimer(_ txn: Int, at participant: Int) {
        let id = sim.setTimer(.inDoubt(txn), on: node(participant), after: settings.timeout)
        participantStates.withVolatile(participant) { $0.timers[txn] = id }
    }

    /// Back from a crash: every transaction its log shows prepared is still in doubt.
    func recoverParticipant(_ participant: Int) {
        participantStates.restart(participant)
        // Its pending list is the session's bookkeeping, the same as its log's prepared records.
        for txn in pending[participant] { stillInDoubt(txn, at: participant) }
        noteParticipant(participant, after: "restarted")
    }

    /// The lane's state: waiting on a vote it cast (prepared, then in doubt once the decision is
    /// late), or free.
    private func noteParticipant(_ participant: Int, after event: String) {
        let waiting = pending[participant]
        guard !waiting.isEmpty else {
            sim.noteState(node(participant), event.isEmpty ? "participant" : "participant " + event)
            return
        }
        let names = waiting.map { "T\($0 + 1)" }.joined(separator: ", ")
        if waiting.contains(where: { overdue[participant].contains($0) }) {
            sim.noteState(node(participant), "in-doubt about \(names): holds locks, asks n1")
        } else {
            sim.noteState(node(participant), "prepared \(names): holds locks")
        }
    }

    /// Atomicity: no transaction commits at one participant and aborts at another, and nothing
    /// commits that the coordinator did not decide to commit. A violation is a bug in the model.
    func checkAtomicity(_ txn: Int, commit: Bool, at participant: Int, had record: ParticipantRecord?) {
        var problem: String?
        if commit && record != .prepared && record != .committed {
            problem = "n\(participant + 2) was told to commit T\(txn + 1) without having voted yes"
        } else if record == .committed && !commit || record == .aborted && commit {
            problem = "n\(participant + 2) was told to \(commit ? "commit" : "abort") T\(txn + 1) after the opposite"
        } else if commit,
            let other = (0..<participantCount).first(where: { participantStates.durable[$0].records[txn] == .aborted })
        {
            problem = "T\(txn + 1) commits at n\(participant + 2) but aborted at n\(other + 2)"
        } else if !commit,
            let other = (0..<participantCount).first(where: { participantStates.durable[$0].records[txn] == .committed }
            )
        {
            problem = "T\(txn + 1) aborts at n\(participant + 2) but committed at n\(other + 2)"
        }
        if let problem {
            preconditionFailure(
                "two-phase-commit atomicity violated (seed \(header.seed), "
                    + header.parameters.values.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "): \(problem)"
            )
        }
    }

    func describeParticipant(_ participant: Int) -> [String] {
        let records = participantStates.durable[participant].records
        let held = records.indices.filter { records[$0] == .prepared }
        var lines = [
            participantStates.isUp(participant) ? "participant, up" : "participant, crashed: only its log survives"
        ]
        let done = records.compactMap { $0 }.count - held.count
        lines.append("log: \(done) transaction\(done == 1 ? "" : "s") decided")
        if held.isEmpty {
            lines.append("in doubt: none; holds no locks")
        } else {
            for txn in held {
                let since = preparedAt[participant][txn].map { " since \(SimDuration.format($0))" } ?? ""
                let asking = overdue[participant].contains(txn) ? ", asks n1 again every timeout" : ""
                lines.append("in doubt about T\(txn + 1)\(since): voted yes, holds its locks\(asking)")
            }
        }
        return lines
    }
}
