import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct ConsistentHashingModelTests {
    let model = ConsistentHashingModel()

    func metric(_ name: String, _ overrides: [(String, String)], seed: UInt64) throws -> Double {
        try #require(model.run(overrides: overrides, seed: seed, trace: .off).metric(name))
    }

    func values(_ name: String, _ overrides: [(String, String)], seeds: ClosedRange<UInt64>) throws -> [Double] {
        try seeds.map { try metric(name, overrides, seed: $0) }
    }

    func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    @Test(arguments: [4, 10, 25])
    func aRingMovesAboutOneKeyInNPlusOne(nodes: Int) throws {
        // The new node's 100 points land among the 100n points already there; by symmetry it
        // takes 1/(n+1) of the ring on average, and exactly the keys in its arcs move. Its
        // share is a Beta(100, 100n) variable, standard deviation about
        // sqrt(n / ((n+1)^3 * 100)): 0.018 for n=4, 0.009 for n=10, 0.004 for n=25, plus
        // 10,000 keys' sampling noise (at most 0.004). The mean of 100 seeds has a tenth of
        // that spread, so 0.01 is over five standard deviations; and no seed comes near twice
        // the ideal share.
        let ideal = 1 / Double(nodes + 1)
        let moved = try values(
            "keys-moved-fraction", [("nodes", String(nodes)), ("vnodes", "100")], seeds: 1...100)
        #expect(abs(mean(moved) - ideal) < 0.01, "mean \(mean(moved)), ideal \(ideal)")
        #expect(moved.allSatisfy { $0 > 0 && $0 < 2 * ideal }, "\(moved)")
    }

    @Test func aBareRingMovesOneKeyInNPlusOneOnAverageButVariesWidely() throws {
        // With one point per node the new node's arc is a Beta(1, 10) share: mean 1/11 =
        // 0.0909, standard deviation 0.083, so single runs range from almost nothing to a third
        // of the keys. Over 300 seeds the mean's standard deviation is 0.0048; 0.025 is five
        // of them.
        let moved = try values("keys-moved-fraction", [], seeds: 1...300)
        #expect(abs(mean(moved) - 1.0 / 11) < 0.025, "mean \(mean(moved))")
        #expect(moved.contains { $0 < 0.02 } && moved.contains { $0 > 0.25 })
    }

    @Test(arguments: [4, 10, 25])
    func moduloMovesAboutNOfNPlusOneKeys(nodes: Int) async throws {
        // A key stays put only if hash mod n equals hash mod (n+1). For a uniform 64-bit hash
        // that happens for exactly 1 value in n+1 (the pairs of residues agree only on
        // hash mod n(n+1) < n), so n/(n+1) of the keys move on every seed, up to the binomial
        // noise of 10,000 keys: a standard deviation of at most 0.004, and 0.02 is five.
        let ideal = Double(nodes) / Double(nodes + 1)
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let moved = try metric(
                "keys-moved-fraction", [("scheme", "modulo"), ("nodes", String(nodes))], seed: seed)
            #expect(abs(moved - ideal) < 0.02, "seed \(seed): \(moved), ideal \(ideal)")
        }
    }

    @Test func removingANodeMovesOnlyItsKeysOnARingAndNearlyAllWithModulo() throws {
        // Going from 10 nodes to 9: on a ring only the leaver's keys move, 1/10 on average
        // (same reasoning and tolerance as for a join); with modulo a key stays only if hash
        // mod 10 equals hash mod 9, 1 in 10, so 9/10 move.
        let ring = try values("keys-moved-fraction", [("change", "remove"), ("vnodes", "100")], seeds: 1...100)
        #expect(abs(mean(ring) - 0.1) < 0.01, "mean \(mean(ring))")
        let modulo = try values("keys-moved-fraction", [("change", "remove"), ("scheme", "modulo")], seeds: 1...30)
        #expect(modulo.allSatisfy { abs($0 - 0.9) < 0.02 }, "\(modulo)")
    }

    @Test func loadImbalanceFallsAsVirtualNodesGrow() throws {
        // A node's share of the ring is the sum of its v arcs, so its relative spread shrinks
        // like 1/sqrt(v), and with it the fullest node's excess over the mean. Means over 100
        // seeds, each step four times the points.
        let counts = ["1", "4", "16", "64", "256"]
        let means = try counts.map { try mean(values("load-imbalance", [("vnodes", $0)], seeds: 1...100)) }
        for step in 1..<means.count { #expect(means[step] < means[step - 1], "means: \(means)") }
        #expect(means[means.count - 1] < 1.15, "means: \(means)")
    }

    @Test func aBareRingsFullestNodeHoldsAboutTheHarmonicNumberTimesTheMean() throws {
        // n random points cut a circle into arcs whose longest is H(n)/n of it on average
        // (H(10) = 2.929), so the fullest of 10 nodes holds about 2.93 times the mean; the
        // keys' sampling adds a little. The per-seed spread is about 1, so the mean of 200
        // seeds is good to about ±0.07, and the band below is over three times that.
        let imbalance = try values("load-imbalance", [], seeds: 1...200)
        #expect(mean(imbalance) > 2.7 && mean(imbalance) < 3.2, "mean \(mean(imbalance))")
    }

    @Test func moduloSpreadsKeysEvenlyBeforeAnyChange() async throws {
        // Each node's count is binomial(10,000, 1/10): 1000 ± 30, so the fullest of ten sits
        // about 1.5 standard deviations up, near 1.05. Above 1.15 would take five.
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let imbalance = try metric("load-imbalance", [("scheme", "modulo")], seed: seed)
            #expect(imbalance > 1 && imbalance < 1.15, "seed \(seed): \(imbalance)")
        }
    }

    @Test func theSeedPlacesTheNodes() throws {
        // Another seed puts the nodes at other points, so the fullest node holds another count.
        let imbalances = try values("load-imbalance", [], seeds: 1...5)
        #expect(Set(imbalances).count > 1)
    }

    @Test(arguments: [
        [("scheme", "ring"), ("vnodes", "8")], [("scheme", "modulo")], [("change", "remove"), ("vnodes", "8")],
        [("scheme", "modulo"), ("change", "remove")],
    ])
    func everyKeyEndsOnItsNewOwnerDespiteLossDuplicatesAndCrashes(overrides: [(String, String)]) async throws {
        // Lost and duplicated handoffs, and a sender (n2) that crashes just after the change
        // and comes back later: a node deletes keys only once their new owner confirms it stored
        // them (the model stops with an error if a key is ever stored nowhere), so in the end
        // every node stores exactly the keys it owns. If n2 had keys to send or to receive, the
        // move cannot finish before n2 is back.
        let faults = [("loss", "0.3"), ("dup", "0.2"), ("crash", "n2@105ms"), ("restart", "n2@700ms")]
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let started = try model.start(model.resolve(overrides + faults), seed: seed, trace: .off)
            started.run(until: .max)
            let session = try #require(started as? ConsistentHashingSession)
            let settled = try #require(session.settledAt, "seed \(seed) never settled")
            let layout = session.layout
            let involvesN2 = layout.movedKeys.contains { layout.ownerBefore[$0] == 1 || layout.ownerAfter[$0] == 1 }
            #expect(!involvesN2 || settled >= 700 * SimDuration.millisecond, "seed \(seed) settled while n2 was down")
            let owners = layout.ownerAfter
            for node in 0..<session.names.count {
                #expect(session.stored(by: node) == owners.indices.filter { owners[$0] == node }, "n\(node + 1)")
            }
        }
    }

    @Test func aJoinOnABareRingTakesKeysFromOneNeighbourOnly() throws {
        // With one point per node, the new node's arc was part of exactly one node's arc: one
        // handoff, from that node to the newcomer, and its confirmation.
        let result = try model.run(overrides: [], seed: 1)
        let sends = result.trace.compactMap { event -> (Int, Int, String)? in
            guard case .send(_, let from, let to, let label, _, _) = event.kind else { return nil }
            return (from, to, label)
        }
        #expect(sends.count == 2)
        #expect(sends.first?.1 == 10)
        #expect(result.narrative.contains { $0.text.contains("n11 joins") && $0.text.contains("sent by n") })
    }
}
