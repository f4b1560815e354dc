import Foundation
import Testing

@testable import QuorumLab

@Suite struct LabCommandLineTests {
    private var node: String { LabFixtures.course("echo.py") }

    @Test func maelstromsFlagsAreRead() throws {
        let options = try LabCommandLine.parse([
            "-w", "broadcast", "--bin", node, "--node-count", "5", "--time-limit", "20", "--rate", "10",
            "--concurrency", "2n", "--latency", "100", "--nemesis", "partition", "--nemesis-interval=3",
            "--topology", "line", "--availability", "total", "--seed", "7", "--log-stderr",
        ])
        #expect(options.workload == .broadcast)
        #expect(options.nodeCount == 5)
        #expect(options.timeLimit == 20)
        #expect(options.rate == 10)
        // 2n means two clients per node.
        #expect(options.clientCount == 10)
        #expect(options.latencyModel == .constant(100_000))
        #expect(options.nemesis == [.partition])
        #expect(options.nemesisInterval == 3)
        #expect(options.topology == .line)
        #expect(options.availability == .total)
        #expect(options.seed == 7)
        #expect(options.logStderr)
    }

    @Test func aRelativeBinaryIsFoundFromTheWorkingDirectory() throws {
        let folder = (node as NSString).deletingLastPathComponent
        let options = try LabCommandLine.parse(["-w", "echo", "--bin", "./echo.py"], directory: folder)
        #expect(options.binary == node)
    }

    @Test(
        arguments: [
            ([] as [String], "which workload?"),
            (["-w", "ecko"], "unknown workload 'ecko' (did you mean 'echo'?)"),
            (["-w", "echo"], "which program?"),
            (
                ["-w", "echo", "--bin", "NODE", "--node-count", "0"],
                "invalid --node-count '0': expected a whole number from 1 to 64"
            ),
            (["-w", "echo", "--bin", "NODE", "--rate", "-1"], "invalid --rate '-1'"),
            (["-w", "echo", "--bin", "NODE", "--concurrency", "xn"], "invalid --concurrency 'xn'"),
            (["-w", "echo", "--bin", "NODE", "--nemesis", "kill"], "invalid --nemesis 'kill'"),
            (["-w", "echo", "--bin", "NODE", "--availability", "1.5"], "invalid --availability '1.5'"),
            (["-w", "echo", "--bin", "NODE", "--topology", "star"], "invalid --topology 'star'"),
            (
                ["-w", "echo", "--bin", "NODE", "--time-limt", "3"],
                "unknown option '--time-limt' (did you mean '--time-limit'?)"
            ),
            (["-w", "echo", "--bin", "NODE", "--seed"], "--seed needs a value"),
            (["-w", "echo", "--bin", "NODE", "extra"], "unexpected 'extra'"),
        ] as [([String], String)])
    func badCommandLinesAreRefusedWithTheReason(words: [String], message: String) {
        let words = words.map { $0 == "NODE" ? node : $0 }
        do {
            _ = try LabCommandLine.parse(words)
            Issue.record("\(words) was accepted")
        } catch {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// A lesson says `--bin lessons/labs/echo.py`; that must work wherever the learner started
    /// quorum, so the folder holding the course is searched after the working directory.
    @Test func aLessonsRelativeBinaryIsFoundBesideTheCourse() throws {
        let elsewhere = FileManager.default.temporaryDirectory.path
        let options = try LabCommandLine.parse(
            ["-w", "echo", "--bin", "lessons/labs/echo.py"], directory: elsewhere,
            fallback: LabFixtures.repository.path)
        #expect(options.binary == node)
        do {
            _ = try LabCommandLine.parse(["-w", "echo", "--bin", "lessons/labs/echo.py"], directory: elsewhere)
            Issue.record("found without the fallback")
        } catch {
            #expect(error.message.contains("no such file"))
        }
    }

    @Test func aFolderIsNotAProgram() {
        let folder = (node as NSString).deletingLastPathComponent
        #expect(throws: LabUsageError.self) { try LabCommandLine.parse(["-w", "echo", "--bin", folder]) }
    }
}
