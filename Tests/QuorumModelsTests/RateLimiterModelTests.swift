import QuorumModels
import QuorumSim
import Testing

@Suite struct RateLimiterModelTests {
    let model = RateLimiterModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    func metric(_ run: SimulationRun, _ name: String) -> Double {
        run.metric(name) ?? .nan
    }

    /// The defaults' workload: 10 clients send 5 bursts of 30 requests.
    let requests = 10.0 * 5 * 30

    @Test func withoutALimiterTheServiceIsOverloadedDuringBursts() throws {
        // A burst of 30 requests reaches the service all at once (the latency is a constant
        // 2 ms), and the service works on 20 at a time, so 10 wait a whole service time: every
        // burst alone means at least 10 ms over capacity. Nothing is rejected, and nothing is
        // lost, so every request is served.
        for seed: UInt64 in 1...20 {
            let result = try run([("limiter", "off")], seed: seed)
            #expect(metric(result, "rejected") == 0)
            #expect(metric(result, "served") == requests)
            #expect(metric(result, "service-overload-ms") >= 10)
        }
    }

    @Test func aLimiterSizedToTheServiceRemovesOverloadAtThePriceOfRejections() throws {
        // In any stretch of one service time (10 ms) the bucket lets through at most its burst
        // plus what it earns meanwhile: 10 + 1,000/s x 10 ms = 20 requests, the service's
        // capacity. The latency is constant, so requests reach the service as spaced as the
        // gateway let them through, and it never has more than 20 at once: no overload at
        // all. A burst of 30 finds at most 10 tokens, so at least 20 of every burst are
        // rejected; every request is either rejected or served.
        for seed: UInt64 in 1...20 {
            let result = try run([], seed: seed)
            #expect(metric(result, "service-overload-ms") == 0)
            #expect(metric(result, "rejected") >= 10 * 5 * 20)
            #expect(metric(result, "rejected") + metric(result, "served") == requests)
        }
    }

    @Test func aBiggerBucketRejectsLessAndLetsOverloadBackIn() throws {
        // A bucket of 30 tokens lets a whole burst of 30 through when it is full, and the
        // service, with room for 20, queues the other 10: overload returns. The bucket also
        // refuses fewer requests than the 10-token bucket, which keeps at most 10 of any burst.
        for seed: UInt64 in 1...20 {
            let small = try run([], seed: seed)
            let big = try run([("burst", "30")], seed: seed)
            #expect(metric(big, "rejected") < metric(small, "rejected"))
            #expect(metric(big, "service-overload-ms") >= 10)
        }
    }

    @Test func queueingShowsInTheTailLatency() throws {
        // Unlimited, the tenth of the waiting requests waits a full service time behind the
        // first 20, so the slowest requests take at least two hops, one wait and one service
        // time: 2 + 10 + 10 + 2 = 24 ms each way round (two more hops through the gateway make
        // 28 ms). Limited, nothing waits: 4 hops and one service time, 18 ms.
        let limited = try run([])
        #expect(metric(limited, "latency-p99-ms") == 18)
        let unlimited = try run([("limiter", "off")])
        #expect(metric(unlimited, "latency-p99-ms") >= 28)
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([])
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
        #expect(Array(result.metrics.prefix(3).map(\.name)) == ["rejected", "served", "service-overload-ms"])
    }
}
