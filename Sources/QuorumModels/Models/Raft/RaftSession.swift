import QuorumCheck
import QuorumSim

/// A deliberate bug, for tests that show the safety checks catch a broken Raft.
enum RaftFlaw {
    case none
    /// Votes are granted without Raft's check that the candidate's log is up to date.
    case votesIgnoreLogs
}

/// One run of Raft: nodes `n1...`, then the client `c1`.
///
/// The node logic follows Figure 2 of the paper; it lives in the `+Election`, `+Replication`
/// and `+Client` extensions. This file holds the state, the event loop, the bookkeeping for
/// metrics and narrative, and what `state` prints.
final class RaftSession: EngineSession {
    let sim: Simulation<RaftMessage, RaftTimer>
    let header: RunHeader
    let limit: SimTime
    let nodeCount: Int
    let electionRange: ClosedRange<SimTime>
    let heartbeat: SimTime
    /// Time between the client's writes; nil when it sends none.
    let writeInterval: SimTime?
    /// How long the client waits for a write's answer before asking another node.
    let clientTimeout: SimTime
    /// How long the client waits before retrying when a node knows no leader.
    let clientBackoff: SimTime
    let client: NodeID

    var states: NodeStates<RaftDisk, RaftMemory>
    /// Each node's own random stream for its election timeouts.
    var random: [SplitMix64]
    var safety = RaftSafety()
    /// What a safety violation does; tests replace it to count violations instead of stopping.
    var onViolation: (String) -> Void = { preconditionFailure($0) }
    var flaw = RaftFlaw.none

    // MARK: The cluster as a whole, for metrics and the narrative

    /// The leader most recently elected, while it still acts as leader.
    var clusterLeader: Int?
    /// When the cluster last lost its leader (or started), while it has none.
    var leaderlessSince: SimTime? = 0
    var leaderlessBecause = Leaderless.start
    var electionTimes: [SimTime] = []
    /// Per term: who stood, who won and when.
    var candidates: [[Int]] = [[]]
    var winner: [Int?] = [nil]
    var electedAt: [SimTime] = [0]
    var splitNarrated: [Bool] = [false]
    var commitNarrated: [Bool] = [false]
    var writeCommitNarrated: [Bool] = [false]
    var followNarrated = false
    /// Whether a node's current run of failed candidacies has been told already.
    var retryNarrated: [Bool]
    /// Client writes committed, by number, so a write appended twice counts once.
    var committedWrite: [Bool] = [false]
    var committedWrites = 0
    /// Scheduled pauses, so a paused leader is noticed at the moment it froze.
    let pauseTimes: [SimTime]

    // MARK: The client

    var clientGuess = 0
    var writesStarted = 0
    var writeAttempt: [Int] = [0]
    var writeDone: [Bool] = [true]
    var writeTarget: [Int] = [0]
    /// True while a write waits for a node's answer; false while it backs off.
    var writeAwaiting: [Bool] = [false]
    /// Each waiting write's pending retry timer, cancelled once it is answered or resent.
    var writeTimer: [TimerID?] = [nil]
    /// Redirects followed in a row, so two confused nodes cannot bounce a write for ever.
    var writeHops: [Int] = [0]
    var redirectNarrated = false
    var noLeaderNarrated = false
    var refusalNarrated = false
    var timeoutNarratedFor: Int?

    enum Leaderless {
        case start
        case lost
        case isolated
        case paused
    }

