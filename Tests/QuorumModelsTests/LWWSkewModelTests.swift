import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct LWWSkewModelTests {
    let model = LWWSkewModel()

    func run(_ overrides: [(String, String)], seed: UInt64) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    func mean(_ overrides: [(String, String)], seeds: ClosedRange<UInt64>, metric: String = "lost-updates") throws
        -> Double
    {
        let values = try seeds.map { try run(overrides, seed: $0).metric(metric) ?? .nan }
        return values.reduce(0, +) / Double(values.count)
    }

    @Test func trueClocksLoseNothing() async throws {
        // With no skew or drift every stamp is the true time of stamping. If w' was
        // acknowledged before w was sent, then stamp(w') < ack(w') < send(w) < stamp(w), so w'
        // can never win over w: lost-updates is 0 by construction, whatever the seed, the keys
        // or the network. The same holds when every clock is off by the same amount: only the
        // differences between clocks matter.
        let settings: [[(String, String)]] = [
            [],
            [("keys", "3"), ("writes", "30")],
            [("replicas", "5"), ("interval", "20ms"), ("loss", "0.2"), ("dup", "0.2")],
            [("skew", "n1=+80ms,n2=+80ms,n3=+80ms")],
        ]
        for overrides in settings {
            await checkProperty(count: 100, input: Gen.uint64()) { seed in
                let result = try run(overrides, seed: seed)
                #expect(result.metric("lost-updates") == 0)
                #expect(result.metric("stale-final-values") == 0)
            }
        }
    }

    @Test func aClockBehindLosesUpdatesOnEverySeed() async throws {
        // n2's stamps read 100 ms behind. A write at n2 loses to one that n1 or n3 acknowledged
        // less than about 100 ms (minus the messages' 10 to 40 ms) before it was sent. The
        // other two clients together write about every 50 ms, so most n2 writes are caught, and
        // with ten of them a run that loses none is vanishingly unlikely.
        await checkProperty(count: 200, input: Gen.uint64()) { seed in
            let result = try run([("skew", "n2=-100ms")], seed: seed)
            #expect((result.metric("lost-updates") ?? 0) > 0)
            #expect(result.metric("writes") == 30)
        }
    }

    @Test func moreSkewLosesMoreUpdatesOnAverage() throws {
        // A write at n2 loses when another write was acknowledged less than the skew, minus the
        // time the messages took, before it was sent: the window that catches n2's writes
        // widens with the skew, so the mean over 100 seeds rises at every step, from exactly 0,
        // until nearly all of n2's 10 writes are caught. (A sweep, as `sim sweep lww-skew
        // skew=... metric=lost-updates` does.)
        let skews = ["none", "n2=-20ms", "n2=-40ms", "n2=-70ms", "n2=-100ms", "n2=-300ms"]
        let means = try skews.map { try mean([("skew", $0)], seeds: 1...100) }
        #expect(means[0] == 0)
        for step in 1..<means.count { #expect(means[step] > means[step - 1], "means: \(means)") }
        #expect(means[means.count - 1] > 8 && means[means.count - 1] <= 10, "means: \(means)")
    }

    @Test func aClockAheadMakesTheOthersLose() async throws {
        // Skew the other way: n2's writes carry stamps 100 ms in the future, so writes that
        // n1 and n3 stamp just after one of n2's lose to it. Every lost write is theirs.
        await checkProperty(count: 50, input: Gen.uint64()) { seed in
            let started = try model.start(model.resolve([("skew", "n2=+100ms")]), seed: seed, trace: .off)
            started.run(until: .max)
            let session = try #require(started as? LWWSkewSession)
            let lost = lostByDefinition(session.writes)
            #expect(!lost.isEmpty)
            #expect(lost.allSatisfy { session.writes[$0].client != 1 })
        }
    }

    @Test func driftLosesUpdatesOnceTheClocksHaveDriftedApart() throws {
        // 200 writes per client take about 20 s. At -5000 ppm n2's clock falls 5 ms behind per
        // second, so by the end it is about 100 ms behind and loses writes as if skewed; the
        // same run with true clocks loses none.
        let long = [("writes", "200")]
        #expect(try mean(long, seeds: 1...10) == 0)
        #expect(try mean(long + [("drift", "n2=-5000ppm")], seeds: 1...10) > 10)
    }

    /// The indices of writes lost by the definition in `sim info`, checked write against
    /// write: acknowledged, and beaten by a write of the same key acknowledged before it was sent.
    func lostByDefinition(_ writes: [LWWSkewSession.Write]) -> [Int] {
        writes.indices.filter { index in
            let write = writes[index]
            guard write.acknowledged, let version = write.version else { return false }
            return writes.contains { other in
                guard other.key == write.key, let finished = other.acknowledgedAt, let otherVersion = other.version
                else { return false }
                return finished < write.invokedAt && otherVersion > version
            }
        }
    }

    @Test func theMetricCountsExactlyTheWritesTheDefinitionNames() async throws {
        // The model counts with a sort and a running maximum; this counts pair by pair.
        let settings: [[(String, String)]] = [
            [("skew", "n2=-30ms"), ("keys", "3"), ("writes", "40")],
            [("skew", "n1=+10ms,n3=-60ms"), ("drift", "n2=+20000ppm"), ("loss", "0.2"), ("dup", "0.1")],
            [("replicas", "4"), ("skew", "n4=-15ms"), ("crash", "n1@300ms"), ("restart", "n1@700ms")],
        ]
        for overrides in settings {
            await checkProperty(count: 40, input: Gen.uint64()) { seed in
                let started = try model.start(model.resolve(overrides), seed: seed, trace: .off)
                started.run(until: .max)
                let session = try #require(started as? LWWSkewSession)
                let result = session.finish()
                #expect(result.metric("lost-updates") == Double(lostByDefinition(session.writes).count))
                #expect(result.metric("writes") == Double(session.writes.count { $0.acknowledged }))
            }
        }
    }

    @Test func everyReplicaEndsWithTheSameWinnerWhenNothingIsLost() throws {
        // Last-writer-wins converges: with every message delivered, each replica keeps the write
        // with the highest stamp, the same one everywhere, skew or not. Skew changes which
        // write that is, not whether replicas agree.
        let started = try model.start(model.resolve([("skew", "n2=-100ms"), ("keys", "2")]), seed: 9, trace: .off)
        started.run(until: .max)
        let states = (0..<3).map { started.state(of: $0).dropFirst() }
        #expect(states[0] == states[1] && states[1] == states[2])
        #expect(states[0].count == 2)
    }

    @Test func theNarrativeTellsWhichOlderWriteWon() throws {
        let result = try model.run(overrides: [("skew", "n2=-100ms")], seed: 4)
        #expect(result.narrative.contains { $0.text.contains("kept x=") && $0.text.contains("was sent") })
    }
}
