import QuorumCheck
import QuorumSim
import Testing

@testable import QuorumLab

@Suite struct KVServiceTests {
    private func request(_ type: String, _ fields: [(String, DataValue)], id: Int = 1) -> DataValue {
        .object([("type", .string(type)), ("msg_id", .integer(id))] + fields)
    }

    private func read(_ service: KVService, _ key: Int, by caller: String, at time: Int64 = 0) -> DataValue {
        service.handle(request("read", [("key", .integer(key))]), from: caller, now: time)
    }

    private func write(_ service: KVService, _ key: Int, _ value: Int, by caller: String, at time: Int64 = 0) {
        _ = service.handle(
            request("write", [("key", .integer(key)), ("value", .integer(value))]), from: caller, now: time)
    }

    @Test func linKVReadsTheLatestAndAnswersWithMaelstromsErrors() {
        let service = KVService(kind: .linearizable, random: SplitMix64(seed: 1))
        let missing = read(service, 1, by: "n0")
        #expect(missing.field("type") == .string("error"))
        #expect(missing.field("code") == .integer(20))
        #expect(missing.field("in_reply_to") == .integer(1))
        write(service, 1, 5, by: "n0")
        #expect(read(service, 1, by: "n1").field("value") == .integer(5))

        let wrongFrom = service.handle(
            request("cas", [("key", .integer(1)), ("from", .integer(4)), ("to", .integer(6))]), from: "n1", now: 0)
        #expect(wrongFrom.field("code") == .integer(22))
        let rightFrom = service.handle(
            request("cas", [("key", .integer(1)), ("from", .integer(5)), ("to", .integer(6))]), from: "n1", now: 0)
        #expect(rightFrom.field("type") == .string("cas_ok"))
        #expect(read(service, 1, by: "n0").field("value") == .integer(6))

        let created = service.handle(
            request(
                "cas",
                [
                    ("key", .integer(2)), ("from", .integer(0)), ("to", .integer(1)),
                    ("create_if_not_exists", .bool(true)),
                ]),
            from: "n0", now: 0)
        #expect(created.field("type") == .string("cas_ok"))
        #expect(
            service.handle(request("append", [("key", .integer(1))]), from: "n0", now: 0).field("code") == .integer(10))
        #expect(service.handle(request("read", []), from: "n0", now: 0).field("code") == .integer(12))
    }

    /// seq-kv may serve an old value, but never goes back in time for a caller, always shows a
    /// caller its own writes, and compares a cas against the latest value.
    @Test func seqKVIsStaleButSequential() {
        var staleReads = 0
        for seed in 1...30 {
            let service = KVService(kind: .sequential, random: SplitMix64(seed: UInt64(seed)))
            for value in 1...10 { write(service, 0, value, by: "n0") }
            var last = 0
            for _ in 0..<20 {
                let value = read(service, 0, by: "n1").field("value")?.intValue ?? 0
                #expect(value >= last, "seed \(seed): n1 read \(value) after \(last)")
                if value < 10 { staleReads += 1 }
                last = value
            }
            // The cas compares against 10, the latest, whatever n1's view.
            let cas = service.handle(
                request("cas", [("key", .integer(0)), ("from", .integer(10)), ("to", .integer(11))]), from: "n2", now: 0
            )
            #expect(cas.field("type") == .string("cas_ok"))
            // n2's own write is visible to n2 at once.
            #expect(read(service, 0, by: "n2").field("value") == .integer(11))
        }
        // Staleness is real: over 600 reads some returned an old value.
        #expect(staleReads > 0)
    }

    @Test func lwwKVConvergesAfterReplicationButIsStaleBefore() {
        var staleBeforeReplication = 0
        for seed in 1...20 {
            let service = KVService(kind: .lastWriterWins, random: SplitMix64(seed: UInt64(seed)))
            write(service, 0, 1, by: "n0", at: 0)
            for _ in 0..<6 where read(service, 0, by: "n1", at: 1).field("value") != .integer(1) {
                staleBeforeReplication += 1
            }
            // Once every write has reached every replica, they all agree.
            let later = KVService.replicationDelay + 1
            for _ in 0..<6 { #expect(read(service, 0, by: "n1", at: later).field("value") == .integer(1)) }
        }
        #expect(staleBeforeReplication > 0)
    }
}
