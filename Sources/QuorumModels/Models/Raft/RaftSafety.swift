import QuorumSim

/// Raft's safety properties (Figure 3 of the paper), checked as the run goes.
///
/// Each check runs at the moment the state it is about changes, so every step of a run is
/// covered without rescanning every log after every event:
/// - Election Safety: at most one leader per term, checked when a node becomes leader.
/// - Log Matching: an (index, term) pair names one entry with one predecessor, ever, checked
///   whenever an entry is written to any log. By induction over the index, two logs that share
///   an (index, term) then agree on every entry up to it.
/// - Leader Completeness: a committed entry is in the log of every leader of a later term,
///   checked when a node becomes leader and when an entry becomes committed.
/// - State Machine Safety: no two nodes apply different entries at the same index, checked at
///   every apply.
///
/// `violations` returns a description of each failure; the session treats any as a bug.
struct RaftSafety {
    private struct Position: Hashable {
        var index: Int
        var term: Int
    }

    private var leaderOfTerm: [Int: Int] = [:]
    /// Every entry ever written to a log, with its predecessor's term.
    private var entries: [Position: (command: RaftCommand, previousTerm: Int)] = [:]
    /// Committed entries in index order (entry `i` at `committed[i - 1]`).
    private(set) var committed: [RaftEntry] = []
    /// What any state machine applied at each index.
    private var applied: [RaftEntry] = []

    /// A node became leader of `term`; `log` is its log at that moment.
    func becameLeader(_ node: Int, term: Int, log: [RaftEntry], name: (Int) -> String) -> String? {
        if let other = leaderOfTerm[term], other != node {
            return "Election Safety: \(name(node)) became leader of term \(term), which \(name(other)) already led"
        }
        for (offset, entry) in committed.enumerated() where offset >= log.count || log[offset] != entry {
            return "Leader Completeness: \(name(node)) became leader of term \(term) without committed entry "
                + "\(offset + 1) (t\(entry.term) \(entry.command.text))"
        }
        return nil
    }

    mutating func recordLeader(_ node: Int, term: Int) {
        leaderOfTerm[term] = node
    }

    /// Entries `from...` of a node's log were written; checks them against every entry ever
    /// written at the same index and term.
    mutating func wrote(_ log: [RaftEntry], from first: Int, node: String) -> String? {
        guard first <= log.count else { return nil }
        for index in first...log.count {
            let entry = log[index - 1]
            let previousTerm = index == 1 ? 0 : log[index - 2].term
            let position = Position(index: index, term: entry.term)
            if let known = entries[position] {
                if known.command != entry.command || known.previousTerm != previousTerm {
                    return "Log Matching: \(node) holds entry \(index) of term \(entry.term) as "
                        + "\(entry.command.text) after a t\(previousTerm) entry, but another log holds it as "
                        + "\(known.command.text) after a t\(known.previousTerm) entry"
                }
            } else {
                entries[position] = (entry.command, previousTerm)
            }
        }
        return nil
    }

    /// A node's commit index rose from `previous` to `commitIndex`; `log` is its log. Returns
    /// the indices committed for the first time anywhere, after checking that the node's newly
    /// committed entries agree with what other nodes committed at the same indices.
    mutating func committed(from previous: Int, upTo commitIndex: Int, log: [RaftEntry], node: String) -> (
        newly: ClosedRange<Int>?, violation: String?
    ) {
        let known = committed.count
        for index in stride(from: previous + 1, through: min(commitIndex, known), by: 1)
        where log[index - 1] != committed[index - 1] {
            return (
                nil,
                "State Machine Safety: \(node) commits entry \(index) as t\(log[index - 1].term) "
                    + "\(log[index - 1].command.text), but t\(committed[index - 1].term) "
                    + "\(committed[index - 1].command.text) was committed there"
            )
        }
        guard commitIndex > known else { return (nil, nil) }
        committed.append(contentsOf: log[known..<commitIndex])
        return ((known + 1)...commitIndex, nil)
    }

