import QuorumREPL
import Testing

/// A real run drawn end to end: the engine's trace, turned into a scene, rendered. The
/// snapshot is reviewed like code; regenerate with QUORUM_RECORD_SNAPSHOTS=1 only on purpose.
@Suite struct RunDiagramSnapshotTests {
    /// Three echoes, 100 ms apart over a 10 ms link: the first is answered; the second (sent at
    /// 100 ms) reaches n1 at 110 ms, after its crash at 105 ms, and is dropped; the third (200 ms)
    /// is sent into the partition that holds from 190 ms to 300 ms and is dropped at once.
    static let run =
        "sim run echo messages=3 crash=n1@105ms restart=n1@180ms partition=c1|n1 partition-at=190ms heal-at=300ms"

    @Test func anEchoRunWithACrashAndAPartitionDrawsAsReviewed() throws {
        let session = try ScriptedSession()
        #expect(session.run(Self.run) == .ok)
        #expect(session.run("diagram") == .ok)
        let diagram = session.transcript.output.components(separatedBy: "shows a window.\n").last ?? ""
        expectSnapshot(diagram, named: "echo-run-diagram-100-plain")
    }

    @Test func theSVGOfTheSameRunIsStable() throws {
        let path = temporaryDirectory() + "/echo.svg"
        let session = try ScriptedSession()
        #expect(session.run(Self.run + " --svg \(path)") == .ok)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        expectSnapshot(svg, named: "echo-run-svg")
    }
}
