import QuorumCheck
import QuorumSim

/// Maelstrom's built-in key-value services, which nodes reach as the destinations `lin-kv`,
/// `seq-kv` and `lww-kv`, with `read`, `write` and `cas` bodies.
///
/// - `lin-kv` is one register per key: every operation sees the latest value.
/// - `seq-kv` keeps one order of all writes, but a read may return an older value: each caller
///   has a view of that order which only moves forward, jumping to the latest when the caller
///   writes or cas-es (a cas always compares against the latest value). This is sequential
///   consistency, and it is why a counter that trusts one plain read can be wrong.
/// - `lww-kv` has three replicas; each request goes to one of them and writes spread to the
///   others later, the newest timestamp winning: stale reads and lost updates by design.
final class KVService {
    enum Kind: String, CaseIterable {
        case linearizable = "lin-kv"
        case sequential = "seq-kv"
        case lastWriterWins = "lww-kv"
    }

    let kind: Kind
    private var random: SplitMix64

    /// lin-kv and seq-kv: every value each key has had, with the version that wrote it.
    private var versions: [String: [(version: Int, value: DataValue)]] = [:]
    private var latestVersion = 0
    /// seq-kv: how far each caller's view has reached.
    private var views: [String: Int] = [:]

    /// lww-kv: three replicas of key → (value, Lamport stamp, replica that stamped it).
    private var replicas = Array(repeating: [String: (value: DataValue, stamp: Int, origin: Int)](), count: 3)
    private var stamp = 0
    private var replication: [(at: Int64, replica: Int, key: String, value: DataValue, stamp: Int, origin: Int)] = []
    /// How long a write takes to reach lww-kv's other replicas, at most.
    static let replicationDelay: Int64 = 200_000

    init(kind: Kind, random: SplitMix64) {
        self.kind = kind
        self.random = random
    }

    /// The reply body to `request`, which came from `caller` at `now` (microseconds).
    func handle(_ body: DataValue, from caller: String, now: Int64) -> DataValue {
        let msgID = body.field("msg_id")?.intValue
        func reply(_ type: String, _ fields: [(String, DataValue)] = []) -> DataValue {
            var all: [(String, DataValue)] = [("type", .string(type))]
            if let msgID { all.append(("in_reply_to", .integer(msgID))) }
            return .object(all + fields)
        }
        func error(_ code: Int, _ text: String) -> DataValue {
            ErrorCode.body(code, text: text, inReplyTo: msgID)
        }
        let type = body.field("type")?.stringValue ?? ""
        guard ["read", "write", "cas"].contains(type) else {
            return error(ErrorCode.notSupported, "\(kind.rawValue) knows read, write and cas, not '\(type)'")
        }
        guard let keyValue = body.field("key") else {
            return error(ErrorCode.malformedRequest, "\(type) needs a \"key\"")
        }
        let key = keyValue.jsonText
        lastReplica = nil
        if kind == .lastWriterWins { replicate(until: now) }

        switch type {
        case "read":
            guard let value = read(key, caller: caller) else {
                return error(ErrorCode.keyDoesNotExist, "key \(key) does not exist")
            }
            return reply("read_ok", [("value", value)])
        case "write":
            guard let value = body.field("value") else {
                return error(ErrorCode.malformedRequest, "write needs a \"value\"")
            }
            write(key, value, caller: caller, now: now)
            return reply("write_ok")
        default:
            guard let from = body.field("from"), let to = body.field("to") else {
                return error(ErrorCode.malformedRequest, "cas needs \"from\" and \"to\"")
            }
            let create = body.field("create_if_not_exists") == .bool(true)
            let current = compareValue(key, caller: caller)
            if kind == .sequential { views[caller] = latestVersion }
            guard let current else {
                guard create else { return error(ErrorCode.keyDoesNotExist, "key \(key) does not exist") }
                write(key, to, caller: caller, now: now)
                return reply("cas_ok")
            }
            guard current == from else {
                return error(
                    ErrorCode.preconditionFailed, "expected \(from.jsonText), but key \(key) holds \(current.jsonText)")
            }
            write(key, to, caller: caller, now: now)
            return reply("cas_ok")
        }
    }

    private func value(_ key: String, atOrBefore version: Int) -> DataValue? {
        versions[key]?.last { $0.version <= version }?.value
    }

    private func read(_ key: String, caller: String) -> DataValue? {
        switch kind {
        case .linearizable:
            return value(key, atOrBefore: latestVersion)
        case .sequential:
            // Any version from the caller's view to the latest; the view never moves back.
            let view = views[caller] ?? 0
            let chosen = view + Int(random.next(upperBound: UInt64(latestVersion - view + 1)))
            views[caller] = chosen
            return value(key, atOrBefore: chosen)
        case .lastWriterWins:
            let replica = Int(random.next(upperBound: UInt64(replicas.count)))
            return replicas[replica][key]?.value
        }
    }

    /// What a cas compares against: the latest value (lin-kv, seq-kv) or one replica's.
    private func compareValue(_ key: String, caller: String) -> DataValue? {
        switch kind {
        case .linearizable, .sequential: return value(key, atOrBefore: latestVersion)
        case .lastWriterWins:
            let replica = Int(random.next(upperBound: UInt64(replicas.count)))
            lastReplica = replica
            return replicas[replica][key]?.value
        }
    }

    /// The replica the last cas compared against, which its write then goes to.
    private var lastReplica: Int?

    private func write(_ key: String, _ value: DataValue, caller: String, now: Int64) {
        switch kind {
        case .linearizable, .sequential:
            latestVersion += 1
            versions[key, default: []].append((latestVersion, value))
            if kind == .sequential { views[caller] = latestVersion }
        case .lastWriterWins:
            let replica = lastReplica ?? Int(random.next(upperBound: UInt64(replicas.count)))
            lastReplica = nil
            stamp += 1
            replicas[replica][key] = (value, stamp, replica)
            for other in replicas.indices where other != replica {
                let delay = Int64(random.next(upperBound: UInt64(Self.replicationDelay)))
                replication.append((now + delay, other, key, value, stamp, replica))
            }
        }
    }

    /// Applies the lww-kv writes that have reached their replicas by `now`; the higher stamp
    /// (then the higher origin replica) wins.
    private func replicate(until now: Int64) {
        var waiting: [(at: Int64, replica: Int, key: String, value: DataValue, stamp: Int, origin: Int)] = []
        for update in replication {
            guard update.at <= now else {
                waiting.append(update)
                continue
            }
            let current = replicas[update.replica][update.key]
            if current.map({ ($0.stamp, $0.origin) < (update.stamp, update.origin) }) ?? true {
                replicas[update.replica][update.key] = (update.value, update.stamp, update.origin)
            }
        }
        replication = waiting
    }
}
