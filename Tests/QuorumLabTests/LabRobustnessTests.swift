import Foundation
import QuorumLab
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Nodes that misbehave get a diagnostic naming the node (and the line, where there is one),
/// and no process outlives the run.
@Suite struct LabRobustnessTests {
    private func echoRun(_ script: String, nodes: Int = 2) throws -> LabResult {
        let path = try LabFixtures.script("node.py", LabFixtures.prelude + script)
        return LabFixtures.run(LabFixtures.options(.echo, path, nodes: nodes))
    }

    private func diagnostic(_ result: LabResult) -> String {
        result.problems.first?.text ?? ""
    }

    @Test func aNodeThatCrashesIsNamedWithItsLastWords() throws {
        let result = try echoRun(
            """
            for message, body in messages():
                raise RuntimeError("cannot handle " + body["type"])
            """)
        #expect(result.verdict == .invalid)
        let text = diagnostic(result)
        #expect(text.contains("exited with status 1"), "\(text)")
        #expect(text.contains("while the run was going on"))
        // Python's traceback went to stderr; its last line is quoted.
        #expect(text.contains("RuntimeError: cannot handle echo"))
    }

    @Test func malformedJSONIsNamedByNodeAndLine() throws {
        let result = try echoRun(
            """
            for message, body in messages():
                print('{"src": "' + node + '", "dest": "c1", "body": {', flush=True)
            """, nodes: 1)
        #expect(result.verdict == .invalid)
        let text = diagnostic(result)
        // Line 1 was init_ok; the broken line is the second.
        #expect(text.hasPrefix("n0 printed a line that is not JSON"), "\(text)")
        #expect(text.contains("stdout line 2"))
        #expect(text.contains("write logs to stderr"))
    }

    @Test func aLogLineOnStdoutIsCaughtAsNotJSON() throws {
        let result = try echoRun(
            """
            for message, body in messages():
                print("got", body["type"], flush=True)
            """, nodes: 1)
        #expect(diagnostic(result).contains("stdout line 2: got echo"), "\(diagnostic(result))")
    }

    @Test func aMessageToANodeThatDoesNotExistIsNamed() throws {
        let result = try echoRun(
            """
            for message, body in messages():
                send("n7", {"type": "gossip"})
            """)
        #expect(result.verdict == .invalid)
        let text = diagnostic(result)
        #expect(text.contains(", stdout line 2: sent 'gossip' to \"n7\", which is not part of this run"), "\(text)")
        #expect(text.contains("nodes n0–n1"))
    }

    @Test func aMessageWithSomeoneElsesSrcIsNamed() throws {
        let result = try echoRun(
            """
            for message, body in messages():
                print(json.dumps({"src": "n5", "dest": message["src"], "body": {"type": "echo_ok", "in_reply_to": body["msg_id"], "echo": body["echo"]}}), flush=True)
            """, nodes: 1)
        let text = diagnostic(result)
        #expect(text.contains("n0, stdout line 2: the message's src is \"n5\", but this node is n0"), "\(text)")
    }

    @Test func aNodeThatNeverAnswersInitIsNamedWithItsStderr() throws {
        let path = try LabFixtures.script(
            "silent.py",
            """
            import sys
            for line in sys.stdin:
                print("ignoring", line.strip()[:20], file=sys.stderr, flush=True)
            """)
        var options = LabFixtures.options(.echo, path, nodes: 2)
        options.initTimeout = 0.5
        let result = LabFixtures.run(options)
        #expect(result.verdict == .invalid)
        let text = diagnostic(result)
        #expect(text.hasPrefix("n0, n1 did not answer init within 0.5 s"), "\(text)")
        // What n0 logged is quoted: it received init (quorum writes compact JSON).
        #expect(text.contains("n0's stderr ends with:\n    ignoring {\"src\":\"c0\""))
        #expect(result.statistics.operations == 0)
    }

    @Test func aNodeThatSpeaksBeforeInitOKIsNamed() throws {
        let path = try LabFixtures.script(
            "eager.py",
            """
            import json, sys
            for line in sys.stdin:
                print(json.dumps({"src": "n0", "dest": "c0", "body": {"type": "hello"}}), flush=True)
            """)
        let result = LabFixtures.run(LabFixtures.options(.echo, path, nodes: 1))
        #expect(diagnostic(result).contains("n0, stdout line 1: sent 'hello' before answering init"))
    }

