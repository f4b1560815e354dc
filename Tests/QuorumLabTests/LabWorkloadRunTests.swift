import Foundation
import QuorumLab
import Testing

/// Each workload against the course's reference node, which must pass, and a deliberately
/// broken one, which must be judged invalid for the reason it is broken.
@Suite struct LabWorkloadRunTests {
    @Test func echoNodePassesAndKeepsEveryPayload() {
        let result = LabFixtures.run(LabFixtures.options(.echo, LabFixtures.course("echo.py"), nodes: 1))
        #expect(result.verdict == .valid, "\(result.explanation)")
        // 20 operations a second for a second: some were issued, and every one came back.
        #expect(result.statistics.operations > 5)
        #expect(result.statistics.ok == result.statistics.operations)
        #expect(result.operations.allSatisfy { $0.response == $0.argument })
    }

    /// Timing is real, so two runs differ in how many operations fit; but the seed fixes which
    /// operations they are, in order, and where the nemesis cuts the network.
    @Test func theSeedFixesTheOperationsAndThePartitions() {
        func run(seed: UInt64) -> (payloads: [String], partitions: [String]) {
            var options = LabFixtures.options(.echo, LabFixtures.course("echo.py"), nodes: 3, seconds: 1.2, rate: 30)
            options.seed = seed
            options.nemesis = [.partition]
            options.nemesisInterval = 0.3
            let result = LabFixtures.run(options)
            let partitions = result.trace.compactMap { event -> String? in
                if case .partition(let spec) = event.kind { return spec.description }
                return nil
            }
            return (result.operations.compactMap(\.argument.stringValue), partitions)
        }
        let first = run(seed: 5)
        let second = run(seed: 5)
        let common = min(first.payloads.count, second.payloads.count)
        #expect(common > 10)
        #expect(first.payloads.prefix(common) == second.payloads.prefix(common))
        // Cut at 0.3 s and 0.9 s, healed between: two partitions, the same ones.
        #expect(first.partitions.count == 2)
        #expect(first.partitions == second.partitions)
        let other = run(seed: 6)
        #expect(other.payloads.prefix(10) != first.payloads.prefix(10))
    }

    @Test func echoNodeThatChangesThePayloadIsInvalid() {
        let result = LabFixtures.run(LabFixtures.options(.echo, LabFixtures.course("broken/echo_wrong.py"), nodes: 1))
        #expect(result.verdict == .invalid)
        #expect(result.problems.map(\.check) == ["echo"], "\(result.explanation)")
        #expect(result.problems.first?.text.contains("came back changed") == true)
    }

    @Test func uniqueIDsStayUniqueAndAvailableThroughPartitions() {
        var options = LabFixtures.options(.uniqueIDs, LabFixtures.course("unique_ids.py"), seconds: 1.5, rate: 100)
        options.nemesis = [.partition]
        options.nemesisInterval = 0.4
        options.availability = .total
        let result = LabFixtures.run(options)
        #expect(result.verdict == .valid, "\(result.explanation)")
        // The nemesis cut the network at 0.4 s and healed it at 0.8 s, and the trace shows both.
        #expect(result.trace.contains { if case .partition = $0.kind { true } else { false } })
        #expect(result.trace.contains { $0.kind == .heal })
        #expect(result.findings.contains { $0.check == "availability" && $0.verdict == .valid })
    }

    @Test func uniqueIDsFromACounterWithoutTheNodeIDClash() {
        let result = LabFixtures.run(
            LabFixtures.options(.uniqueIDs, LabFixtures.course("broken/unique_ids_clash.py"), rate: 60))
        #expect(result.verdict == .invalid)
        #expect(result.problems.first { $0.check == "unique-ids" }?.text.contains("handed out twice") == true)
    }

    @Test func gossipBroadcastSurvivesPartitions() {
        var options = LabFixtures.options(.broadcast, LabFixtures.course("broadcast.py"), nodes: 5, seconds: 2)
        options.latency = 5
        options.nemesis = [.partition]
        options.nemesisInterval = 0.5
        options.finalWait = 1.5
        let result = LabFixtures.run(options)
        #expect(result.verdict == .valid, "\(result.explanation)")
        #expect(result.statistics.messagesBetweenNodes > 0)
        #expect(result.statistics.stableLatencyP50 != nil)
        // Every node's final read holds every acknowledged value, even those sent during a cut.
        let acknowledged = result.operations.filter { $0.f == "broadcast" && $0.outcome == .ok }
            .compactMap(\.argument.intValue)
        #expect(!acknowledged.isEmpty)
        let finals = result.operations.filter(\.isFinal)
        #expect(finals.count == 5)
        for read in finals {
            let seen = Set(read.response.arrayValue?.compactMap(\.intValue) ?? [])
            #expect(acknowledged.allSatisfy(seen.contains), "\(read.node) lacks some")
        }
    }

