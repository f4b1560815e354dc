import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct LoadBalancingModelTests {
    let model = LoadBalancingModel()

    func run(_ overrides: [(String, String)], seed: UInt64, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    func metric(_ name: String, _ overrides: [(String, String)], seed: UInt64) throws -> Double {
        try #require(run(overrides, seed: seed).metric(name))
    }

    func mean(_ name: String, _ overrides: [(String, String)], seeds: ClosedRange<UInt64>) throws -> Double {
        let values = try seeds.map { try metric(name, overrides, seed: $0) }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Requests the balancer sent to each server, from the trace.
    func requestsSent(_ result: SimulationRun) -> [String: Int] {
        var counts: [String: Int] = [:]
        for event in result.trace {
            guard case .send(_, _, let to, let label, _, let copy) = event.kind, label.hasPrefix("req "), !copy
            else { continue }
            counts[result.names[to], default: 0] += 1
        }
        return counts
    }

    @Test func twoChoicesBeatRandomOnTheTailOnEverySeed() throws {
        // Identical servers, 85% busy. Random placement makes each server an M/M/1 queue whose
        // 99th percentile is ln(100) x 10 ms / (1 - 0.85), about 300 ms (a little less in a
        // run that starts empty). Picking the shorter of two queues makes long queues doubly
        // exponentially rare (Mitzenmacher 2001), which leaves a p99 near 90 ms here. A seed
        // gives both policies the same arrivals and the same service times per server, so the
        // comparison is paired; the gap, about 2.5 times, dwarfs the seed-to-seed spread.
        let homogeneous = [("slow-servers", "0")]
        var ratios: [Double] = []
        for seed: UInt64 in 1...100 {
            let random = try metric("latency-p99", homogeneous + [("policy", "random")], seed: seed)
            let two = try metric("latency-p99", homogeneous + [("policy", "power-of-two")], seed: seed)
            #expect(two < random, "seed \(seed): power-of-two \(two) ms, random \(random) ms")
            ratios.append(two / random)
        }
        #expect(ratios.reduce(0, +) / Double(ratios.count) < 0.6, "ratios: \(ratios)")
    }

    @Test func twoChoicesKeepQueuesShortWhereRandomLetsThemGrow() throws {
        // The same runs seen through the longest queue: with random choice some server
        // collects a queue of a few dozen over the run; with two choices it stays in single
        // figures. Means over 40 seeds.
        let homogeneous = [("slow-servers", "0")]
        let random = try mean("max-queue", homogeneous + [("policy", "random")], seeds: 1...40)
        let two = try mean("max-queue", homogeneous + [("policy", "power-of-two")], seeds: 1...40)
        #expect(two < 10 && random > 2 * two, "random \(random), power-of-two \(two)")
    }

    @Test(arguments: ["round-robin", "random"])
    func policiesBlindToLoadDrownTheSlowServer(policy: String) async throws {
        // By default n1 is three times slower: it can serve about 33 requests a second but
        // receives a tenth of 793 a second. Its queue grows by about 46 a second, so after
        // roughly 0.7 s whatever reaches n1 waits past the 1 s timeout. That is far more than
        // 1% of the 1500 requests (15), so the p99 is the timeout itself, on every seed.
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let result = try run([("policy", policy)], seed: seed)
            #expect(result.metric("latency-p99") == 1_000, "seed \(seed)")
            #expect((result.metric("max-queue") ?? 0) > 50, "seed \(seed)")
        }
    }

    @Test(arguments: ["least-connections", "power-of-two"])
    func policiesThatSeeLoadRouteAroundTheSlowServer(policy: String) async throws {
        // Counting outstanding requests, the balancer sees n1's backlog and sends it less, so
        // no queue grows without bound and no request reaches the timeout's neighbourhood.
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let result = try run([("policy", policy)], seed: seed)
            #expect((result.metric("latency-p99") ?? .infinity) < 500, "seed \(seed)")
            #expect((result.metric("max-queue") ?? .infinity) < 20, "seed \(seed)")
        }
    }

    @Test func staleReportsMakeLeastConnectionsHerdWhileTwoChoicesHoldUp() throws {
        // With load known only from reports every 100 ms, least-connections sends every request
        // in between to whichever server last reported the shortest queue: a herd that builds
        // a queue there. Two random choices spread the same requests over many servers, so
        // stale information hurts them far less (Mitzenmacher 2000, "How useful is old
        // information?"). Identical servers; means over 40 seeds.
        let stale = [("slow-servers", "0"), ("report-interval", "100ms")]
        let least = try mean("latency-p99", stale + [("policy", "least-connections")], seeds: 1...40)
        let random = try mean("latency-p99", stale + [("policy", "random")], seeds: 1...40)
        let two = try mean("latency-p99", stale + [("policy", "power-of-two")], seeds: 1...40)
        #expect(least > random, "least-connections \(least), random \(random)")
        #expect(two < random, "power-of-two \(two), random \(random)")
        let fresh = try mean("latency-p99", [("slow-servers", "0"), ("policy", "least-connections")], seeds: 1...40)
        #expect(fresh < least / 2, "fresh \(fresh), stale \(least)")
    }

    @Test func roundRobinSendsEachServerTheSameNumberOfRequests() throws {
        // 1500 requests over 10 servers in turn: 150 each, however long each one takes.
        let result = try run([], seed: 3, trace: .full)
        let counts = requestsSent(result)
        #expect(counts.count == 10)
        #expect(counts.values.allSatisfy { $0 == 150 }, "\(counts)")
    }

    @Test func healthChecksTakeACrashedServerOutOfRotation() throws {
        // n3 crashes at 300 ms. Pings go out every 50 ms; after two unanswered ones (by 400 ms)
        // the balancer stops choosing n3, so once the request it sent just before that has
        // arrived, n3 receives nothing more. Without health checks round robin keeps sending
        // it a tenth of the requests, which all time out.
        let crash = [("crash", "n3@300ms")]
        let checked = try run(crash + [("health-interval", "50ms")], seed: 2, trace: .full)
        let ejected = try #require(checked.narrative.first { $0.text.contains("takes n3 out of rotation") }).time
        #expect(ejected <= 400 * SimDuration.millisecond)
        let late = checked.trace.filter { event in
            guard case .send(_, _, let to, let label, _, _) = event.kind else { return false }
            return checked.names[to] == "n3" && label.hasPrefix("req ") && event.time > ejected
        }
        #expect(late.isEmpty)
        let unchecked = try run(crash, seed: 2, trace: .full)
        #expect((requestsSent(unchecked)["n3"] ?? 0) == 150)
        #expect(unchecked.narrative.contains { $0.text.contains("n3 is not running") })
    }

    @Test func aServerBackInServiceReturnsToRotation() throws {
        let result = try run(
            [("crash", "n3@300ms"), ("restart", "n3@600ms"), ("health-interval", "50ms"), ("policy", "random")],
            seed: 4)
        let texts = result.narrative.map(\.text)
        let out = try #require(texts.firstIndex { $0.contains("takes n3 out of rotation") })
        let back = try #require(texts.firstIndex { $0.contains("puts n3 back in rotation") })
        #expect(out < back)
    }

    @Test func everyRequestIsCountedOnceEvenWhenTheNetworkDuplicatesAndLoses() async throws {
        // Duplicated requests are served twice and duplicated replies arrive twice, but each
        // request settles once: answered, or given up on at the timeout. With half of all
        // messages lost, a request survives only if its request and its reply both do, 1 in 4,
        // so the median request is one given up on: the timeout.
        await checkProperty(count: 10, input: Gen.uint64()) { seed in
            let started = try model.start(
                model.resolve([("loss", "0.5"), ("dup", "0.3"), ("requests", "300")]), seed: seed, trace: .off)
            started.run(until: .max)
            let session = try #require(started as? LoadBalancingSession)
            #expect(session.isFinished)
            #expect(session.settledCount == 300)
            #expect(session.finish().metric("latency-p50") == 1_000)
        }
    }

    @Test func tooManySlowServersIsRefusedWithTheReason() {
        #expect(
            throws: ParameterError.invalidSetting(
                parameter: "slow-servers", value: "5", problem: "there are only 4 servers; choose 0 to 4")
        ) {
            try model.run(overrides: [("servers", "4"), ("slow-servers", "5")], seed: 1)
        }
    }
}
