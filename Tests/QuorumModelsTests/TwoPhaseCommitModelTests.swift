import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct TwoPhaseCommitModelTests {
    let model = TwoPhaseCommitModel()

    func session(_ overrides: [(String, String)], seed: UInt64 = 1) throws -> TwoPhaseCommitSession {
        let session = try model.session(model.resolve(overrides), seed: seed, trace: .off)
        session.run(until: .max)
        return session
    }

    @Test func theSameSeedGivesTheSameRunAtEveryTraceLevel() async {
        await checkProperty(input: Gen.uint64()) { seed in
            let overrides = [("loss", "0.1"), ("crash", "n1@520ms"), ("restart", "n1@900ms")]
            let full = try? model.run(overrides: overrides, seed: seed, trace: .full)
            let again = try? model.run(overrides: overrides, seed: seed, trace: .full)
            let off = try? model.run(overrides: overrides, seed: seed, trace: .off)
            #expect(full != nil && full == again)
            #expect(full?.metrics.map(\.value) == off?.metrics.map(\.value))
        }
    }

    @Test func withoutFaultsAllYesCommitsAndAnyNoAborts() throws {
        for seed in UInt64(1)...50 {
            let run = try session([("vote-no", "0.2"), ("transactions", "40")], seed: seed)
            let result = run.finish()
            // Every participant gets every prepare, so every vote is cast; the coordinator
            // commits exactly the transactions whose votes were all yes.
            let allYes = run.votes.filter { $0.allSatisfy { $0 == true } }.count
            #expect(run.votes.allSatisfy { $0.allSatisfy { $0 != nil } })
            #expect(result.metric("committed") == Double(allYes))
            #expect(result.metric("aborted") == Double(40 - allYes))
            // Prepare, vote, decision, ack: four messages per participant per transaction.
            #expect(result.metric("messages") == Double(4 * 3 * 40))
            // A yes voter waits from its vote (20 ms after the client's begin, with 10 ms
            // links) to the decision (40 ms): 20 ms in doubt per yes vote, none for a no.
            let yesVotes = run.votes.flatMap { $0 }.filter { $0 == true }.count
            #expect(result.metric("blocked-ms") == Double(20 * yesVotes))
            for participant in 0..<3 {
                for txn in 0..<40 {
                    let expected: TwoPhaseCommitSession.ParticipantRecord =
                        run.votes[txn].allSatisfy { $0 == true } ? .committed : .aborted
                    #expect(run.participantStates.durable[participant].records[txn] == expected)
                }
            }
        }
    }

    @Test func votesDecideEverything() throws {
        let yes = try session([("vote-no", "0")]).finish()
        #expect(yes.metric("committed") == 20)
        #expect(yes.metric("aborted") == 0)
        let no = try session([("vote-no", "1")]).finish()
        #expect(no.metric("committed") == 0)
        #expect(no.metric("aborted") == 20)
        #expect(no.metric("blocked-ms") == 0)  // a participant that votes no is never in doubt
    }

    @Test func theCommitRateMatchesAllParticipantsVotingYes() throws {
        // Each of 3 participants votes yes with probability 0.9, independently: 0.9^3 = 0.729.
        // Over 2,000 transactions the standard deviation of the rate is about 0.01.
        let result = try session([("transactions", "2000"), ("interval", "10ms"), ("duration", "60s")], seed: 3)
            .finish()
        let rate = (result.metric("committed") ?? 0) / 2000
        #expect(abs(rate - 0.729) < 0.04)
    }

    @Test func aCoordinatorCrashBeforeItsDecisionBlocksParticipantsForTheDowntime() throws {
        // T11 begins at 1s: prepares reach the participants at 1.02s and all vote yes (vote-no
        // 0); the coordinator crashes at 1.025s, before the votes arrive. Participants stay in
        // doubt until it restarts, finds T11 undecided in its log, aborts it, and the abort
        // reaches them 10 ms later. Transactions begun while it is down never start.
        var previous = -1.0
        for downtime in [200, 500, 1_000, 2_000] {
            let restart = 1_025 + downtime
            let run = try session([
                ("vote-no", "0"), ("transactions", "40"), ("crash", "n1@1025ms"), ("restart", "n1@\(restart)ms"),
            ])
            let result = run.finish()
            let blocked = result.metric("blocked-ms") ?? 0
            let t11 = 3 * Double(restart + 10 - 1_020)
            let others = 20 * 3 * ((result.metric("committed") ?? 0))
            #expect(blocked == t11 + others, "downtime \(downtime) ms")
            #expect(blocked > previous)
            previous = blocked
            #expect(run.participantStates.durable.allSatisfy { $0.records[10] == .aborted })
        }
    }

    @Test func aPreparedParticipantNeverDecidesAlone() throws {
        // The coordinator never comes back: participants that voted yes on T11 still hold it as
        // prepared at the end, however long they waited, and count the whole wait as blocked.
        let short = try session([("vote-no", "0"), ("crash", "n1@1025ms"), ("duration", "5s")])
        let long = try session([("vote-no", "0"), ("crash", "n1@1025ms"), ("duration", "20s")])
        for run in [short, long] {
            #expect(run.participantStates.durable.allSatisfy { $0.records[10] == .prepared })
        }
        let shortBlocked = short.finish().metric("blocked-ms") ?? 0
        let longBlocked = long.finish().metric("blocked-ms") ?? 0
        #expect(longBlocked - shortBlocked == 3 * 15_000)
    }

    @Test func atomicityHoldsUnderLossDuplicationAndCrashes() throws {
        var inDoubtRuns = 0
        for seed in UInt64(1)...300 {
            var random = SplitMix64(seed: seed ^ 0x2BC)
            func pick(_ count: Int) -> Int { Int(random.next(upperBound: UInt64(count))) }
            let victim = 1 + pick(4)  // n1 is the coordinator
            let crashAt = 100 + pick(1_500)
            let overrides = [
                ("vote-no", "0.1"), ("loss", String(Double(pick(21)) / 100)), ("dup", String(Double(pick(21)) / 100)),
                ("latency", "uniform(1ms,30ms)"),
                ("crash", "n\(victim)@\(crashAt)ms,n\(victim == 1 ? 2 : 1)@\(crashAt + pick(300))ms"),
                ("restart", "n\(victim)@\(crashAt + 400 + pick(800))ms,n\(victim == 1 ? 2 : 1)@\(crashAt + 1_300)ms"),
                ("duration", "30s"),
            ]
            let run = try session(overrides, seed: seed)
            let coordinatorLog = run.coordinatorState.durable[0].records
            for txn in 0..<20 {
                let outcomes = run.participantStates.durable.map { $0.records[txn] }
                #expect(
                    !(outcomes.contains(.committed) && outcomes.contains(.aborted)),
                    "seed \(seed) T\(txn + 1): \(outcomes)")
                if outcomes.contains(.committed) {
                    #expect(coordinatorLog[txn] == .decided(commit: true, ended: true), "seed \(seed) T\(txn + 1)")
                    #expect(run.votes[txn].allSatisfy { $0 == true })
                }
                // Everyone restarted and the run was long enough: no one is left in doubt.
                #expect(!outcomes.contains(.prepared), "seed \(seed) T\(txn + 1) still in doubt")
            }
            if (run.finish().metric("blocked-ms") ?? 0) > 20 * 3 * 20 { inDoubtRuns += 1 }
        }
        // Most runs crash someone while a transaction is open, so many must have waited longer
        // than the fault-free bound of 20 ms per vote.
        #expect(inDoubtRuns >= 100, "only \(inDoubtRuns) runs blocked longer than a fault-free run can")
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try session([]).finish()
        #expect(result.metrics.map(\.name) == ["committed", "aborted", "blocked-ms", "messages"])
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test func aSplitDecisionStopsTheRunLoudly() async {
        await #expect(processExitsWith: .failure) {
            let model = TwoPhaseCommitModel()
            guard let session = try? model.session(model.resolve([]), seed: 1, trace: .off) else { return }
            // n2 has committed T1; telling n3 to abort it is a bug.
            session.participantStates.withDurable(0) { $0.records[0] = .committed }
            session.checkAtomicity(0, commit: false, at: 1, had: .prepared)
        }
    }
}