    /// A node that gossips only every 2.5 s has not spread the last values when it is first
    /// read; the final reads are repeated until they agree, so it passes, as it should.
    @Test func slowGossipIsGivenTimeToConverge() throws {
        let path = try LabFixtures.script(
            "slow_gossip.py",
            """
            import json, os, select, sys, time
            node, peers, seen = None, [], set()
            next_gossip = time.time() + 2.5
            def send(dest, body):
                print(json.dumps({"src": node, "dest": dest, "body": body}), flush=True)
            def handle(message):
                global node, peers
                body = message["body"]
                kind = body["type"]
                reply = {"in_reply_to": body.get("msg_id")}
                if kind == "init":
                    node = body["node_id"]
                    send(message["src"], dict(reply, type="init_ok"))
                elif kind == "topology":
                    peers = [n for n in body["topology"] if n != node]
                    send(message["src"], dict(reply, type="topology_ok"))
                elif kind == "broadcast":
                    seen.add(body["message"])
                    send(message["src"], dict(reply, type="broadcast_ok"))
                elif kind == "read":
                    send(message["src"], dict(reply, type="read_ok", messages=sorted(seen)))
                elif kind == "gossip":
                    seen.update(body["values"])
            # Raw reads with select, so no line waits in Python's buffer while select sleeps.
            pending = b""
            while True:
                if select.select([0], [], [], 0.05)[0]:
                    chunk = os.read(0, 65536)
                    if not chunk:
                        break
                    pending += chunk
                    while b"\\n" in pending:
                        line, pending = pending.split(b"\\n", 1)
                        handle(json.loads(line))
                if node and time.time() >= next_gossip:
                    next_gossip += 2.5
                    for peer in peers:
                        send(peer, {"type": "gossip", "values": sorted(seen)})
            """)
        var options = LabFixtures.options(.broadcast, path, nodes: 3, seconds: 1)
        options.convergenceLimit = 4
        let result = LabFixtures.run(options)
        #expect(result.verdict == .valid, "\(result.explanation)")
        #expect(result.statistics.finalReadRounds > 1)
    }

    @Test func fireAndForgetFloodingLosesValuesAcrossAPartition() {
        var options = LabFixtures.options(.broadcast, LabFixtures.course("broadcast_flood.py"), nodes: 5, seconds: 2)
        options.latency = 5
        options.nemesis = [.partition]
        options.nemesisInterval = 0.5
        let result = LabFixtures.run(options)
        #expect(result.verdict == .invalid)
        #expect(
            result.problems.first { $0.check == "broadcast" }?.text.contains("missing from final reads") == true,
            "\(result.explanation)")
        #expect(result.statistics.messagesLost > 0)
    }

    @Test func broadcastThatNeverForwardsIsInvalidEvenWithoutFaults() {
        let result = LabFixtures.run(LabFixtures.options(.broadcast, LabFixtures.course("broken/broadcast_local.py")))
        #expect(result.verdict == .invalid)
        #expect(result.statistics.messagesBetweenNodes == 0)
        #expect(result.problems.contains { $0.check == "broadcast" }, "\(result.explanation)")
    }

    @Test func counterOnSeqKVEndsAtTheSumOfAcknowledgedAdds() {
        var options = LabFixtures.options(.gCounter, LabFixtures.course("counter.py"), seconds: 1.5, rate: 40)
        options.latency = 2
        let result = LabFixtures.run(options)
        #expect(result.verdict == .valid, "\(result.explanation)")
        let sum = result.operations.filter { $0.f == "add" && $0.outcome == .ok }.compactMap(\.argument.intValue)
            .reduce(0, +)
        #expect(sum > 0)
        #expect(result.operations.filter(\.isFinal).allSatisfy { $0.response.intValue == sum })
        #expect(result.statistics.messagesWithServices > 0)
    }

    @Test(arguments: ["broken/counter_local.py", "broken/counter_blind_write.py"])
    func brokenCountersAreOffAtTheEnd(node: String) {
        var options = LabFixtures.options(.gCounter, LabFixtures.course(node), seconds: 1.5, rate: 40)
        options.latency = 2
        let result = LabFixtures.run(options)
        #expect(result.verdict == .invalid)
        #expect(
            result.problems.first { $0.check == "g-counter" }?.text.contains("final reads are off") == true,
            "\(result.explanation)")
    }

    @Test func linKVProxyIsLinearizable() {
        var options = LabFixtures.options(.linKV, LabFixtures.course("lin_kv.py"), seconds: 1.5, rate: 40)
        options.latency = 2
        let result = LabFixtures.run(options)
        #expect(result.verdict == .valid, "\(result.explanation)")
        #expect(result.statistics.messagesWithServices > 0)
    }

    @Test func linKVWithADictionaryPerNodeIsNotLinearizable() {
        var options = LabFixtures.options(
            .linKV, LabFixtures.course("broken/lin_kv_local.py"), seconds: 1.5, rate: 60)
        options.latency = 2
        options.keyCount = 2
        let result = LabFixtures.run(options)
        #expect(result.verdict == .invalid)
        #expect(result.problems.map(\.check) == ["linearizable"], "\(result.explanation)")
    }
}
