import QuorumCheck
import Testing

@Suite struct EDNHistoryParserTests {
    @Test func readsJepsenMapsWithKeysAndSkipsTheNemesisCommentsAndBlankLines() {
        let history = """
            ; a kv history
            {:process 0, :type :invoke, :f :append, :key "4", :value "x 0 1 y"}
            {:process 1, :type :invoke, :f :get, :key "4", :value nil}

            {:process :nemesis, :type :info, :f :start, :value nil}
            {:process 0, :type :ok, :f :append, :key "4", :value "x 0 1 y"}
            {:process 1, :type :ok, :f :get, :key "4", :value ""}
            {:process 2 :type :invoke :f :put :key 7 :value "a\\"b"}
            """
        #expect(
            operations(history) == [
                Operation(
                    index: 0, process: 0, function: .append, key: "4", value: "x 0 1 y", outcome: .ok, invoke: 1,
                    complete: 3, line: 2),
                Operation(
                    index: 1, process: 1, function: .get, key: "4", value: "", outcome: .ok, invoke: 2, complete: 4,
                    line: 3),
                Operation(
                    index: 2, process: 2, function: .put, key: "7", value: "a\"b", outcome: .info, invoke: 5,
                    complete: nil, line: 8),
            ])
    }

    @Test func timesAreUsedWhenEveryEventHasOne() {
        let history = """
            {:process 0, :type :invoke, :f :write, :value 1, :time 1000}
            {:process 0, :type :ok, :f :write, :value 1, :time 2500}
            """
        let read = operations(history)
        #expect(read.map(\.invoke) == [1000])
        #expect(read.map(\.complete) == [2500])
    }

    @Test func malformedMapsAreReportedWithTheirLines() {
        let (bytes, lines) = marked(
            """
            {:process 0, :type :invoke, :f :read, :value nil}
            1️⃣[1 2]
            2️⃣{:type :invoke, :f :read}
            3️⃣{:process 1, :type :begin, :f :read}
            4️⃣{:process 1, :type :invoke, :f :read, :value "open}
            5️⃣{:process 1, :type}
            6️⃣{:process 0, :type :ok, :f :write, :value 1}
            7️⃣{:process 0, :type :invoke, :f :read, :value [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}
            """)
        let found = diagnostics(bytes)
        #expect(found.map(\.line) == lines)
        #expect(
            found.map(\.message) == [
                "expected a map such as {:process 0, :type :invoke, :f :read}, found a list",
                "missing process",
                "unknown type 'begin' (expected invoke, ok, fail or info)",
                "a string is not closed before the end of the line",
                "a map needs a value for every key",
                "process 0 completes 'write' but invoked 'read' on line 1",
                "values nested too deeply",
            ])
    }

    @Test func aSecondInvokeBeforeTheFirstCompletedIsAnError() {
        let (bytes, lines) = marked(
            """
            {:process 0, :type :invoke, :f :read}
            1️⃣{:process 0, :type :invoke, :f :write, :value 2}
            """)
        let found = diagnostics(bytes)
        #expect(found.map(\.line) == lines)
        #expect(
            found.first?.text.contains("invokes a new operation before its operation from line 1 completed") == true)
    }
}
