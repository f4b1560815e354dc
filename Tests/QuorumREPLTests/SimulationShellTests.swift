import Foundation
import QuorumREPL
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `sim run` with its views, `sim step`, `sim sweep`, `diagram` and `timeline`, as a learner
/// types them.
@Suite struct SimulationShellTests {
    /// The JSON object `sim run --json` printed.
    func json(_ session: ScriptedSession) throws -> [String: Any] {
        let data = Data(session.transcript.output.utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func jsonHoldsTheWholeRun() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim run echo messages=3 seed=4 --json") == .ok)
        let object = try json(session)
        #expect(object["model"] as? String == "echo")
        #expect(object["seed"] as? Int == 4)
        #expect((object["params"] as? [String: Any])?["messages"] as? Int == 3)
        // Three echoes over a lossless 10 ms link: each comes back after two one-way trips.
        let metrics = try #require(object["metrics"] as? [String: Double])
        #expect(metrics["echoed"] == 3)
        #expect(metrics["round-trip-max-ms"] == 20)
        let trace = try #require(object["trace"] as? [[String: Any]])
        // Each echo is two messages (there and back), each sent and delivered once.
        #expect(trace.count { $0["type"] as? String == "send" } == 6)
        #expect(trace.count { $0["type"] as? String == "deliver" } == 6)
        let history = try #require(object["history"] as? [[String: Any]])
        #expect(history.count == 3)
        #expect(history.allSatisfy { $0["type"] as? String == "ok" && $0["client"] as? String == "c1" })
        #expect(object["narrative"] is [String])
    }

    @Test func theSameRunPrintsTheSameJSONAndAnotherSeedChangesIt() throws {
        func output(_ line: String) throws -> String {
            let session = try ScriptedSession()
            session.run(line)
            return session.transcript.output
        }
        let first = try output("sim run request-reply requests=20 seed=5 --json")
        let second = try output("sim run request-reply requests=20 seed=5 --json")
        let other = try output("sim run request-reply requests=20 seed=6 --json")
        #expect(first == second)
        #expect(first != other)
    }

    @Test func theDiagramShowsLanesArrowsAndDropsAndAsciiIsPlainASCII() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim run echo messages=2 loss=1 --diagram") == .ok)
        let output = session.transcript.output
        #expect(output.contains("c1") && output.contains("n1"))
        #expect(output.contains("✗"))
        #expect(output.contains("loss"))
        let ascii = try ScriptedSession()
        #expect(ascii.run("sim run echo messages=2 --diagram --ascii") == .ok)
        let diagram = ascii.transcript.output.components(separatedBy: "same seed, same run\n")[1]
        #expect(diagram.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(diagram.contains("-->") || diagram.contains("<--"))
    }

    @Test func diagramRedrawsTheLastRunInAWindow() throws {
        let session = try ScriptedSession()
        #expect(session.run("diagram") == .failed)
        #expect(session.transcript.error.contains("no simulation has run yet"))
        session.run("sim run echo messages=5")
        #expect(session.run("diagram 90ms..130ms") == .ok)
        let output = session.transcript.output
        // Echo 2 is sent at 100 ms and answered at 120 ms; echo 1 (0-20 ms) is outside.
        #expect(output.contains("echo 2"))
        #expect(!output.contains("echo_ok 1"))
        #expect(session.run("diagram 2s..1s") == .failed)
    }

    @Test func svgIsWrittenAsWellFormedXML() throws {
        let path = temporaryDirectory() + "/run.svg"
        let session = try ScriptedSession()
        #expect(session.run("sim run echo crash=n1@150ms restart=n1@250ms --svg \(path)") == .ok)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parsed = XMLParser(data: data).parse()
        #expect(parsed)
        #expect(String(decoding: data, as: UTF8.self).contains("<svg"))
        #expect(session.run("sim run echo --svg /nonexistent-dir/run.svg") == .failed)
        #expect(session.transcript.error.contains("could not write"))
    }

