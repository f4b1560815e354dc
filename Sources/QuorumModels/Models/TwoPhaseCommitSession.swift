import QuorumCheck
import QuorumSim

/// A run of `two-phase-commit`: the client, the coordinator, and what the run reports.
///
/// Participants live in `TwoPhaseCommitSession+Participant.swift`. Transactions are numbered
/// from 0 inside and shown from T1.
final class TwoPhaseCommitSession: EngineSession {
    enum Message: TraceDescribable {
        /// Client to coordinator: run this transaction.
        case begin(Int)
        case prepare(Int)
        case vote(Int, yes: Bool)
        case decision(Int, commit: Bool)
        case ack(Int)
        /// An in-doubt participant asks the coordinator for the decision.
        case query(Int)
        /// Coordinator to client: the outcome.
        case outcome(Int, commit: Bool)

        var traceLabel: String {
            switch self {
            case .begin(let txn): "begin T\(txn + 1)"
            case .prepare(let txn): "prepare T\(txn + 1)"
            case .vote(let txn, let yes): "\(yes ? "yes" : "no") T\(txn + 1)"
            case .decision(let txn, let commit): "\(commit ? "commit" : "abort") T\(txn + 1)"
            case .ack(let txn): "ack T\(txn + 1)"
            case .query(let txn): "decision? T\(txn + 1)"
            case .outcome(let txn, let commit): "\(commit ? "committed" : "aborted") T\(txn + 1)"
            }
        }
    }

    enum Timer: TraceDescribable {
        case nextTransaction
        /// The coordinator stops waiting for votes and aborts.
        case votes(Int)
        /// The coordinator resends the decision to participants that have not acknowledged it.
        case acks(Int)
        /// A prepared participant still has no decision.
        case inDoubt(Int)

        var traceLabel: String {
            switch self {
            case .nextTransaction: "next transaction"
            case .votes(let txn): "votes timeout T\(txn + 1)"
            case .acks(let txn): "acks timeout T\(txn + 1)"
            case .inDoubt(let txn): "in doubt T\(txn + 1)"
            }
        }
    }

    struct Settings {
        var transactions: Int
        var interval: SimTime
        var voteNo: Double
        var timeout: SimTime
    }

    /// A transaction in the coordinator's log. The log is forced to disk before the messages
    /// that depend on it leave: a decision is logged before anyone hears it.
    enum CoordinatorRecord: Equatable {
        /// Prepare sent; no decision yet.
        case collecting
        case decided(commit: Bool, ended: Bool)
    }

    struct CoordinatorLog {
        var records: [CoordinatorRecord?]
    }

    /// Votes and acknowledgements the coordinator has in memory; a crash loses them.
    struct CoordinatorMemory {
        var votes: [Int: [Bool?]] = [:]
        var acks: [Int: [Bool]] = [:]
        /// The timer waiting on each open transaction: for its votes, then for its acks.
        var timers: [Int: TimerID] = [:]
    }

    /// A transaction in a participant's log.
    enum ParticipantRecord: Equatable {
        /// Voted yes: it must commit if told to, so it holds the transaction's locks.
        case prepared
        case committed
        case aborted
    }

    struct ParticipantLog {
        var records: [ParticipantRecord?]
    }

    struct ParticipantMemory {
        /// The timer after which a prepared transaction counts as in doubt, or is asked again.
        var timers: [Int: TimerID] = [:]
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let settings: Settings
    let participantCount: Int
    let coordinator = NodeID(0)
    let client: NodeID
    var coordinatorState: NodeStates<CoordinatorLog, CoordinatorMemory>
    /// Indexed by participant number (node index - 1).
    var participantStates: NodeStates<ParticipantLog, ParticipantMemory>
    var voteRandom: [SplitMix64]
    var started = 0
    var messages = 0

    // What the run records for its metrics and checks; no node sees it.
    /// Each participant's vote on each transaction, as first cast.
    var votes: [[Bool?]]
    /// When each participant voted yes on each transaction, while it waits for the decision.
    var preparedAt: [[SimTime?]]
    var blocked: SimTime = 0
    var committed = 0
    var aborted = 0
    var narratedInDoubt: Set<Int> = []
    /// Per participant, the transactions it voted yes on and has no decision for, in order; the
    /// same as the prepared records in its log, kept apart so nothing scans the whole log.
    var pending: [[Int]]
    /// Per participant, the pending transactions whose decision is late.
    var overdue: [Set<Int>]

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        let participants = sim.nodeCount - 1
        participantCount = participants
        client = NodeID(sim.nodeCount)
        let transactions = settings.transactions
        coordinatorState = NodeStates(
            count: 1, durable: { _ in CoordinatorLog(records: Array(repeating: nil, count: transactions)) },
            boot: { _, _ in CoordinatorMemory() })
        participantStates = NodeStates(
            count: participants, durable: { _ in ParticipantLog(records: Array(repeating: nil, count: transactions)) },
            boot: { _, _ in ParticipantMemory() })
        voteRandom = (0..<participants).map { _ in sim.makeGenerator() }
        votes = Array(repeating: Array(repeating: nil, count: participants), count: transactions)
        preparedAt = Array(repeating: Array(repeating: nil, count: transactions), count: participants)
        pending = Array(repeating: [], count: participants)
        overdue = Array(repeating: [], count: participants)
        sim.setLeader(coordinator)
        sim.noteState(coordinator, "coordinator")
        for participant in 0..<participants { sim.noteState(node(participant), "participant") }
        sim.setTimer(.nextTransaction, on: client, after: 0)
    }

