import QuorumCheck
import Testing

@testable import QuorumLab

/// The workloads' checks on histories written by hand, where the right verdict is clear.
@Suite struct LabCheckTests {
    private func operation(
        _ f: String, node: String = "n0", process: Int = 0, argument: DataValue = .null, response: DataValue = .null,
        key: DataValue? = nil, _ outcome: Operation.Outcome = .ok, from invoke: Int64, to complete: Int64?,
        final: Bool = false
    ) -> LabOperation {
        LabOperation(
            process: process, client: "c1", node: node, f: f, key: key, argument: argument, invoke: invoke,
            complete: complete, outcome: outcome, response: response, isFinal: final)
    }

    private func input(_ operations: [LabOperation], nodes: [String] = ["n0", "n1"]) -> LabCheckInput {
        LabCheckInput(operations: operations, nodes: nodes, options: LabOptions(workload: .echo, binary: "/bin/true"))
    }

    private func finalReads(_ values: [Int], at time: Int64 = 100) -> [LabOperation] {
        values.enumerated().map { index, value in
            operation(
                "read", node: "n\(index)", process: 10 + index, response: .integer(value), from: time, to: time + 1,
                final: true)
        }
    }

    @Test func aCounterMustEndBetweenTheAcknowledgedAndThePossibleAdds() {
        let adds = [
            operation("add", argument: 3, from: 0, to: 5),
            operation("add", process: 1, argument: 4, .info, from: 1, to: nil),
            operation("add", process: 2, argument: 9, .fail, from: 2, to: 6),
        ]
        // 3 acknowledged, 4 unknown, the failed 9 never happened: 3 to 7 are all right.
        #expect(GCounterWorkload().check(input(adds + finalReads([3, 7]))).map(\.verdict) == [.valid])
        let tooLow = GCounterWorkload().check(input(adds + finalReads([3, 2])))
        #expect(tooLow.map(\.verdict) == [.invalid])
        #expect(tooLow.first?.text.contains("n1 read 2") == true)
        // Counting the failed add is as wrong as losing one.
        #expect(GCounterWorkload().check(input(adds + finalReads([12, 12]))).contains { $0.verdict == .invalid })
        // A node that never answers its final read is named.
        let silent = GCounterWorkload().check(input(adds + [finalReads([3])[0]]))
        #expect(silent.first?.text == "no answer to the final read from n1")
    }

    @Test func noReadMayCountAnAddThatHadNotBegun() {
        let operations = [
            operation("add", argument: 3, from: 0, to: 4),
            operation("add", process: 1, argument: 4, from: 10, to: 14),
            // By 5 only the first add had begun: 4 is too much. By 12 both had: 7 is fine.
            operation("read", process: 2, response: 4, from: 2, to: 5),
            operation("read", node: "n1", process: 3, response: 7, from: 2, to: 12),
        ]
        let findings = GCounterWorkload().check(input(operations + finalReads([7, 7], at: 20)))
        #expect(findings.map(\.text) == ["reads counted adds that never happened: n0 read 4 when at most 3 was added"])
    }

    @Test func aBroadcastValueMustReachEveryFinalRead() {
        let operations = [
            operation("broadcast", argument: 1, from: 0, to: 10),
            operation("broadcast", process: 1, argument: 2, from: 0, to: 10),
            operation("read", node: "n1", process: 2, response: [1], from: 20, to: 30),
            operation("read", node: "n0", process: 10, response: [1, 2], from: 100, to: 101, final: true),
            operation("read", node: "n1", process: 11, response: [1], from: 100, to: 101, final: true),
        ]
        let findings = BroadcastWorkload(topology: .grid).check(input(operations))
        #expect(findings.map(\.verdict) == [.invalid])
        #expect(findings.first?.text == "acknowledged broadcasts missing from final reads: n1 lacks 2")
        // Value 1 was in every read; value 2 is lost, so it has no stable latency.
        #expect(BroadcastWorkload.stableLatencies(operations) == [0])
    }

    @Test func stableLatencyIsWhenTheLastReadWithoutTheValueEnded() {
        let operations = [
            operation("broadcast", argument: 7, from: 0, to: 10),
            operation("read", node: "n1", process: 1, response: [], from: 20, to: 150),
            operation("read", node: "n1", process: 1, response: [7], from: 200, to: 210),
            operation("read", node: "n0", process: 10, response: [7], from: 300, to: 301, final: true),
            operation("read", node: "n1", process: 11, response: [7], from: 300, to: 301, final: true),
        ]
        #expect(BroadcastWorkload(topology: .grid).check(input(operations)).map(\.verdict) == [.valid])
        #expect(BroadcastWorkload.stableLatencies(operations) == [150])
    }

    @Test func aReadOfANumberNobodyBroadcastIsInvalid() {
        let operations = [
            operation("broadcast", argument: 1, from: 0, to: 10),
            operation("read", node: "n0", process: 10, response: [1, 99], from: 100, to: 101, final: true),
            operation("read", node: "n1", process: 11, response: [1], from: 100, to: 101, final: true),
        ]
        let findings = BroadcastWorkload(topology: .grid).check(input(operations))
        #expect(findings.first?.text == "reads returned numbers no client broadcast: n0 read 99")
    }

    @Test func linKVHistoriesAreCheckedForLinearizability() {
        let key = DataValue.integer(0)
        let stale = [
            operation("write", process: 0, argument: 1, key: key, from: 0, to: 10),
            operation("read", node: "n1", process: 1, response: .null, key: key, from: 20, to: 30),
        ]
        let findings = LinKVWorkload(keyCount: 1).check(input(stale))
        #expect(findings.map(\.verdict) == [.invalid])
        #expect(findings.first?.text.contains("That read went through n1") == true, "\(findings)")
        // The same read, concurrent with the write, may see the old value.
        let concurrent = [
            operation("write", process: 0, argument: 1, key: key, from: 0, to: 30),
            operation("read", node: "n1", process: 1, response: .null, key: key, from: 20, to: 25),
        ]
        #expect(LinKVWorkload(keyCount: 1).check(input(concurrent)).map(\.verdict) == [.valid])
    }

    @Test func readingAMissingKeyIsANilReadNotAFailure() {
        let workload = LinKVWorkload(keyCount: 1)
        let read = LabRequest(f: "read", fields: [("key", 0)], key: 0)
        #expect(workload.errorOutcome(for: read, code: ErrorCode.keyDoesNotExist) == (.ok, .null))
        let cas = LabRequest(f: "cas", fields: [], argument: [1, 2], key: 0)
        #expect(workload.errorOutcome(for: cas, code: ErrorCode.preconditionFailed).0 == .fail)
        // A timeout leaves the outcome unknown.
        #expect(workload.errorOutcome(for: cas, code: ErrorCode.timeout).0 == .info)
    }

    @Test func duplicateIDsAreCaughtAsJSONValues() {
        let operations = [
            operation("generate", node: "n0", response: "n0-1", from: 0, to: 1),
            operation("generate", node: "n1", process: 1, response: 1, from: 0, to: 1),
            operation("generate", node: "n1", process: 1, response: "1", from: 2, to: 3),
        ]
        // 1 and "1" differ; nothing repeats.
        #expect(UniqueIDsWorkload().check(input(operations)).map(\.verdict) == [.valid])
        let repeated = operations + [operation("generate", node: "n2", process: 2, response: "n0-1", from: 4, to: 5)]
        let findings = UniqueIDsWorkload().check(input(repeated))
        #expect(findings.first?.text == "1 id was handed out twice: \"n0-1\" from n0 and again from n2")
    }
}
