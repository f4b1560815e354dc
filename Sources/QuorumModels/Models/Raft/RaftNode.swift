import QuorumSim

/// What a log entry asks the state machine to do.
enum RaftCommand: Equatable {
    /// The empty entry a new leader appends at the start of its term (Raft paper, section 8), so
    /// that entries of earlier terms get committed without waiting for a client.
    case noop
    /// Client c1's write with this number (1, 2, ...).
    case write(Int)

    var text: String {
        switch self {
        case .noop: "no-op"
        case .write(let number): "write \(number)"
        }
    }
}

/// One entry of a Raft log: the term of the leader that created it, and the command.
struct RaftEntry: Equatable {
    var term: Int
    var command: RaftCommand
}

/// What a node keeps on disk, and so keeps across a crash: Figure 2's persistent state.
struct RaftDisk {
    var currentTerm = 0
    /// The node voted for in `currentTerm`, by index.
    var votedFor: Int?
    /// Entry `i` (from 1) is `log[i - 1]`.
    var log: [RaftEntry] = []

    var lastIndex: Int { log.count }
    var lastTerm: Int { log.last?.term ?? 0 }

    /// The term of entry `index`; 0 for index 0 (the empty prefix every log shares).
    func term(at index: Int) -> Int {
        index == 0 ? 0 : log[index - 1].term
    }
}

enum RaftRole: String {
    case follower
    case candidate
    case leader
}

/// What a node holds in memory, and loses in a crash: role, commit point, leader state, timers.
struct RaftMemory {
    var role = RaftRole.follower
    /// The leader of `currentTerm` as far as this node knows.
    var leader: Int?
    var commitIndex = 0
    var lastApplied = 0
    /// Client writes this node's state machine has applied.
    var appliedWrites = 0
    /// A candidate's votes, by voter.
    var votes: [Bool]
    /// A leader's view of each follower: the next entry to send, and the highest entry known
    /// to match.
    var nextIndex: [Int]
    var matchIndex: [Int]
    /// The highest entry already sent to each follower, so a reply does not resend what is
    /// still on its way.
    var sentUpTo: [Int]
    /// When the leader last sent each follower AppendEntries.
    var lastSent: [SimTime]
    var electionTimer: TimerID?
    /// How long the running election timer was drawn for, for the narrative.
    var electionTimeout: SimTime = 0
    var heartbeatTimer: TimerID?
    /// A leader's promise to tell the client when these writes are committed.
    var promised: [Int] = []
    /// Where a leader's log holds each client write, so a retried write is found at once.
    var heldWrites: [Int: Int] = [:]

    init(nodes: Int) {
        votes = Array(repeating: false, count: nodes)
        nextIndex = Array(repeating: 1, count: nodes)
        matchIndex = Array(repeating: 0, count: nodes)
        sentUpTo = Array(repeating: 0, count: nodes)
        lastSent = Array(repeating: SimTime.min / 2, count: nodes)
    }
}

/// Raft's messages (Figure 2's two RPCs and their replies), plus the client's.
enum RaftMessage: TraceDescribable {
    case requestVote(term: Int, lastIndex: Int, lastTerm: Int)
    case vote(term: Int, granted: Bool)
    case append(term: Int, prevIndex: Int, prevTerm: Int, entries: [RaftEntry], commit: Int)
    /// `match` is the last index known to match when `success`; otherwise where the follower
    /// suggests the leader look next (its last index, or just before the conflict).
    case appendReply(term: Int, success: Bool, match: Int)
    case write(Int)
    case written(Int)
    /// The write reached a node that does not lead; `leader` is whom it believes leads.
    case notLeader(Int, leader: Int?)

    var traceLabel: String {
        switch self {
        case .requestVote(let term, _, _): "vote? t\(term)"
        case .vote(let term, let granted): (granted ? "granted t" : "refused t") + "\(term)"
        case .append(let term, let prevIndex, _, let entries, _):
            entries.isEmpty
                ? "heartbeat t\(term)"
                : entries.count == 1
                    ? "append \(prevIndex + 1) t\(term)"
                    : "append \(prevIndex + 1)-\(prevIndex + entries.count) t\(term)"
        case .appendReply(let term, let success, let match):
            success ? "ok \(match) t\(term)" : "no match t\(term)"
        case .write(let number): "write \(number)"
        case .written(let number): "ok write \(number)"
        case .notLeader(let number, let leader): "not leader (w\(number))" + (leader.map { " → n\($0 + 1)" } ?? "")
        }
    }

    var traceDetail: String {
        switch self {
        case .requestVote(let term, let lastIndex, let lastTerm):
            return "RequestVote term=\(term) lastLogIndex=\(lastIndex) lastLogTerm=\(lastTerm)"
        case .vote(let term, let granted):
            return "RequestVote reply term=\(term) voteGranted=\(granted)"
        case .append(let term, let prevIndex, let prevTerm, let entries, let commit):
            let listed = entries.enumerated().map {
                "\(prevIndex + 1 + $0.offset):t\($0.element.term) \($0.element.command.text)"
            }
            return
                "AppendEntries term=\(term) prevLogIndex=\(prevIndex) prevLogTerm=\(prevTerm) "
                + "entries=[\(listed.joined(separator: ", "))] leaderCommit=\(commit)"
        case .appendReply(let term, let success, let match):
            return "AppendEntries reply term=\(term) success=\(success) "
                + (success ? "matchIndex=\(match)" : "retry from \(match + 1)")
        case .write(let number): return "c1 asks to append write \(number)"
        case .written(let number): return "write \(number) is committed"
        case .notLeader(let number, let leader):
            return "not the leader; write \(number) not taken; leader is " + (leader.map { "n\($0 + 1)" } ?? "unknown")
        }
    }
}

enum RaftTimer: TraceDescribable {
    case election
    case heartbeat
    /// The client's next write is due.
    case nextWrite
    /// The client waits before trying a write again; `attempt` tells a stale timer apart.
    case retry(write: Int, attempt: Int)

    var traceLabel: String {
        switch self {
        case .election: "election timeout"
        case .heartbeat: "heartbeat"
        case .nextWrite: "next write"
        case .retry(let write, _): "retry write \(write)"
        }
    }
}
