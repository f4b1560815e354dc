import QuorumSim

/// A client's operation as it travels: a read, a write of a fresh value, or a compare-and-set.
enum WorkbenchOperation: Equatable {
    case read
    case write(Int)
    /// Sets the register to `to` if it holds `from` (nil: never written).
    case cas(from: Int?, to: Int)

    var isRead: Bool { self == .read }
}

/// One client request, with the causal context the client carries (used by the causal store).
struct WorkbenchRequest {
    var id: Int
    /// The client's process index.
    var client: Int
    var key: Int
    var operation: WorkbenchOperation
    /// How many writes from each replica the client has seen, directly or through what it read.
    var context: [Int]
}

/// What a store answers.
enum WorkbenchResult: Equatable {
    case value(Int?)
    case done
    /// A compare-and-set whose compare failed.
    case failed
}

/// An entry of the leader's log: a write or a compare-and-set, in the order every replica applies.
struct LogEntry {
    var key: Int
    var operation: WorkbenchOperation
    var request: Int
    var client: Int
    /// The replica that answers the client once it has applied the entry.
    var home: Int
}

/// A last-writer-wins stamp: a hybrid logical clock reading, ties broken by the replica.
struct Stamp: Comparable {
    var time: SimTime
    var node: Int

    static let zero = Stamp(time: .min, node: -1)

    static func < (lhs: Stamp, rhs: Stamp) -> Bool { (lhs.time, lhs.node) < (rhs.time, rhs.node) }
}

/// A write a replica took itself, as it copies it to its peers.
struct ReplicaUpdate {
    var origin: Int
    /// 1 for the origin's first write, then 2, ...
    var sequence: Int
    var key: Int
    var value: Int
    var stamp: Stamp
    /// The origin's version vector before this write: what it depends on (causal store).
    var dependencies: [Int]
}

enum WorkbenchMessage: TraceDescribable {
    case request(WorkbenchRequest)
    case reply(request: Int, result: WorkbenchResult, context: [Int])
    /// A follower passes its client's write to the leader (sequential store).
    case forward(WorkbenchRequest, home: Int)
    /// The leader's log from `from + 1` on, what it has committed, and its read round.
    case append(from: Int, entries: [LogEntry], commit: Int, round: Int)
    /// A follower holds the log through `index` and heard round `round`.
    case appended(index: Int, round: Int)
    case update(ReplicaUpdate)
    /// The receiver has applied the sender's writes 1 through `through`.
    case updated(through: Int)

    var traceLabel: String {
        switch self {
        case .request(let request):
            let key = WorkbenchWorkload.keyNames[request.key]
            switch request.operation {
            case .read: return "read \(key)?"
            case .write(let value): return "write \(key)=\(value)"
            case .cas(let from, let to): return "cas \(key) \(from.map(String.init) ?? "nil")→\(to)"
            }
        case .reply(_, let result, _):
            switch result {
            case .value(let value): return "→ \(value.map(String.init) ?? "nil")"
            case .done: return "ok"
            case .failed: return "cas failed"
            }
        case .forward(let request, _):
            return "fwd " + WorkbenchMessage.request(request).traceLabel
        case .append(let from, let entries, let commit, let round):
            let span = entries.isEmpty ? "heartbeat" : "log \(from + 1)-\(from + entries.count)"
            return span + (commit > 0 ? " c\(commit)" : "") + (round > 0 ? " r\(round)" : "")
        case .appended(let index, let round):
            return "ack \(index)" + (round > 0 ? " r\(round)" : "")
        case .update(let update):
            return "copy \(WorkbenchWorkload.keyNames[update.key])=\(update.value)"
        case .updated(let through):
            return "have \(through)"
        }
    }

    var traceDetail: String {
        switch self {
        case .request(let request):
            return traceLabel + " (request \(request.id), context \(VersionVector.describe(request.context)))"
        case .reply(let request, _, let context):
            return traceLabel + " (request \(request), context \(VersionVector.describe(context)))"
        case .update(let update):
            return traceLabel
                + " (write \(update.sequence) of n\(update.origin + 1), depends on \(VersionVector.describe(update.dependencies)))"
        default:
            return traceLabel
        }
    }
}

enum WorkbenchTimer: TraceDescribable {
    /// A client's pause is over: it starts its next operation.
    case think
    case timeout(request: Int)
    /// A node resends what its peers have not acknowledged.
    case heartbeat

    var traceLabel: String {
        switch self {
        case .think: "next op"
        case .timeout(let request): "timeout \(request)"
        case .heartbeat: "heartbeat"
        }
    }
}

/// Version vectors: how many writes from each replica a replica or client has.
enum VersionVector {
    /// `[2 0 1]`.
    static func describe(_ vector: [Int]) -> String {
        "[" + vector.map(String.init).joined(separator: " ") + "]"
    }

    static func merge(_ lhs: [Int], _ rhs: [Int]) -> [Int] {
        zip(lhs, rhs).map { max($0, $1) }
    }

    /// Whether `lhs` has everything `rhs` has.
    static func covers(_ lhs: [Int], _ rhs: [Int]) -> Bool {
        zip(lhs, rhs).allSatisfy { $0 >= $1 }
    }
}
