import QuorumCheck
import Testing

@Suite struct JSONLinesParserTests {
    @Test func readsWholeOperationsTheHeaderAndReplicaStates() throws {
        let text = """
            {"quorum-history": 1, "model": "cas-register"}
            # a comment, then a blank line

            {"process": 0, "f": "write", "key": "x", "value": 1, "type": "ok", "invoke": 0, "complete": 10}
            {"process": 1, "f": "cas", "key": "x", "value": [1, 2], "type": "fail", "invoke": 5, "complete": 12}
            {"process": 2, "f": "write", "value": "a\\u00e9\\n", "type": "info", "invoke": 20}
            {"replica": "n1", "final": {"x": 1}}
            {"replica": "n2", "final": 2}
            """
        let file = try readHistory(text).get()
        #expect(file.format == .jsonLines)
        #expect(file.declaredModel == .casRegister)
        #expect(
            file.history.operations == [
                Operation(
                    index: 0, process: 0, function: .write, key: "x", value: 1, outcome: .ok, invoke: 0, complete: 10,
                    line: 4),
                Operation(
                    index: 1, process: 1, function: .cas, key: "x", value: [1, 2], outcome: .fail, invoke: 5,
                    complete: 12, line: 5),
                Operation(
                    index: 2, process: 2, function: .write, value: "aé\n", outcome: .info, invoke: 20, complete: nil,
                    line: 6),
            ])
        #expect(
            file.replicas == [
                ReplicaState(replica: "n1", values: ["x": 1]), ReplicaState(replica: "n2", values: [nil: 2]),
            ])
    }

    @Test func readsEventsJepsenStyleUsingTheirTimes() {
        let text = """
            {"process": 0, "type": "invoke", "f": "read", "time": 7}
            {"process": 1, "type": "invoke", "f": "write", "value": 3, "time": 8}
            {"process": 0, "type": "ok", "f": "read", "value": null, "time": 9}
            {"process": 1, "type": "ok", "f": "write", "value": 3, "time": 15}
            """
        #expect(
            operations(text) == [
                Operation(
                    index: 0, process: 0, function: .read, value: .null, outcome: .ok, invoke: 7, complete: 9, line: 1),
                Operation(
                    index: 1, process: 1, function: .write, value: 3, outcome: .ok, invoke: 8, complete: 15, line: 2),
            ])
    }

    @Test func malformedLinesAreReportedWithTheirLines() {
        let (bytes, lines) = marked(
            """
            {"process": 0, "f": "read", "value": 1, "type": "ok", "invoke": 0, "complete": 4}
            1️⃣{"process": 0, "f": "read", "value": 1, "type": "ok", "invoke": 0}
            2️⃣{"process": 0, "f": "read", "type": "ok", "invoke": 9, "complete": 4}
            3️⃣{"process": 0, "f": "read", "type": "invoke", "invoke": 1}
            4️⃣{"process": 0, "f": "read", "type": "ok", "invoke": 1, "complete": 2,}
            5️⃣{"process": 0, "type": "invoke", "f": "read"}
            6️⃣{"quorum-history": 2}
            7️⃣{"quorum-history": 1, "model": "queue"}
            8️⃣{"process": 1.5, "f": "read", "type": "ok", "invoke": 1, "complete": 2}
            9️⃣{"process": 0, "f": "read", "value": {"a": 1}, "type": "ok", "invoke": 1, "complete": 2}
            """)
        let found = diagnostics(bytes)
        #expect(found.map(\.line) == lines)
        #expect(
            found.map(\.message) == [
                "an operation of type ok needs its complete time",
                "complete (4) is before invoke (9)",
                "a whole operation's type is ok, fail or info; \"invoke\" is for events",
                "a JSON object key must be a string",
                "this line is an event but line 1 is a whole operation; use one style per file",
                "this is quorum-history version 2; only version 1 is known",
                "unknown model 'queue' (known: register, cas-register, kv)",
                "the process must be a whole number, not a fractional number",
                "a map as a value",
            ])
    }
}
