import PropertyBased
import QuorumCheck
import QuorumSim
import Testing

@Suite struct SessionGuaranteesTests {
    private func check(_ operations: [Operation]) -> SessionReport {
        SessionGuarantees.check(History(operations), model: RegisterModel())
    }

    private func summary(_ report: SessionReport) -> [String] {
        report.violations.map { "\($0.guarantee.rawValue) p\($0.process) read \($0.read) cause \($0.cause)" }
    }

    @Test func readingAnOlderValueThanYourOwnCompletedWriteBreaksReadYourWrites() {
        // p0 wrote 1 and then 2; its read afterwards returns 1, which completed before 2 began.
        let report = check([
            op(0, .write, 1, 0, 10),
            op(0, .write, 2, 20, 30),
            op(0, .read, 1, 40, 50),
        ])
        #expect(summary(report) == ["read-your-writes p0 read 2 cause 1"])
        #expect(!report.holds(.readYourWrites, for: 0))
        #expect(report.holds(.monotonicReads, for: 0))
    }

    @Test func readingYourOwnWriteThatSomeoneOverwroteIsStaleButNotAReadYourWritesViolation() {
        let history = History([
            op(0, .write, 1, 0, 10),
            op(1, .write, 2, 20, 30),
            op(0, .read, 1, 40, 50),
        ])
        #expect(SessionGuarantees.check(history, model: RegisterModel()).violations == [])
        #expect(Staleness.measure(history, model: RegisterModel()).reads == [ReadStaleness(read: 2, versionsBehind: 1)])
    }

    @Test func readingAnOlderValueAfterANewerOneBreaksMonotonicReads() {
        // p0 saw 2 (which p1 wrote after 1); then it sees 1 again.
        let report = check([
            op(1, .write, 1, 0, 10),
            op(1, .write, 2, 20, 30),
            op(0, .read, 2, 40, 45),
            op(0, .read, 1, 50, 55),
        ])
        #expect(summary(report) == ["monotonic reads p0 read 3 cause 1"])
    }

    @Test func seeingALaterWriteButNotAnEarlierOneBreaksMonotonicWritesOfTheWriter() {
        // p1 wrote x then y. p0 sees y's new value, then x's initial value: p1's writes were not
        // applied in the order it issued them. The guarantee broken is p1's.
        let report = check([
            op(1, .write, 1, 0, 10, key: "x"),
            op(1, .write, 1, 20, 30, key: "y"),
            op(0, .read, 1, 40, 45, key: "y"),
            op(0, .read, .null, 50, 55, key: "x"),
        ])
        #expect(summary(report) == ["monotonic writes p1 read 3 cause 0"])
    }

    @Test func seeingAWriteButNotWhatItsWriterHadReadBreaksWritesFollowReads() {
        // p2 read x = 1 and then wrote y = 2. p0 sees y = 2, then x without the 1 p2 had seen.
        let report = check([
            op(1, .write, 1, 0, 10, key: "x"),
            op(2, .read, 1, 20, 25, key: "x"),
            op(2, .write, 2, 30, 40, key: "y"),
            op(0, .read, 2, 50, 55, key: "y"),
            op(0, .read, .null, 60, 65, key: "x"),
        ])
        #expect(summary(report) == ["writes-follow-reads p2 read 4 cause 0"])
        #expect(report.violations.first?.explanation.contains("p0 x: read → nil") == true)
    }

    @Test func aReadThatCouldHaveSeenEitherOfTwoWritesPassesNothingOn() {
        // Two writes of 1: p0's read of 1 might have seen p2's, which p2 issued with no history.
        let report = check([
            op(1, .write, 5, 0, 5, key: "x"),
            op(1, .write, 1, 10, 20, key: "y"),
            op(2, .write, 1, 15, 25, key: "y"),
            op(0, .read, 1, 40, 45, key: "y"),
            op(0, .read, .null, 50, 55, key: "x"),
        ])
        #expect(report.violations == [])
    }

    @Test func overlappingWritesMayHaveTakenEffectInEitherOrder() {
        // write 2 overlaps write 1, so reading 1 after both is allowed (2 may have gone first).
        let report = check([
            op(0, .write, 2, 0, 15),
            op(1, .write, 1, 10, 20),
            op(0, .read, 1, 30, 40),
        ])
        #expect(report.violations == [])
    }

    @Test(arguments: [
        HistoryGenerator.Workload.register(values: 3), .uniqueRegister, .casRegister(values: 4), .appendKV(keys: 2),
    ])
    func aLinearizableHistoryKeepsEveryGuaranteeAndHasNoStaleReads(workload: HistoryGenerator.Workload) async {
        await propertyCheck(input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let history = HistoryGenerator.linearizable(
                workload, operations: 60, processes: 4, timing: .init(gap: 8, spread: 20, indeterminate: 0.1),
                using: &random)
            let kind: ModelKind = if case .appendKV = workload { .kv } else { .casRegister }
            #expect(kind.checkSessions(history).violations == [], "seed \(seed)")
            #expect(kind.staleness(history).stale == [], "seed \(seed)")
            #expect(kind.staleness(history).unexplained == [], "seed \(seed)")
        }
    }
}
