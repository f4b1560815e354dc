import QuorumCheck
import QuorumSim

/// The workloads `lab test -w` knows, named as Maelstrom names them.
public enum LabWorkloadKind: String, Sendable, CaseIterable {
    case echo
    case uniqueIDs = "unique-ids"
    case broadcast
    case gCounter = "g-counter"
    case linKV = "lin-kv"

    public var summary: String {
        switch self {
        case .echo: "clients send echo; every echo_ok must carry the same payload back"
        case .uniqueIDs: "clients ask for ids; every id must be unique, and stay available through partitions"
        case .broadcast:
            "clients broadcast numbers and read them back; every acknowledged number must reach every node"
        case .gCounter: "clients add to a counter kept in seq-kv; the final reads must equal the acknowledged adds"
        case .linKV: "clients read, write and cas keys; the history must be linearizable"
        }
    }

    func make(options: LabOptions) -> any LabWorkload {
        switch self {
        case .echo: EchoWorkload()
        case .uniqueIDs: UniqueIDsWorkload()
        case .broadcast: BroadcastWorkload(topology: options.topology)
        case .gCounter: GCounterWorkload()
        case .linKV: LinKVWorkload(keyCount: options.keyCount)
        }
    }
}

/// One request a client sends: its body fields besides `type` and `msg_id`, and the argument
/// the history records (the payload, the number, the key and value).
struct LabRequest: Sendable {
    var f: String
    var fields: [(String, DataValue)] = []
    var argument: DataValue = .null
    var key: DataValue?
}

/// What a workload generates, how it reads replies, and how it judges the run.
protocol LabWorkload: Sendable {
    /// The message every node gets after `init_ok` and must acknowledge before clients start
    /// (the broadcast topology); nil for none.
    func setupBody(for node: Int, nodes: [String]) -> DataValue?
    /// The next operation; every choice comes from `random`, so the seed fixes the workload.
    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest
    /// The read each node gets once the network is healed and quiet; nil for none.
    var finalRequest: LabRequest? { get }
    /// What an `<f>_ok` reply returned, or why it is not a proper reply.
    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem>
    /// How an error reply ends the operation. By default a definite error is a failure and an
    /// indefinite one leaves the outcome unknown.
    func errorOutcome(for request: LabRequest, code: Int) -> (Operation.Outcome, DataValue)
    func check(_ run: LabCheckInput) -> [LabFinding]
}

extension LabWorkload {
    func setupBody(for node: Int, nodes: [String]) -> DataValue? { nil }
    var finalRequest: LabRequest? { nil }

    func errorOutcome(for request: LabRequest, code: Int) -> (Operation.Outcome, DataValue) {
        (ErrorCode.isDefinite(code) ? .fail : .info, .null)
    }
}

struct LabReplyProblem: Error, Equatable {
    var text: String

    init(_ text: String) {
        self.text = text
    }
}

/// What the checkers see: the client operations, the final reads, and the run's shape.
struct LabCheckInput {
    var operations: [LabOperation]
    var nodes: [String]
    var options: LabOptions
    /// Asked now and then by long checks (linearizability): true to give up with "unknown".
    var shouldStop: () -> Bool = { false }

    var workloadOperations: [LabOperation] { operations.filter { !$0.isFinal } }
    /// The node's last final read (final reads are repeated until they agree, or time is up).
    func finalRead(of node: String) -> LabOperation? {
        operations.last { $0.isFinal && $0.node == node }
    }
}

/// One client operation, from invocation to its end.
public struct LabOperation: Sendable, Equatable {
    /// The history's process: a client's number, renewed after an operation with an unknown end
    /// (a client that does not know whether its operation happened cannot start another one in
    /// the same process, as in Jepsen).
    public var process: Int
    public var client: String
    public var node: String
    public var f: String
    public var key: DataValue?
    public var argument: DataValue
    /// Microseconds since the run started.
    public var invoke: Int64
    public var complete: Int64?
    public var outcome: Operation.Outcome
    /// What the reply carried (a read's value, a generated id, an echo).
    public var response: DataValue
    /// The error code, when the node answered with an error.
    public var errorCode: Int?
    /// A read issued after the workload, to see where every node ended up.
    public var isFinal = false

    public var latency: Int64? {
        guard outcome == .ok, let complete else { return nil }
        return complete - invoke
    }
}

/// One conclusion of a check, with the sentence that explains it.
public struct LabFinding: Sendable, Equatable {
    public var check: String
    public var verdict: LabVerdict
    public var text: String

    public init(check: String, verdict: LabVerdict, text: String) {
        self.check = check
        self.verdict = verdict
        self.text = text
    }
}

/// A run's verdict, and the process exit code that reports it.
public enum LabVerdict: String, Sendable, Equatable, CaseIterable {
    case valid
    case invalid
    case unknown

    public var exitCode: Int32 {
        switch self {
        case .valid: 0
        case .invalid: 1
        case .unknown: 2
        }
    }

    /// Any invalid finding decides; then any unknown one.
    static func combining(_ verdicts: some Sequence<LabVerdict>) -> LabVerdict {
        var result = LabVerdict.valid
        for verdict in verdicts {
            if verdict == .invalid { return .invalid }
            if verdict == .unknown { result = .unknown }
        }
        return result
    }
}

/// `3 values: 4, 7, 12` with at most `limit` listed.
func listed(_ items: [String], limit: Int = 6) -> String {
    let shown = items.prefix(limit).joined(separator: ", ")
    return items.count > limit ? shown + ", … (\(items.count) in all)" : shown
}

func plural(_ count: Int, _ word: String, _ plural: String? = nil) -> String {
    "\(count) \(count == 1 ? word : plural ?? word + "s")"
}