    @Test func aMistypedOptionOrWindowIsExplained() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim run echo --jsn") == .failed)
        #expect(session.transcript.error.contains("did you mean '--json'"))
        #expect(session.run("sim run echo --window soon") == .failed)
        #expect(session.transcript.error.contains("not a time window"))
        #expect(session.run("sim run echo crash=n4@1s") == .failed)
        #expect(session.transcript.error.contains("there is no n4"))
    }

    @Test func steppingHandlesOneEventAtATimeAndInjectedFaultsChangeTheRest() throws {
        let script = ["step", "crash n1", "state n1", "continue", "done"]
        let session = try ScriptedSession(replies: script)
        #expect(session.run("sim step echo messages=3") == .ok)
        let output = session.transcript.output
        // The first step delivers echo 1 to n1 at 10 ms, and n1 sends its reply at once. The
        // crash cannot recall a reply already on the wire, so echo 1 comes back; echoes 2 and 3
        // reach a crashed node and are dropped.
        #expect(output.contains("0.010s  n1 receives echo 1 from c1"))
        #expect(output.contains("n1 crashes"))
        #expect(output.contains("n1 (crashed)"))
        #expect(output.contains("c1 receives echo_ok 1"))
        #expect(output.contains("echo 2 from c1 to n1 is dropped (node down)"))
        #expect(output.contains("echo 3 from c1 to n1 is dropped (node down)"))
        #expect(!output.contains("echo_ok 2"))
        // The same commands give the same run.
        let again = try ScriptedSession(replies: script)
        again.run("sim step echo messages=3")
        #expect(again.transcript.output == output)
    }

    @Test func steppingRefusesWhatCannotBeDone() throws {
        let session = try ScriptedSession(replies: [
            "crash n9", "restart n1", "drop 999", "stpe", "partition n1", "until soon", "inflight", "done",
        ])
        #expect(session.run("sim step echo") == .ok)
        let errors = session.transcript.error
        #expect(errors.contains("there is no n9"))
        #expect(errors.contains("only a crashed process restarts"))
        #expect(errors.contains("no message #999 is in flight"))
        #expect(errors.contains("did you mean 'step'"))
        #expect(errors.contains("one group"))
        #expect(errors.contains("usage: until <time>"))
        #expect(session.transcript.output.contains("#0  c1 → n1  echo 1"))
    }

    @Test func dropLosesTheChosenMessage() throws {
        let session = try ScriptedSession(replies: ["drop 0", "continue", "done"])
        #expect(session.run("sim step echo messages=1") == .ok)
        #expect(session.transcript.output.contains("dropped (dropped by you)  #0"))
        #expect(!session.transcript.output.contains("n1 receives"))
    }

    @Test func aSweepTabulatesEachSetting() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim sweep request-reply loss=0,1 requests=20 trials=3 metric=success-rate") == .ok)
        let rows = session.transcript.output.split(separator: "\n").filter { $0.contains("loss=") }
        // Without loss every request succeeds; with every message lost, none does.
        #expect(rows.first { $0.contains("loss=0 ") }?.contains("│    3 │    1 │") == true)
        #expect(rows.first { $0.contains("loss=1 ") }?.contains("│    3 │    0 │") == true)
    }

    @Test func aSweepRefusesBadSettingsBeforeRunning() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim sweep request-reply loss=0,2") == .failed)
        #expect(session.transcript.error.contains("invalid value '2' for 'loss'"))
        #expect(session.run("sim sweep request-reply metric=speed") == .failed)
        #expect(session.transcript.error.contains("reports no metric 'speed'"))
        #expect(session.run("sim sweep request-reply trials=0") == .failed)
    }

    @Test func anInterruptedSweepKeepsWhatIsDone() throws {
        var checks = 0
        let session = try ScriptedSession(shouldStop: {
            checks += 1
            return checks > 4
        })
        #expect(session.run("sim sweep request-reply loss=0,0.5 requests=10 trials=3") == .ok)
        #expect(session.transcript.error.contains("interrupted: 4 of 6 runs"))
        #expect(session.transcript.output.contains("loss=0 "))
    }

    @Test func ctrlCStopsALongRunAndShowsTheRunSoFar() throws {
        let session = try ScriptedSession(shouldStop: { true })
        #expect(session.run("sim run flood deliveries=1000000") == .ok)
        #expect(session.transcript.error.contains("interrupted at"))
        // The run stops after its first slice of 4,096 events, far short of a million.
        let row = session.transcript.output.split(separator: "\n").first { $0.contains("│ deliveries") }
        let delivered = row.flatMap { Int($0.split(separator: "│")[1].trimmingCharacters(in: .whitespaces)) }
        #expect(delivered == 4_096)
    }

    @Test func timelineDrawsACircuitBreakersStatesAndOnlyTheProcessesThatReportOne() throws {
        // Every call fails, so the proxy's breaker opens after five failures, goes half-open
        // after 200 ms, and opens again when the trial fails: the timeline draws n2's states,
        // with open given the boldest glyph. The server n1 reports no state and never crashes,
        // and no client reports one, so neither gets a lane of unknowns.
        let session = try ScriptedSession()
        session.run("sim run retries failure=1 breaker=on clients=20")
        let start = session.transcript.output.count
        #expect(session.run("timeline --ascii") == .ok)
        let lines = session.transcript.output.dropFirst(start).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("n") || $0.hasPrefix("c") }.map { $0.prefix(3) } == ["n2 "])
        #expect(lines.contains { $0.hasPrefix("n2 ") && $0.contains("#") && $0.contains("+") })
        #expect(lines.contains("[#] open  [+] half-open  [-] closed"))
    }

    @Test func timelineSaysWhenAModelReportsNoRoles() throws {
        let session = try ScriptedSession()
        session.run("sim run echo")
        #expect(session.run("timeline") == .ok)
        #expect(session.transcript.output.contains("reports no roles"))
    }
}
