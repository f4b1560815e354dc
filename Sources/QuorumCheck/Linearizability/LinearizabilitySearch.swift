/// Wing and Gong's search for a linearization, with Lowe's improvements, over one object.
///
/// The search walks the history's events in time order and linearizes operations just in time
/// (Lowe 2017): only when it reaches the return of an operation not yet linearized must it
/// choose, and then it linearizes that operation or first some others that are pending (invoked,
/// not yet linearized). Every configuration it reaches is memoised as (set of linearized
/// operations, model state); the position in the history follows from the set (the first return
/// of an operation not in it), so a configuration seen before has been explored before and is
/// not explored again. Nor is one that differs from an explored one only by more indeterminate
/// operations having taken effect: those could as well never have.
///
/// Indeterminate operations have no return, so nothing ever forces them: the search places them
/// when that helps and otherwise leaves them out, which is "any time after invocation, or never".
/// The pending operations are kept in a doubly linked list in invocation order, and taking one
/// out and putting it back are O(1) (Knuth's dancing links, as Porcupine does for Wing and Gong).
struct LinearizabilitySearch<Model: ConsistencyModel> {
    enum Result {
        /// Positions in `operations`, in the order a linearization takes them.
        case linearizable(order: [Int])
        /// The longest linearizable prefix found, the state it leaves, and the operation (whose
        /// return ends the prefix) that no order could place.
        case violation(prefix: [Int], state: Model.State, stuck: Int)
        case unknown
    }

    private struct Configuration: Hashable {
        var linearized: Bitset
        var state: Model.State
    }

    private struct Frame {
        /// Index into `returnOrder` of the first operation whose return is not yet linearized.
        var forced: Int
        /// The next pending operation to try: a node of the completed operations' list, then of
        /// the indeterminate ones' (`infoSentinel` when none are left).
        var cursor: Int
        var triedForced: Bool
        /// The operation this frame linearized to reach the frame above it.
        var chosen: Int
        var state: Model.State
        /// The frame was reached by linearizing an indeterminate operation; an overwrite right
        /// after it would make it pointless (see `overwrites`).
        var mustObserve = false
    }

    let model: Model
    let operations: [Operation]
    private let invokeRank: [Int]
    private let returnRank: [Int]
    /// Operations that have a return (completed ones), by return time.
    private let returnOrder: [Int]
    private var next: [Int]
    private var previous: [Int]
    /// Heads of the two lists of pending operations: completed ones, and indeterminate ones.
    /// Completed operations are tried first, so the configurations that leave indeterminate
    /// operations out are explored first, and those that add them uselessly are then recognised
    /// as no better (see `run`).
    private let sentinel: Int
    private let infoSentinel: Int
    /// For an indeterminate operation, the one before it (in invocation order) that does exactly
    /// the same thing, or -1. Such twins are interchangeable, so only the earliest twin not yet
    /// linearized is ever tried: the search never tells apart orders that differ only in which
    /// twin took effect, and the linearized twins are always the earliest ones.
    private let previousTwin: [Int]
    /// Each indeterminate operation's number among the indeterminate ones, or -1.
    private let indeterminateNumber: [Int]
    private let indeterminateCount: Int
    /// Operations that replace the state whatever it was (`ConsistencyModel.overwrites(_:)`).
    ///
    /// An indeterminate operation is only worth linearizing right before one that reads the state
    /// it leaves: followed by an overwrite, or by nothing, it could as well never have happened,
    /// and "never" is explored anyway. So right after one, overwrites are not tried.
    private let overwrites: [Bool]

    init(model: Model, operations: [Operation]) {
        self.model = model
        self.operations = operations
        let count = operations.count
        sentinel = count
        // One timeline of events: invocations before returns at equal times (equal times
        // overlap), then by position for a stable order.
        var events: [(time: Int64, isReturn: Bool, operation: Int)] = []
        events.reserveCapacity(2 * count)
        for (position, operation) in operations.enumerated() {
            events.append((operation.invoke, false, position))
            if operation.outcome != .info, let complete = operation.complete {
                events.append((complete, true, position))
            }
        }
        events.sort { ($0.time, $0.isReturn ? 1 : 0, $0.operation) < ($1.time, $1.isReturn ? 1 : 0, $1.operation) }
        var invokeRank = Array(repeating: 0, count: count)
        var returnRank = Array(repeating: Int.max, count: count)
        var invokeOrder: [Int] = []
        var returnOrder: [Int] = []
        for (rank, event) in events.enumerated() {
            if event.isReturn {
                returnRank[event.operation] = rank
                returnOrder.append(event.operation)
            } else {
                invokeRank[event.operation] = rank
                invokeOrder.append(event.operation)
            }
        }
        self.invokeRank = invokeRank
        self.returnRank = returnRank
        self.returnOrder = returnOrder
        infoSentinel = count + 1
        next = Array(repeating: sentinel, count: count + 2)
        previous = Array(repeating: sentinel, count: count + 2)
        var last = (completed: sentinel, indeterminate: infoSentinel)
        for operation in invokeOrder {
            if operations[operation].outcome == .info {
                next[last.indeterminate] = operation
                previous[operation] = last.indeterminate
                last.indeterminate = operation
            } else {
                next[last.completed] = operation
                previous[operation] = last.completed
                last.completed = operation
            }
        }
        next[last.completed] = sentinel
        previous[sentinel] = last.completed
        next[last.indeterminate] = infoSentinel
        previous[infoSentinel] = last.indeterminate

        var previousTwin = Array(repeating: -1, count: count)
        var lastOfKind: [TwinKind: Int] = [:]
        for operation in invokeOrder where operations[operation].outcome == .info {
            let twin = operations[operation]
            let kind = TwinKind(function: twin.function, key: twin.key, value: twin.value)
            previousTwin[operation] = lastOfKind[kind] ?? -1
            lastOfKind[kind] = operation
        }
        self.previousTwin = previousTwin
        var numbers = Array(repeating: -1, count: count)
        var indeterminateCount = 0
        for position in 0..<count where operations[position].outcome == .info {
            numbers[position] = indeterminateCount
            indeterminateCount += 1
        }
        indeterminateNumber = numbers
        self.indeterminateCount = indeterminateCount
        overwrites = operations.map(model.overwrites)
    }

