import PropertyBased
import QuorumCheck
import QuorumSim
import Testing

/// Laws of linearizability the search must obey on any history.
@Suite struct LinearizabilityPropertyTests {
    @Test(arguments: [
        HistoryGenerator.Workload.register(values: 3), .casRegister(values: 3), .uniqueRegister, .appendKV(keys: 3),
    ])
    func historiesRunOneAtATimeAgainstTheModelAreLinearizable(workload: HistoryGenerator.Workload) async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let history = HistoryGenerator.linearizable(
                workload, operations: 60, processes: 4, timing: .init(gap: 8, spread: 25, indeterminate: 0.1),
                using: &random)
            let report = checkAnyModel(history, model: model(for: workload))
            #expect(report.verdict == .linearizable, "seed \(seed)")
        }
    }

    @Test func swappingTwoReadsAcrossAWriteMakesAHistoryNonLinearizable() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            // Now and then a generated history has no read before a write and another after it
            // that saw it; the next history from the same seed's stream almost surely does.
            var found: (history: History, first: Int, second: Int)?
            for _ in 0..<10 where found == nil {
                let candidate = HistoryGenerator.linearizable(
                    .uniqueRegister, operations: 40, processes: 3, timing: .init(gap: 10, spread: 12), using: &random)
                if let (first, second) = readsAcrossAWrite(in: candidate) { found = (candidate, first, second) }
            }
            // r1 ends before w begins, and r2 (after w) read w's value, which nothing else writes.
            // Swapped, r1 returns that value before w was even invoked: no order can explain it.
            guard let (history, first, second) = found else {
                Issue.record("seed \(seed): ten histories without two reads on either side of a write")
                return
            }
            var operations = history.operations
            (operations[first].value, operations[second].value) = (operations[second].value, operations[first].value)
            let report = LinearizabilityChecker.check(History(operations), model: RegisterModel())
            #expect(report.verdict == .notLinearizable, "seed \(seed)")
        }
    }

    @Test func theSearchAgreesWithExhaustiveSearchOnSmallHistories() async {
        // About one random history in six is linearizable, so both verdicts get exercised.
        await propertyCheck(count: 500, input: Gen.uint64()) { seed in
            let history = randomRegisterHistory(seed: seed, operations: 8, processes: 3)
            let expected = bruteForceIsLinearizable(history, model: CASRegisterModel())
            let report = LinearizabilityChecker.check(history, model: CASRegisterModel())
            #expect(report.verdict == (expected ? .linearizable : .notLinearizable), "seed \(seed)")
        }
    }

    @Test func aFoundOrderIsAWitness() async {
        // The order reported for a linearizable history respects real time and the model, and
        // places every completed operation.
        await propertyCheck(input: Gen.uint64()) { seed in
            let history = randomRegisterHistory(seed: seed, operations: 8, processes: 3)
            let report = LinearizabilityChecker.check(history, model: CASRegisterModel())
            guard let order = report.keys.first?.linearization else { return }
            #expect(witnessProblems(order, in: history) == [], "seed \(seed)")
        }
    }

    @Test func checkingKeyByKeyGivesTheVerdictOfCheckingAllKeysTogether() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            var operations = HistoryGenerator.linearizable(
                .appendKV(keys: 3), operations: 24, processes: 3, using: &random
            ).operations
            // Break every other history by changing one get's result.
            if seed % 2 == 0, let get = operations.firstIndex(where: { $0.function == .get && $0.outcome == .ok }) {
                operations[get].value = "never appended"
            }
            let history = History(operations)
            let byKey = LinearizabilityChecker.check(history, model: KeyValueModel())
            let whole = LinearizabilityChecker.checkWhole(history, model: PerKeyModel(KeyValueModel()))
            #expect(byKey.verdict == whole.verdict, "seed \(seed)")
        }
    }

    @Test func theSameHistoryGivesTheSameReport() {
        var random = SplitMix64(seed: 7)
        var operations = HistoryGenerator.linearizable(
            .casRegister(values: 3), operations: 200, processes: 5, using: &random
        ).operations
        if let read = operations.lastIndex(where: { $0.function == .read }) { operations[read].value = 99 }
        let history = History(operations)
        let first = LinearizabilityChecker.check(history, model: CASRegisterModel())
        let second = LinearizabilityChecker.check(history, model: CASRegisterModel())
        #expect(first == second)
        #expect(first.verdict == .notLinearizable)
    }

    private func model(for workload: HistoryGenerator.Workload) -> any ConsistencyModel {
        switch workload {
        case .appendKV: return KeyValueModel()
        default: return CASRegisterModel()
        }
    }
}

/// Indices of reads r1 and r2 and a write w between them in real time (r1 ends before w begins,
/// w ends before r2 begins) where r2 returned w's value.
func readsAcrossAWrite(in history: History) -> (Int, Int)? {
    let reads = history.operations.filter { $0.function == .read && $0.outcome == .ok }
    for write in history.operations where write.function == .write && write.outcome == .ok {
        guard let second = reads.first(where: { write.precedes($0) && $0.value == write.value }),
            let first = reads.first(where: { $0.precedes(write) })
        else { continue }
        return (first.index, second.index)
    }
    return nil
}

/// Checks with a model known only at run time (the existential is opened for the generic check).
func checkAnyModel(_ history: History, model: any ConsistencyModel) -> LinearizabilityReport {
    LinearizabilityChecker.check(history, model: model)
}

/// What is wrong with `order` as a linearization of `history` under the cas-register model.
func witnessProblems(_ order: [Int], in history: History) -> [String] {
    let model = CASRegisterModel()
    var problems: [String] = []
    var state = model.initialState
    for (position, index) in order.enumerated() {
        let operation = history[index]
        if order[(position + 1)...].contains(where: { history[$0].precedes(operation) }) {
            problems.append("\(index) is placed after an operation that completed before it began")
        }
        guard let next = model.step(state, operation) else {
            problems.append("\(index) cannot run in state \(state)")
            return problems
        }
        state = next
    }
    let placed = Set(order)
    for operation in history.operations where model.constrains(operation) && operation.outcome != .info {
        if !placed.contains(operation.index) { problems.append("\(operation.index) is missing") }
    }
    return problems
}
