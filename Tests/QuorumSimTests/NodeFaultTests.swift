import QuorumSim
import Testing

@Suite struct NodeFaultTests {
    let ms = SimDuration.millisecond

    func at(_ name: String, _ time: SimTime) -> ScheduledNodeFault {
        ScheduledNodeFault(target: .node(name), time: time)
    }

    @Test func aCrashedNodeReceivesNothingAndSendsNothing() throws {
        let sim = try simulation(nodes: 2) { $0.crashes = [at("n2", 5 * ms)] }
        sim.send("too late", "n1", "n2")
        #expect(sim.drain() == ["5ms n2 crashed"])
        #expect(sim.status(of: .n2) == .crashed)
        sim.send("from the grave", "n2", "n1")
        #expect(sim.drain().isEmpty)
        #expect(sim.delivered == 0)
        #expect(sim.dropReasons == [.nodeDown, .senderDown])
    }

    @Test func aCrashedNodesTimersNeverFireEvenAfterItRestarts() throws {
        let sim = try simulation(nodes: 2) {
            $0.crashes = [at("n1", 5 * ms)]
            $0.restarts = [at("n1", 10 * ms)]
        }
        sim.setTimer("before the crash", on: .n1, after: 20 * ms)
        sim.setTimer("elsewhere", on: .n2, after: 20 * ms)
        #expect(sim.drain(until: 10 * ms) == ["5ms n1 crashed", "10ms n1 restarted"])
        #expect(sim.status(of: .n1) == .up)
        sim.setTimer("after the restart", on: .n1, after: 15 * ms)
        #expect(sim.drain() == ["20ms timer elsewhere on n2", "25ms timer after the restart on n1"])
    }

    @Test func crashingACrashedNodeOrRestartingARunningOneDoesNothing() throws {
        let sim = try simulation(nodes: 2)
        #expect(sim.restart(.n1) == nil)
        #expect(sim.crash(.n1).map(sim.line(for:)) == "0s n1 crashed")
        #expect(sim.crash(.n1) == nil)
        #expect(sim.restart(.n1).map(sim.line(for:)) == "0s n1 restarted")
    }

    @Test func aCrashLosesMemoryButKeepsTheDisk() throws {
        // n1 sends n2 three messages at once, then one more at each tick of a timer, at 20, 40
        // and 50 ms; n2 is down from 25 to 35 ms, so the one arriving at 30 ms is lost.
        let sim = try simulation(nodes: 2) {
            $0.crashes = [at("n2", 25 * ms)]
            $0.restarts = [at("n2", 35 * ms)]
        }
        var counter = Counter(nodes: 2)
        for number in 1...3 { sim.send("m\(number)", "n1", "n2") }
        for tick in [20, 40, 50] { sim.setTimer("send", on: .n1, after: SimTime(tick) * ms) }
        var downAt: (disk: Int, memory: Int?)?
        while let event = sim.next() {
            if case .timer = event { sim.send("later", "n1", "n2") }
            counter.handle(event)
            if case .crashed = event {
                downAt = (counter.states.durable[1].received, counter.states.volatile(1)?.received)
            }
        }
        #expect(downAt?.disk == 3)
        #expect(downAt?.memory == nil)
        // Three before the crash and two after it reached the disk; memory only saw the two.
        #expect(counter.states.durable[1].received == 5)
        #expect(counter.states.volatile(1)?.received == 2)
        #expect(counter.states.volatile(1)?.bootedWith == 3)
        #expect(sim.dropReasons == [.nodeDown])
    }

    @Test func aCrashedNodesMemoryCannotBeChanged() {
        var states = NodeStates<Int, Int>(count: 2, durable: { $0 * 10 }, boot: { _, disk in disk + 1 })
        #expect(states.volatile(1) == 11)
        states.crash(1)
        #expect(!states.isUp(1))
        #expect(states.withVolatile(1) { $0 += 100 } == nil)
        states.withDurable(1) { $0 = 20 }
        states.restart(1)
        #expect(states.volatile(1) == 21)
        #expect(states.volatile(0) == 1)
    }

    @Test func aPausedNodeHandlesWhatPiledUpInOrderWhenItResumes() throws {
        // n2 is frozen from 5 to 50 ms. Meanwhile a message from n1 arrives at 10 ms, its timer
        // is due at 20 ms, and a message on the slow n3>n2 link arrives at 30 ms.
        let sim = try simulation(nodes: 3) {
            $0.pauses = [at("n2", 5 * ms)]
            $0.resumes = [at("n2", 50 * ms)]
            $0.links = [LinkLatency(from: "n3", to: "n2", bothWays: false, latency: .constant(30 * ms))]
        }
        sim.send("a", "n1", "n2")
        sim.send("b", "n3", "n2")
        sim.setTimer("t", on: .n2, after: 20 * ms)
        #expect(sim.drain(until: 49 * ms).isEmpty)
        #expect(sim.status(of: .n2) == .paused)
        #expect(sim.drain() == ["50ms n1->n2 a #0", "50ms timer t on n2", "50ms n3->n2 b #1"])
        #expect(sim.dropped == 0)
    }

    @Test func crashingTheLeaderCrashesTheNodeLastReportedAsLeader() throws {
        let sim = try simulation(nodes: 3, hasLeader: true) {
            $0.crashes = [ScheduledNodeFault(target: .leader, time: 10 * ms)]
        }
        sim.setLeader(.n1)
        sim.setLeader(.n3)
        #expect(sim.drain() == ["10ms n3 crashed"])
        #expect(sim.leader == nil)
    }

    @Test func crashingTheLeaderWhenNobodyLeadsOnlyTellsTheStory() throws {
        // The first crash takes n2, the leader; at 20 ms nobody has taken its place.
        let sim = try simulation(nodes: 3, hasLeader: true) {
            $0.crashes = [
                ScheduledNodeFault(target: .leader, time: 10 * ms), ScheduledNodeFault(target: .leader, time: 20 * ms),
            ]
        }
        sim.setLeader(.n2)
        #expect(sim.drain() == ["10ms n2 crashed"])
        #expect(sim.nodes.map(sim.status(of:)) == [.up, .crashed, .up])
        #expect(
            sim.narrative.kept.last
                == NarrativeLine(time: 20 * ms, text: "no node leads at this moment, so there is no leader to crash"))
    }

    @Test func crashingTheLeaderOfAModelWithoutOneIsRefused() {
        #expect(
            throws: FaultPlanError(
                parameter: "crash", value: "leader@2s", problem: "this model has no leader; name a node, like n1@2s")
        ) {
            try simulation(nodes: 3) {
                $0.crashes = [ScheduledNodeFault(target: .leader, time: 2 * SimDuration.second)]
            }
        }
    }
}

/// A node that counts what it receives twice over: on disk, and in memory since it booted.
private struct Counter {
    struct Disk {
        var received = 0
    }

    struct Memory {
        var received = 0
        var bootedWith: Int
    }

    var states: NodeStates<Disk, Memory>

    init(nodes: Int) {
        states = NodeStates(
            count: nodes, durable: { _ in Disk() }, boot: { _, disk in Memory(bootedWith: disk.received) })
    }

    mutating func handle(_ event: SimEvent<String, String>) {
        switch event {
        case .message(_, _, let to, _):
            states.withDurable(to.index) { $0.received += 1 }
            states.withVolatile(to.index) { $0.received += 1 }
        case .crashed(let node):
            states.crash(node.index)
        case .restarted(let node):
            states.restart(node.index)
        case .timer, .network:
            break
        }
    }
}
