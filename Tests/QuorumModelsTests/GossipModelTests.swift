import Foundation
import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct GossipModelTests {
    let model = GossipModel()

    func run(_ overrides: [(String, String)], seed: UInt64) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    func mean(_ overrides: [(String, String)], _ metric: String, seeds: ClosedRange<UInt64>) throws -> Double {
        let values = try seeds.map { try run(overrides, seed: $0).metric(metric) ?? .nan }
        return values.reduce(0, +) / Double(values.count)
    }

    /// log2(n) + ln(n): the rounds push gossip with one contact per round needs to reach all n
    /// nodes, up to an additive constant (Frieze and Grimmett 1985; Pittel 1987).
    func pittel(_ n: Int) -> Double { log2(Double(n)) + log(Double(n)) }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([], seed: 1)
        #expect(result.metrics.map(\.name) == ["rounds", "messages", "residue"])
        #expect(model.metrics.map(\.name) == result.metrics.map(\.name))
    }

    @Test func pushTakesAboutLog2PlusLnRounds() throws {
        // Pittel (1987): push with one random contact per round informs all n nodes in
        // log2(n) + ln(n) + O(1) rounds: log2(n) while the informed double, then ln(n) while
        // random pushes hunt down the last few. The O(1) term stays bounded but does not vanish
        // (it wobbles with n), so the mean over many seeds must sit within two rounds of the
        // formula: 11.25 for 100 nodes, 16.87 for 1000. The round count of one run varies
        // with a standard deviation of about 1.3, so 200 and 100 seeds pin the means to about
        // 0.1 and 0.15. Between the two sizes the constant cancels, so the means must differ
        // by the formula's difference, 5.62 rounds, within one: log2 alone would give 3.3,
        // and ln alone 2.3.
        let small = try mean([("nodes", "100")], "rounds", seeds: 1...200)
        let large = try mean([("nodes", "1000")], "rounds", seeds: 1...100)
        #expect(abs(small - pittel(100)) < 2, "n=100: mean \(small), formula \(pittel(100))")
        #expect(abs(large - pittel(1000)) < 2, "n=1000: mean \(large), formula \(pittel(1000))")
        #expect(abs((large - small) - (pittel(1000) - pittel(100))) < 1, "means \(small) and \(large)")
    }

    @Test func pullIsFasterThanPushAndPushPullFasterThanBoth() throws {
        // Pull finishes faster than push because the uninformed fraction squares every round
        // at the end, instead of shrinking by a factor e; push-pull (Karp et al. 2000) doubles
        // the informed as push does and also squares the uninformed, in about log3(n) rounds.
        let seeds: ClosedRange<UInt64> = 1...30
        let push = try mean([("nodes", "1000")], "rounds", seeds: seeds)
        let pull = try mean([("nodes", "1000"), ("mode", "pull")], "rounds", seeds: seeds)
        let both = try mean([("nodes", "1000"), ("mode", "push-pull")], "rounds", seeds: seeds)
        #expect(both < pull && pull < push, "push \(push), pull \(pull), push-pull \(both)")
        #expect(both < 0.6 * push, "push \(push), push-pull \(both)")
    }

    @Test func pullMessagesAreARequestPerNodePerRoundAndOneReplyPerLearner() async {
        // In pull mode every node asks one random node for news at the start of every round,
        // before anyone learns anything in that round, so `rounds` rounds cost rounds x n
        // requests. A node that lacks the rumour gets at most one reply a round, and learns
        // from it, so the replies number exactly the n - 1 nodes that had to learn.
        await checkProperty(count: 40, input: Gen.uint64()) { seed in
            let result = try run([("mode", "pull"), ("nodes", "150")], seed: seed)
            let rounds = try #require(result.metric("rounds"))
            #expect(result.metric("messages") == rounds * 150 + 149)
            #expect(result.metric("residue") == 0)
        }
    }

    @Test func twoNodesNeedOneRound() throws {
        // n1 pushes to the only other node in round 1; by pull, n2 asks n1 (2 requests, as n1
        // asks n2 too) and gets one reply.
        #expect(try run([("nodes", "2")], seed: 1).metric("rounds") == 1)
        #expect(try run([("nodes", "2")], seed: 1).metric("messages") == 1)
        #expect(try run([("nodes", "2"), ("mode", "pull")], seed: 1).metric("messages") == 3)
    }

    @Test func pushWithoutLosingInterestReachesEveryoneDespiteLoss() async throws {
        // Nodes that never stop pushing retry forever, so loss only slows the rumour down:
        // with 30% of messages lost each push succeeds 70% of the time.
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let result = try run([("loss", "0.3")], seed: seed)
            #expect(result.metric("residue") == 0)
        }
        let clean = try mean([], "rounds", seeds: 1...30)
        let lossy = try mean([("loss", "0.3")], "rounds", seeds: 1...30)
        #expect(lossy > clean + 2, "clean \(clean), lossy \(lossy)")
    }

    @Test func rumourMongeringLeavesSomeNodesUninformed() async throws {
        // Demers et al. (1987): a node that loses interest after k contacts with nodes that
        // already knew stops the rumour before it reaches everyone; the residue falls quickly as
        // k grows. With k = 1 about a fifth of 1000 nodes never hear it, far too many for any
        // seed to reach them all.
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let residue = try #require(try run([("nodes", "1000"), ("interest", "1")], seed: seed).metric("residue"))
            #expect(residue > 0.1 && residue < 0.3)
        }
        let residues = try [1, 2, 3].map { try mean([("interest", "\($0)")], "residue", seeds: 1...30) }
        #expect(residues[0] > residues[1] && residues[1] > residues[2], "\(residues)")
    }

    @Test func aCrashedNodeDoesNotHoldUpTheRest() async {
        // "Everyone" means every live node: n2, down from the start, never hears the rumour
        // and is not waited for.
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let result = try run([("crash", "n2@0s")], seed: seed)
            #expect(result.metric("residue") == 0)
            #expect((result.metric("rounds") ?? 0) < 40)
        }
    }

    @Test func aNodeThatRestartsWithoutTheRumourIsToldAfterwards() throws {
        // n2 is down until 5 s, long after the others all know; the run waits for the planned
        // restart, and the pushing nodes then reach n2 within a few rounds.
        let result = try run([("crash", "n2@0s"), ("restart", "n2@5s")], seed: 4)
        #expect(result.metric("residue") == 0)
        #expect((result.metric("rounds") ?? 0) > 50)
    }
}
