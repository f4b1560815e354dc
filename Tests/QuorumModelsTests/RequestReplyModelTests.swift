import PropertyBased
import QuorumModels
import Testing

@Suite struct RequestReplyModelTests {
    let model = RequestReplyModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed)
    }

    @Test func theSameSeedGivesTheSameRun() async {
        await propertyCheck(input: Gen.uint64()) { seed in
            let first = try? run([("loss", "0.2"), ("requests", "50")], seed: seed)
            let second = try? run([("loss", "0.2"), ("requests", "50")], seed: seed)
            #expect(first != nil && first == second)
        }
    }

    @Test func anotherSeedGivesAnotherRun() throws {
        let runs = try (1...5).map { try run([("loss", "0.3"), ("requests", "200")], seed: $0) }
        let distinct = Set(runs.map { $0.narrative.map(\.text).joined() + "\($0.metric("messages-lost") ?? -1)" })
        #expect(distinct.count > 1)
    }

    @Test func aPerfectFastNetworkAnswersEveryRequestOnce() throws {
        // Defaults: one-way delay in 10...30 ms, so a round trip is at most 60 ms < 100 ms timeout.
        let result = try run([("loss", "0"), ("requests", "300")])
        #expect(result.metric("success-rate") == 1)
        #expect(result.metric("attempts-per-request") == 1)
        #expect(result.metric("duplicate-executions") == 0)
        #expect(result.metric("messages-lost") == 0)
        #expect((result.metric("latency-max-ms") ?? 999) <= 60)
        #expect((result.metric("latency-p50-ms") ?? 0) >= 20)
    }

    @Test func aNetworkThatLosesEverythingAnswersNothing() throws {
        let result = try run([("loss", "1"), ("requests", "40"), ("retries", "2")])
        #expect(result.metric("success-rate") == 0)
        #expect(result.metric("failed") == 40)
        #expect(result.metric("attempts-per-request") == 3)
        #expect(result.metric("messages-lost") == 120)
        #expect(result.metric("duplicate-executions") == 0)
    }

    @Test func aSlowReplyCausesExactlyOneDuplicatePerRequest() throws {
        // A 120 ms round trip against a 100 ms timeout: every request is resent once at 100 ms,
        // the first reply settles it at 120 ms, and the resent copy is executed again at 160 ms.
        let result = try run([
            ("loss", "0"), ("latency", "60ms"), ("timeout", "100ms"), ("retries", "3"),
            ("requests", "25"),
        ])
        #expect(result.metric("duplicate-executions") == 25)
        #expect(result.metric("attempts-per-request") == 2)
        #expect(result.metric("latency-p50-ms") == 120)
        #expect(result.metric("success-rate") == 1)
    }

    @Test(arguments: [(0.3, 0), (0.3, 3), (0.5, 1)] as [(Double, Int)])
    func successRateMatchesTheClosedForm(loss: Double, retries: Int) throws {
        // A try succeeds when both messages survive, (1 - loss)^2, and a request fails only when
        // all retries + 1 tries fail. Over 10,000 requests the binomial standard deviation is
        // at most 0.005, so 0.02 is four of them.
        let perTry = (1 - loss) * (1 - loss)
        let expected = 1 - pow(1 - perTry, Double(retries + 1))
        let result = try run([("loss", String(loss)), ("retries", String(retries)), ("requests", "10000")])
        #expect(abs((result.metric("success-rate") ?? -1) - expected) < 0.02)
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([])
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    for _ in 0..<Int(exponent) { result *= base }
    return result
}
