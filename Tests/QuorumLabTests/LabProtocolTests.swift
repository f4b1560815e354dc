import QuorumCheck
import Testing

@testable import QuorumLab

@Suite struct LabProtocolTests {
    private func parse(_ text: String) -> Result<Envelope, EnvelopeError> {
        Envelope.parse(Array(text.utf8)[...])
    }

    @Test func aMessageReadsAndWritesBackTheSame() throws {
        let line = #"{"src":"n1","dest":"c2","body":{"type":"echo_ok","in_reply_to":4,"echo":"a \"quoted\"\nline"}}"#
        let envelope = try parse(line).get()
        #expect(envelope.src == "n1")
        #expect(envelope.dest == "c2")
        #expect(envelope.type == "echo_ok")
        #expect(envelope.inReplyTo == 4)
        #expect(envelope.msgID == nil)
        // Keys keep their order and strings their escapes, so the line comes back unchanged.
        #expect(envelope.line == line)
    }

    @Test(
        arguments: [
            ("hello", "is not JSON"),
            ("[1, 2]", "is a list, not a JSON object"),
            (#"{"dest": "n1", "body": {"type": "x"}}"#, "has no \"src\" string"),
            (#"{"src": "n1", "body": {"type": "x"}}"#, "has no \"dest\" string"),
            (#"{"src": "n1", "dest": "n2", "body": 3}"#, "has no \"body\" object"),
            (#"{"src": "n1", "dest": "n2", "body": {"msg_id": 1}}"#, "has a body without a \"type\" string"),
            (#"{"src": "n1", "dest": "n2", "body": {"type": "x", "msg_id": "1"}}"#, "\"msg_id\" that is a string"),
        ])
    func malformedMessagesSayWhatIsWrong(line: String, problem: String) {
        guard case .failure(let error) = parse(line) else {
            Issue.record("\(line) was accepted")
            return
        }
        #expect(error.problem.contains(problem), "\(error.problem)")
    }

    @Test func definiteAndIndefiniteErrorCodesFollowMaelstrom() {
        // 0 (timeout) and 13 (crash) may or may not have happened, like any code from 1000.
        for code in [0, 13, 1000, 1234] { #expect(!ErrorCode.isDefinite(code)) }
        for code in [1, 10, 11, 12, 14, 20, 21, 22, 30] { #expect(ErrorCode.isDefinite(code)) }
        #expect(ErrorCode.name(22) == "precondition-failed")
        #expect(ErrorCode.name(20) == "key-does-not-exist")
    }

    @Test func controlCharactersAreEscapedSoAMessageStaysOneLine() {
        let text = DataValue.string("a\u{1}b\tc\r\n").jsonText
        #expect(text == #""a\u0001b\tc\r\n""#)
        #expect(!text.contains("\n"))
    }

    @Test func topologiesLinkTheRightNeighbours() {
        let nodes = (0..<5).map { "n\($0)" }
        // A line: each node talks to the one before and after it.
        #expect(Topology.line.neighbours(of: nodes) == [["n1"], ["n0", "n2"], ["n1", "n3"], ["n2", "n4"], ["n3"]])
        // Five nodes fill a 3-wide grid: n0 n1 n2 / n3 n4.
        #expect(
            Topology.grid.neighbours(of: nodes) == [
                ["n1", "n3"], ["n0", "n2", "n4"], ["n1"], ["n0", "n4"], ["n1", "n3"],
            ])
        // A binary tree: n0 is the root of n1 and n2, n1 of n3 and n4.
        #expect(Topology.tree2.neighbours(of: nodes) == [["n1", "n2"], ["n0", "n3", "n4"], ["n0"], ["n1"], ["n1"]])
        #expect(Topology.total.neighbours(of: nodes)[2] == ["n0", "n1", "n3", "n4"])
        // Every link goes both ways.
        for topology in Topology.allCases {
            let links = topology.neighbours(of: nodes)
            for (index, neighbours) in links.enumerated() {
                for other in neighbours {
                    #expect(links[Int(other.dropFirst())!].contains("n\(index)"), "\(topology)")
                }
            }
        }
        #expect(Topology.grid.neighbours(of: ["n0"]) == [[]])
    }
}
