import QuorumCheck
import QuorumSim

/// Reads, writes and compare-and-sets on a few integer keys; the history must be linearizable.
struct LinKVWorkload: LabWorkload {
    var keyCount: Int

    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest {
        let key = DataValue.integer(Int(random.next(upperBound: UInt64(max(1, keyCount)))))
        func value() -> Int { Int(random.next(upperBound: UInt64(5))) }
        switch random.next(upperBound: UInt64(3)) {
        case 0:
            return LabRequest(f: "read", fields: [("key", key)], key: key)
        case 1:
            let written = value()
            return LabRequest(
                f: "write", fields: [("key", key), ("value", .integer(written))], argument: .integer(written), key: key)
        default:
            let (from, to) = (value(), value())
            return LabRequest(
                f: "cas", fields: [("key", key), ("from", .integer(from)), ("to", .integer(to))],
                argument: .vector([.integer(from), .integer(to)]), key: key)
        }
    }

    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem> {
        guard request.f == "read" else { return .success(.null) }
        guard let value = reply.field("value") else {
            return .failure(LabReplyProblem("read_ok has no \"value\""))
        }
        return .success(value)
    }

    /// A read answered "key does not exist" saw nil, which is a result, not a failure; a cas
    /// on a missing key or with the wrong `from` definitely did nothing.
    func errorOutcome(for request: LabRequest, code: Int) -> (Operation.Outcome, DataValue) {
        if request.f == "read", code == ErrorCode.keyDoesNotExist { return (.ok, .null) }
        return (ErrorCode.isDefinite(code) ? .fail : .info, .null)
    }

    /// The client operations as a history QuorumCheck reads: keys as strings, a cas as [from to].
    static func history(_ operations: [LabOperation]) -> History {
        History(
            operations.filter { !$0.isFinal }.map { operation in
                let value: Value
                switch operation.f {
                case "read": value = operation.outcome == .ok ? checkValue(operation.response) : .null
                default: value = checkValue(operation.argument)
                }
                return Operation(
                    process: operation.process, function: Function(operation.f),
                    key: operation.key.map { $0.stringValue ?? $0.jsonText }, value: value, outcome: operation.outcome,
                    invoke: operation.invoke, complete: operation.outcome == .info ? nil : operation.complete)
            })
    }

    static func checkValue(_ value: DataValue) -> Value {
        switch value {
        case .null: .null
        case .integer(let number): .int(number)
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .vector(let items): .list(items.map(checkValue))
        default: .string(value.jsonText)
        }
    }

    func check(_ run: LabCheckInput) -> [LabFinding] {
        let history = Self.history(run.operations)
        let budget = SearchBudget(maxSteps: 50_000_000, shouldStop: run.shouldStop)
        let report = ModelKind.casRegister.checkLinearizability(history, budget: budget)
        switch report.verdict {
        case .linearizable:
            let keys = report.keys.count
            return [
                LabFinding(
                    check: "linearizable", verdict: .valid,
                    text: "the \(plural(history.count, "operation")) on \(plural(keys, "key")) are linearizable")
            ]
        case .unknown:
            return [
                LabFinding(
                    check: "linearizable", verdict: .unknown,
                    text: "the search gave up after \(report.steps) steps; try a lower --rate or --time-limit")
            ]
        case .notLinearizable:
            var text = "not linearizable"
            if let violation = report.violation {
                let operation = history[violation.operation]
                text = (violation.key.map { "key \($0): " } ?? "") + violation.reason
                if let node = run.operations.first(where: { !$0.isFinal && $0.process == operation.process })?.node {
                    text +=
                        " That \(operation.function) went through \(node), at \(formatMicroseconds(operation.invoke))."
                }
            }
            return [LabFinding(check: "linearizable", verdict: .invalid, text: text)]
        }
    }
}

/// `1.234s`, `15.2ms`, `800µs`.
func formatMicroseconds(_ microseconds: Int64) -> String {
    SimDuration.format(microseconds)
}
