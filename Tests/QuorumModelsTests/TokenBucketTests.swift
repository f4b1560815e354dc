import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct TokenBucketTests {
    @Test func aFullBucketPassesABurstThenRefillsAtItsRate() {
        var bucket = TokenBucket(rate: 100, burst: 5)
        let passed = (0..<8).filter { _ in bucket.take(at: 0) }.count
        #expect(passed == 5)
        // 100 tokens a second is one every 10 ms.
        let early = bucket.take(at: 9 * SimDuration.millisecond)
        let onTime = bucket.take(at: 10 * SimDuration.millisecond)
        #expect(!early)
        #expect(onTime)
        // A long quiet spell fills it only up to the burst.
        let later = 10 * SimDuration.second
        #expect((0..<8).filter { _ in bucket.take(at: later) }.count == 5)
    }

    @Test func overAnyStretchItPassesAtMostBurstPlusRateTimesTheStretch() async {
        // Requests at random times: between any two of them, the bucket passes no more than it
        // held at the start (at most the burst) plus what it earned in between.
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            var bucket = TokenBucket(rate: 500, burst: 7)
            var times: [SimTime] = []
            var now: SimTime = 0
            for _ in 0..<300 {
                now += SimTime(random.next(upperBound: UInt64(4_000)))
                if bucket.take(at: now) { times.append(now) }
            }
            for (first, start) in times.enumerated() {
                for (last, end) in times.enumerated().dropFirst(first) {
                    let earned = 500 * Double(end - start) / Double(SimDuration.second)
                    #expect(Double(last - first + 1) <= 7 + earned + 0.000_000_001)
                }
            }
        }
    }
}
