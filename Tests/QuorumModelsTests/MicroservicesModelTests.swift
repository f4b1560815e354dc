import Foundation
import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct MicroservicesModelTests {
    let model = MicroservicesModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    func metric(_ run: SimulationRun, _ name: String) -> Double {
        run.metric(name) ?? .nan
    }

    @Test func theSameSeedGivesTheSameRun() async {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            let settings = [("depth", "3"), ("fanout", "2"), ("duration", "1s"), ("slow", "n7@300ms")]
            let first = try? run(settings, seed: seed, trace: .full)
            let second = try? run(settings, seed: seed, trace: .full)
            #expect(first != nil && first == second)
        }
    }

    @Test func theTraceLevelDoesNotChangeTheMetrics() throws {
        let settings = [("depth", "3"), ("fanout", "2"), ("slow", "n7@1s"), ("timeouts", "off"), ("duration", "3s")]
        let traced = try run(settings, trace: .full)
        let untraced = try run(settings, trace: .off)
        #expect(traced.metrics.elementsEqual(untraced.metrics) { $0 == $1 })
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(try run([]).metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test(arguments: [(1, 1, 0.9), (3, 2, 0.99), (2, 5, 0.98), (4, 1, 0.95), (2, 10, 0.995)] as [(Int, Int, Double)])
    func availabilityIsTheProductOfTheServices(depth: Int, fanout: Int, perService: Double) throws {
        // Every request calls each of the N = 1 + f + ... + f^(depth-1) services once, and
        // succeeds only if all N calls do, each independently: availability = a^N. Hiccups are
        // off so that no call times out. Five runs of 3,000 requests give a standard error of
        // at most 0.004; 0.015 is nearly four of them.
        var services = 0
        var level = 1
        for _ in 0..<depth {
            services += level
            level *= fanout
        }
        let expected = pow(perService, Double(services))
        var total = 0.0
        for seed: UInt64 in 1...5 {
            let result = try run(
                [
                    ("depth", String(depth)), ("fanout", String(fanout)),
                    ("service-availability", String(perService)), ("tail-fraction", "0"), ("duration", "30s"),
                ], seed: seed)
            #expect(metric(result, "services") == Double(services))
            #expect(metric(result, "timed-out-calls") == 0)
            total += metric(result, "availability")
        }
        #expect(abs(total / 5 - expected) < 0.015)
    }

    @Test(arguments: [1, 5, 20])
    func theShareOfSlowRequestsGrowsWithTheFanOut(fanout: Int) throws {
        // A request is slow when any of its N = 1 + fanout calls hits a hiccup (0.1% each), so
        // the slow share is 1 − 0.999^N: 0.2% at fan-out 1, 0.6% at 5, 2.1% at 20. Five runs of
        // 3,000 requests: standard error at most 0.0012, tolerance 0.005.
        let expected = 1 - pow(0.999, Double(1 + fanout))
        var total = 0.0
        for seed: UInt64 in 1...5 {
            let result = try run(
                [("fanout", String(fanout)), ("service-availability", "1"), ("duration", "30s")], seed: seed)
            total += metric(result, "slow-fraction")
        }
        #expect(abs(total / 5 - expected) < 0.005)
    }

    @Test func theP99RisesWithTheFanOutWhileTheMedianBarelyMoves() throws {
        // The p99 is a hiccup (100 ms extra) once more than 1% of requests hit one, that is
        // once 1 − 0.999^N > 0.01, N ≥ 11. Fan-out 1 (N = 2, 0.2% slow) keeps a p99 of a
        // normal path, well under 100 ms; fan-out 20 (N = 21, 2.1% slow, about 40 of 2,000
        // requests against the 20 the p99 allows) puts a hiccup in it. The median only waits
        // for the slowest of 20 draws from 5-15 ms instead of one: a few ms more.
        for seed: UInt64 in 1...5 {
            let narrow = try run([("fanout", "1"), ("duration", "20s")], seed: seed)
            let wide = try run([("fanout", "20"), ("duration", "20s")], seed: seed)
            #expect(metric(narrow, "latency-p99") < 60)
            #expect(metric(wide, "latency-p99") > 100)
            #expect(metric(wide, "latency-p50") - metric(narrow, "latency-p50") < 10)
        }
    }

    @Test func withTimeoutsASlowServiceStaysContained() throws {
        // n7 slows to 2 s per call at 2 s into a 10 s run. It can then finish 50 workers / 2 s
        // = 25 calls a second while full requests arrive at 50 a second, so it saturates. Its
        // callers give up after 250 ms, so each of their workers is held at most about 260 ms:
        // n1 and n3 need about 50/s × 0.26 s ≈ 13 workers of their 50 and never run out. The
        // front-only half of the requests keeps succeeding (0.99 each). Expected availability:
        // 0.2 of the run as normal, 0.5 × 0.99 + 0.5 × 0.99^7 ≈ 0.961, then 0.8 of it with
        // only front-only requests, 0.5 × 0.99 = 0.495: about 0.588.
        for seed: UInt64 in 1...10 {
            let result = try run(
                [("depth", "3"), ("fanout", "2"), ("front-only", "0.5"), ("slow", "n7@2s"), ("duration", "10s")],
                seed: seed)
            #expect(metric(result, "saturated") == 1)
            #expect(abs(metric(result, "availability") - 0.588) < 0.03)
            #expect(metric(result, "timed-out-calls") > 0)
            // Answered requests never waited on n7 for long: the slowest is a normal path.
            #expect(metric(result, "latency-p99") < 100)
        }
    }

    @Test func withoutTimeoutsTheSlownessSpreadsToTheCallers() throws {
        // The same slowdown without timeouts: n3's workers each wait 2 s or more on n7, so at
        // 50 calls a second n3 runs out of its 50 workers within about a second, and n1's
        // workers then wait on n3 and run out too. Calls queue at the callers, and requests
        // that never touch n7 (front-only) wait behind them until the user gives up. So the
        // callers saturate, queues grow to hundreds, and availability falls far below the
        // contained run's 0.588.
        for seed: UInt64 in 1...10 {
            let settings = [
                ("depth", "3"), ("fanout", "2"), ("front-only", "0.5"), ("slow", "n7@2s"), ("duration", "10s"),
            ]
            let contained = try run(settings, seed: seed)
            let spread = try run(settings + [("timeouts", "off")], seed: seed)
            #expect(metric(spread, "saturated") >= 2)
            #expect(metric(spread, "availability") < metric(contained, "availability") - 0.2)
            #expect(metric(spread, "backlog-max") > 3 * metric(contained, "backlog-max"))
            #expect(metric(spread, "timed-out-calls") == 0)
        }
    }

    @Test func aCallGraphTooLargeOrASlowServiceNotInItIsRefused() {
        #expect(throws: ParameterError.self) { try run([("depth", "4"), ("fanout", "20")]) }
        #expect(throws: ParameterError.self) { try run([("depth", "2"), ("fanout", "2"), ("slow", "n4@1s")]) }
        #expect(throws: ParameterError.self) { try run([("slow", "c1@1s")]) }
    }
}
