import QuorumSim
import Testing

@Suite struct NetworkFaultTests {
    let splitBrain = PartitionSpec(groups: [["n1", "n2"], ["n3"]], shape: .symmetric)

    @Test func nothingCrossesAPartitionWhileEachSideStillTalks() throws {
        let sim = try simulation(nodes: 3) { $0.partition = splitBrain }
        #expect(sim.drain(until: 0) == ["0s network"])
        let names = ["n1", "n2", "n3"]
        for from in names {
            for to in names where to != from {
                for round in 1...5 { sim.send("\(from)>\(to) \(round)", from, to) }
            }
        }
        _ = sim.drain()
        // Six links, five messages each: only n1<->n2 stays on one side of the cut.
        #expect(sim.deliveredLinks.filter { $0 == "n1->n2" }.count == 5)
        #expect(sim.deliveredLinks.filter { $0 == "n2->n1" }.count == 5)
        #expect(sim.delivered == 10)
        #expect(sim.dropReasons == Array(repeating: .partition, count: 20))
    }

    @Test func aMessageInFlightWhenThePartitionStartsIsLostWhenItWouldHaveArrived() throws {
        let cut = PartitionSpec(groups: [["n1"], ["n2"]], shape: .symmetric)
        let sim = try simulation(nodes: 2) {
            $0.partition = cut
            $0.partitionAt = 5 * SimDuration.millisecond
        }
        let id = sim.send("hello", "n1", "n2")
        #expect(sim.drain() == ["5ms network"])
        // Sent at 0 with 10 ms latency: the cut at 5 ms catches it at 10 ms, on arrival.
        #expect(
            sim.trace == [
                TraceEvent(time: 0, kind: .send(id: id, from: 0, to: 1, label: "hello", detail: "hello", copy: false)),
                TraceEvent(time: 5_000, kind: .partition(cut)),
                TraceEvent(time: 10_000, kind: .drop(id: id, from: 0, to: 1, label: "hello", reason: .partition)),
            ])
    }

    @Test func aMessageTheModelLosesIsTracedAsLostAndNeverArrives() throws {
        let sim = try simulation(nodes: 2)
        let lost = sim.sendLost("ack 1", from: .n2, to: .n1)
        sim.send("ack 2", "n2", "n1")
        #expect(sim.drain() == ["10ms n2->n1 ack 2 #1"])
        #expect(lost == 0)
        #expect(sim.sent == 2 && sim.delivered == 1 && sim.dropped == 1)
        #expect(sim.trace[1] == TraceEvent(time: 0, kind: .drop(id: 0, from: 1, to: 0, label: "ack 1", reason: .loss)))
        // Nothing leaves a crashed node, whatever the model decided.
        _ = sim.crash(.n2)
        sim.sendLost("ack 3", from: .n2, to: .n1)
        #expect(sim.dropReasons == [.loss, .senderDown])
    }

    @Test func aOneWayCutStopsOnlyTheTrafficItPointsAt() throws {
        let sim = try simulation(nodes: 3) {
            $0.partition = PartitionSpec(groups: [["n1"], ["n3"]], shape: .oneWay)
        }
        #expect(sim.drain(until: 0) == ["0s network"])
        sim.send("there", "n1", "n3")
        sim.send("back", "n3", "n1")
        sim.send("aside", "n1", "n2")
        #expect(sim.drain() == ["10ms n3->n1 back #1", "10ms n1->n2 aside #2"])
        #expect(sim.dropReasons == [.partition])
    }

    @Test func healingLetsMessagesThroughAgain() throws {
        let sim = try simulation(nodes: 2) {
            $0.partition = PartitionSpec(groups: [["n1"], ["n2"]], shape: .symmetric)
            $0.healAt = SimDuration.second
        }
        #expect(sim.drain(until: 0) == ["0s network"])
        sim.send("during", "n1", "n2")
        #expect(sim.drain(until: SimDuration.second) == ["1s network"])
        #expect(sim.activePartition == nil)
        sim.send("after", "n1", "n2")
        #expect(sim.drain() == ["1.01s n1->n2 after #1"])
        #expect(sim.dropReasons == [.partition])
    }

    @Test(arguments: [(0.0, 100), (1.0, 0)] as [(Double, Int)])
    func theLossRateDecidesWhatArrives(loss: Double, arriving: Int) throws {
        let sim = try simulation(nodes: 2) { $0.loss = loss }
        for number in 1...100 { sim.send("m\(number)", "n1", "n2") }
        #expect(sim.drain().count == arriving)
        #expect(sim.delivered == arriving)
        #expect(sim.dropReasons == Array(repeating: .loss, count: 100 - arriving))
    }

    @Test func aLossRateInBetweenLosesThatShareOfMessages() throws {
        // 10,000 draws at 0.3: the binomial standard deviation of the share is
        // sqrt(0.3 * 0.7 / 10,000) ≈ 0.0046, so 0.02 is more than four of them.
        let sim = try simulation(nodes: 2) { $0.loss = 0.3 }
        for number in 1...10_000 { sim.send("m\(number)", "n1", "n2") }
        _ = sim.drain()
        #expect(abs(Double(sim.dropped) / 10_000 - 0.3) < 0.02)
        #expect(sim.delivered + sim.dropped == 10_000)
    }

    @Test func duplicationOneDeliversEveryMessageTwiceUnderOneID() throws {
        let sim = try simulation(nodes: 2) { $0.duplication = 1 }
        let ids = (1...10).map { sim.send("m\($0)", "n1", "n2") }
        var deliveries: [Int: Int] = [:]
        while let event = sim.next() {
            if case .message(_, _, _, let id) = event { deliveries[id, default: 0] += 1 }
        }
        #expect(deliveries == Dictionary(uniqueKeysWithValues: ids.map { ($0, 2) }))
        // The copies count as sent, and the trace marks them as the network's doing.
        #expect(sim.sent == 20)
        let copies = sim.trace.filter { event in
            if case .send(_, _, _, _, _, true) = event.kind { return true }
            return false
        }
        #expect(copies.count == 10)
    }

    @Test(
        arguments: [
            (true, ["10ms n1->n2 c #2", "10ms n2->n3 d #3", "50ms n1->n3 a #0", "50ms n3->n1 b #1"]),
            (false, ["10ms n3->n1 b #1", "10ms n1->n2 c #2", "10ms n2->n3 d #3", "50ms n1->n3 a #0"]),
        ])
    func aLinkLatencyOverrideSlowsThatLinkOnly(bothWays: Bool, arrivals: [String]) throws {
        // Every link takes the default 10 ms except n1-n3 (or only n1>n3), which takes 50 ms.
        let slow = LinkLatency(
            from: "n1", to: "n3", bothWays: bothWays, latency: .constant(50 * SimDuration.millisecond))
        let sim = try simulation(nodes: 3) { $0.links = [slow] }
        sim.send("a", "n1", "n3")
        sim.send("b", "n3", "n1")
        sim.send("c", "n1", "n2")
        sim.send("d", "n2", "n3")
        #expect(sim.drain() == arrivals)
    }

    @Test func aMessageDroppedByHandNeverArrives() throws {
        let sim = try simulation(nodes: 2)
        let doomed = sim.send("doomed", "n1", "n2")
        sim.send("kept", "n1", "n2")
        #expect(sim.inFlight().map(\.label) == ["doomed", "kept"])
        #expect(sim.dropMessage(doomed))
        #expect(sim.inFlight().map(\.label) == ["kept"])
        #expect(!sim.dropMessage(doomed))
        #expect(sim.drain() == ["10ms n1->n2 kept #1"])
        #expect(sim.dropReasons == [.injected])
    }
}
