import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct ClocksModelTests {
    let model = ClocksModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 7) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    /// Runs to the end and hands back the session, whose events the tests check against an
    /// independent account of causality.
    func session(_ overrides: [(String, String)], seed: UInt64) throws -> ClocksSession {
        let started = try model.start(model.resolve(overrides), seed: seed, trace: .off)
        started.run(until: .max)
        return try #require(started as? ClocksSession)
    }

    /// Happened-before as Lamport defines it, worked out from the run's structure alone: each
    /// event follows the one before it on its node, and a receive follows its message's send.
    /// `reach[e][f]` is true when e happened before f.
    func happenedBefore(_ session: ClocksSession) -> [[Bool]] {
        let events = session.events
        var direct = Array(repeating: [Int](), count: events.count)
        var lastOnNode: [Int: Int] = [:]
        for (index, event) in events.enumerated() {
            if let previous = lastOnNode[event.node] { direct[index].append(previous) }
            lastOnNode[event.node] = index
            if case .receive(let message, _) = event.kind { direct[index].append(session.sendEvent[message]) }
        }
        // Events are listed in the order they happened, so every predecessor comes earlier and
        // one pass in that order closes the relation.
        var reach = Array(repeating: Array(repeating: false, count: events.count), count: events.count)
        for index in events.indices {
            for predecessor in direct[index] {
                reach[predecessor][index] = true
                for earlier in events.indices where reach[earlier][predecessor] { reach[earlier][index] = true }
            }
        }
        return reach
    }

    @Test func vectorClocksSayHappenedBeforeExactlyWhenTheMessagesDo() async throws {
        // Fidge and Mattern's theorem: e happened before f if and only if V(e) < V(f). Lamport's
        // clock condition: if e happened before f then L(e) < L(f). Both are checked pair by
        // pair against the message graph, under loss, duplication, crashes and pauses, so
        // receives of duplicates and nodes that come back are covered.
        let settings: [[(String, String)]] = [
            [("nodes", "4"), ("actions", "6")],
            [("nodes", "3"), ("actions", "8"), ("loss", "0.3"), ("dup", "0.3")],
            [("nodes", "5"), ("actions", "5"), ("crash", "n2@200ms"), ("restart", "n2@500ms")],
            [("nodes", "2"), ("actions", "10"), ("send-chance", "1"), ("latency", "exp(80ms)")],
            [("nodes", "3"), ("actions", "6"), ("pause", "n1@100ms"), ("resume", "n1@400ms")],
        ]
        for overrides in settings {
            await checkProperty(count: 40, input: Gen.uint64()) { seed in
                let session = try session(overrides, seed: seed)
                let reach = happenedBefore(session)
                let events = session.events
                for first in events.indices {
                    for second in events.indices where first != second {
                        let vectorSays = Causality(events[first].stamp.vector, events[second].stamp.vector) == .before
                        #expect(vectorSays == reach[first][second])
                        if reach[first][second] { #expect(events[first].stamp.lamport < events[second].stamp.lamport) }
                    }
                }
            }
        }
    }

    @Test func theMetricsCountWhatTheMessageGraphShows() async throws {
        await checkProperty(count: 60, input: Gen.uint64()) { seed in
            let overrides = [("nodes", "3"), ("actions", "6"), ("loss", "0.1")]
            let session = try session(overrides, seed: seed)
            let reach = happenedBefore(session)
            let events = session.events
            var concurrent = 0
            var inventedOrder = 0
            for first in events.indices {
                for second in events.indices where second > first {
                    if !reach[first][second] && !reach[second][first] {
                        concurrent += 1
                        if events[first].stamp.lamport != events[second].stamp.lamport { inventedOrder += 1 }
                    }
                }
            }
            let result = session.finish()
            #expect(result.metric("concurrent-pairs") == Double(concurrent))
            let pairs = Double(events.count * (events.count - 1) / 2)
            #expect(result.metric("concurrent-fraction") == Double(concurrent) / pairs)
            #expect(result.metric("lamport-says-ordered-but-concurrent") == Double(inventedOrder))
            #expect(result.metric("lamport-order-violations-of-causality") == 0)
            #expect(result.metric("events") == Double(events.count))
            #expect(result.metric("messages") == Double(session.sendEvent.count - 1))
        }
    }

    @Test func withoutMessagesEveryPairAcrossNodesIsConcurrent() throws {
        // No sends: each node's 4 events form a chain, and no event on one node can know of any
        // on another. Pairs across nodes: 3 node pairs x 4 x 4 = 48, all concurrent. Each
        // node's Lamport clock counts 1, 2, 3, 4, so a cross pair ties exactly when both are
        // the k-th event: 3 x 4 = 12 ties, and 48 - 12 = 36 pairs get an order from Lamport
        // that causality does not give them.
        let result = try run([("nodes", "3"), ("actions", "4"), ("send-chance", "0"), ("a", "n1:2"), ("b", "n3:4")])
        #expect(result.metric("events") == 12)
        #expect(result.metric("messages") == 0)
        #expect(result.metric("concurrent-pairs") == 48)
        #expect(result.metric("concurrent-fraction") == 48.0 / 66)  // 12 events make 66 pairs
        #expect(result.metric("lamport-says-ordered-but-concurrent") == 36)
        #expect(result.metric("lamport-order-violations-of-causality") == 0)
        #expect(result.metric("relation") == 0)
    }

    @Test(arguments: [
        ("n1:1", "n2:2", 1.0),  // n1's send reaches n2 as n2's receive
        ("n2:2", "n1:1", -1.0),  // the same pair, asked the other way round
        ("n1:1", "n2:1", 0.0),  // the two sends: neither node had heard from the other
        ("n1:2", "n2:2", 0.0),  // the two receives: each knows its own send and the other's
        ("n2:1", "n1:2", 1.0),
    ])
    func twoCrossingMessagesRelateAsLamportDrewThem(a: String, b: String, relation: Double) throws {
        // Each node makes one action, a send to the other; both sends happen within 150 ms and
        // a message takes 1 s, so both are sent before either arrives. n1: send [1,0], receive
        // [2,1]; n2: send [0,1], receive [1,2]. The two sends are concurrent, as are the two
        // receives; each send happened before the other node's receive. Lamport times: 1, 1,
        // 2, 2, so no concurrent pair gets an invented order.
        let result = try run([
            ("nodes", "2"), ("actions", "1"), ("send-chance", "1"), ("latency", "1s"), ("a", a), ("b", b),
        ])
        #expect(result.metric("events") == 4)
        #expect(result.metric("concurrent-pairs") == 2)
        #expect(result.metric("lamport-says-ordered-but-concurrent") == 0)
        #expect(result.metric("relation") == relation)
        #expect(result.narrative.contains { $0.text.hasPrefix("a=\(a)") })
    }

    @Test func relationNamesTheCaseWhenAnEventNeverHappened() throws {
        // Four actions and no messages: n1 has exactly four events, so n1:9 never happens.
        let result = try run([("send-chance", "0"), ("a", "n1:9"), ("b", "n2:1")])
        #expect(result.metric("relation") == 2)
        #expect(result.narrative.contains { $0.text.contains("n1:9 did not happen (n1 had 4 events)") })
        let unset = try run([])
        #expect(unset.metric("relation") == 2)
    }

    @Test func theDiagramShowsEachEventsTimestamps() throws {
        // Message arrows carry the send's stamps; every event is marked on its lane with its
        // kind, its name and its stamps.
        let result = try model.run(
            overrides: [("nodes", "2"), ("actions", "1"), ("send-chance", "1"), ("latency", "1s")], seed: 7)
        var labels: [String] = []
        var marks: [String] = []
        for event in result.trace {
            switch event.kind {
            case .send(_, _, _, let label, _, _): labels.append(label)
            case .state(_, let text): marks.append(text)
            default: break
            }
        }
        #expect(Set(labels) == ["m1 L=1 [1,0]", "m2 L=1 [0,1]"])
        #expect(
            Set(marks) == [
                "send n1:1 m1 L=1 [1,0]", "send n2:1 m2 L=1 [0,1]", "recv n1:2 m2 L=2 [2,1]", "recv n2:2 m1 L=2 [1,2]",
            ])
    }

    @Test func badEventChoicesAreRefusedWithTheReason() throws {
        #expect(
            throws: ParameterError.invalidSetting(
                parameter: "a", value: "n4:1", problem: "the run has only 3 nodes, n1 to n3")
        ) {
            try model.start(model.resolve([("a", "n4:1")]), seed: 1, trace: .off)
        }
        #expect(throws: ParameterError.self) { try model.resolve([("a", "n1:0")]) }
        #expect(throws: ParameterError.self) { try model.resolve([("b", "x1:2")]) }
        #expect(throws: ParameterError.self) {
            try model.start(model.resolve([("a", "n2:3"), ("b", "n2:3")]), seed: 1, trace: .off)
        }
        #expect(try model.resolve([("a", "N2:3")]).event("a") == EventReference(node: 1, number: 3))
        #expect(try model.resolve([("a", "none")]).event("a") == nil)
    }

    @Test func aCrashedNodeKeepsItsClocksOnDisk() throws {
        // n1 is down from 150 ms to 600 ms; when it comes back its next event must still be
        // numbered after the ones before the crash, or a later event would look earlier.
        let session = try session([("crash", "n1@150ms"), ("restart", "n1@600ms"), ("actions", "6")], seed: 3)
        let lamports = session.events.filter { $0.node == 0 }.map(\.stamp.lamport)
        let numbers = session.events.filter { $0.node == 0 }.map(\.number)
        #expect(lamports == lamports.sorted() && Set(lamports).count == lamports.count)
        #expect(numbers == Array(1...numbers.count))
        #expect(session.finish().metric("lamport-order-violations-of-causality") == 0)
    }
}
