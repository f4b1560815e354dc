import PropertyBased
import QuorumCheck
import QuorumSim
import Testing

@Suite struct HistoryReaderTests {
    @Test(
        arguments: [
            ("INFO  jepsen.util - 0\t:invoke\t:read\tnil", HistoryFormat.jepsenLog),
            ("noise first\nINFO  jepsen.util - 0\t:ok\t:read\t1", .jepsenLog),
            ("{:process 0, :type :invoke, :f :read}", .edn),
            ("  { :process 0 }", .edn),
            (#"{"process": 0}"#, .jsonLines),
            ("{}\n# comment\n{ \"f\": \"read\" }", .jsonLines),
        ] as [(String, HistoryFormat)])
    func theFormatIsToldFromTheFirstLineThatGivesItAway(text: String, format: HistoryFormat) {
        let result = readHistory(text)
        let detected: HistoryFormat? =
            switch result {
            case .success(let file): file.format
            case .failure(let error):
                error.diagnostics.first.map { $0.message.contains("cannot tell the format") } == true ? nil : format
            }
        #expect(detected == format)
    }

    @Test func textInNoKnownFormatAsksForFormat() {
        #expect(
            diagnostics(Array("hello\nworld\n".utf8)).map(\.text) == [
                "h.txt: error: cannot tell the format: expected Jepsen log lines, EDN maps or JSON lines (name it with --format)"
            ])
    }

    @Test func anEmptyFileIsAnError() {
        #expect(
            diagnostics([], format: .given(.jsonLines)).map(\.text) == [
                "h.txt: error: no operations found in this json file"
            ])
    }

    @Test(arguments: [
        ("jepsen", HistoryFormat.jepsenLog), ("log", .jepsenLog), ("EDN", .edn), ("jsonl", .jsonLines),
        ("json-lines", .jsonLines),
    ])
    func formatsHaveNamesAndAliases(name: String, format: HistoryFormat) {
        #expect(HistoryFormat(name: name) == format)
    }

    @Test func windowsLineEndingsAreRead() {
        let text = "{:process 0, :type :invoke, :f :read}\r\n{:process 0, :type :ok, :f :read, :value 1}\r\n"
        #expect(operations(text).map(\.value) == [1])
    }

    @Test func anyBytesGiveAHistoryOrLineNumberedErrorsNeverACrash() async {
        let valid = [
            "INFO  jepsen.util - 3\t:invoke\t:cas\t[3 0]\nINFO  jepsen.util - 3\t:ok\t:cas\t[3 0]\n",
            "{:process 0, :type :invoke, :f :append, :key \"4\", :value \"x 0 1 y\"}\n{:process 0, :type :ok, :f :append, :key \"4\", :value \"x 0 1 y\"}\n",
            "{\"process\": 0, \"f\": \"read\", \"value\": 1, \"type\": \"ok\", \"invoke\": 0, \"complete\": 4}\n",
        ].map { Array($0.utf8) }
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            // Mutate a valid file of each format: flip, insert and delete random bytes.
            var bytes = valid[Int(seed % 3)]
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < bytes.count: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
                default: if position < bytes.count { bytes.remove(at: position) }
                }
            }
            let lineCount = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).count
            for format in [HistoryFormatChoice.detect, .given(.jepsenLog), .given(.edn), .given(.jsonLines)] {
                if case .failure(let error) = readHistory(bytes, format: format) {
                    #expect(!error.diagnostics.isEmpty)
                    #expect(error.diagnostics.allSatisfy { ($0.line ?? 1) >= 1 && ($0.line ?? 1) <= lineCount })
                }
            }
        }
    }

    @Test func deepNestingAndHugeNumbersAreRefusedNotCrashedOn() {
        let deep = String(repeating: "[", count: 100_000)
        for text in [
            "{:process 0, :type :invoke, :f :read, :value \(deep)}",
            "{\"process\": 0, \"f\": \"read\", \"value\": \(deep), \"type\": \"ok\", \"invoke\": 0, \"complete\": 1}",
            "{:process 0, :type :invoke, :f :read, :value " + String(repeating: "#_ ", count: 100_000) + "1}",
            "{:process 99999999999999999999999, :type :invoke, :f :read}",
            "INFO  jepsen.util - 0\t:invoke\t:write\t" + deep,
        ] {
            guard case .failure(let error) = readHistory(text) else {
                Issue.record("accepted: \(text.prefix(60))")
                continue
            }
            #expect(error.diagnostics.first?.line == 1)
        }
    }
}