    init(
        sim: Simulation<RaftMessage, RaftTimer>, header: RunHeader, nodes: Int, electionRange: ClosedRange<SimTime>,
        heartbeat: SimTime, rate: Double, limit: SimTime, pauseTimes: [SimTime]
    ) {
        self.sim = sim
        self.header = header
        self.limit = limit
        nodeCount = nodes
        self.electionRange = electionRange
        self.heartbeat = heartbeat
        writeInterval = rate > 0 ? max(1, SimTime((Double(SimDuration.second) / rate).rounded())) : nil
        clientTimeout = max(200 * SimDuration.millisecond, 2 * electionRange.upperBound)
        clientBackoff = 100 * SimDuration.millisecond
        client = NodeID(nodes)
        states = NodeStates(count: nodes, durable: { _ in RaftDisk() }, boot: { _, _ in RaftMemory(nodes: nodes) })
        random = (0..<nodes).map { _ in sim.makeGenerator() }
        retryNarrated = Array(repeating: false, count: nodes)
        self.pauseTimes = pauseTimes.sorted()
        for node in 0..<nodes {
            sim.noteState(NodeID(node), "follower t0")
            update(node) { _, memory in resetElectionTimer(node, &memory) }
        }
        // Half an interval in, so that `rate` × `duration` writes are all sent, and the last
        // has time to commit, before the run ends.
        if let writeInterval { sim.setTimer(.nextWrite, on: client, after: writeInterval / 2) }
    }

    // MARK: Events

    func handle(_ event: SimEvent<RaftMessage, RaftTimer>) {
        if clusterLeader != nil { checkLeaderPresence() }
        switch event {
        case .message(let message, let from, let to, _):
            if to == client {
                clientReceive(message, from: from.index)
            } else {
                receive(message, from: from.index, at: to.index)
            }
        case .timer(let timer, let node):
            switch timer {
            case .election: electionTimeout(node.index)
            case .heartbeat: heartbeatTick(node.index)
            case .nextWrite: startWrite()
            case .retry(let write, let attempt): retryWrite(write, attempt: attempt)
            }
        case .crashed(let node):
            if node == client {
                clientCrashed()
            } else {
                states.crash(node.index)
                if clusterLeader == node.index { loseLeader(.lost) }
            }
        case .restarted(let node):
            if node == client {
                clientRestarted()
            } else {
                states.restart(node.index)
                update(node.index) { disk, memory in
                    sim.noteState(node, "follower t\(disk.currentTerm)")
                    resetElectionTimer(node.index, &memory)
                }
            }
        case .network:
            checkLeaderPresence()
        }
    }

    private func receive(_ message: RaftMessage, from: Int, at node: Int) {
        switch message {
        case .requestVote(let term, let lastIndex, let lastTerm):
            requestVote(at: node, from: from, term: term, lastIndex: lastIndex, lastTerm: lastTerm)
        case .vote(let term, let granted):
            vote(at: node, from: from, term: term, granted: granted)
        case .append(let term, let prevIndex, let prevTerm, let entries, let commit):
            appendEntries(
                at: node, from: from, term: term, prevIndex: prevIndex, prevTerm: prevTerm, entries: entries,
                commit: commit)
        case .appendReply(let term, let success, let match):
            appendReply(at: node, from: from, term: term, success: success, match: match)
        case .write(let number):
            clientWrite(number, at: node)
        case .written, .notLeader:
            break
        }
    }

    // A pause injected while stepping reaches the engine directly; these let the model notice a
    // leader frozen at the moment it happens, as a scheduled pause is.
    func pause(_ process: Int) {
        sim.pause(NodeID(process))
        if clusterLeader != nil { checkLeaderPresence() }
    }

    func resume(_ process: Int) {
        sim.resume(NodeID(process))
        if clusterLeader != nil { checkLeaderPresence() }
    }

    // MARK: State access

    /// Runs `change` on a running node's disk and memory and stores both back; nil if the node
    /// is down. Both are moved out while `change` runs, so growing the log copies nothing;
    /// meanwhile the node's entries in `states` must not be read.
    @discardableResult
    func update<Result>(_ node: Int, _ change: (inout RaftDisk, inout RaftMemory) -> Result) -> Result? {
        guard states.isUp(node) else { return nil }
        var disk = RaftDisk()
        var memory = RaftMemory(nodes: 0)
        states.withDurable(node) { swap(&$0, &disk) }
        states.withVolatile(node) { swap(&$0, &memory) }
        let result = change(&disk, &memory)
        states.withDurable(node) { swap(&$0, &disk) }
        states.withVolatile(node) { swap(&$0, &memory) }
        return result
    }

    func name(_ node: Int) -> String { sim.names[node] }

