import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct EventDrivenModelTests {
    let model = EventDrivenModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    func metric(_ run: SimulationRun, _ name: String) -> Double {
        run.metric(name) ?? .nan
    }

    @Test func theSameSeedGivesTheSameRun() async {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            let settings = [
                ("duration", "2s"), ("crash", "n2@500ms"), ("restart", "n2@1s"), ("latency", "uniform(1ms,5ms)"),
                ("loss", "0.05"),
            ]
            let first = try? run(settings, seed: seed, trace: .full)
            let second = try? run(settings, seed: seed, trace: .full)
            #expect(first != nil && first == second)
        }
    }

    @Test func theTraceLevelDoesNotChangeTheMetrics() throws {
        let settings = [("crash", "n2@2s,n1@6s"), ("restart", "n2@4s,n1@7s"), ("loss", "0.05")]
        let traced = try run(settings, trace: .full)
        let untraced = try run(settings, trace: .off)
        #expect(traced.metrics.elementsEqual(untraced.metrics) { $0 == $1 })
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(try run([]).metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test(arguments: [(50.0, 2), (100.0, 1), (20.0, 3), (150.0, 2)] as [(Double, Int)])
    func theBacklogOfADownConsumerIsRateTimesDowntime(rate: Double, seconds: Int) throws {
        // Publishes are evenly spaced, so exactly rate × downtime of them reach the log while
        // n2 is down. On top comes what a running consumer always has outstanding (events on
        // their way to it, in processing, acknowledgements on their way back), which a run
        // without the crash measures, and the one or two events published in the ~10 ms
        // between its restart and its first acknowledgement.
        let expected = rate * Double(seconds)
        for seed: UInt64 in 1...5 {
            let normal = try metric(run([("rate", String(rate))], seed: seed), "backlog-max")
            let result = try run(
                [("rate", String(rate)), ("crash", "n2@2s"), ("restart", "n2@\(2 + seconds)s")], seed: seed)
            let backlog = metric(result, "backlog-max")
            #expect(backlog >= expected && backlog <= expected + normal + 2)
        }
    }

    @Test(arguments: [(50.0, "5ms"), (100.0, "5ms"), (50.0, "10ms")] as [(Double, String)])
    func theBacklogDrainsAtCapacityMinusTheRate(rate: Double, processTime: String) throws {
        // Catching up, the consumer works flat out, 1 / process-time events a second, while
        // new ones keep arriving at the rate; the backlog of rate × 2 s shrinks at the
        // difference. 50/s with 5 ms: 100 / (200 − 50) = 0.667 s. Fetches and acknowledgements
        // add a few ms.
        let time = SimDuration.parse(processTime) ?? 1
        let capacity = Double(SimDuration.second) / Double(time)
        let expectedMs = rate * 2 / (capacity - rate) * 1_000
        let result = try run([
            ("rate", String(rate)), ("process-time", processTime), ("crash", "n2@2s"), ("restart", "n2@4s"),
        ])
        #expect(abs(metric(result, "drain-ms") - expectedMs) < expectedMs * 0.1)
        #expect(metric(result, "backlog-end") <= 1)
        #expect(metric(result, "redelivered") == 0)
    }

    @Test func theProducerDoesNotNoticeAConsumerCrash() throws {
        // The producer talks only to the broker, which appends and acknowledges whatever its
        // consumers are doing: publish latency is the 2 × 2 ms round trip with or without the
        // crash, and every publish succeeds. The consumers' view is what changes: events
        // published while n2 was down wait up to 2 s for it.
        for seed: UInt64 in 1...10 {
            let calm = try run([], seed: seed)
            let crashed = try run([("crash", "n2@2s"), ("restart", "n2@4s")], seed: seed)
            for name in ["availability", "latency-p50", "latency-p99", "throughput"] {
                #expect(metric(crashed, name) == metric(calm, name))
            }
            #expect(metric(crashed, "latency-p99") == 4)
            #expect(metric(calm, "delivery-latency-p99") < 20)
            #expect(metric(crashed, "delivery-latency-p99") > 1_000)
        }
    }

    @Test func theProducerDoesNotNoticeAConsumerCrashOnAJitteryNetwork() throws {
        // With a random latency the two runs draw different delays, so compare distributions:
        // the p99 of two uniform(1ms,5ms) trips is about 9.4 ms either way. 1,500 publishes a
        // run; the p99 of such a sample moves by a few tenths of a millisecond.
        for seed: UInt64 in 1...10 {
            let settings = [("latency", "uniform(1ms,5ms)"), ("duration", "30s")]
            let calm = try run(settings, seed: seed)
            let crashed = try run(settings + [("crash", "n2@5s"), ("restart", "n2@15s")], seed: seed)
            #expect(abs(metric(crashed, "latency-p99") - metric(calm, "latency-p99")) < 0.6)
            #expect(metric(crashed, "availability") == 1)
        }
    }

    @Test func aBrokerCrashStopsThePublisher() throws {
        // The broker is what the producer depends on: down for 2 s of 10, it acknowledges none
        // of the 100 publishes sent meanwhile (50/s, evenly spaced): availability 400/500 = 0.8.
        let result = try run([("crash", "n1@2s"), ("restart", "n1@4s")])
        #expect(abs(metric(result, "availability") - 0.8) < 0.005)
        #expect(metric(result, "backlog-end") <= 1)
    }
}
