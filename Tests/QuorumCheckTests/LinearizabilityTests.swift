import QuorumCheck
import Testing

/// The classic anomalies, each built by hand with the verdict reasoned out from the intervals.
@Suite struct LinearizabilityTests {
    @Test func aStaleReadAfterACompletedWriteIsNotLinearizable() {
        // write 2 completes at 30; the read starts at 40, so it must see 2 (nobody writes 1 again).
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 30),
            op(2, .read, 1, 40, 50),
        ])
        #expect(report.verdict == .notLinearizable)
        let violation = report.violation
        #expect(violation?.operation == 2)
        #expect(violation?.prefix == [0, 1])
        #expect(violation?.stateAfterPrefix == "2")
        #expect(violation?.concurrent == [])
    }

    @Test func aLostUpdateThroughRacingCasIsNotLinearizable() {
        // Both cas 0→1 and cas 0→2 claim success, overlapping: whichever goes second sees the
        // other's value, not 0. The search places p1's (it returns first) and is stuck on p2's.
        let report = checkRegister([
            op(0, .write, 0, 0, 5),
            op(1, .cas, [0, 1], 10, 30),
            op(2, .cas, [0, 2], 15, 35),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 2)
        #expect(report.violation?.prefix == [0, 1])
        #expect(report.violation?.stateAfterPrefix == "1")
        #expect(report.violation?.concurrent == [1])
    }

    @Test func aNonMonotonicReadIsNotLinearizable() {
        // write 2 is still open while p2 reads 2 and then 1; once 2 was seen, 1 cannot come back.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 60),
            op(2, .read, 2, 25, 30),
            op(2, .read, 1, 35, 40),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 3)
        #expect(report.violation?.prefix == [0, 1, 2])
        #expect(report.violation?.concurrent == [1])
    }

    @Test func twoWritesAcceptedOnBothSidesOfASplitBrainAreNotLinearizable() {
        // Both writes completed by 10; afterwards one reader sees 1 and a later one sees 2. The
        // last write decides the value, so the reads would need both orders at once. The deepest
        // attempt orders write 2, write 1, read 1 and then cannot place the read of 2.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 0, 10),
            op(2, .read, 1, 20, 25),
            op(3, .read, 2, 30, 35),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 3)
        #expect(report.violation?.prefix == [1, 0, 2])
        #expect(report.violation?.stateAfterPrefix == "1")
    }

    @Test func aReadOfAValueNeverWrittenIsNotLinearizable() {
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .read, 7, 5, 30),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 1)
        #expect(report.violation?.concurrent == [0])
    }

    @Test func aReadOfNilBeforeAnyWriteIsLinearizable() {
        #expect(checkRegister([op(0, .read, .null, 0, 5), op(1, .write, 1, 10, 20)]).verdict == .linearizable)
    }

    @Test(arguments: [1, 2] as [Value])
    func overlappingWritesAreFineInEitherOrder(finalValue: Value) {
        // The writes overlap, so either may take effect last; a later read may see either value.
        let report = checkRegister([
            op(0, .write, 1, 0, 30),
            op(1, .write, 2, 10, 40),
            op(2, .read, finalValue, 50, 60),
        ])
        #expect(report.verdict == .linearizable)
        let expectedOrder: [Int] = finalValue == 1 ? [1, 0, 2] : [0, 1, 2]
        #expect(report.keys.first?.linearization == expectedOrder)
    }

    @Test func aReadOverlappingAWriteMaySeeTheOldOrTheNewValue() {
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 50),
            op(2, .read, 1, 25, 30),
            op(3, .read, 2, 30, 40),
            op(2, .read, 2, 55, 60),
        ])
        #expect(report.verdict == .linearizable)
    }

    @Test func anIndeterminateWriteMustBeAssumedToHaveHappenedWhenARead() {
        // The write of 2 timed out, yet a later read returns 2: it must have taken effect.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, nil, .info),
            op(2, .read, 2, 30, 40),
        ])
        #expect(report.verdict == .linearizable)
        #expect(report.keys.first?.linearization == [0, 1, 2])
    }

    @Test func anIndeterminateWriteNeedNotHaveHappened() {
        // Reading 1 after the timed-out write is fine: it never took effect (or has not yet).
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 25, .info),
            op(2, .read, 1, 30, 40),
        ])
        #expect(report.verdict == .linearizable)
        #expect(report.keys.first?.linearization == [0, 2])
    }

    @Test func anIndeterminateWriteMayTakeEffectLongAfterItTimedOut() {
        // Read 1, then 2: the write timed out at 25 but took effect between the reads.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 25, .info),
            op(2, .read, 1, 30, 40),
            op(2, .read, 2, 50, 60),
        ])
        #expect(report.verdict == .linearizable)
        #expect(report.keys.first?.linearization == [0, 2, 1, 3])
    }

    @Test func anIndeterminateWriteCannotTakeEffectBeforeItWasInvoked() {
        // The read of 2 ends at 40, before the write of 2 was even invoked at 50.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(2, .read, 2, 30, 40),
            op(1, .write, 2, 50, nil, .info),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 1)
    }

    @Test func anIndeterminateWriteThatHappenedCannotBeUndone() {
        // Reading 2 proves the timed-out write happened; 1 can then never be read again.
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, nil, .info),
            op(2, .read, 2, 30, 40),
            op(2, .read, 1, 50, 60),
        ])
        #expect(report.verdict == .notLinearizable)
        #expect(report.violation?.operation == 3)
    }

    @Test func aFailedWriteDidNotHappen() {
        let report = checkRegister([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 30, .fail),
            op(2, .read, 2, 40, 50),
        ])
        #expect(report.verdict == .notLinearizable)
    }

    @Test func aFailedCasSaysTheValueWasNotItsFrom() {
        // Alone with the value 0, a cas 0→1 cannot fail.
        let alone = checkRegister([op(0, .write, 0, 0, 10), op(1, .cas, [0, 1], 20, 30, .fail)])
        #expect(alone.verdict == .notLinearizable)
        // With a write of 5 overlapping it, the cas can run after the write and fail.
        let raced = checkRegister([
            op(0, .write, 0, 0, 10), op(2, .write, 5, 15, 40), op(1, .cas, [0, 1], 20, 30, .fail),
        ])
        #expect(raced.verdict == .linearizable)
    }

    @Test func equalTimesCountAsOverlapping() {
        // The read is invoked at the instant the write completes, so it may go first and see nil.
        #expect(checkRegister([op(0, .write, 1, 0, 10), op(1, .read, .null, 10, 20)]).verdict == .linearizable)
        #expect(checkRegister([op(0, .write, 1, 0, 10), op(1, .read, .null, 11, 20)]).verdict == .notLinearizable)
    }

    @Test func keysAreCheckedOnTheirOwnAndTheWorstDecides() {
        let report = LinearizabilityChecker.check(
            History([
                op(0, .put, "a", 0, 10, key: "x"),
                op(1, .get, "a", 20, 30, key: "x"),
                op(0, .append, "b", 0, 10, key: "y"),
                op(1, .get, "", 20, 30, key: "y"),
            ]), model: KeyValueModel())
        #expect(report.verdict == .notLinearizable)
        #expect(report.keys.map(\.key) == ["x", "y"])
        #expect(report.keys.map(\.verdict) == [.linearizable, .notLinearizable])
        #expect(report.violation?.key == "y")
        #expect(report.violation?.operation == 3)
    }

    @Test func aSpentBudgetGivesUnknownNotAWrongVerdict() {
        let history = History([
            op(0, .write, 1, 0, 100), op(1, .write, 2, 0, 100), op(2, .write, 3, 0, 100), op(3, .read, 3, 0, 100),
        ])
        let report = LinearizabilityChecker.check(history, model: CASRegisterModel(), budget: SearchBudget(maxSteps: 2))
        #expect(report.verdict == .unknown)
        #expect(report.steps == 2)
        let bounded = LinearizabilityChecker.check(
            history, model: CASRegisterModel(), budget: SearchBudget(maxConfigurations: 1))
        #expect(bounded.verdict == .unknown)
        let stopped = LinearizabilityChecker.check(
            history, model: CASRegisterModel(), budget: SearchBudget(shouldStop: { true }))
        #expect(stopped.verdict == .unknown)
    }
}
