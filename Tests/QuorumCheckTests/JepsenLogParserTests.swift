import QuorumCheck
import Testing

@Suite struct JepsenLogParserTests {
    @Test func readsEtcdLogLinesPairingEachInvokeWithItsProcesssNextCompletion() {
        let log = [
            "2017-03-19 INFO  jepsen.core - Running test etcd",
            "INFO  jepsen.util - 3\t:invoke\t:cas\t[3 0]",
            "INFO  jepsen.util - 1\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 3\t:fail\t:cas\t[3 0]",
            "INFO  jepsen.util - 1\t:ok\t:read\tnil",
            "INFO  jepsen.util - 2\t:invoke\t:write\t4",
            "INFO  jepsen.util - 1\t:invoke\t:read\tnil",
            "INFO  jepsen.util - 2\t:info\t:write\t:timed-out",
            "INFO  jepsen.util - 1\t:fail\t:read\t:timed-out",
            "INFO  jepsen.util - :nemesis\t:info\t:start\tnil",
            "INFO  jepsen.util - 4\t:invoke\t:write\t1",
        ].joined(separator: "\n")
        // Times are the positions of the nine operation lines (the first and the nemesis line
        // are skipped): cas 1–3, read 2–4, write 5–7, read 6–8, write 9 still pending.
        #expect(
            operations(log) == [
                Operation(
                    index: 0, process: 3, function: .cas, value: [3, 0], outcome: .fail, invoke: 1, complete: 3, line: 2
                ),
                Operation(
                    index: 1, process: 1, function: .read, value: .null, outcome: .ok, invoke: 2, complete: 4, line: 3),
                Operation(
                    index: 2, process: 2, function: .write, value: 4, outcome: .info, invoke: 5, complete: 7, line: 6),
                Operation(
                    index: 3, process: 1, function: .read, value: .null, outcome: .info, invoke: 6, complete: 8, line: 7
                ),
                Operation(
                    index: 4, process: 4, function: .write, value: 1, outcome: .info, invoke: 9, complete: nil, line: 11
                ),
            ])
    }

    @Test func aReadsResultComesFromItsCompletion() {
        let log = "INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read\t3\n"
        #expect(operations(log).map(\.value) == [3])
    }

    @Test func malformedOperationLinesAreReportedWithTheirLineAndTheRestStillChecked() {
        let (bytes, lines) = marked(
            """
            INFO  jepsen.util - 0\t:invoke\t:read\tnil
            1️⃣INFO  jepsen.util - x\t:invoke\t:read\tnil
            2️⃣INFO  jepsen.util - 1\t:invoke\tread\tnil
            3️⃣INFO  jepsen.util - 1\t:invoke\t:cas\t[1 2
            4️⃣INFO  jepsen.util - 2\t:ok\t:read\t3
            INFO  jepsen.util - 0\t:ok\t:read\tnil
            """)
        let found = diagnostics(bytes)
        #expect(found.map(\.line) == lines)
        #expect(found.first?.text == "h.txt:2: error: expected a process number before the first tab, found 'x'")
        #expect(found[1].text.contains("expected a function keyword such as :read"))
        #expect(found[2].text.contains("cannot read the value '[1 2'"))
        #expect(found[3].text == "h.txt:5: error: process 2 completes an operation it never invoked")
    }

    @Test func aLogWithNoOperationLinesIsAnError() {
        let found = diagnostics(Array("INFO jepsen.core - nothing\n".utf8), format: .given(.jepsenLog))
        #expect(found.map(\.text) == ["h.txt: error: no operations found in this jepsen file"])
    }
}