    @Test func aNodeThatHangsIsReportedAsStuckAndStopped() throws {
        let path = try LabFixtures.script(
            "stuck.py",
            LabFixtures.prelude + """
                import signal, time
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                for message, body in messages():
                    if node == "n1":
                        while True: time.sleep(1)
                    send(message["src"], {"type": "echo_ok", "in_reply_to": body["msg_id"], "echo": body["echo"]})
                """)
        let result = LabFixtures.run(LabFixtures.options(.echo, path, nodes: 2))
        #expect(result.verdict == .invalid)
        let stuck = result.problems.first { $0.check == "nodes" }?.text ?? ""
        #expect(stuck.hasPrefix("n1 answered none of its"), "\(result.explanation)")
        // n0 is fine: only n1 is named.
        #expect(!result.problems.contains { $0.text.hasPrefix("n0") })
        // It ignored SIGTERM, so it was killed.
        #expect(result.nodeExits.contains("n1 was killed by signal 9 (SIGKILL)"), "\(result.nodeExits)")
    }

    @Test func aMissingOrNonExecutableBinaryIsRefusedBeforeAnythingStarts() throws {
        #expect(throws: LabUsageError.self) { try LabCommandLine.parse(["-w", "echo", "--bin", "/nonexistent/node"]) }
        let path = try LabFixtures.script("plain.py", "print('hi')\n")
        chmod(path, 0o644)
        do {
            _ = try LabCommandLine.parse(["-w", "echo", "--bin", path])
            Issue.record("a file without the execute bit was accepted")
        } catch {
            #expect(error.message.contains("is not executable"))
            #expect(error.message.contains("chmod +x"))
        }
    }

    /// A node that starts a helper process, ignores SIGTERM and does not exit when its input
    /// closes: the run must still leave nothing behind.
    @Test func noProcessOutlivesARun() throws {
        let path = try LabFixtures.script(
            "stubborn.py",
            LabFixtures.prelude + """
                import os, signal, subprocess, time
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                helper = subprocess.Popen(["sleep", "120"])
                for message, body in messages():
                    pids = os.path.join(os.path.dirname(os.path.abspath(__file__)), node + ".pids")
                    if not os.path.exists(pids):
                        with open(pids, "w") as f:
                            f.write("%d %d" % (os.getpid(), helper.pid))
                    send(message["src"], {"type": "echo_ok", "in_reply_to": body["msg_id"], "echo": body["echo"]})
                while True:
                    time.sleep(1)
                """)
        let result = LabFixtures.run(LabFixtures.options(.echo, path, nodes: 2))
        #expect(result.verdict == .valid, "\(result.explanation)")
        let folder = (path as NSString).deletingLastPathComponent
        var pids: [Int32] = []
        for node in ["n0", "n1"] {
            let text = try String(contentsOfFile: folder + "/\(node).pids", encoding: .utf8)
            pids += text.split(separator: " ").compactMap { Int32($0) }
        }
        #expect(pids.count == 4)
        // SIGKILL is not instant: allow the kernel a moment to finish what was killed.
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, !pids.allSatisfy(processIsGone) { usleep(10_000) }
        for pid in pids { #expect(processIsGone(pid), "process \(pid) outlived the run") }
    }

    @Test func ctrlCStopsTheRunAndReapsEveryNode() throws {
        var options = LabFixtures.options(.echo, LabFixtures.course("echo.py"), nodes: 3, seconds: 30)
        options.rate = 50
        let start = Date()
        let result = LabFixtures.run(options, shouldStop: { Date().timeIntervalSince(start) > 0.5 })
        #expect(result.interrupted)
        #expect(result.verdict == .unknown)
        #expect(result.findings.first?.text.hasPrefix("interrupted") == true)
        #expect(result.nodeExits.allSatisfy { $0.contains("exited") || $0.contains("killed") }, "\(result.nodeExits)")
        // The operations so far are kept.
        #expect(!result.operations.isEmpty)
    }
}
