import Foundation
import PropertyBased
import QuorumModels
import QuorumSim
import QuorumTestSupport
import Testing

@Suite struct ScalabilityModelTests {
    let model = ScalabilityModel()

    func run(_ overrides: [(String, String)]) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: 1)
    }

    /// X(N) straight from Gunther's formula, written out again here.
    func usl(_ n: Double, sigma: Double, kappa: Double, lambda: Double = 1_000) -> Double {
        lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
    }

    @Test(arguments: [
        // σ, κ, and the whole number nearest sqrt((1−σ)/κ) with the higher X.
        (0.05, 0.002, 22),  // sqrt(475) = 21.79
        (0.1, 0.001, 30),  // sqrt(900) = 30 exactly
        (0.02, 0.0001, 99),  // sqrt(9800) = 98.99
        (0.3, 0.01, 8),  // sqrt(70) = 8.37
        (0.0, 0.01, 10),  // sqrt(100) = 10
        (0.5, 0.00005, 100),  // sqrt(10000) = 100
    ])
    func theUSLPeaksAtTheSquareRootOfOneMinusSigmaOverKappa(sigma: Double, kappa: Double, peak: Int) throws {
        let result = try run([
            ("sigma", String(sigma)), ("kappa", String(kappa)), ("max-nodes", "1000"),
        ])
        #expect(result.metric("peak-nodes") == Double(peak))
        #expect(abs(Double(peak) - ((1 - sigma) / kappa).squareRoot()) < 1)
        #expect(result.metric("peak-throughput") == usl(Double(peak), sigma: sigma, kappa: kappa))
    }

    @Test func thePeakIsTheBetterNeighbourOfTheSquareRootForAnySigmaAndKappa() async {
        // dX/dN = 0 at N* = sqrt((1−σ)/κ), and X rises before it and falls after, so the best
        // whole number of nodes is floor(N*) or ceil(N*), whichever gives more.
        await checkProperty(
            count: 200, input: zip(Gen.double(in: 0...0.95), Gen.double(in: 0.000_01...0.5))
        ) { sigma, kappa in
            let result = try run([
                ("sigma", String(sigma)), ("kappa", String(kappa)), ("max-nodes", "10000"),
            ])
            let optimum = ((1 - sigma) / kappa).squareRoot()
            let below = max(1, optimum.rounded(.down))
            let above = max(1, optimum.rounded(.up))
            let best =
                usl(above, sigma: sigma, kappa: kappa) > usl(below, sigma: sigma, kappa: kappa) ? above : below
            #expect(result.metric("peak-nodes") == best, "σ=\(sigma) κ=\(kappa) N*=\(optimum)")
        }
    }

    @Test func pastThePeakMoreNodesDoLessWork() throws {
        // The defaults: σ = 0.05, κ = 0.002, λ = 1000, 64 nodes. The peak is at 22 nodes,
        // X(22) = 22000 / (1 + 1.05 + 0.924) = 7397.4; at 64 nodes the speedup is
        // 64 / (1 + 3.15 + 8.064) = 5.24, below the 7.40 of 22 nodes.
        let result = try run([])
        #expect(result.metric("peak-nodes") == 22)
        #expect(abs((result.metric("peak-throughput") ?? 0) - 22_000 / 2.974) < 1e-6)
        #expect(abs((result.metric("speedup-at-max") ?? 0) - 64 / 12.214) < 1e-9)
        guard case .series(let series) = try #require(result.views.first) else {
            Issue.record("scalability drew no chart")
            return
        }
        #expect(series.points.count == 64 && series.marked == 21)
        #expect(series.points[63].y < series.points[21].y)
    }

    @Test(arguments: [0.01, 0.05, 0.1, 0.25, 0.5, 0.9])
    func amdahlsSpeedupApproachesOneOverSigmaAndNeverPeaks(sigma: Double) throws {
        // S(N) = N / (1 + σ(N−1)) rises with N towards 1/σ and never reaches it. At 10,000
        // nodes it is within 1% of it for σ ≥ 0.01: S = 1/σ · N / (N + 1/σ − 1).
        let result = try run([("law", "amdahl"), ("sigma", String(sigma)), ("max-nodes", "10000")])
        let speedup = try #require(result.metric("speedup-at-max"))
        #expect(speedup < 1 / sigma)
        #expect(speedup > 0.99 / sigma)
        #expect(result.metric("peak-nodes") == 10_000)
    }

    @Test func amdahlIgnoresKappaAndEqualsTheUSLWithoutIt() throws {
        let amdahl = try run([("law", "amdahl"), ("kappa", "0.3")])
        let usl = try run([("law", "usl"), ("kappa", "0")])
        #expect(amdahl.metrics.elementsEqual(usl.metrics) { $0.name == $1.name && $0.value == $1.value })
    }

    @Test func thePeakBeyondMaxNodesIsReportedAsMaxNodes() throws {
        // sqrt(0.95 / 0.0001) = 97.5: with 50 nodes at most, throughput is still rising at 50.
        let result = try run([("kappa", "0.0001"), ("max-nodes", "50")])
        #expect(result.metric("peak-nodes") == 50)
        #expect(result.narrative.contains { $0.text.contains("lies beyond max-nodes") })
    }
}
