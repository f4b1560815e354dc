import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@Suite struct DeterminismTests {
    /// A busy run with every kind of randomness and fault: jittery latency, loss, duplication,
    /// a partition that heals, a crash and restart. Nodes forward what they get to a node of
    /// their generator's choosing and keep a timer ticking.
    func run(seed: UInt64, trace: TraceLevel = .full) throws -> WordSimulation {
        let ms = SimDuration.millisecond
        let sim = try Simulation<String, String>(
            seed: seed, nodes: 4,
            plan: {
                var plan = FaultPlan()
                plan.latency = .normal(mean: 10 * ms, deviation: 4 * ms, floor: ms)
                plan.loss = 0.1
                plan.duplication = 0.1
                plan.partition = PartitionSpec(groups: [["n1", "n2"], ["n3", "n4"]], shape: .symmetric)
                plan.partitionAt = 50 * ms
                plan.healAt = 150 * ms
                plan.crashes = [ScheduledNodeFault(target: .node("n2"), time: 80 * ms)]
                plan.restarts = [ScheduledNodeFault(target: .node("n2"), time: 120 * ms)]
                return plan
            }(), trace: trace)
        var random = sim.makeGenerator()
        for node in sim.nodes {
            sim.send("hello from \(sim.name(node))", from: node, to: NodeID((node.index + 1) % 4))
            sim.setTimer("tick", on: node, after: 7 * ms)
        }
        var handled = 0
        while handled < 2_000, let event = sim.next(until: 300 * ms) {
            handled += 1
            switch event {
            case .message(let message, _, let to, _):
                sim.send(message, from: to, to: NodeID(Int(random.next(upperBound: UInt64(4)))))
            case .timer(_, let node), .restarted(let node):
                sim.setTimer("tick", on: node, after: 7 * ms)
            default:
                break
            }
        }
        return sim
    }

    @Test func theSameSeedGivesTheSameTraceAndCounts() async {
        await checkProperty(input: Gen.uint64()) { seed in
            let first = try run(seed: seed)
            let second = try run(seed: seed)
            #expect(first.trace == second.trace)
            #expect(first.now == second.now)
            #expect([first.sent, first.delivered, first.dropped] == [second.sent, second.delivered, second.dropped])
            #expect(first.narrative == second.narrative)
        }
    }

    @Test func theTraceLevelChangesWhatIsRecordedNotWhatHappens() async {
        await checkProperty(count: 20, input: Gen.uint64()) { seed in
            let runs = try TraceLevel.allCases.map { try run(seed: seed, trace: $0) }
            #expect(Set(runs.map(\.delivered)).count == 1)
            #expect(Set(runs.map(\.dropped)).count == 1)
            #expect(Set(runs.map(\.now)).count == 1)
            #expect(runs[0].trace.isEmpty)
        }
    }

    @Test func anotherSeedGivesAnotherRun() throws {
        let traces = try (1...4).map { try run(seed: $0).trace }
        #expect(traces.dropFirst().contains { $0 != traces[0] })
    }
}
