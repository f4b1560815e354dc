import PropertyBased
import QuorumModels
import QuorumSim
import QuorumTestSupport
import Testing

@Suite struct ModelDeterminismTests {
    /// Faults that draw on the network's generator, so a seed has something to decide.
    let faults = [("loss", "0.2"), ("dup", "0.1")]

    /// Models the engine runs; a computed model (a formula) has no network to fault and no trace.
    static let engineModels = ModelRegistry.standard.models.filter { !($0 is any ComputedModel) }.map(\.name)

    func named(_ name: String) throws -> any SimulationModel {
        try #require(ModelRegistry.standard.model(named: name))
    }

    @Test(arguments: engineModels)
    func theSameSeedGivesTheSameRun(name: String) async throws {
        let model = try named(name)
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let first = try model.run(overrides: faults, seed: seed)
            let second = try model.run(overrides: faults, seed: seed)
            #expect(first == second)
            #expect(!first.trace.isEmpty)
        }
    }

    @Test(arguments: engineModels)
    func theTraceLevelDoesNotChangeTheOutcome(name: String) async throws {
        let model = try named(name)
        await checkProperty(count: 30, input: Gen.uint64()) { seed in
            let full = try model.run(model.resolve(faults), seed: seed, trace: .full)
            for level in [TraceLevel.off, .events] {
                let quiet = try model.run(model.resolve(faults), seed: seed, trace: level)
                #expect(quiet.metrics.elementsEqual(full.metrics) { $0.name == $1.name && $0.value == $1.value })
                #expect(quiet.narrative == full.narrative)
                #expect(quiet.endTime == full.endTime)
            }
        }
    }

    @Test(arguments: ["request-reply", "flood"])
    func anotherSeedGivesAnotherTraceWithJitteryLatency(name: String) throws {
        // Both default to a uniform latency, so the seed alone decides every delay.
        let model = try named(name)
        let traces = try (1...4).map { try model.run(overrides: [("loss", "0")], seed: $0).trace }
        #expect(traces.dropFirst().contains { $0 != traces[0] })
    }
}
