import Foundation
import Testing

/// Runs are deterministic across processes: Swift seeds its hashing per process, so a
/// simulation that let a `Set` or `Dictionary` order reach it would differ between two runs of
/// the binary even with one seed.
@Suite struct SimulationEndToEndTests {
    /// Every model `sim list` names (the first column of its table).
    func modelNames(home: String) throws -> [String] {
        let list = try Quorum.run(["sim", "list", "--no-color"], home: home)
        #expect(list.status == 0)
        return list.output.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, !cells[0].isEmpty, cells[0] != "model" else { return nil }
            return cells[0]
        }
    }

    @Test func everyModelPrintsTheSameJSONInTwoProcessesAndAnotherSeedDiffers() throws {
        let home = temporaryHome()
        let models = try modelNames(home: home)
        #expect(models.contains("echo") && models.contains("request-reply") && models.contains("flood"))
        for model in models {
            let first = try Quorum.run(["sim", "run", model, "seed=11", "--json"], home: home)
            let second = try Quorum.run(["sim", "run", model, "seed=11", "--json"], home: home)
            #expect(first.status == 0, "\(model): \(first.error)")
            #expect(!first.output.isEmpty)
            #expect(first.output == second.output, "\(model) differs between two processes with one seed")
            let object = try JSONSerialization.jsonObject(with: Data(first.output.utf8)) as? [String: Any]
            for key in ["model", "seed", "params", "metrics", "narrative", "trace", "history"] {
                #expect(object?[key] != nil, "\(model) --json lacks \(key)")
            }
        }
        // Jittery latency: another seed draws other delays.
        let other = try Quorum.run(["sim", "run", "flood", "seed=12", "--json"], home: home)
        let base = try Quorum.run(["sim", "run", "flood", "seed=11", "--json"], home: home)
        #expect(other.output != base.output)
    }

    @Test func steppingReadsCommandsFromStandardInput() throws {
        let result = try Quorum.run(
            ["sim", "step", "echo", "messages=2"], input: "step\npartition c1|n1\ncontinue\ndone\n",
            home: temporaryHome())
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("partition c1|n1"))
        #expect(result.output.contains("is dropped (partition)"))
    }
}
