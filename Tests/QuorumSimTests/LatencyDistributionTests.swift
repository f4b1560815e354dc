import QuorumSim
import Testing

@Suite struct LatencyDistributionTests {
    let ms = SimDuration.millisecond

    func samples(_ distribution: LatencyDistribution, count: Int, seed: UInt64 = 1) -> [SimTime] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in distribution.sample(&random) }
    }

    func mean(_ values: [SimTime]) -> Double {
        Double(values.reduce(0, +)) / Double(values.count)
    }

    @Test func aConstantLatencyIsAlwaysTheSame() {
        #expect(Set(samples(.constant(5 * ms), count: 1_000)) == [5_000])
    }

    @Test func uniformStaysWithinItsBoundsAndReachesBothHalves() {
        let drawn = samples(.uniform(low: ms, high: 10 * ms), count: 10_000)
        #expect(drawn.allSatisfy { (1_000...10_000).contains($0) })
        // The midpoint is 5.5 ms; 10,000 draws that all missed one half would be a broken draw.
        #expect(drawn.contains { $0 < 5_500 })
        #expect(drawn.contains { $0 > 5_500 })
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func exponentialNeverGoesUnderItsFloorAndAveragesItsMean(seed: UInt64) {
        let drawn = samples(.exponential(mean: 20 * ms, floor: 2 * ms), count: 20_000, seed: seed)
        #expect(drawn.min() == 2_000)
        // The floor lifts draws under 2 ms to 2 ms, which raises the mean from 20,000 µs to
        // 2,000 + 20,000 e^(-0.1) ≈ 20,097 µs. An exponential's deviation equals its mean, so
        // the mean of 20,000 draws deviates by about 20,000 / sqrt(20,000) ≈ 141 µs: 600 µs
        // is more than four of those.
        #expect(abs(mean(drawn) - 20_097) < 600)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func normalAveragesItsMean(seed: UInt64) {
        let drawn = samples(.normal(mean: 20 * ms, deviation: 5 * ms, floor: 0), count: 20_000, seed: seed)
        // 5,000 / sqrt(20,000) ≈ 35 µs of standard error; 150 µs is more than four.
        #expect(abs(mean(drawn) - 20_000) < 150)
        #expect(drawn.allSatisfy { $0 >= 0 })
    }

    @Test func aNormalLatencyNeverGoesBelowZeroOrItsFloor() {
        // A 1 ms mean with a 5 ms deviation would put nearly half the draws below zero.
        let unfloored = samples(.normal(mean: ms, deviation: 5 * ms, floor: 0), count: 10_000)
        #expect(unfloored.min() == 0)
        let floored = samples(.normal(mean: ms, deviation: 5 * ms, floor: 500), count: 10_000)
        #expect(floored.min() == 500)
    }

    @Test func theSameSeedDrawsTheSameDelays() {
        let distribution = LatencyDistribution.exponential(mean: 20 * ms, floor: 0)
        #expect(samples(distribution, count: 100, seed: 9) == samples(distribution, count: 100, seed: 9))
        #expect(samples(distribution, count: 100, seed: 9) != samples(distribution, count: 100, seed: 10))
    }
}
