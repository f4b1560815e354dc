import PropertyBased
import QuorumModels
import QuorumSim
import Testing

/// The schedule every exact count below is reasoned from, with the defaults (10 ms constant
/// latency, a message every 50 ms, 40 ms of processing, two consumers): message i (from 0)
/// is published at 50i ms, stored by n1 at 50i+10, and reaches consumer i mod 2 (n2 for even
/// i, n3 for odd) at 50i+20. The consumer charges at 50i+40, finishes and acks at 50i+60,
/// and the ack reaches n1 at 50i+70, long before the 200 ms ack timeout. So n2 works on one
/// message at a time, the even ones, each during [50i+20, 50i+60).
@Suite struct MessageQueueModelTests {
    let model = MessageQueueModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed)
    }

    /// A run inside a property check, which does not report errors thrown from its body: a
    /// run that cannot start is recorded as a failure here instead.
    func checkedRun(_ overrides: [(String, String)], seed: UInt64) -> SimulationRun? {
        do {
            return try run(overrides, seed: seed)
        } catch {
            Issue.record("\(overrides) seed \(seed): \(error)")
            return nil
        }
    }

    func metrics(_ run: SimulationRun) -> (lost: Double?, duplicates: Double?) {
        (run.metric("lost-messages"), run.metric("duplicate-effects"))
    }

    /// Crash times on a 5 ms offset from the schedule's 10 ms grid, so a crash never ties with
    /// a charge or an ack.
    static let crashTimes: [Int] = (0..<100).map { 5 + 10 * $0 }

    /// Even messages of 20 whose charge (at 50i+40 ms) comes after a crash of n2 at `time`.
    static func unchargedEven(at time: Int) -> Int {
        stride(from: 0, to: 20, by: 2).count { 50 * $0 + 40 > time }
    }

    /// Even messages that n2 has charged but not yet acknowledged at `time`: at most one.
    static func chargedUnacknowledged(at time: Int) -> Int {
        stride(from: 0, to: 20, by: 2).count { 50 * $0 + 40 < time && time < 50 * $0 + 60 }
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(try run([]).metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test(arguments: ["at-most-once", "at-least-once"])
    func withoutFaultsEveryMessageIsChargedOnce(delivery: String) throws {
        let result = try run([("delivery", delivery), ("ack-loss", "0"), ("messages", "50")])
        #expect(metrics(result) == (0, 0))
    }

    @Test(arguments: crashTimes)
    func atMostOnceLosesEveryMessageNotChargedBeforeTheCrash(time: Int) throws {
        // The broker counts a message done when it hands it out, so whatever n2 had not charged
        // when it crashed (the one it was working on, if before its charge, and every later
        // even message, dropped at the dead node) is gone. Nothing is sent twice.
        let result = try run([("delivery", "at-most-once"), ("crash", "n2@\(time)ms")])
        #expect(metrics(result) == (Double(Self.unchargedEven(at: time)), 0))
    }

    @Test func aCrashBeforeTheChargeLosesFiveMessagesAtMostOnce() throws {
        // At 530 ms n2 holds m11 (i = 10, [520, 560)), not yet charged (540): m11, m13, m15,
        // m17 and m19 are lost. At 550 ms m11 is charged, so four are.
        let before = try run([("delivery", "at-most-once"), ("crash", "n2@530ms")])
        let after = try run([("delivery", "at-most-once"), ("crash", "n2@550ms")])
        #expect(metrics(before) == (5, 0))
        #expect(metrics(after) == (4, 0))
    }

    @Test(arguments: crashTimes)
    func atLeastOnceRechargesOnlyTheMessageChargedButNotAcknowledged(time: Int) throws {
        // Every message n2 never acknowledged is redelivered to n3 after the ack timeout, so
        // none is lost. Only a message n2 had charged but not acked is charged twice.
        let result = try run([("delivery", "at-least-once"), ("ack-loss", "0"), ("crash", "n2@\(time)ms")])
        #expect(metrics(result) == (0, Double(Self.chargedUnacknowledged(at: time))))
    }

    @Test func aCrashBetweenChargeAndAckIsOneDoubleCharge() throws {
        // At 550 ms n2 has charged m11 (540) and not acked it (560): n3 gets it at 720 ms and
        // charges it again. With the id recorded in the ledger, n3 skips it instead.
        let plain = try run([("ack-loss", "0"), ("crash", "n2@550ms")])
        let idempotent = try run([("ack-loss", "0"), ("crash", "n2@550ms"), ("idempotent-consumer", "on")])
        #expect(metrics(plain) == (0, 1))
        #expect(metrics(idempotent) == (0, 0))
        #expect(plain.narrative.contains { $0.text == "n3 charges m11 a second time: a double charge" })
    }

    @Test func everyLostAckIsExactlyOneDoubleCharge() async {
        // An ack lost on its way makes n1 redeliver after 200 ms, and the message is processed
        // and charged once more; the ack of that try may be lost too. So a message is charged
        // once plus once per lost ack, and the double charges equal the lost acks exactly.
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            guard let result = checkedRun([("ack-loss", "0.3"), ("messages", "40")], seed: seed) else { return }
            #expect(result.metric("duplicate-effects") == Double(lostAcks(in: result)))
            #expect(result.metric("lost-messages") == 0)
        }
    }

    @Test func anIdempotentConsumerAbsorbsEveryLostAck() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            let overrides = [("ack-loss", "0.3"), ("messages", "40"), ("idempotent-consumer", "on")]
            guard let result = checkedRun(overrides, seed: seed) else { return }
            // 40 acks at 30% loss: no lost ack at all has odds of 0.7^40, under one in a million.
            #expect(lostAcks(in: result) > 0)
            #expect(metrics(result) == (0, 0))
        }
    }

    @Test func atLeastOnceWithAnIdempotentConsumerNeitherLosesNorDuplicates() async {
        // The headline: lost acks, lost and duplicated messages, and crashes of consumers and
        // of the broker, all restarted; no message is lost and none is charged twice.
        var doubleChargesWithoutIdempotency = 0.0
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            let faults = Self.randomFaults(seed: seed)
            guard let result = checkedRun(faults + [("idempotent-consumer", "on")], seed: seed),
                let plain = checkedRun(faults, seed: seed)
            else { return }
            #expect(metrics(result) == (0, 0), "faults: \(faults)")
            #expect(confirmedPublishes(in: result) == 20, "faults: \(faults)")
            #expect(plain.metric("lost-messages") == 0)
            doubleChargesWithoutIdempotency += plain.metric("duplicate-effects") ?? 0
        }
        // The same faults without the ledger check do charge twice, so the zeros above are the
        // consumer's doing, not a run too gentle to cause duplicates.
        #expect(doubleChargesWithoutIdempotency > 50)
    }

    @Test func atMostOnceWithACrashedConsumerLosesMessages() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let time = 5 + 10 * Int(random.next() % 90)
            let overrides = [("delivery", "at-most-once"), ("crash", "n2@\(time)ms")]
            guard let result = checkedRun(overrides, seed: seed) else { return }
            // m19 (i = 18) reaches n2 at 920 ms, after any of these crashes, so at least it is lost.
            #expect((result.metric("lost-messages") ?? 0) >= 1)
            #expect(result.metric("lost-messages") == Double(Self.unchargedEven(at: time)))
        }
    }

    /// Crashes and restarts of both consumers and the broker, with lost and duplicated messages
    /// and lost acks, drawn from the seed; every crashed node comes back.
    static func randomFaults(seed: UInt64) -> [(String, String)] {
        var random = SplitMix64(seed: seed ^ 0x5EED)
        var crashes: [String] = []
        var restarts: [String] = []
        for node in ["n1", "n2", "n3"] where random.nextUnit() < 0.7 {
            let down = 50 + Int(random.next() % 900)
            let up = down + 50 + Int(random.next() % 600)
            crashes.append("\(node)@\(down)ms")
            restarts.append("\(node)@\(up)ms")
        }
        var faults = [("ack-loss", "0.3"), ("loss", "0.1"), ("dup", "0.1")]
        if !crashes.isEmpty {
            faults += [("crash", crashes.joined(separator: ",")), ("restart", restarts.joined(separator: ","))]
        }
        return faults
    }
}

/// Acks the model chose to lose (`ack-loss`); with `loss=0` the network loses nothing else.
private func lostAcks(in run: SimulationRun) -> Int {
    run.trace.count { event in
        if case .drop(_, _, _, let label, .loss) = event.kind { return label.hasPrefix("ack ") }
        return false
    }
}

/// Publishes the broker confirmed to the producer.
private func confirmedPublishes(in run: SimulationRun) -> Int {
    run.trace.count { event in
        if case .complete(_, let operation, "ok") = event.kind { return operation.hasPrefix("publish ") }
        return false
    }
}
