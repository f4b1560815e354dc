import Foundation
import Testing

/// `quorum lab test` as a learner types it: the verdict is the exit code.
@Suite struct LabEndToEndTests {
    private func node(_ name: String) -> String {
        Quorum.repository.appendingPathComponent("lessons/labs/\(name)").path
    }

    @Test(arguments: [("echo.py", Int32(0)), ("broken/echo_wrong.py", 1)])
    func theVerdictIsTheExitCode(node name: String, status: Int32) throws {
        let result = try Quorum.run(
            [
                "lab", "test", "-w", "echo", "--bin", node(name), "--node-count", "1", "--time-limit", "0.5", "--rate",
                "20",
            ],
            home: temporaryHome())
        #expect(result.status == status, "\(result.output)\(result.error)")
        #expect(result.output.contains(status == 0 ? "verdict: valid" : "verdict: invalid"))
    }

    @Test func aMissingBinaryIsAUsageError() throws {
        let home = temporaryHome()
        let result = try Quorum.run(["lab", "test", "-w", "echo", "--bin", "/nonexistent/node"], home: home)
        #expect(result.status == 64)
        #expect(result.error.contains("no such file"))
        // Nothing started, so no run folder either.
        #expect(!FileManager.default.fileExists(atPath: home + "/labs"))
    }

    @Test func jsonPrintsTheResults() throws {
        let result = try Quorum.run(
            [
                "lab", "test", "-w", "unique-ids", "--bin", node("unique_ids.py"), "--node-count", "2", "--time-limit",
                "0.5", "--rate", "40", "--json",
            ], home: temporaryHome())
        #expect(result.status == 0, "\(result.error)")
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        #expect(object?["verdict"] as? String == "valid")
        #expect((object?["settings"] as? [String: Any])?["node-count"] as? Int == 2)
    }
}
