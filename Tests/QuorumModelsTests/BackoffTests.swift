import QuorumModels
import QuorumSim
import Testing

@Suite struct BackoffTests {
    let base: SimTime = 10 * SimDuration.millisecond
    let cap = SimDuration.second

    @Test func exponentialDoublesFromBaseUpToTheCap() {
        var random = SplitMix64(seed: 1)
        let backoff = Backoff(.exponential, base: base, cap: cap)
        let waits = (0..<9).map { backoff.wait(retry: $0, previous: base, random: &random) }
        let ms = SimDuration.millisecond
        #expect(waits == [10, 20, 40, 80, 160, 320, 640, 1_000, 1_000].map { $0 * ms })
        // No overflow however many retries.
        #expect(backoff.wait(retry: 200, previous: base, random: &random) == cap)
    }

    @Test func withoutBackoffThereIsNoWait() {
        var random = SplitMix64(seed: 1)
        for strategy in [RetryStrategy.none, .immediate] {
            #expect(Backoff(strategy, base: base, cap: cap).wait(retry: 3, previous: base, random: &random) == 0)
        }
    }

    @Test(arguments: 0..<12)
    func jitteredWaitsStayWithinTheirRanges(retry: Int) {
        // Full jitter draws from [0, ceiling], equal jitter from [ceiling/2, ceiling], where the
        // ceiling is the exponential wait; decorrelated jitter from [base, 3 x previous], capped.
        var random = SplitMix64(seed: UInt64(retry) + 100)
        let ceiling = Backoff(.exponential, base: base, cap: cap).exponential(retry: retry)
        var fullSum = 0.0
        var previous = base
        for _ in 0..<500 {
            let full = Backoff(.fullJitter, base: base, cap: cap).wait(retry: retry, previous: base, random: &random)
            #expect((0...ceiling).contains(full))
            fullSum += Double(full)
            let equal = Backoff(.equalJitter, base: base, cap: cap).wait(
                retry: retry, previous: base, random: &random)
            #expect((ceiling / 2...ceiling).contains(equal))
            let decorrelated = Backoff(.decorrelatedJitter, base: base, cap: cap).wait(
                retry: retry, previous: previous, random: &random)
            #expect((base...min(cap, 3 * previous)).contains(decorrelated))
            previous = decorrelated
        }
        // Uniform over [0, ceiling]: the mean of 500 draws is within 15% of ceiling / 2.
        #expect(abs(fullSum / 500 - Double(ceiling) / 2) < 0.15 * Double(ceiling) / 2)
    }
}
