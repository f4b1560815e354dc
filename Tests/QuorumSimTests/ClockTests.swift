import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@Suite struct ClockTests {
    let second = SimDuration.second

    /// How far `node`'s clock is from true time at each instant; a timer on n1 moves the run
    /// there, and n1's clock is left true.
    func offsets(_ sim: WordSimulation, of node: NodeID, at instants: [SimTime]) -> [SimTime] {
        instants.map { instant in
            sim.setTimer("tick", on: .n1, after: instant - sim.now)
            _ = sim.next()
            return sim.localTime(of: node) - sim.now
        }
    }

    @Test func skewShiftsANodesClockByTheSameAmountAtEveryInstant() throws {
        let sim = try simulation(nodes: 3) {
            $0.skew = [NodeClockSetting(node: "n2", amount: 50_000), NodeClockSetting(node: "n3", amount: -20_000)]
        }
        let instants: [SimTime] = [0, 1_000, second, 90 * second]
        #expect(offsets(sim, of: .n2, at: instants) == [50_000, 50_000, 50_000, 50_000])
        #expect(offsets(sim, of: .n3, at: instants) == [-20_000, -20_000, -20_000, -20_000])
        #expect(offsets(sim, of: .n1, at: instants) == [0, 0, 0, 0])
    }

    @Test(
        arguments: [
            (100, [100, 200, 1_000]),
            (-50, [-50, -100, -500]),
            (0, [0, 0, 0]),
        ] as [(Int64, [SimTime])])
    func driftGainsItsRateInMicrosecondsEverySecond(ppm: Int64, offsetsAt1s2s10s: [SimTime]) throws {
        let sim = try simulation(nodes: 2) { $0.drift = [NodeClockSetting(node: "n2", amount: ppm, ppm: true)] }
        #expect(offsets(sim, of: .n2, at: [second, 2 * second, 10 * second]) == offsetsAt1s2s10s)
    }

    @Test func skewAndDriftAddUp() throws {
        // 50 ms of skew, plus 100 µs gained in each of ten seconds.
        let sim = try simulation(nodes: 2) {
            $0.skew = [NodeClockSetting(node: "n2", amount: 50_000)]
            $0.drift = [NodeClockSetting(node: "n2", amount: 100, ppm: true)]
        }
        #expect(offsets(sim, of: .n2, at: [10 * second]) == [51_000])
    }

    @Test(
        arguments: [
            // +100 ppm: n2's clock reads 1 s after 1 s / 1.0001 = 999,900.01 µs of true time,
            // so the first whole microsecond at which it has got there is 999,901.
            (100, 999_901),
            // -100 ppm: 1 s / 0.9999 = 1,000,100.01 µs, so 1,000,101.
            (-100, 1_000_101),
            (0, 1_000_000),
            // A clock at twice the speed gets through its second in half of one, and one at
            // half the speed takes two.
            (1_000_000, 500_000),
            (-500_000, 2_000_000),
        ] as [(Int64, SimTime)])
    func aTimerGoesOffWhenTheNodesOwnClockSaysSo(ppm: Int64, firesAt: SimTime) throws {
        let sim = try simulation(nodes: 2) { $0.drift = [NodeClockSetting(node: "n2", amount: ppm, ppm: true)] }
        sim.setTimer("a second", on: .n2, after: second)
        #expect(sim.drain() == ["\(SimDuration.format(firesAt)) timer a second on n2"])
        #expect(sim.now == firesAt)
        #expect(sim.localTime(of: .n2) == second)
    }

    @Test func aDriftingTimerFiresTheFirstMicrosecondItsClockHasRunTheDelay() async {
        await checkProperty(
            input: zip(
                Gen.int64(in: -999_999...1_000_000), Gen.int64(in: 0...(10 * second)),
                Gen.int64(in: 0...(10 * second)))
        ) { values in
            let (ppm, delay, start) = values
            let sim = try simulation(nodes: 2) { $0.drift = [NodeClockSetting(node: "n2", amount: ppm, ppm: true)] }
            sim.setTimer("start", on: .n1, after: start)
            _ = sim.next()
            let localAtStart = sim.localTime(of: .n2)
            sim.setTimer("delay", on: .n2, after: delay)
            _ = sim.next()
            // In true time the clock runs (1,000,000 + ppm) µs per 1,000,000 µs: the timer goes
            // off at the first whole microsecond by which it has run `delay`, not one before.
            let elapsed = sim.now - start
            #expect((elapsed - 1) * (1_000_000 + ppm) < delay * 1_000_000)
            #expect(elapsed * (1_000_000 + ppm) >= delay * 1_000_000)
            #expect(sim.localTime(of: .n2) - localAtStart >= delay)
        }
    }
}
