import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct ClientServerModelTests {
    let model = ClientServerModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    func metric(_ run: SimulationRun, _ name: String) -> Double {
        run.metric(name) ?? .nan
    }

    @Test func theSameSeedGivesTheSameRun() async {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            let settings = [("duration", "1s"), ("crash", "n1@300ms"), ("restart", "n1@600ms")]
            let first = try? run(settings, seed: seed, trace: .full)
            let second = try? run(settings, seed: seed, trace: .full)
            #expect(first != nil && first == second)
        }
    }

    @Test func theTraceLevelDoesNotChangeTheMetrics() throws {
        let settings = [("rate", "300"), ("duration", "3s"), ("crash", "n1@1s"), ("restart", "n1@2s")]
        let traced = try run(settings, trace: .full)
        let untraced = try run(settings, trace: .off)
        #expect(traced.metrics.elementsEqual(untraced.metrics) { $0 == $1 })
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(try run([]).metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test func belowCapacityEveryRequestIsAnswered() throws {
        // Capacity is 4 workers / 20 ms mean service = 200 requests/s. At 100/s the server is
        // half busy (utilization = 100 × 0.02 / 4 = 0.5), the queue of 50 never fills, and
        // nothing times out. Over 30 s (3,000 requests) the sampled arrivals and service times
        // keep utilization within about 0.012 of 0.5 (one standard deviation) and throughput
        // within about 2 requests/s of 100.
        for seed: UInt64 in 1...5 {
            let result = try run([("duration", "30s")], seed: seed)
            #expect(metric(result, "availability") == 1)
            #expect(metric(result, "refused") == 0)
            #expect(abs(metric(result, "utilization") - 0.5) < 0.05)
            #expect(abs(metric(result, "throughput") - 100) < 10)
        }
    }

    @Test func pastCapacityThroughputStopsAtCapacityAndTheRestFails() throws {
        // Offered 400/s against a capacity of 200/s: the workers never rest (utilization 1),
        // throughput is the capacity, and the half that does not fit is refused at the full queue.
        // Every answered request waited behind a nearly full queue: about 50 requests at
        // 200/s, 250 ms, so the p99 is far above the 100/s run's (about 100 ms). Over 30 s the
        // workers complete about 6,000 requests, a count with a standard deviation near 80
        // (2.6 requests/s), so 10 requests/s is nearly four of them.
        for seed: UInt64 in 1...5 {
            let light = try run([("duration", "30s")], seed: seed)
            let heavy = try run([("rate", "400"), ("duration", "30s")], seed: seed)
            #expect(abs(metric(heavy, "throughput") - 200) < 10)
            #expect(abs(metric(heavy, "availability") - 0.5) < 0.05)
            #expect(metric(heavy, "utilization") > 0.97)
            #expect(metric(heavy, "refused") > 5_000)
            #expect(metric(heavy, "backlog-max") == 50)
            #expect(metric(heavy, "latency-p99") > 2 * metric(light, "latency-p99"))
            #expect(metric(heavy, "latency-p50") > 200)
        }
    }

    @Test func latencyClimbsAsOfferedLoadNearsCapacity() throws {
        // Queueing theory: waiting grows without bound as utilization approaches 1, so each
        // step of offered load toward 200/s costs more p99 than the one before.
        let rates = ["50", "150", "190", "300"]
        let p99s = try rates.map { rate in
            try (1...5).map { try metric(run([("rate", rate)], seed: $0), "latency-p99") }.reduce(0, +) / 5
        }
        #expect(p99s[0] < p99s[1] && p99s[1] < p99s[2] && p99s[2] < p99s[3])
    }

    @Test func aCrashedServerFailsEveryRequestWhileItIsDown() throws {
        // n1 is down for 4 s of a 20 s run. Requests arrive at random but evenly on average, so
        // the ones that fail are those sent while it is down, 4/20 of them, plus the handful it
        // was holding when it crashed: 1 − 4/20 = 0.8, a little less. The share sent in those
        // 4 s is a sample (about 400 of 2,000, standard deviation 0.009), hence the tolerance.
        for seed: UInt64 in 1...20 {
            let result = try run([("duration", "20s"), ("crash", "n1@4s"), ("restart", "n1@8s")], seed: seed)
            #expect(abs(metric(result, "availability") - 0.8) < 0.03)
            // 100/s for 4 s: about 400 requests time out (Poisson, standard deviation 20).
            #expect(abs(metric(result, "timed-out") - 400) < 80)
            #expect(metric(result, "refused") == 0)
        }
    }

    @Test func theQueueLimitBoundsTheWait() throws {
        // With no queue at all, a request either gets a worker at once or is refused, so no
        // answered request waited: p99 is a service time (exp(20ms) has p99 ≈ 92 ms) plus the
        // 10 ms round trip, far below the 250 ms of a full 50-deep queue.
        let result = try run([("rate", "400"), ("queue-limit", "0")])
        #expect(metric(result, "backlog-max") == 0)
        #expect(metric(result, "latency-p99") < 130)
        #expect(metric(result, "availability") < 0.5)
    }
}
