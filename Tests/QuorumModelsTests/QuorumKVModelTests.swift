import Foundation
import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct QuorumKVModelTests {
    let model = QuorumKVModel()

    func run(_ overrides: [(String, String)], seed: UInt64, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    /// C(n, k).
    func choose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        return (0..<k).reduce(1.0) { $0 * Double(n - $1) / Double($1 + 1) }
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([("writes", "20")], seed: 1)
        #expect(result.metrics.map(\.name) == ["stale-read-fraction", "read-latency-p99", "write-latency-p99"])
    }

    @Test func theSameSeedGivesTheSameRunWhateverTheTraceLevel() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            let settings = [("writes", "50"), ("r", "2"), ("read-repair", "on"), ("reads", "2")]
            let full = try? run(settings, seed: seed, trace: .full)
            #expect(full != nil && full == (try? run(settings, seed: seed, trace: .full)))
            #expect(full?.metrics.map(\.value) == (try? run(settings, seed: seed, trace: .off))?.metrics.map(\.value))
        }
    }

    @Test(arguments: [(3, 1, 1), (3, 1, 2), (3, 2, 1), (5, 1, 1), (5, 2, 2), (5, 1, 3), (5, 2, 1), (7, 3, 2)])
    func theStaleFractionMatchesTheClosedForm(n: Int, r: Int, w: Int) throws {
        // With propagation=never a write acknowledged by w replicas reaches exactly those w
        // (chosen at random), and a read asks r replicas chosen at random. It is stale when all
        // r fall among the n - w others: C(n-w, r) / C(n, r) (Bailis et al., PBS, 2012). Over
        // 4,000 independent reads the estimate's standard deviation is sqrt(p(1-p)/4000), at
        // most 0.0079; four of them is a false alarm about once in 16,000 runs.
        let expected = choose(n - w, r) / choose(n, r)
        let reads = 4_000.0
        let tolerance = 4 * (expected * (1 - expected) / reads).squareRoot()
        let result = try run(
            [("n", String(n)), ("r", String(r)), ("w", String(w)), ("writes", "4000"), ("latency", "exp(10ms)")],
            seed: UInt64(n * 100 + r * 10 + w))
        let measured = try #require(result.metric("stale-read-fraction"))
        #expect(abs(measured - expected) <= tolerance, "n=\(n) r=\(r) w=\(w): \(measured) vs \(expected)")
    }

    @Test func threeReplicasOneAndOneGiveTwoThirds() throws {
        // The headline case: C(2,1)/C(3,1) = 2/3.
        let result = try run([("writes", "4000")], seed: 11)
        #expect(abs((result.metric("stale-read-fraction") ?? 0) - 2.0 / 3.0) < 0.03)
    }

    @Test(arguments: [(3, 2, 2), (3, 1, 3), (3, 3, 1), (5, 3, 3), (5, 2, 4), (4, 2, 3)])
    func overlappingQuorumsNeverReadStale(n: Int, r: Int, w: Int) throws {
        // r + w > n: any r replicas include one of any w, so each read hears the acknowledged
        // version, whatever the delays and wherever the slow replicas are.
        for seed in UInt64(1)...10 {
            for propagation in ["never", "5ms", "0"] {
                let result = try run(
                    [
                        ("n", String(n)), ("r", String(r)), ("w", String(w)), ("writes", "300"),
                        ("propagation", propagation), ("latency", "exp(10ms)"),
                    ], seed: seed)
                #expect(result.metric("stale-read-fraction") == 0, "seed \(seed) n=\(n) r=\(r) w=\(w)")
            }
        }
    }

    @Test func overlappingQuorumsStayFreshThroughLossDuplicatesAndCrashes() throws {
        // Faults make operations time out, never stale: replicas keep the highest version on
        // disk, and every completed read still heard r replicas. (The model checks this itself.)
        for seed in UInt64(1)...15 {
            let result = try run(
                [
                    ("n", "5"), ("r", "3"), ("w", "3"), ("writes", "300"), ("loss", "0.05"), ("dup", "0.1"),
                    ("crash", "n2@1s"), ("restart", "n2@3s"), ("timeout", "200ms"), ("read-repair", "on"),
                ], seed: seed)
            #expect(result.metric("stale-read-fraction") == 0, "seed \(seed)")
        }
    }

    @Test func aReadAfterTheSlowReplicasCaughtUpIsNeverStale() throws {
        // 10 ms each way, and the slow replicas get the write 50 ms after it is sent: at 60 ms.
        // The write is acknowledged at 20 ms. A read starting 10 ms later reaches its replica at
        // 40 ms, before the slow ones have it: stale with the closed form's 2/3. Starting 100 ms
        // later it arrives at 130 ms, after: never stale.
        let early = try run(
            [("propagation", "50ms"), ("read-delay", "10ms"), ("latency", "10ms"), ("writes", "3000")], seed: 5)
        #expect(abs((early.metric("stale-read-fraction") ?? 0) - 2.0 / 3.0) < 0.04)
        let late = try run(
            [("propagation", "50ms"), ("read-delay", "100ms"), ("latency", "10ms"), ("writes", "3000")], seed: 5)
        #expect(late.metric("stale-read-fraction") == 0)
    }

    @Test func readRepairMakesLaterReadsFresher() throws {
        // n=5, r=2, w=2, three reads per write, nothing propagates by itself. Without repair
        // every read is stale with C(3,2)/C(5,2) = 0.3. With repair, a read that hears the new
        // version from one replica and an old one from the other sends it the new version, so
        // the next read finds three fresh replicas. The exact mean, from the chain below, is
        // compared within four standard deviations of a mean over 3,000 writes (each write's
        // three reads averaged is a number in [0, 1], so its variance is at most 1/4). The chain
        // assumes a repair lands before the next read: with a constant delay the repair, sent
        // first, arrives first. (With random delays the next read can overtake it.)
        let settings = [
            ("n", "5"), ("r", "2"), ("w", "2"), ("reads", "3"), ("writes", "3000"), ("latency", "10ms"),
        ]
        let tolerance = 4 * (0.25 / 3_000).squareRoot()
        let without = try run(settings + [("read-repair", "off")], seed: 3)
        #expect(abs((without.metric("stale-read-fraction") ?? 0) - 0.3) <= tolerance)
        let with = try run(settings + [("read-repair", "on")], seed: 3)
        let expected = expectedStaleness(n: 5, r: 2, w: 2, reads: 3)
        #expect(abs((with.metric("stale-read-fraction") ?? 0) - expected) <= tolerance)
        #expect(expected < 0.25)
    }

    /// The mean stale fraction of `reads` reads after a write that reached `w` replicas, with
    /// read repair: a Markov chain over how many replicas hold the new version.
    func expectedStaleness(n: Int, r: Int, w: Int, reads: Int) -> Double {
        var fresh = [Double](repeating: 0, count: n + 1)
        fresh[w] = 1
        var stale = 0.0
        for _ in 0..<reads {
            var next = [Double](repeating: 0, count: n + 1)
            for have in 0...n where fresh[have] > 0 {
                for seen in 0...r {
                    // Hypergeometric: `seen` of the r asked hold the new version.
                    let p = choose(have, seen) * choose(n - have, r - seen) / choose(n, r)
                    guard p > 0 else { continue }
                    if seen == 0 {
                        stale += fresh[have] * p
                        next[have] += fresh[have] * p
                    } else {
                        next[have + r - seen] += fresh[have] * p
                    }
                }
            }
            fresh = next
        }
        return stale / Double(reads)
    }

    @Test func aLargerReadQuorumWaitsForASlowerReply() throws {
        // A read waits for all r replies: the slowest of r round trips. With exponential delays
        // the 99th percentile of the slowest of three is well above that of one.
        let one = try run([("r", "1"), ("writes", "3000")], seed: 9)
        let three = try run([("r", "3"), ("writes", "3000")], seed: 9)
        #expect((three.metric("read-latency-p99") ?? 0) > (one.metric("read-latency-p99") ?? 0) + 5)
        #expect(three.metric("stale-read-fraction") == 0)
    }

    @Test func aQuorumLargerThanTheReplicasIsRejected() {
        #expect(throws: ParameterError.self) { try run([("n", "3"), ("r", "4")], seed: 1) }
        #expect(
            throws: ParameterError.invalidSetting(
                parameter: "w", value: "5", problem: "there are only n = 3 replicas to ask; use a number from 1 to 3")
        ) { try run([("n", "3"), ("w", "5")], seed: 1) }
    }
}