    func node(_ participant: Int) -> NodeID { NodeID(participant + 1) }

    /// A message between coordinator and participants: these are what `messages` counts.
    func sendProtocol(_ message: Message, from: NodeID, to: NodeID) {
        messages += 1
        sim.send(message, from: from, to: to)
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(let message, let from, let to, _):
            if to == coordinator {
                coordinatorReceive(message, from: from)
            } else if to == client {
                clientReceive(message)
            } else {
                participantReceive(message, at: to.index - 1)
            }
        case .timer(.nextTransaction, _):
            startTransaction()
        case .timer(.votes(let txn), _):
            votesTimedOut(txn)
        case .timer(.acks(let txn), _):
            resendDecision(txn)
        case .timer(.inDoubt(let txn), let node):
            stillInDoubt(txn, at: node.index - 1)
        case .crashed(let node):
            if node == coordinator {
                coordinatorState.crash(0)
            } else if node != client {
                participantStates.crash(node.index - 1)
            }
        case .restarted(let node):
            if node == coordinator {
                recoverCoordinator()
            } else if node != client {
                recoverParticipant(node.index - 1)
            }
        case .network:
            break
        }
    }

    // MARK: Client

    private func startTransaction() {
        let txn = started
        started += 1
        sim.noteInvoke(client, "T\(txn + 1)")
        sim.send(.begin(txn), from: client, to: coordinator)
        if started < settings.transactions { sim.setTimer(.nextTransaction, on: client, after: settings.interval) }
    }

    private func clientReceive(_ message: Message) {
        guard case .outcome(let txn, let commit) = message else { return }
        sim.noteComplete(client, "T\(txn + 1)", outcome: commit ? "ok" : "fail")
    }

    // MARK: Coordinator

    private func coordinatorReceive(_ message: Message, from: NodeID) {
        switch message {
        case .begin(let txn):
            guard coordinatorState.durable[0].records[txn] == nil else { return }  // a duplicate
            coordinatorState.withDurable(0) { $0.records[txn] = .collecting }
            coordinatorState.withVolatile(0) { $0.votes[txn] = Array(repeating: nil, count: participantCount) }
            sim.noteState(coordinator, "coordinator preparing T\(txn + 1)")
            for participant in 0..<participantCount {
                sendProtocol(.prepare(txn), from: coordinator, to: node(participant))
            }
            setCoordinatorTimer(.votes(txn), for: txn)
        case .vote(let txn, let yes):
            countVote(txn, yes: yes, from: from.index - 1)
        case .ack(let txn):
            countAck(txn, from: from.index - 1)
        case .query(let txn):
            switch coordinatorState.durable[0].records[txn] {
            case .decided(let commit, _):
                sendProtocol(.decision(txn, commit: commit), from: coordinator, to: from)
            case .collecting:
                break  // the decision is coming
            case nil:
                // No record means it never sent prepare; presume abort.
                sendProtocol(.decision(txn, commit: false), from: coordinator, to: from)
            }
        default:
            break
        }
    }

    private func countVote(_ txn: Int, yes: Bool, from participant: Int) {
        guard coordinatorState.durable[0].records[txn] == .collecting,
            var tally = coordinatorState.volatile(0)?.votes[txn]
        else { return }  // already decided: a late or duplicated vote
        tally[participant] = yes
        coordinatorState.withVolatile(0) { $0.votes[txn] = tally }
        if !yes {
            decide(txn, commit: false, why: "n\(participant + 2) voted no")
        } else if tally.allSatisfy({ $0 == true }) {
            decide(txn, commit: true, why: "every participant voted yes")
        }
    }

    private func votesTimedOut(_ txn: Int) {
        guard coordinatorState.durable[0].records[txn] == .collecting, coordinatorState.isUp(0) else { return }
        decide(txn, commit: false, why: "not every vote arrived within the timeout", notable: true)
    }

    /// Logs the decision, then sends it: from here on the outcome survives a crash.
    private func decide(_ txn: Int, commit: Bool, why: String, notable: Bool = false) {
        coordinatorState.withDurable(0) { $0.records[txn] = .decided(commit: commit, ended: false) }
        if commit { committed += 1 } else { aborted += 1 }
        if (commit && committed == 1) || (!commit && aborted == 1) || notable {
            sim.narrative.add(sim.now, "n1 \(commit ? "commits" : "aborts") T\(txn + 1): \(why)")
        }
        sim.noteState(coordinator, "coordinator \(commit ? "committed" : "aborted") T\(txn + 1)")
        sendDecision(txn, commit: commit)
        sim.send(.outcome(txn, commit: commit), from: coordinator, to: client)
    }

    /// Replaces the transaction's pending timer, so a settled wait leaves nothing behind.
    private func setCoordinatorTimer(_ timer: Timer, for txn: Int) {
        if let old = coordinatorState.volatile(0)?.timers[txn] { sim.cancelTimer(old) }
        let id = sim.setTimer(timer, on: coordinator, after: settings.timeout)
        coordinatorState.withVolatile(0) { $0.timers[txn] = id }
    }

    private func sendDecision(_ txn: Int, commit: Bool) {
        coordinatorState.withVolatile(0) { $0.acks[txn] = Array(repeating: false, count: participantCount) }
        for participant in 0..<participantCount {
            sendProtocol(.decision(txn, commit: commit), from: coordinator, to: node(participant))
        }
        setCoordinatorTimer(.acks(txn), for: txn)
    }

    private func countAck(_ txn: Int, from participant: Int) {
        guard case .decided(let commit, false) = coordinatorState.durable[0].records[txn],
            var acks = coordinatorState.volatile(0)?.acks[txn]
        else { return }
        acks[participant] = true
        coordinatorState.withVolatile(0) { $0.acks[txn] = acks }
        if acks.allSatisfy({ $0 }) {
            // Everyone knows: the coordinator may forget the transaction.
            coordinatorState.withDurable(0) { $0.records[txn] = .decided(commit: commit, ended: true) }
            if let timer = coordinatorState.volatile(0)?.timers[txn] { sim.cancelTimer(timer) }
            coordinatorState.withVolatile(0) { $0.timers[txn] = nil }
        }
    }

    private func resendDecision(_ txn: Int) {
        guard case .decided(let commit, false) = coordinatorState.durable[0].records[txn],
            let acks = coordinatorState.volatile(0)?.acks[txn]
        else { return }
        for participant in 0..<participantCount where !acks[participant] {
            sendProtocol(.decision(txn, commit: commit), from: coordinator, to: node(participant))
        }
        setCoordinatorTimer(.acks(txn), for: txn)
    }

    /// Back from a crash with only its log: a transaction it never decided is aborted (no
    /// participant can have committed it), and every decision not yet acknowledged is sent again.
    private func recoverCoordinator() {
        coordinatorState.restart(0)
        sim.setLeader(coordinator)
        sim.noteState(coordinator, "coordinator recovering")
        for txn in 0..<settings.transactions {
            switch coordinatorState.durable[0].records[txn] {
            case .collecting:
                decide(
                    txn, commit: false, why: "its log shows it crashed before deciding, so it aborts", notable: true)
            case .decided(let commit, false):
                sim.narrative.add(
                    sim.now, "n1 resends its logged decision for T\(txn + 1): \(commit ? "commit" : "abort")")
                sendDecision(txn, commit: commit)
            default:
                break
            }
        }
    }

    // MARK: Reporting

    func describe(_ process: NodeID) -> [String] {
        if process == client { return ["started \(started) of \(settings.transactions) transactions"] }
        if process == coordinator {
            let records = coordinatorState.durable[0].records
            let open = records.indices.filter { records[$0] == .collecting }.map { "T\($0 + 1)" }
            let unacked = records.indices.filter {
                if case .decided(_, false) = records[$0] { return true }
                return false
            }.map { "T\($0 + 1)" }
            var lines = [
                coordinatorState.isUp(0) ? "coordinator, up" : "coordinator, crashed: only its log survives",
                "log: \(committed) committed, \(aborted) aborted",
            ]
            lines.append("waiting for votes: " + (open.isEmpty ? "none" : open.joined(separator: ", ")))
            lines.append("decided, waiting for acks: " + (unacked.isEmpty ? "none" : unacked.joined(separator: ", ")))
            return lines
        }
        return describeParticipant(process.index - 1)
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        // Participants still in doubt at the end count until now.
        var total = blocked
        for participant in 0..<participantCount {
            for txn in pending[participant] { total += sim.now - (preparedAt[participant][txn] ?? sim.now) }
        }
        return (
            [
                ("committed", Double(committed)),
                ("aborted", Double(aborted)),
                ("blocked-ms", milliseconds(total)),
                ("messages", Double(messages)),
            ], nil
        )
    }
}