    func names(_ nodes: [Int]) -> String {
        let words = nodes.map(name)
        guard words.count > 1, let last = words.last else { return words.first ?? "nobody" }
        return words.dropLast().joined(separator: ", ") + " and " + last
    }

    /// Grows the per-term tables to cover `term`.
    func track(term: Int) {
        while candidates.count <= term {
            candidates.append([])
            winner.append(nil)
            electedAt.append(0)
            splitNarrated.append(false)
            commitNarrated.append(false)
            writeCommitNarrated.append(false)
        }
    }

    func violated(_ problem: String) {
        let recent = sim.trace.suffix(24).map { "  " + RaftSafety.describe($0, names: sim.names) }
        onViolation(
            "Raft safety violated at \(SimDuration.format(sim.now)) (a bug in the raft model, never a lesson):\n"
                + "  \(problem)\n  seed \(header.seed), "
                + header.parameters.values.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + "\n"
                + (recent.isEmpty ? "  (run traced off: rerun with a trace to see the events)" : "last events:\n")
                + recent.joined(separator: "\n"))
    }

    // MARK: Leaderless periods

    /// The cluster lost its leader now (or at `time`).
    func loseLeader(_ reason: Leaderless, at time: SimTime? = nil) {
        if leaderlessSince == nil {
            leaderlessSince = time ?? sim.now
            leaderlessBecause = reason
        }
        if reason == .lost {
            clusterLeader = nil
            sim.setLeader(nil)
        }
    }

    /// Notices a leader that is frozen or cut off from a majority, and one that comes back
    /// before anyone replaced it.
    func checkLeaderPresence() {
        guard let leader = clusterLeader else { return }
        let status = sim.status(of: NodeID(leader))
        let reachable = (0..<nodeCount).count { node in
            node == leader
                || (states.isUp(node) && !sim.isCut(from: NodeID(leader), to: NodeID(node))
                    && !sim.isCut(from: NodeID(node), to: NodeID(leader)))
        }
        if status == .paused {
            loseLeader(.paused, at: pauseTimes.last { $0 <= sim.now } ?? sim.now)
        } else if reachable * 2 <= nodeCount {
            loseLeader(.isolated)
        } else if leaderlessSince != nil, leaderlessBecause == .paused || leaderlessBecause == .isolated {
            // Back before any other node took over: no election happened.
            leaderlessSince = nil
        }
    }

    // MARK: What `state` shows

    func describe(_ process: NodeID) -> [String] {
        if process == client { return describeClient() }
        let node = process.index
        let disk = states.durable[node]
        let vote = disk.votedFor.map { "voted for \(name($0)) in term \(disk.currentTerm)" } ?? "no vote in this term"
        guard let memory = states.volatile(node) else {
            return [
                "crashed. On disk: term \(disk.currentTerm), \(vote), \(disk.lastIndex) log entries",
                "log \(RaftSession.render(disk.log, commit: nil))",
            ]
        }
        var lines: [String]
        switch memory.role {
        case .leader:
            lines = ["leader of term \(disk.currentTerm)"]
        case .candidate:
            let votes = memory.votes.indices.filter { memory.votes[$0] }
            lines = ["candidate for term \(disk.currentTerm), votes so far from \(names(votes))"]
        case .follower:
            lines = [
                "follower in term \(disk.currentTerm), "
                    + (memory.leader.map { "following \(name($0))" } ?? "knows no leader") + ", \(vote)"
            ]
        }
        lines.append(
            "log \(RaftSession.render(disk.log, commit: memory.commitIndex)) · committed up to \(memory.commitIndex)"
                + ", applied \(memory.appliedWrites) writes")
        if memory.role == .leader {
            let followers = (0..<nodeCount).filter { $0 != node }.map {
                "\(name($0)) match \(memory.matchIndex[$0]) next \(memory.nextIndex[$0])"
            }
            if !followers.isEmpty { lines.append("followers: " + followers.joined(separator: " · ")) }
        } else {
            lines.append("election timeout \(millisecondsText(memory.electionTimeout)) (drawn at its last reset)")
        }
        return lines
    }

