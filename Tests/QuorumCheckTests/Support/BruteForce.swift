import QuorumCheck

/// Linearizability by exhaustion, straight from the definition, for histories of a few
/// operations: try every order of the operations that respects real time, leaving out any
/// indeterminate ones, and see whether the model accepts one. Slow and obviously right, so the
/// real search can be compared with it.
func bruteForceIsLinearizable<Model: ConsistencyModel>(_ history: History, model: Model) -> Bool {
    let operations = history.operations.filter(model.constrains)
    var used = Array(repeating: false, count: operations.count)
    func search(_ state: Model.State) -> Bool {
        if operations.indices.allSatisfy({ used[$0] || operations[$0].outcome == .info }) { return true }
        for candidate in operations.indices where !used[candidate] {
            let mustWait = operations.indices.contains { other in
                !used[other] && other != candidate && operations[other].precedes(operations[candidate])
            }
            guard !mustWait, let next = model.step(state, operations[candidate]) else { continue }
            used[candidate] = true
            let found = search(next)
            used[candidate] = false
            if found { return true }
        }
        return false
    }
    return search(model.initialState)
}
