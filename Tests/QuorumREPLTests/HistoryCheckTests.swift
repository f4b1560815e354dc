import Foundation
import Testing

@testable import QuorumREPL

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `history check` in the shell: verdicts, explanations, exit codes, JSON and SVG.
@Suite struct HistoryCheckTests {
    static var fixtures: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/histories").path
    }

    private func fixture(_ name: String) -> String { "\(Self.fixtures)/\(name)" }

    @Test func aStaleReadIsExplainedWithTheOperationThatCannotBePlaced() throws {
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture("stale-read.jsonl"))") == .exit(1))
        let out = session.transcript.output
        #expect(out.contains("stale-read.jsonl: not linearizable (3 ops, "))
        // The read on line 4 returned 1 after write 2 (line 3) had completed.
        #expect(out.contains("process 2's read → 1 (line 4) cannot take effect"))
        #expect(out.contains("p2's read → 1 cannot be placed"))
        #expect(out.contains("╞read → 1"))
        #expect(out.contains("the value is then 2."))
        #expect(out.contains("Overlapping it: nothing."))
    }

    @Test(arguments: [("linearizable.log", Shell.Outcome.exit(0)), ("kv.edn", .exit(0)), ("lost-update.edn", .exit(1))])
    func theOutcomeCarriesTheVerdictsExitCode(file: String, outcome: Shell.Outcome) throws {
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture(file))") == outcome)
    }

    @Test func malformedInputIsReportedAsFileLineAndExitsThree() throws {
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture("malformed.edn"))") == .exit(3))
        #expect(session.transcript.output.contains("malformed.edn: unreadable"))
        #expect(
            session.transcript.error.contains(
                "malformed.edn:2: error: a string is not closed before the end of the line"))
    }

    @Test func severalFilesGetOneLineEachAndTheWorstExitCode() throws {
        let session = try ScriptedSession()
        let files = ["linearizable.log", "lost-update.edn", "malformed.edn"].map(fixture)
        #expect(session.run("history check " + files.joined(separator: " ")) == .exit(3))
        let lines = session.transcript.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("\(files[0]): linearizable (4 ops, "))
        #expect(lines[1].hasPrefix("\(files[1]): not linearizable (3 ops, "))
        #expect(lines[2] == "\(files[2]): unreadable")
    }

    @Test func aFolderIsCheckedFileByFileInNameOrder() throws {
        let folder = temporaryDirectory()
        for name in ["b.edn", "a.log", ".hidden"] {
            let source = name == "b.edn" ? "kv.edn" : name == "a.log" ? "linearizable.log" : "malformed.edn"
            try FileManager.default.copyItem(atPath: fixture(source), toPath: "\(folder)/\(name)")
        }
        let session = try ScriptedSession()
        #expect(session.run("history check \(folder)") == .exit(0))
        let lines = session.transcript.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("\(folder)/a.log: linearizable") == true)
        #expect(lines.last?.hasPrefix("\(folder)/b.edn: linearizable") == true)
    }

    @Test func aSearchOutOfTimeIsUnknownAndExitsTwo() throws {
        let session = try ScriptedSession()
        // A timeout of a nanosecond has passed by the search's first check of the clock.
        #expect(session.run("history check \(fixture("lost-update.edn")) --timeout 0.000000001") == .exit(2))
        #expect(session.transcript.output.contains("lost-update.edn: unknown (3 ops, "))
        #expect(session.transcript.output.contains(", before it could decide. A longer --timeout may settle it"))
    }

    @Test func jsonGivesTheVerdictPerKeyResultsAndTheExplanation() throws {
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture("stale-read.jsonl")) --json") == .exit(1))
        let document = try #require(
            JSONSerialization.jsonObject(with: Data(session.transcript.output.utf8)) as? [String: Any])
        #expect(document["verdict"] as? String == "not linearizable")
        #expect(document["exitCode"] as? Int == 1)
        let file = try #require((document["files"] as? [[String: Any]])?.first)
        #expect(file["model"] as? String == "cas-register")
        #expect(file["format"] as? String == "json")
        let keys = try #require(file["keys"] as? [[String: Any]])
        #expect(keys.count == 1)
        #expect(keys.first?["key"] is NSNull)
        #expect(keys.first?["verdict"] as? String == "not linearizable")
        let explanation = try #require(file["explanation"] as? [String: Any])
        let operation = try #require(explanation["operation"] as? [String: Any])
        #expect(operation["index"] as? Int == 2)
        #expect(operation["line"] as? Int == 4)
        #expect(operation["f"] as? String == "read")
        #expect((explanation["linearizedPrefix"] as? [[String: Any]])?.compactMap { $0["index"] as? Int } == [0, 1])
        #expect(explanation["stateAfterPrefix"] as? String == "2")
    }

    @Test func svgDrawsTheViolationAsWellFormedXML() throws {
        let path = temporaryDirectory() + "/timeline.svg"
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture("lost-update.edn")) --svg \(path)") == .exit(1))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "")")
        let svg = String(decoding: data, as: UTF8.self)
        #expect(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("p2&apos;s cas 0→2 cannot be placed"))
        #expect(session.transcript.output.contains("Timeline written to \(path)."))
    }

    @Test(
        arguments: [
            ("history", "usage: history check FILE..."),
            ("history run x", "unknown history command 'run'"),
            ("history check", "history check needs at least one file."),
            ("history check a.log --model registr", "unknown model 'registr' (did you mean 'register'?)"),
            ("history check a.log --format xml", "unknown format 'xml'"),
            ("history check a.log --timeout -1", "--timeout takes a number of seconds greater than 0, not '-1'."),
            ("history check a.log --jsn", "unknown option '--jsn' (did you mean '--json'?)"),
            ("history check a.log b.log --svg t.svg", "--svg draws one history; give one file with it."),
            ("history check a.log --model", "--model needs a value."),
        ])
    func usageMistakesExitWith64AndSayWhatWouldBeRight(line: String, message: String) throws {
        let session = try ScriptedSession()
        #expect(session.run(line) == .exit(64))
        #expect(session.transcript.error.contains(message))
    }

    @Test func aMissingFileOrAFolderIsUnreadable() throws {
        let session = try ScriptedSession()
        #expect(session.run("history check /nonexistent/h.log") == .exit(3))
        #expect(session.transcript.error.contains("/nonexistent/h.log: error: no such file"))
    }

    @Test func theModelCanBeNamedAndIsCheckedAgainstTheOperations() throws {
        let session = try ScriptedSession()
        #expect(session.run("history check \(fixture("linearizable.log")) --model register") == .exit(3))
        #expect(
            session.transcript.error.contains(
                "linearizable.log:5: error: model 'register' has no operation 'cas' (it knows read and write)"))
    }

    @Test func helpDescribesTheCommand() throws {
        let session = try ScriptedSession()
        #expect(session.run("help history") == .ok)
        #expect(session.transcript.output.contains("history check FILE..."))
        let prose = session.transcript.output.replacing("\n", with: " ")
        #expect(prose.contains("0 linearizable, 1 not, 2 unknown, 3 unreadable"))
    }
}