    /// A log as the terms of its entries, newest last, with `|` after the last committed one.
    static func render(_ log: [RaftEntry], commit: Int?) -> String {
        guard !log.isEmpty else { return "[] (empty)" }
        let shown = 16
        let first = max(1, log.count - shown + 1)
        var words: [String] = []
        for index in first...log.count {
            words.append(String(log[index - 1].term))
            if index == commit, index < log.count { words.append("|") }
        }
        if let commit, commit < first, commit > 0 { words.insert("|", at: 0) }
        let span = first == 1 ? "entries 1-\(log.count)" : "entries \(first)-\(log.count) of \(log.count)"
        return "[" + (first > 1 ? "… " : "") + words.joined(separator: " ") + "] (terms of \(span))"
    }

    private func describeClient() -> [String] {
        let waiting = (1...max(1, writesStarted)).filter { $0 <= writesStarted && !writeDone[$0] }
        var lines = [
            "started \(writesStarted) writes, \(writesStarted - waiting.count) answered ok; "
                + "thinks \(name(clientGuess)) leads"
        ]
        for write in waiting.prefix(4) {
            lines.append(
                "write \(write): "
                    + (writeAwaiting[write]
                        ? "sent to \(name(writeTarget[write])), try \(writeAttempt[write]), waiting for an answer"
                        : "backing off before trying \(name(writeTarget[write])) again"))
        }
        if waiting.count > 4 { lines.append("and \(waiting.count - 4) more writes waiting") }
        return lines
    }

    // MARK: Metrics

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let electionTime: Double
        if electionTimes.isEmpty {
            electionTime = milliseconds(sim.now - (leaderlessSince ?? sim.now))
        } else {
            electionTime = milliseconds(electionTimes.reduce(0, +)) / Double(electionTimes.count)
        }
        let terms = states.durable.map(\.currentTerm).max() ?? 0
        var splits = 0
        for term in candidates.indices where term < terms && candidates[term].count >= 2 && winner[term] == nil {
            splits += 1
        }
        return (
            [
                ("election-time-ms", electionTime),
                ("terms", Double(terms)),
                ("split-votes", Double(splits)),
                ("committed", Double(committedWrites)),
                ("messages", Double(sim.sent)),
            ], nil
        )
    }

    // MARK: For tests

    /// The leader every running node follows, if there is one: it leads the highest term any
    /// running node has reached, and every running node is in that term and knows it.
    func settledLeader() -> Int? {
        let running = (0..<nodeCount).filter { states.isUp($0) && sim.isUp(NodeID($0)) }
        let term = running.map { states.durable[$0].currentTerm }.max() ?? 0
        guard
            let leader = running.first(where: {
                states.volatile($0)?.role == .leader && states.durable[$0].currentTerm == term
            })
        else { return nil }
        let settled = running.allSatisfy {
            states.durable[$0].currentTerm == term && ($0 == leader || states.volatile($0)?.leader == leader)
        }
        return settled ? leader : nil
    }

    /// The four properties recomputed from scratch over every node's state now.
    func audit() -> [String] {
        let leaders = (0..<nodeCount).compactMap { node -> (node: Int, term: Int)? in
            states.volatile(node)?.role == .leader ? (node, states.durable[node].currentTerm) : nil
        }
        return RaftSafety.audit(
            logs: states.durable.map(\.log), leaders: leaders,
            commitIndices: (0..<nodeCount).map { states.volatile($0)?.commitIndex ?? 0 },
            committed: safety.committed, name: name)
    }
}

/// A moment of the run to the millisecond, for the narrative: `1.214s`, `980ms`.
func momentText(_ time: SimTime) -> String {
    SimDuration.format((time + SimDuration.millisecond / 2) / SimDuration.millisecond * SimDuration.millisecond)
}

/// A duration in whole milliseconds, for the narrative: `187ms`.
func millisecondsText(_ time: SimTime) -> String {
    "\(Int((Double(time) / Double(SimDuration.millisecond)).rounded()))ms"
}
