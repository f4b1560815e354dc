import QuorumCheck
import QuorumSim

/// A run of `paxos`: the acceptors' side, the events, and what the run reports.
///
/// Proposers live in `PaxosSession+Proposer.swift`, the safety check in
/// `PaxosSession+Safety.swift`. A proposer talks to the acceptor on its own node directly, not
/// over the network: the two are one process.
final class PaxosSession: EngineSession {
    enum Message: TraceDescribable {
        /// Phase 1a: "promise to ignore ballots below this one, and tell me what you accepted".
        case prepare(Ballot)
        /// Phase 1b: the promise, with the highest-ballot proposal the acceptor accepted, if any.
        case promise(Ballot, accepted: Proposal?)
        /// Phase 2a: "accept this value under this ballot".
        case accept(Proposal)
        /// Phase 2b, sent to every proposer: they are the learners.
        case accepted(Proposal)
        /// The acceptor has promised a higher ballot and will not take part in this one.
        case nack(Ballot, promised: Ballot)

        var traceLabel: String {
            switch self {
            case .prepare(let ballot): "prepare \(ballot)"
            case .promise(let ballot, let accepted):
                "promise \(ballot)" + (accepted.map { " had \(PaxosSession.letter($0.value))@\($0.ballot)" } ?? "")
            case .accept(let proposal): "accept \(PaxosSession.letter(proposal.value))@\(proposal.ballot)"
            case .accepted(let proposal): "accepted \(PaxosSession.letter(proposal.value))@\(proposal.ballot)"
            case .nack(let ballot, let promised): "nack \(ballot) < \(promised)"
            }
        }

        var traceDetail: String {
            switch self {
            case .prepare(let ballot):
                "prepare \(ballot): promise to ignore lower ballots and report what you accepted"
            case .promise(let ballot, let accepted):
                "promise \(ballot); " + (accepted.map { "already accepted \($0)" } ?? "nothing accepted yet")
            case .accept(let proposal): "accept \(proposal)"
            case .accepted(let proposal): "accepted \(proposal)"
            case .nack(let ballot, let promised): "rejects \(ballot): already promised \(promised)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// The proposer's first round.
        case start
        /// No majority answered this ballot in time.
        case timeout(Ballot)
        /// The backoff after a failed ballot is over.
        case retry

        var traceLabel: String {
            switch self {
            case .start: "start proposing"
            case .timeout(let ballot): "timeout \(ballot)"
            case .retry: "retry"
            }
        }
    }

    struct Settings {
        var proposers: Int
        var stagger: SimTime
        var timeout: SimTime
        var randomBackoff: Bool
        var backoffMax: SimTime
    }

    /// What a node keeps on disk. An acceptor that forgot its promise could break it after a
    /// restart; a proposer that forgot its last round could reuse a ballot with another value.
    struct Disk {
        var promised: Ballot?
        var accepted: Proposal?
        var lastRound = 0
        var learned: Int?
    }

    enum Phase {
        case idle
        /// Phase 1: waiting for promises; `highest` is the highest-ballot proposal reported.
        case preparing(Ballot, promises: [Bool], highest: Proposal?)
        /// Phase 2: waiting to learn that a majority accepted.
        case accepting(Proposal)
        /// Between a failed ballot and the next.
        case waiting
        /// Learned the chosen value.
        case done
    }

    /// A proposer's memory; empty for a node that only accepts.
    struct Memory {
        var phase: Phase = .idle
        /// The highest round any acceptor told it about, so its next ballot can beat it.
        var highestSeenRound = 0
        /// `accepted` messages heard, per proposal: which acceptors sent each.
        var heard: [(proposal: Proposal, from: [Bool])] = []
        /// The current ballot's timeout, cancelled once the ballot is settled.
        var timeout: TimerID?
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let settings: Settings
    let nodeCount: Int
    let majority: Int
    var states: NodeStates<Disk, Memory>
    /// One generator per proposer, for its backoff.
    var random: [SplitMix64]
    /// Messages between a proposer and the acceptor on its own node, handled after the current
    /// event at the same instant.
    var local: [(message: Message, from: Int, to: Int)] = []
    var rounds = 0

    // The safety check's record, kept apart from what any node knows.
    /// Every acceptance, in order: which acceptor accepted which proposal, and when.
    var acceptances: [(acceptor: Int, proposal: Proposal, time: SimTime)] = []
    var acceptors: [Ballot: (value: Int, from: [Bool])] = [:]
    /// Values chosen, in the order they were, with the ballot that chose each.
    var chosen: [(value: Int, ballot: Ballot, time: SimTime)] = []

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        nodeCount = sim.nodeCount
        majority = sim.nodeCount / 2 + 1
        states = NodeStates(count: sim.nodeCount, durable: { _ in Disk() }, boot: { _, _ in Memory() })
        random = (0..<settings.proposers).map { _ in sim.makeGenerator() }
        for proposer in 0..<settings.proposers {
            sim.setTimer(.start, on: NodeID(proposer), after: settings.stagger * SimTime(proposer))
            sim.noteState(NodeID(proposer), "idle proposer of \(Self.letter(proposer))")
        }
        for acceptor in settings.proposers..<nodeCount { sim.noteState(NodeID(acceptor), "acceptor") }
    }

    /// Values are shown as letters: the proposer on n1 proposes A, on n2 B, ...
    static func letter(_ value: Int) -> String {
        String(UnicodeScalar(UInt8(65 + value % 26)))
    }

    func isProposer(_ node: Int) -> Bool { node < settings.proposers }

    /// The run ends once every proposer has learned the outcome.
    var stopped: Bool {
        (0..<settings.proposers).allSatisfy { states.durable[$0].learned != nil }
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(let message, let from, let to, _):
            receive(message, from: from.index, at: to.index)
        case .timer(let timer, let node):
            fire(timer, at: node.index)
        case .crashed(let node):
            states.crash(node.index)
        case .restarted(let node):
            states.restart(node.index)
            if isProposer(node.index) { resume(node.index) }
        case .network:
            break
        }
        while !local.isEmpty {
            let next = local.removeFirst()
            if states.isUp(next.to) { receive(next.message, from: next.from, at: next.to) }
        }
    }

