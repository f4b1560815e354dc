/// Whether some interleaving of the processes' programs explains every result.
public struct SequentialConsistencyReport: Hashable, Sendable {
    public enum Verdict: String, Sendable, Hashable {
        case sequentiallyConsistent = "sequentially consistent"
        case notSequentiallyConsistent = "not sequentially consistent"
        case unknown
    }

    public var verdict: Verdict
    /// One order that works, or the longest the search found (indices into the history).
    public var order: [Int]
    /// When there is none: each process's next operation where the longest order got stuck.
    public var stuck: [Int]
}

/// Sequential consistency (Lamport 1979): one total order of all operations that keeps each
/// process's program order and obeys the model, ignoring real time between processes.
///
/// Unlike linearizability it is not local, so all keys are searched together (use a
/// `PerKeyModel`), and the search is exponential in the number of processes: it is meant for
/// the small histories of lessons. Configurations (each process's position, model state) are
/// memoised. An indeterminate operation may take effect in its place, or never.
public enum SequentialConsistency {
    private struct Configuration<State: Hashable>: Hashable {
        var positions: [Int]
        var state: State
    }

    private struct Frame<State> {
        var positions: [Int]
        var state: State
        /// The next move to try: 2 × process, plus 1 for "skip an indeterminate operation".
        var move: Int
    }

    public static func check<Model: ConsistencyModel>(
        _ history: History, model: Model, budget: SearchBudget = SearchBudget()
    ) -> SequentialConsistencyReport {
        let programs = history.processes.map { process in history.operations(of: process).filter(model.constrains) }
        let total = programs.reduce(0) { $0 + $1.count }
        var seen: Set<Configuration<Model.State>> = []
        var frames = [Frame(positions: Array(repeating: 0, count: programs.count), state: model.initialState, move: 0)]
        var path: [Int?] = []
        var best: (done: Int, path: [Int?], positions: [Int]) = (0, [], frames[0].positions)

        while let top = frames.indices.last {
            let positions = frames[top].positions
            let done = zip(positions, programs).reduce(0) { $0 + min($1.0, $1.1.count) }
            if done == total {
                return SequentialConsistencyReport(
                    verdict: .sequentiallyConsistent, order: path.compactMap { $0 }, stuck: [])
            }
            var pushed = false
            while frames[top].move < 2 * programs.count {
                let move = frames[top].move
                frames[top].move += 1
                let process = move / 2
                let skip = move % 2 == 1
                guard positions[process] < programs[process].count else { continue }
                let operation = programs[process][positions[process]]
                if skip, operation.outcome != .info { continue }
                guard budget.spend() else {
                    return SequentialConsistencyReport(
                        verdict: .unknown, order: best.path.compactMap { $0 }, stuck: [])
                }
                let after = skip ? frames[top].state : model.step(frames[top].state, operation)
                guard let after else { continue }
                var nextPositions = positions
                nextPositions[process] += 1
                guard budget.mayRemember(seen.count) else {
                    return SequentialConsistencyReport(verdict: .unknown, order: best.path.compactMap { $0 }, stuck: [])
                }
                guard seen.insert(Configuration(positions: nextPositions, state: after)).inserted else { continue }
                frames.append(Frame(positions: nextPositions, state: after, move: 0))
                path.append(skip ? nil : operation.index)
                if done + 1 > best.done { best = (done + 1, path, nextPositions) }
                pushed = true
                break
            }
            if pushed { continue }
            frames.removeLast()
            if !path.isEmpty { path.removeLast() }
        }
        let stuck = zip(best.positions, programs).compactMap { position, program in
            position < program.count ? program[position].index : nil
        }
        return SequentialConsistencyReport(
            verdict: .notSequentiallyConsistent, order: best.path.compactMap { $0 }, stuck: stuck)
    }
}