    private struct TwinKind: Hashable {
        var function: Function
        var key: String?
        var value: Value
    }

    mutating func run(budget: SearchBudget) -> Result {
        // Completed operations linearized (they decide the position in the history) and, apart,
        // indeterminate ones (numbered among themselves).
        var linearized = Bitset(capacity: operations.count)
        var indeterminate = Bitset(capacity: indeterminateCount)
        var explored: [Configuration: [Bitset]] = [:]
        var remembered = 0
        var frames = [
            Frame(forced: 0, cursor: next[sentinel], triedForced: false, chosen: -1, state: model.initialState)
        ]
        var best = (forced: 0, prefix: [Int](), state: model.initialState)
        // The deepest position reached, and the frame that first reached it.
        var deepest = (forced: 0, frame: 0)

        while !frames.isEmpty {
            let top = frames.count - 1
            let forcedIndex = frames[top].forced
            if forcedIndex == returnOrder.count {
                return .linearizable(order: frames.dropLast().map(\.chosen))
            }
            let forced = returnOrder[forcedIndex]
            let limit = returnRank[forced]
            var advanced = false
            while true {
                let candidate: Int
                if !frames[top].triedForced {
                    frames[top].triedForced = true
                    candidate = forced
                } else {
                    let cursor = frames[top].cursor
                    if cursor == infoSentinel { break }
                    if cursor == sentinel || invokeRank[cursor] >= limit {
                        // The rest of this list was invoked too late; go on to the other list.
                        if cursor != sentinel, operations[cursor].outcome == .info { break }
                        frames[top].cursor = next[infoSentinel]
                        continue
                    }
                    frames[top].cursor = next[cursor]
                    if cursor == forced { continue }
                    candidate = cursor
                }
                if frames[top].mustObserve, overwrites[candidate] { continue }
                let twin = previousTwin[candidate]
                if twin >= 0, !indeterminate.contains(indeterminateNumber[twin]) { continue }
                guard budget.spend() else { return .unknown }
                guard let after = model.step(frames[top].state, operations[candidate]) else { continue }
                let number = indeterminateNumber[candidate]
                if number >= 0 { indeterminate.insert(number) } else { linearized.insert(candidate) }
                // A configuration is as good as explored when one with the same completed
                // operations and state, and only some of these indeterminate ones, was: whatever
                // could follow here could follow there, the extra operations left out.
                let configuration = Configuration(linearized: linearized, state: after)
                if explored[configuration]?.contains(where: { $0.isSubset(of: indeterminate) }) == true {
                    if number >= 0 { indeterminate.remove(number) } else { linearized.remove(candidate) }
                    continue
                }
                guard budget.mayRemember(remembered) else { return .unknown }
                remembered += model.weight(of: after)
                explored[configuration, default: []].append(indeterminate)
                frames[top].chosen = candidate
                lift(candidate)
                var nextForced = forcedIndex
                while nextForced < returnOrder.count, linearized.contains(returnOrder[nextForced]) {
                    nextForced += 1
                }
                if nextForced > deepest.forced { deepest = (nextForced, frames.count) }
                frames.append(
                    Frame(
                        forced: nextForced, cursor: next[sentinel], triedForced: false, chosen: -1, state: after,
                        mustObserve: number >= 0))
                advanced = true
                break
            }
            if advanced { continue }
            // A dead end. When it is the frame that first reached the deepest position, its order
            // is the longest linearizable prefix found: kept for the explanation.
            if top == deepest.frame, forcedIndex == deepest.forced, forcedIndex > best.forced {
                best = (forcedIndex, frames.dropLast().map(\.chosen), frames[top].state)
            }
            frames.removeLast()
            guard let parent = frames.indices.last else { break }
            let undone = frames[parent].chosen
            unlift(undone)
            let number = indeterminateNumber[undone]
            if number >= 0 { indeterminate.remove(number) } else { linearized.remove(undone) }
        }
        return .violation(prefix: best.prefix, state: best.state, stuck: returnOrder[best.forced])
    }

    private mutating func lift(_ node: Int) {
        next[previous[node]] = next[node]
        previous[next[node]] = previous[node]
    }

    private mutating func unlift(_ node: Int) {
        next[previous[node]] = node
        previous[next[node]] = node
    }
}
