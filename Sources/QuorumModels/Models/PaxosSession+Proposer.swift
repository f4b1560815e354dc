import QuorumSim

/// Proposers and learners: every proposer also learns, from the acceptors' `accepted` messages.
extension PaxosSession {
    func fire(_ timer: Timer, at node: Int) {
        guard let memory = states.volatile(node), isProposer(node) else { return }
        switch (timer, memory.phase) {
        case (.start, .idle), (.retry, .waiting):
            startRound(node)
        case (.timeout(let ballot), .preparing(let current, _, _)) where current == ballot:
            giveUp(node, reason: "heard from no majority about \(ballot) in time")
        case (.timeout(let ballot), .accepting(let proposal)) where proposal.ballot == ballot:
            giveUp(node, reason: "did not learn the outcome of \(ballot) in time")
        default:
            break  // a timer for a ballot already settled
        }
    }

    /// Phase 1: a fresh ballot above every round the proposer has used or heard of.
    func startRound(_ node: Int) {
        guard states.durable[node].learned == nil, let memory = states.volatile(node) else { return }
        let round = max(states.durable[node].lastRound, memory.highestSeenRound) + 1
        // On disk before the first prepare leaves: after a crash it must never reuse the ballot.
        states.withDurable(node) { $0.lastRound = round }
        let ballot = Ballot(round: round, proposer: node)
        rounds += 1
        states.withVolatile(node) {
            $0.phase = .preparing(ballot, promises: Array(repeating: false, count: nodeCount), highest: nil)
        }
        sim.noteState(NodeID(node), "preparing \(ballot)")
        sim.narrative.add(sim.now, "n\(node + 1) starts ballot \(ballot): prepare sent to every acceptor")
        let timeout = sim.setTimer(.timeout(ballot), on: NodeID(node), after: settings.timeout)
        states.withVolatile(node) { $0.timeout = timeout }
        for acceptor in 0..<nodeCount { send(.prepare(ballot), from: node, to: acceptor) }
    }

    /// Counts a promise; with a majority, moves to phase 2 with the value the promises dictate:
    /// the highest-ballot value any of them reported accepted, or its own if none did.
    func proposerPromise(_ ballot: Ballot, accepted: Proposal?, from acceptor: Int, at node: Int) {
        guard let memory = states.volatile(node),
            case .preparing(let current, var promises, var highest) = memory.phase,
            current == ballot
        else { return }
        promises[acceptor] = true
        if let accepted, highest.map({ accepted.ballot > $0.ballot }) ?? true { highest = accepted }
        guard promises.count(where: { $0 }) >= majority else {
            states.withVolatile(node) { $0.phase = .preparing(ballot, promises: promises, highest: highest) }
            return
        }
        let proposal = Proposal(ballot: ballot, value: highest?.value ?? node)
        states.withVolatile(node) { $0.phase = .accepting(proposal) }
        sim.noteState(NodeID(node), "accepting \(Self.letter(proposal.value))@\(ballot)")
        let why =
            highest.map { "a promise reported \($0), so it must propose \(Self.letter($0.value))" }
            ?? "no promise reported an accepted value, so it proposes its own"
        sim.narrative.add(sim.now, "n\(node + 1) has a majority of promises for \(ballot); \(why)")
        for acceptor in 0..<nodeCount { send(.accept(proposal), from: node, to: acceptor) }
    }

    /// An acceptor promised a higher ballot: this one cannot succeed, so back off and retry.
    func proposerRejected(_ ballot: Ballot, promised: Ballot, from acceptor: Int, at node: Int) {
        guard let memory = states.volatile(node) else { return }
        states.withVolatile(node) { $0.highestSeenRound = max($0.highestSeenRound, promised.round) }
        let current: Ballot? =
            switch memory.phase {
            case .preparing(let ballot, _, _): ballot
            case .accepting(let proposal): proposal.ballot
            default: nil
            }
        guard current == ballot else { return }
        giveUp(node, reason: "is preempted: n\(acceptor + 1) promised \(promised), above \(ballot)")
    }

    /// Abandons the current ballot and schedules the next one.
    func giveUp(_ node: Int, reason: String) {
        let proposer = node
        let wait: SimTime
        if settings.randomBackoff && settings.backoffMax > 0 {
            wait = SimTime(random[proposer].next(upperBound: UInt64(settings.backoffMax) + 1))
        } else {
            wait = 0
        }
        settle(node)
        states.withVolatile(node) { $0.phase = .waiting }
        sim.noteState(NodeID(node), "backoff")
        // Whole milliseconds read better in a story than the microseconds the timer uses.
        let rounded = (wait + SimDuration.millisecond / 2) / SimDuration.millisecond * SimDuration.millisecond
        let shown = wait >= SimDuration.millisecond ? rounded : wait
        let when = wait == 0 ? "retries at once" : "retries in \(SimDuration.format(shown))"
        sim.narrative.add(sim.now, "n\(node + 1) \(reason); \(when)")
        sim.setTimer(.retry, on: NodeID(node), after: wait)
    }

    /// A learner counts `accepted` messages per proposal; a majority for one means it is chosen.
    func learnerAccepted(_ proposal: Proposal, from acceptor: Int, at node: Int) {
        guard states.durable[node].learned == nil, states.isUp(node) else { return }
        let count: Int? = states.withVolatile(node) { memory in
            if let index = memory.heard.firstIndex(where: { $0.proposal == proposal }) {
                memory.heard[index].from[acceptor] = true
                return memory.heard[index].from.count(where: { $0 })
            }
            var from = Array(repeating: false, count: nodeCount)
            from[acceptor] = true
            memory.heard.append((proposal, from))
            return 1
        }
        guard let count, count >= majority else { return }
        learn(proposal, at: node)
    }

    private func learn(_ proposal: Proposal, at node: Int) {
        checkLearned(proposal, at: node)
        states.withDurable(node) { $0.learned = proposal.value }
        settle(node)
        states.withVolatile(node) { $0.phase = .done }
        sim.noteState(NodeID(node), "learned \(Self.letter(proposal.value))")
        sim.narrative.add(
            sim.now,
            "n\(node + 1) learns that \(Self.letter(proposal.value)) is chosen (a majority accepted \(proposal.ballot))"
        )
    }

    /// The current ballot is over: its timeout must not fire.
    private func settle(_ node: Int) {
        if let timer = states.volatile(node)?.timeout { sim.cancelTimer(timer) }
        states.withVolatile(node) { $0.timeout = nil }
    }

    /// After a restart: a proposer that has not learned the outcome starts a new ballot, after
    /// its backoff, or when its turn comes if it had not started yet.
    func resume(_ node: Int) {
        let disk = states.durable[node]
        if let learned = disk.learned {
            states.withVolatile(node) { $0.phase = .done }
            sim.noteState(NodeID(node), "learned \(Self.letter(learned))")
            return
        }
        sim.noteState(NodeID(node), "idle proposer of \(Self.letter(node))")
        let turn = settings.stagger * SimTime(node)
        var wait = max(0, turn - sim.now)
        if disk.lastRound > 0 && settings.randomBackoff && settings.backoffMax > 0 {
            wait += SimTime(random[node].next(upperBound: UInt64(settings.backoffMax) + 1))
        }
        sim.setTimer(.start, on: NodeID(node), after: wait)
    }
}
