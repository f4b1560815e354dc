import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct PrimaryBackupModelTests {
    let model = PrimaryBackupModel()

    func run(_ overrides: [(String, String)], seed: UInt64, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([], seed: 1)
        #expect(result.metrics.map(\.name) == ["lost-acked-writes", "write-latency-p50", "write-latency-p99"])
        #expect(model.metrics.map(\.name) == result.metrics.map(\.name))
    }

    @Test func theSameSeedGivesTheSameRunWhateverTheTraceLevel() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            for replication in ["sync", "async"] {
                let settings = [("replication", replication), ("latency", "uniform(5ms,15ms)")]
                let full = try? run(settings, seed: seed, trace: .full)
                #expect(full != nil && full == (try? run(settings, seed: seed, trace: .full)))
                #expect(
                    full?.metrics.map(\.value) == (try? run(settings, seed: seed, trace: .off))?.metrics.map(\.value))
            }
        }
    }

    /// A crash time from the seed, between 0.3 s and 2.3 s.
    func crashTime(_ seed: UInt64) -> String {
        "\(300 + Int(seed * 7_919 % 2_000))ms"
    }

    @Test func syncReplicationNeverLosesAnAcknowledgedWrite() throws {
        // A sync primary acknowledges a write only once every backup in line holds it, so
        // whichever backup takes over has every acknowledged write: nothing acknowledged is
        // lost, whenever the crash comes, and whether or not the old primary returns.
        for seed in UInt64(1)...60 {
            let settings = [
                ("replication", "sync"), ("latency", "uniform(5ms,15ms)"), ("crash", "n1@\(crashTime(seed))"),
                ("restart", seed.isMultiple(of: 2) ? "n1@2.5s" : "none"), ("duration", "4s"),
            ]
            let result = try run(settings, seed: seed)
            #expect(result.metric("lost-acked-writes") == 0, "seed \(seed)")
        }
    }

    @Test func syncReplicationLosesNothingUnderLossDuplicatesAndPauses() throws {
        // A paused primary wakes up still believing it leads, with old acknowledgements queued;
        // lost and duplicated messages exercise the heartbeat path. The model checks the
        // invariant itself and stops loudly if it fails; the metric must say 0 as well.
        for seed in UInt64(1)...40 {
            let result = try run(
                [
                    ("replication", "sync"), ("latency", "exp(8ms)"), ("loss", "0.05"), ("dup", "0.05"),
                    ("crash", "none"), ("pause", "n1@\(crashTime(seed))"), ("resume", "n1@2.6s"), ("duration", "4s"),
                ], seed: seed)
            #expect(result.metric("lost-acked-writes") == 0, "seed \(seed)")
        }
    }

    @Test func syncReplicationSurvivesTwoCrashesInARow() throws {
        // n1 dies, n2 takes over with n3 in line; n2 dies, n3 takes over. Each primary had all
        // acknowledged writes, so the last one does too.
        for seed in UInt64(1)...20 {
            let result = try run(
                [
                    ("replication", "sync"), ("latency", "uniform(5ms,15ms)"), ("crash", "n1@1s,n2@2s"),
                    ("duration", "4s"),
                ],
                seed: seed)
            #expect(result.metric("lost-acked-writes") == 0, "seed \(seed)")
        }
    }

    @Test func asyncReplicationLosesWhatWasAcknowledgedSinceTheLastHeartbeat() throws {
        // async writes reach the backups only with heartbeats, every 100 ms from 0. The crash
        // comes 95 ms after the heartbeat at k × 100 ms. The client appends a write at least
        // every 50 ms (15 ms back + 20 ms pause + 15 ms there, at most), so some write was
        // acknowledged in those 95 ms and never shipped: the backup that takes over lacks it.
        for seed in UInt64(1)...60 {
            let crash = "\(Int(seed % 15 + 5) * 100 + 95)ms"
            let result = try run(
                [("replication", "async"), ("latency", "uniform(5ms,15ms)"), ("crash", "n1@\(crash)")], seed: seed)
            #expect((result.metric("lost-acked-writes") ?? 0) >= 1, "seed \(seed), crash at \(crash)")
        }
    }

    @Test func withoutAFailoverAsyncLosesNothing() throws {
        // No crash: n1 stays primary to the end and its log holds every write it acknowledged.
        for seed in UInt64(1)...20 {
            let result = try run([("replication", "async"), ("crash", "none"), ("latency", "exp(10ms)")], seed: seed)
            #expect(result.metric("lost-acked-writes") == 0, "seed \(seed)")
        }
    }

    @Test func syncWaitsForTheBackupsAndAsyncDoesNot() throws {
        // 10 ms each way: async is client to primary and back, 20 ms. sync adds primary to
        // backup and back before the acknowledgement, 40 ms.
        let async = try run([("replication", "async"), ("crash", "none")], seed: 1)
        #expect(async.metric("write-latency-p50") == 20)
        #expect(async.metric("write-latency-p99") == 20)
        let sync = try run([("replication", "sync"), ("crash", "none")], seed: 1)
        #expect(sync.metric("write-latency-p50") == 40)
        #expect(sync.metric("write-latency-p99") == 40)
    }

    @Test func syncIsAsSlowAsTheFarthestBackup() throws {
        // n3 is 50 ms from n1: every sync write waits 10 + 50 + 50 + 10 = 120 ms; async does not.
        let sync = try run([("replication", "sync"), ("crash", "none"), ("links", "n1-n3=50ms")], seed: 1)
        #expect(sync.metric("write-latency-p50") == 120)
        let async = try run([("replication", "async"), ("crash", "none"), ("links", "n1-n3=50ms")], seed: 1)
        #expect(async.metric("write-latency-p50") == 20)
    }

    @Test func aPartitionedPrimaryThatKeepsAcknowledgingLosesThoseWritesUnderAsyncOnly() throws {
        // The client stays with n1 on its side of the cut; n2 and n3 stop hearing heartbeats and
        // n2 takes over. async n1 keeps acknowledging writes no backup will ever take; at the
        // heal it follows n2 and drops them. sync n1 cannot get its backups' copies, so it
        // acknowledges nothing while cut off, and nothing acknowledged is dropped.
        for seed in UInt64(1)...10 {
            let settings = [("crash", "none"), ("partition", "n1,c1|n2,n3"), ("partition-at", "1s"), ("heal-at", "2s")]
            let async = try run(settings + [("replication", "async")], seed: seed)
            #expect((async.metric("lost-acked-writes") ?? 0) > 10, "seed \(seed)")
            let sync = try run(settings + [("replication", "sync")], seed: seed)
            #expect(sync.metric("lost-acked-writes") == 0, "seed \(seed)")
        }
    }

    @Test func theNextBackupTakesOverAndTheLeaderMoves() throws {
        let result = try run([("replication", "sync")], seed: 1, trace: .full)
        #expect(result.narrative.contains { $0.text.contains("n2 heard nothing from n1") })
        #expect(result.narrative.contains { $0.text.contains("c1 learns that n2 is the primary") })
        // crash=leader@... finds the primary wherever it is.
        let twice = try run([("replication", "sync"), ("crash", "leader@1s,leader@2s"), ("duration", "4s")], seed: 1)
        #expect(twice.narrative.contains { $0.text.contains("n3 heard nothing from n2") })
        #expect(twice.metric("lost-acked-writes") == 0)
    }
}
