import Foundation
import Testing

@testable import QuorumREPL

/// `lab` in the shell: the report, the run folder, the diagram, and usage errors.
@Suite struct LabShellTests {
    static var labs: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons/labs").path
    }

    private func session() throws -> (ScriptedSession, String) {
        let session = try ScriptedSession()
        let runs = temporaryDirectory() + "/labs"
        session.shell.labRunsDirectory = runs
        return (session, runs)
    }

    private func onlyRunFolder(in runs: String) throws -> String {
        let folders = try FileManager.default.contentsOfDirectory(atPath: runs).filter { $0 != "latest" }
        #expect(folders.count == 1)
        return runs + "/" + (folders.first ?? "")
    }

    @Test func aValidRunReportsItsVerdictAndLeavesARunFolder() throws {
        let (session, runs) = try session()
        let outcome = session.run(
            "lab test -w echo --bin \(Self.labs)/echo.py --node-count 1 --time-limit 0.6 --rate 20")
        #expect(outcome == .exit(0), "\(session.transcript.all)")
        let out = session.transcript.output
        #expect(out.contains("▶ lab echo seed=1"))
        #expect(out.contains("1 node · 0.6 s · 20 ops/s · 1 client · latency 0 ms"))
        #expect(out.contains("verdict: valid"))
        #expect(out.contains("✓ echo: "))
        #expect(out.contains("0 between nodes, 0.00 per operation"))

        let folder = try onlyRunFolder(in: runs)
        #expect(out.contains("run folder   \(folder)"))
        #expect(folder.hasPrefix(runs + "/echo-2027"))  // named for the workload and the (test) clock
        for file in ["history.jsonl", "results.json", "n0.log"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file), "\(file)")
        }
        let results =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: folder + "/results.json"))) as? [String: Any]
        #expect(results?["verdict"] as? String == "valid")
        let stats = results?["stats"] as? [String: Any]
        let operations = stats?["operations"] as? Int ?? 0
        #expect(operations > 0)
        // One history line per operation.
        let history = try String(contentsOfFile: folder + "/history.jsonl", encoding: .utf8)
        #expect(history.split(separator: "\n").count == operations)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: runs + "/latest")
                == (folder as NSString).lastPathComponent)

        // The run can be drawn like a simulation: clients on the left, then the node.
        #expect(session.run("diagram") == .ok)
        let diagram = session.transcript.output.components(separatedBy: "verdict: valid").last ?? ""
        #expect(diagram.contains("c0"))
        #expect(diagram.contains("init"))
        #expect(diagram.contains("echo_ok"))
        let svg = temporaryDirectory() + "/run.svg"
        #expect(session.run("diagram --svg \(svg)") == .ok)
        #expect(try String(contentsOfFile: svg, encoding: .utf8).contains("<svg"))
    }

    @Test func anInvalidLinKVRunPointsAtHistoryCheckWhichAgrees() throws {
        let (session, runs) = try session()
        let outcome = session.run(
            "lab test -w lin-kv --bin \(Self.labs)/broken/lin_kv_local.py --node-count 3 --time-limit 1.2 --rate 60 --key-count 2"
        )
        #expect(outcome == .exit(1), "\(session.transcript.all)")
        let folder = try onlyRunFolder(in: runs)
        #expect(session.transcript.output.contains("history check \(folder)/history.jsonl"))
        // The history the lab wrote is one the checker reads, and it reaches the same verdict.
        #expect(session.run("history check \(folder)/history.jsonl") == .exit(1), "\(session.transcript.all)")
    }

    @Test(
        arguments: [
            ("lab", "usage: lab test"),
            ("lab tset", "unknown lab command 'tset' (did you mean 'test'?)"),
            ("lab test -w echo", "which program?"),
            ("lab test -w echo --bin /nonexistent/node.py", "no such file"),
            ("lab test -w echo --bin NODE --window", "--window needs a value"),
            ("lab workloads extra", "lab workloads"),
        ])
    func usageErrorsExitWithTheirOwnCodeAndStartNothing(line: String, message: String) throws {
        let (session, runs) = try session()
        #expect(session.run(line.replacingOccurrences(of: "NODE", with: "\(Self.labs)/echo.py")) == .exit(64))
        #expect(session.transcript.error.contains(message), "\(session.transcript.error)")
        #expect(!FileManager.default.fileExists(atPath: runs))
    }

    @Test func workloadsAreListedWithWhatTheyCheck() throws {
        let (session, _) = try session()
        #expect(session.run("lab workloads") == .ok)
        for name in ["echo", "unique-ids", "broadcast", "g-counter", "lin-kv"] {
            #expect(session.transcript.output.contains(name))
        }
    }

    @Test func solutionsAreFoundInTheCourse() throws {
        let session = try ScriptedSession(courseDirectory: Self.labs + "/..")
        #expect(session.run("lab solutions") == .ok)
        #expect(session.transcript.output.contains("echo.py"))
        #expect(session.transcript.output.contains("broken"))
    }
}