    /// A leader's log must hold every entry committed in an earlier term.
    func leaderHolds(
        _ indices: ClosedRange<Int>, leader: Int, term: Int, log: [RaftEntry], name: (Int) -> String
    ) -> String? {
        for index in indices where committed[index - 1].term < term {
            if index > log.count || log[index - 1] != committed[index - 1] {
                return "Leader Completeness: entry \(index) (t\(committed[index - 1].term) "
                    + "\(committed[index - 1].command.text)) is committed, but \(name(leader)), "
                    + "leader of term \(term), does not hold it"
            }
        }
        return nil
    }

    /// A state machine applied `entry` at `index`.
    mutating func applied(_ entry: RaftEntry, at index: Int, node: String) -> String? {
        if index <= applied.count {
            let earlier = applied[index - 1]
            return earlier == entry
                ? nil
                : "State Machine Safety: \(node) applied t\(entry.term) \(entry.command.text) at \(index), "
                    + "where another node applied t\(earlier.term) \(earlier.command.text)"
        }
        guard index == applied.count + 1 else {
            return "State Machine Safety: \(node) applied entry \(index) before entry \(applied.count + 1)"
        }
        applied.append(entry)
        return nil
    }

    /// The four properties over a snapshot of every node, from scratch: a slower, independent
    /// check of what the incremental checks above conclude, for tests.
    static func audit(
        logs: [[RaftEntry]], leaders: [(node: Int, term: Int)], commitIndices: [Int], committed: [RaftEntry],
        name: (Int) -> String
    ) -> [String] {
        var problems: [String] = []
        for (position, first) in leaders.enumerated() {
            for second in leaders[(position + 1)...] where first.term == second.term {
                problems.append(
                    "Election Safety: \(name(first.node)) and \(name(second.node)) both lead term \(first.term)")
            }
        }
        for a in logs.indices {
            for b in logs.indices where b > a {
                let shared = min(logs[a].count, logs[b].count)
                guard shared > 0 else { continue }
                for index in (1...shared).reversed() where logs[a][index - 1].term == logs[b][index - 1].term {
                    if logs[a][..<index] != logs[b][..<index] {
                        problems.append(
                            "Log Matching: \(name(a)) and \(name(b)) share entry \(index)'s term but differ before it")
                    }
                    break
                }
            }
        }
        for leader in leaders {
            let log = logs[leader.node]
            for (offset, entry) in committed.enumerated() where entry.term < leader.term {
                if offset >= log.count || log[offset] != entry {
                    problems.append(
                        "Leader Completeness: \(name(leader.node)) leads term \(leader.term) without entry \(offset + 1)"
                    )
                    break
                }
            }
        }
        for (node, commitIndex) in commitIndices.enumerated() where commitIndex > 0 {
            if commitIndex > committed.count || commitIndex > logs[node].count
                || Array(logs[node][..<commitIndex]) != Array(committed[..<commitIndex])
            {
                problems.append("State Machine Safety: \(name(node))'s committed entries differ from the cluster's")
            }
        }
        return problems
    }
}

extension RaftSafety {
    /// One trace event in a line, for the report of a violation.
    static func describe(_ event: TraceEvent, names: [String]) -> String {
        func name(_ index: Int) -> String { index < names.count ? names[index] : "#\(index)" }
        let what: String
        switch event.kind {
        case .send(let id, let from, let to, _, let detail, _): what = "\(name(from)) → \(name(to)) #\(id) \(detail)"
        case .deliver(let id, let from, let to, let label):
            what = "\(name(to)) receives #\(id) from \(name(from)): \(label)"
        case .drop(let id, let from, let to, let label, let reason):
            what = "#\(id) \(name(from)) → \(name(to)) \(label) lost (\(reason.rawValue))"
        case .timer(let node, let label): what = "\(name(node)) \(label)"
        case .crash(let node): what = "\(name(node)) crashes"
        case .restart(let node): what = "\(name(node)) restarts"
        case .pause(let node): what = "\(name(node)) pauses"
        case .resume(let node): what = "\(name(node)) resumes"
        case .partition(let spec): what = "partition \(spec.description)"
        case .heal: what = "partition heals"
        case .state(let node, let text): what = "\(name(node)) \(text)"
        case .invoke(let process, let operation): what = "\(name(process)) \(operation)"
        case .complete(let process, let operation, let outcome): what = "\(name(process)) \(outcome): \(operation)"
        }
        return SimDuration.format(event.time) + "  " + what
    }
}
