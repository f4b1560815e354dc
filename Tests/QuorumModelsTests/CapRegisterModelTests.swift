import PropertyBased
import QuorumCheck
import QuorumSim
import Testing

@testable import QuorumModels

@Suite struct CapRegisterModelTests {
    let model = CapRegisterModel()

    func run(_ overrides: [(String, String)], seed: UInt64, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    /// Runs to the end and hands back the session, to look at what the replicas hold.
    func finishedSession(_ overrides: [(String, String)], seed: UInt64) throws -> CapRegisterSession {
        let session = try model.start(model.resolve(overrides), seed: seed, trace: .off)
        session.run(until: .max)
        return try #require(session as? CapRegisterSession)
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([], seed: 1)
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
        #expect(
            model.metrics.map(\.name) == [
                "availability", "stale-reads", "linearizable", "divergent-keys-at-heal", "lost-writes",
            ])
    }

    @Test func theSameSeedGivesTheSameRunWhateverTheTraceLevel() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            for mode in ["cp", "ap"] {
                let full = try? run([("mode", mode)], seed: seed, trace: .full)
                let again = try? run([("mode", mode)], seed: seed, trace: .full)
                let off = try? run([("mode", mode)], seed: seed, trace: .off)
                #expect(full != nil && full == again)
                #expect(full?.metrics.map(\.value) == off?.metrics.map(\.value))
            }
        }
    }

    @Test func cpUnderAPartitionRefusesTheMinorityAndStaysLinearizable() throws {
        // Defaults: n1,n2 (with c1,c2) cut off from n3 (with c3) from 1s to 2s. c3 sends a
        // request at least every 300 ms (100 ms pause + at most a 200 ms wait), and n3 alone is
        // 1 of 3 replicas, short of a majority of 2, so some requests are refused: availability
        // falls below 1. Majority quorums (ABD) are linearizable whatever the network does, so
        // the checker finds no violation, and no read is stale.
        for seed in UInt64(1)...40 {
            let result = try run([("mode", "cp")], seed: seed)
            #expect((result.metric("availability") ?? 1) < 1, "seed \(seed)")
            #expect((result.metric("availability") ?? 0) > 0.8, "seed \(seed): only c3's requests should fail")
            #expect(result.metric("linearizable") == 1, "seed \(seed)")
            #expect(result.metric("stale-reads") == 0, "seed \(seed)")
            // The minority accepts no write, so there is nothing to conflict and nothing to lose.
            #expect(result.metric("divergent-keys-at-heal") == 0, "seed \(seed)")
            #expect(result.metric("lost-writes") == 0, "seed \(seed)")
        }
    }

    @Test func cpStaysLinearizableUnderLossCrashesAndRandomDelays() throws {
        // Faults may make requests fail or leave them in doubt, never break linearizability.
        // (The model also checks this itself and stops loudly on a violation.) Slow, random
        // client links let a request arrive after its client gave up, so one replica
        // coordinates two writes at once; duplicates deliver a request twice.
        for seed in UInt64(1)...30 {
            let result = try run(
                [
                    ("mode", "cp"), ("loss", "0.1"), ("dup", "0.1"), ("latency", "exp(8ms)"),
                    ("client-latency", "exp(60ms)"), ("crash", "n2@1.5s"), ("restart", "n2@2.5s"),
                    ("pause", "n1@1.2s"), ("resume", "n1@1.7s"),
                ], seed: seed)
            #expect(result.metric("linearizable") == 1, "seed \(seed)")
            #expect(result.metric("stale-reads") == 0, "seed \(seed)")
        }
    }

    @Test func apUnderAPartitionAnswersEverythingButIsNotLinearizable() throws {
        // Every request is answered by the client's own replica, 1 ms away and on its side of
        // the cut, so availability is exactly 1. During the second of partition both sides
        // write the same keys (three clients, three keys, half the requests writes), and reads
        // on each side miss the other side's acknowledged writes: no single order explains
        // them, so the history is not linearizable.
        var divergentRuns = 0
        for seed in UInt64(1)...40 {
            let result = try run([("mode", "ap")], seed: seed)
            #expect(result.metric("availability") == 1, "seed \(seed)")
            #expect(result.metric("linearizable") == 0, "seed \(seed)")
            #expect((result.metric("stale-reads") ?? 0) > 0, "seed \(seed)")
            if (result.metric("divergent-keys-at-heal") ?? 0) > 0 { divergentRuns += 1 }
        }
        // A key diverges unless one side never wrote it during the partition; with about eight
        // writes per side over three keys, that is rare.
        #expect(divergentRuns >= 35)
    }

    @Test(arguments: ["lww", "siblings"])
    func apReplicasConvergeAfterTheHeal(reconcile: String) throws {
        // Clients stop at 3s; anti-entropy every 500 ms then carries every version everywhere,
        // and both merge rules are deterministic, so every replica ends with the same versions.
        for seed in UInt64(1)...25 {
            let session = try finishedSession([("mode", "ap"), ("reconcile", reconcile)], seed: seed)
            let report = Convergence.check(session.replicaStates(), history: session.history(), model: RegisterModel())
            #expect(report.converged, "seed \(seed): \(report.divergences)")
            // A register holds one value, so the checker reads siblings as a value nobody wrote;
            // under last writer wins every final value must be one some client wrote.
            if reconcile == "lww" { #expect(report.unwritten.isEmpty, "seed \(seed)") }
        }
    }

    @Test func lastWriterWinsLosesAcknowledgedWritesAndSiblingsKeepThem() throws {
        // At the heal a divergent key has two versions neither of which knows the other. lww
        // keeps one lineage, and the other side's acknowledged write (or a later write built on
        // it) is dropped everywhere: at least one lost write per divergent key. siblings keeps
        // both until a write supersedes them, so nothing acknowledged is ever dropped.
        for seed in UInt64(1)...30 {
            let lww = try run([("mode", "ap"), ("reconcile", "lww")], seed: seed)
            let divergent = lww.metric("divergent-keys-at-heal") ?? 0
            #expect((lww.metric("lost-writes") ?? 0) >= divergent, "seed \(seed)")
            let siblings = try run([("mode", "ap"), ("reconcile", "siblings")], seed: seed)
            #expect(siblings.metric("lost-writes") == 0, "seed \(seed)")
            // The same workload and partition: the same keys diverge.
            #expect(siblings.metric("divergent-keys-at-heal") == divergent, "seed \(seed)")
        }
    }

    @Test func aSiblingReadIsNotARegisterRead() throws {
        // After a heal with conflicts, a reader gets both siblings: no register returns two
        // values, so such a history cannot be linearizable.
        let session = try finishedSession([("mode", "ap"), ("reconcile", "siblings")], seed: 1)
        let siblingReads = session.history().operations.filter {
            if case .list = $0.value { return $0.outcome == .ok }
            return false
        }
        #expect(!siblingReads.isEmpty)
    }

    @Test func withoutAPartitionCpAnswersEverything() throws {
        // Nothing is cut and the replicas are 10 ms apart, well inside the 100 ms timeout: a
        // majority always answers in time.
        for seed in UInt64(1)...20 {
            let result = try run([("mode", "cp"), ("partition", "none")], seed: seed)
            #expect(result.metric("availability") == 1, "seed \(seed)")
            #expect(result.metric("linearizable") == 1, "seed \(seed)")
        }
    }

    @Test func slowLinksBetweenReplicasMakeApStaleAndCpRefuseWithoutAnyPartition() throws {
        // PACELC's "else": at 40 ms between replicas an ap write takes 40 ms to reach the other
        // replicas, while a client hears its own replica in 1 ms, so reads elsewhere in that
        // window are stale. A cp write needs two majority round trips (160 ms), longer than the
        // 100 ms timeout, so cp refuses writes though nothing is cut.
        var stale = 0.0
        for seed in UInt64(1)...10 {
            let ap = try run([("mode", "ap"), ("partition", "none"), ("latency", "40ms")], seed: seed)
            #expect(ap.metric("availability") == 1, "seed \(seed)")
            stale += ap.metric("stale-reads") ?? 0
            let cp = try run([("mode", "cp"), ("partition", "none"), ("latency", "40ms")], seed: seed)
            #expect((cp.metric("availability") ?? 1) < 0.8, "seed \(seed)")
            #expect(cp.metric("linearizable") == 1, "seed \(seed)")
        }
        #expect(stale > 0)
    }

    @Test func thePartitionTakesEachClientWithItsReplica() throws {
        let result = try run([], seed: 1, trace: .full)
        #expect(result.narrative.contains { $0.text.contains("n1,n2,c1,c2|n3,c3") })
        // A client the learner names stays where it is put: c3 beside n1 and n2 cannot reach n3,
        // so even ap fails c3's requests.
        let named = try run([("mode", "ap"), ("partition", "n1,n2,c3|n3")], seed: 1)
        #expect((named.metric("availability") ?? 1) < 1)
    }

    @Test func aPartitionInjectedWhileSteppingTakesTheClientsToo() throws {
        let session = try model.start(model.resolve([("partition", "none")]), seed: 1, trace: .full)
        session.run(until: 500_000)
        session.partition(try PartitionSpec.parse("n1|n2,n3"))
        #expect(session.activePartition?.description == "n1,c1|n2,n3,c2,c3")
        session.run(until: 1_500_000)
        session.heal()
        #expect(session.activePartition == nil)
        session.run(until: .max)
        let result = session.finish()
        // n1 alone refused c1 during the injected partition; the majority side was never cut off.
        #expect((result.metric("availability") ?? 1) < 1)
        #expect(result.metric("linearizable") == 1)
    }

    @Test func switchingThePartitionOffNeedsNoHealSetting() throws {
        // heal-at defaults to 2s; with partition=none it must not be an error.
        let result = try run([("partition", "none")], seed: 3)
        #expect(result.metric("availability") == 1)
    }

    @Test func lastWriterWinsTrustsClocksEvenWhenTheyAreWrong() throws {
        // No partition at all. n3's clock runs a second behind, so a write n3 accepts is
        // stamped earlier than a write n1 or n2 accepted up to a second before it, even one n3
        // had already seen and overwrote. Last writer wins compares stamps only, so it keeps the
        // older value and drops c3's later, acknowledged write. With true clocks that happens
        // only to writes made within the 10 ms it takes to replicate.
        var skewed = 0.0
        var honest = 0.0
        for seed in UInt64(1)...10 {
            skewed +=
                try run([("mode", "ap"), ("partition", "none"), ("skew", "n3=-1s")], seed: seed)
                .metric("lost-writes") ?? 0
            honest += try run([("mode", "ap"), ("partition", "none")], seed: seed).metric("lost-writes") ?? 0
        }
        #expect(skewed > 2 * honest + 10)
    }
}