    /// Sends over the network, or hands the message to the acceptor or proposer on the same node.
    func send(_ message: Message, from: Int, to: Int) {
        if from == to {
            local.append((message, from, to))
        } else {
            sim.send(message, from: NodeID(from), to: NodeID(to))
        }
    }

    func receive(_ message: Message, from: Int, at node: Int) {
        switch message {
        case .prepare(let ballot): acceptorPrepare(ballot, from: from, at: node)
        case .accept(let proposal): acceptorAccept(proposal, from: from, at: node)
        case .promise(let ballot, let accepted): proposerPromise(ballot, accepted: accepted, from: from, at: node)
        case .accepted(let proposal): learnerAccepted(proposal, from: from, at: node)
        case .nack(let ballot, let promised): proposerRejected(ballot, promised: promised, from: from, at: node)
        }
    }

    // MARK: Acceptor

    /// Promises a ballot at least as high as any promised before (equal, for a duplicated
    /// prepare), reporting what it accepted; otherwise rejects it.
    func acceptorPrepare(_ ballot: Ballot, from proposer: Int, at node: Int) {
        let disk = states.durable[node]
        if let promised = disk.promised, ballot < promised {
            send(.nack(ballot, promised: promised), from: node, to: proposer)
            return
        }
        states.withDurable(node) { $0.promised = ballot }
        noteAcceptor(node)
        send(.promise(ballot, accepted: disk.accepted), from: node, to: proposer)
    }

    /// Accepts unless it promised a higher ballot, and tells every learner.
    func acceptorAccept(_ proposal: Proposal, from proposer: Int, at node: Int) {
        if let promised = states.durable[node].promised, proposal.ballot < promised {
            send(.nack(proposal.ballot, promised: promised), from: node, to: proposer)
            return
        }
        states.withDurable(node) {
            $0.promised = proposal.ballot
            $0.accepted = proposal
        }
        noteAcceptor(node)
        recordAcceptance(proposal, by: node)
        for learner in 0..<settings.proposers { send(.accepted(proposal), from: node, to: learner) }
    }

    private func noteAcceptor(_ node: Int) {
        guard !isProposer(node) else { return }  // the lane shows the proposer's role there
        let disk = states.durable[node]
        var text = "acceptor promised \(disk.promised.map(String.init(describing:)) ?? "nothing")"
        if let accepted = disk.accepted { text += ", accepted \(accepted)" }
        sim.noteState(NodeID(node), text)
    }

    // MARK: Reporting

    func describe(_ process: NodeID) -> [String] {
        let node = process.index
        let disk = states.durable[node]
        var lines: [String] = []
        let acceptor =
            "acceptor (disk): promised \(disk.promised.map(String.init(describing:)) ?? "nothing"), "
            + "accepted \(disk.accepted.map(String.init(describing:)) ?? "nothing")"
        guard let memory = states.volatile(node) else {
            lines.append("crashed; on disk it keeps what follows")
            lines.append(acceptor)
            if isProposer(node) { lines.append("proposer (disk): last round \(disk.lastRound)") }
            return lines
        }
        lines.append(acceptor)
        guard isProposer(node) else { return lines }
        let own = Self.letter(node)
        switch memory.phase {
        case .idle:
            lines.append("proposer of \(own): not started")
        case .preparing(let ballot, let promises, let highest):
            let from = promises.indices.filter { promises[$0] }.map { "n\($0 + 1)" }.joined(separator: ", ")
            lines.append(
                "proposer of \(own): phase 1 with ballot \(ballot), promises from \(from.isEmpty ? "none" : from)")
            if let highest { lines.append("  highest accepted proposal reported: \(highest)") }
        case .accepting(let proposal):
            lines.append("proposer of \(own): phase 2, asked acceptors to accept \(proposal)")
        case .waiting:
            lines.append("proposer of \(own): backing off before a higher ballot")
        case .done:
            lines.append("proposer of \(own): learned that \(disk.learned.map(Self.letter) ?? "?") is chosen")
        }
        lines.append("proposer (disk): last round \(disk.lastRound); highest round heard of \(memory.highestSeenRound)")
        return lines
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        (
            [
                ("rounds", Double(rounds)),
                ("decided", chosen.isEmpty ? 0 : 1),
                ("chosen-values", Double(Set(chosen.map(\.value)).count)),
            ], nil
        )
    }
}
