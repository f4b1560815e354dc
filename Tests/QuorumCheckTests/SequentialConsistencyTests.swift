import QuorumCheck
import Testing

@Suite struct SequentialConsistencyTests {
    private func check(_ operations: [Operation], budget: SearchBudget = SearchBudget())
        -> SequentialConsistencyReport
    {
        SequentialConsistency.check(History(operations), model: PerKeyModel(RegisterModel()), budget: budget)
    }

    @Test func aStaleReadIsSequentiallyConsistentThoughNotLinearizable() {
        // Without real time, p2's read of 1 may be ordered before p1's write of 2.
        let operations = [op(0, .write, 1, 0, 10), op(1, .write, 2, 20, 30), op(2, .read, 1, 40, 50)]
        let report = check(operations)
        #expect(report.verdict == .sequentiallyConsistent)
        #expect(report.order == [0, 2, 1])
        #expect(LinearizabilityChecker.check(History(operations), model: RegisterModel()).verdict == .notLinearizable)
    }

    @Test func storeBufferingIsNotSequentiallyConsistent() {
        // Each process writes its own key, then reads the other's and sees nothing. Whichever
        // read comes last in one order, the other process's write comes before it.
        let report = check([
            op(0, .write, 1, 0, 10, key: "x"),
            op(1, .write, 1, 0, 10, key: "y"),
            op(0, .read, .null, 20, 30, key: "y"),
            op(1, .read, .null, 20, 30, key: "x"),
        ])
        #expect(report.verdict == .notSequentiallyConsistent)
        #expect(report.stuck.count == 1)
    }

    @Test func readingNewThenOldFromOneWritersProgramIsNotSequentiallyConsistent() {
        let report = check([
            op(1, .write, 1, 0, 10),
            op(1, .write, 2, 20, 30),
            op(0, .read, 2, 40, 50),
            op(0, .read, 1, 60, 70),
        ])
        #expect(report.verdict == .notSequentiallyConsistent)
    }

    @Test func anIndeterminateWriteMayBeLeftOut() {
        // p1's write of 2 timed out and p1 then read nil: the write cannot have happened before
        // that read in p1's own program, so it must be left out.
        let report = check([op(1, .write, 2, 0, nil, .info), op(1, .read, .null, 20, 30), op(0, .read, .null, 5, 10)])
        #expect(report.verdict == .sequentiallyConsistent)
        #expect(report.order == [2, 1])
    }

    @Test func aSpentBudgetGivesUnknown() {
        let report = check(
            [op(0, .write, 1, 0, 10), op(1, .write, 2, 0, 10), op(2, .read, 3, 0, 10)],
            budget: SearchBudget(maxSteps: 1))
        #expect(report.verdict == .unknown)
    }
}
