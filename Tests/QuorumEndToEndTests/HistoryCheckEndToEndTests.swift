import Foundation
import Testing

/// `quorum history check` as scripts run it: the verdict in the exit code.
@Suite struct HistoryCheckEndToEndTests {
    private func fixture(_ name: String) -> String {
        Quorum.repository.appendingPathComponent("Tests/Fixtures/histories/\(name)").path
    }

    @Test(
        arguments: [
            (["linearizable.log"], 0), (["stale-read.jsonl"], 1), (["malformed.edn"], 3),
            // The worst verdict wins.
            (["linearizable.log", "kv.edn"], 0), (["kv.edn", "lost-update.edn"], 1),
            (["lost-update.edn", "malformed.edn", "linearizable.log"], 3),
        ] as [([String], Int32)])
    func theExitCodeIsTheWorstVerdict(files: [String], status: Int32) throws {
        let result = try Quorum.run(["history", "check"] + files.map(fixture), home: temporaryHome())
        #expect(result.status == status, "\(result.output)\(result.error)")
    }

    @Test func eachFileGetsOneLineWithItsVerdict() throws {
        let files = ["linearizable.log", "lost-update.edn"].map(fixture)
        let result = try Quorum.run(["history", "check"] + files, home: temporaryHome())
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("\(files[0]): linearizable (4 ops, ") == true)
        #expect(lines.last?.hasPrefix("\(files[1]): not linearizable (3 ops, ") == true)
        #expect(lines.allSatisfy { $0.hasSuffix(" ms)") })
    }

    @Test func aTimeoutGivesUnknownAndExitCodeTwo() throws {
        let result = try Quorum.run(
            ["history", "check", fixture("lost-update.edn"), "--timeout", "0.000000001"], home: temporaryHome())
        #expect(result.status == 2)
        #expect(result.output.contains(": unknown ("))
    }

    @Test func malformedInputIsNamedByFileAndLine() throws {
        let result = try Quorum.run(["history", "check", fixture("malformed.edn")], home: temporaryHome())
        #expect(result.status == 3)
        #expect(result.error.contains("malformed.edn:2: error: a string is not closed before the end of the line"))
    }

    @Test func jsonOutputIsOneDocumentAScriptCanRead() throws {
        let result = try Quorum.run(
            ["history", "check", fixture("kv.edn"), "--json", "--model", "kv"], home: temporaryHome())
        #expect(result.status == 0)
        let document = try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(document["verdict"] as? String == "linearizable")
        let file = try #require((document["files"] as? [[String: Any]])?.first)
        #expect((file["keys"] as? [[String: Any]])?.compactMap { $0["key"] as? String } == ["a", "b"])
    }

    @Test func aBadOptionIsAUsageError() throws {
        let result = try Quorum.run(["history", "check", fixture("kv.edn"), "--model", "queue"], home: temporaryHome())
        #expect(result.status == 64)
        #expect(result.error.contains("unknown model 'queue'"))
    }
}
