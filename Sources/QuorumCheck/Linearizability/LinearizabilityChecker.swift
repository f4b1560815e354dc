/// The result of checking one key's operations.
public struct KeyResult: Hashable, Sendable {
    public var key: String?
    /// Operations on this key in the history, including those the search could leave out.
    public var operationCount: Int
    public var verdict: Verdict
    public var violation: LinearizabilityViolation?
    /// One order that works (indices into the history), when the key is linearizable.
    public var linearization: [Int]?
}

/// The result of checking a whole history.
public struct LinearizabilityReport: Hashable, Sendable {
    public var verdict: Verdict
    /// Per key, the unnamed register first, then keys in sorted order.
    public var keys: [KeyResult]
    /// How many model steps the search took, all keys together.
    public var steps: Int

    /// The first violation, in key order: the one to explain.
    public var violation: LinearizabilityViolation? { keys.lazy.compactMap(\.violation).first }
}

/// Checks histories for linearizability (Herlihy and Wing 1990).
public enum LinearizabilityChecker {
    /// Checks each key's operations on its own (P-compositionality) with `model`.
    ///
    /// Keys are checked in order with one shared budget; when it runs out the remaining keys are
    /// "unknown". The verdict is "not linearizable" if any key is, whatever the others say.
    public static func check<Model: ConsistencyModel>(
        _ history: History, model: Model, budget: SearchBudget = SearchBudget()
    ) -> LinearizabilityReport {
        let start = budget.stepsTaken
        var results: [KeyResult] = []
        for (key, operations) in history.partitionedByKey() {
            results.append(checkKey(key, operations, in: history, model: model, budget: budget))
        }
        return LinearizabilityReport(
            verdict: Verdict.combining(results.map(\.verdict)), keys: results, steps: budget.stepsTaken - start)
    }

    /// Checks all operations together as one object of `model` (no partitioning by key).
    ///
    /// Gives the same verdict as `check` with a per-key model, slower; kept to measure what
    /// partitioning saves, and for models whose objects are not independent.
    public static func checkWhole<Model: ConsistencyModel>(
        _ history: History, model: Model, budget: SearchBudget = SearchBudget()
    ) -> LinearizabilityReport {
        let start = budget.stepsTaken
        let result = checkKey(nil, history.operations, in: history, model: model, budget: budget)
        return LinearizabilityReport(verdict: result.verdict, keys: [result], steps: budget.stepsTaken - start)
    }

    static func checkKey<Model: ConsistencyModel>(
        _ key: String?, _ operations: [Operation], in history: History, model: Model, budget: SearchBudget
    ) -> KeyResult {
        let constraining = operations.filter(model.constrains)
        var search = LinearizabilitySearch(model: model, operations: constraining)
        switch search.run(budget: budget) {
        case .linearizable(let order):
            return KeyResult(
                key: key, operationCount: operations.count, verdict: .linearizable, violation: nil,
                linearization: order.map { constraining[$0].index })
        case .unknown:
            return KeyResult(
                key: key, operationCount: operations.count, verdict: .unknown, violation: nil, linearization: nil)
        case .violation(let prefix, let state, let stuck):
            let operation = constraining[stuck]
            let concurrent = operations.filter { $0.index != operation.index && $0.isConcurrent(with: operation) }
                .sorted { ($0.invoke, $0.index) < ($1.invoke, $1.index) }
            let violation = LinearizabilityViolation(
                key: key, prefix: prefix.map { constraining[$0].index }, stateAfterPrefix: model.describe(state),
                operation: operation.index, concurrent: concurrent.map(\.index),
                reason: reason(operation, state: state, model: model, prefixLength: prefix.count))
            return KeyResult(
                key: key, operationCount: operations.count, verdict: .notLinearizable, violation: violation,
                linearization: nil)
        }
    }

    private static func reason<Model: ConsistencyModel>(
        _ operation: Operation, state: Model.State, model: Model, prefixLength: Int
    ) -> String {
        let line = operation.line.map { " (line \($0))" } ?? ""
        let who = "process \(operation.process)'s \(OperationText.describe(operation))\(line)"
        let held = model.describe(state)
        let ordered =
            prefixLength == 0
            ? "before anything else could take effect"
            : "after the \(prefixLength) operation\(prefixLength == 1 ? "" : "s") that can be ordered before it"
        return
            "\(who) cannot take effect: \(ordered) the value is \(held), and no other order of the operations overlapping it makes its result possible."
    }
}
