import PropertyBased
import QuorumSim
import QuorumTestSupport
import Testing

@testable import QuorumModels

@Suite struct PaxosModelTests {
    let model = PaxosModel()

    func run(_ overrides: [(String, String)], seed: UInt64 = 1) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: .off)
    }

    func mean(_ overrides: [(String, String)], metric: String, seeds: ClosedRange<UInt64>) throws -> Double {
        let values = try seeds.map { try run(overrides, seed: $0).metric(metric) ?? -1 }
        return values.reduce(0, +) / Double(values.count)
    }

    @Test func theSameSeedGivesTheSameRunAtEveryTraceLevel() async {
        await checkProperty(input: Gen.uint64()) { seed in
            let overrides = [("stagger", "0"), ("backoff", "none"), ("loss", "0.1"), ("proposers", "3")]
            let full = try? model.run(overrides: overrides, seed: seed, trace: .full)
            let again = try? model.run(overrides: overrides, seed: seed, trace: .full)
            let off = try? model.run(overrides: overrides, seed: seed, trace: .off)
            #expect(full != nil && full == again)
            #expect(full?.metrics.map(\.value) == off?.metrics.map(\.value))
        }
    }

    @Test func aHealthyDefaultRunDecidesTheFirstProposersValueInOneRound() throws {
        // With default latency (5-15 ms one way), n1 has promises by 30 ms and a majority has
        // accepted by 45 ms, including n2's own acceptor, whose accepted message n2 hears at
        // once; so n2 has learned the outcome before its turn at 50 ms and never starts a round.
        for seed in UInt64(1)...100 {
            let session = try model.session(model.resolve([]), seed: seed, trace: .off)
            session.run(until: .max)
            let result = session.finish()
            #expect(result.metric("decided") == 1)
            #expect(result.metric("chosen-values") == 1)
            #expect(result.metric("rounds") == 1)
            #expect(session.chosen.map(\.value) == [0], "seed \(seed): A, n1's value, is chosen")
            #expect(session.states.durable.prefix(2).map(\.learned) == [0, 0], "both proposers learn A")
        }
    }

    @Test func duellingProposersWithoutBackoffNeedMoreRounds() throws {
        // Started together, proposers preempt each other: each one's prepare can overtake the
        // other's accept. Retrying at once keeps their rounds in step; a random wait lets one
        // finish while the other waits. Staggered starts avoid the duel altogether (1 round).
        let seeds = UInt64(1)...200
        let duel = try mean([("stagger", "0"), ("backoff", "none")], metric: "rounds", seeds: seeds)
        let backoff = try mean([("stagger", "0"), ("backoff", "random")], metric: "rounds", seeds: seeds)
        let staggered = try mean([("backoff", "none")], metric: "rounds", seeds: seeds)
        #expect(duel > backoff + 1, "no backoff: \(duel) rounds on average; random backoff: \(backoff)")
        #expect(staggered == 1)
        // Each proposer starts one round at least, so two is the floor with stagger 0.
        #expect(backoff >= 2)
    }

    @Test func moreDuellistsWithoutBackoffCanLivelockForTheWholeRun() throws {
        // Five proposers on five nodes, no backoff: some runs never choose a value in 5 s, and
        // the mean number of rounds is in the hundreds. Random backoff ends every run quickly.
        let seeds = UInt64(1)...30
        let duel = [("nodes", "5"), ("proposers", "5"), ("stagger", "0"), ("backoff", "none")]
        let runs = try seeds.map { try run(duel, seed: $0) }
        let undecided = runs.filter { $0.metric("decided") == 0 }
        #expect(undecided.count >= 5, "only \(undecided.count) of 30 runs livelocked")
        #expect(undecided.allSatisfy { ($0.metric("rounds") ?? 0) > 500 })
        let cured = try seeds.map { try run([("nodes", "5"), ("proposers", "5"), ("stagger", "0")], seed: $0) }
        #expect(cured.allSatisfy { $0.metric("decided") == 1 && ($0.metric("rounds") ?? 99) < 20 })
    }

    @Test func aLaterProposerAdoptsTheValueAlreadyAccepted() throws {
        // n1 cannot send to n2, so n1 gets A accepted by n1 and n3 (a majority: A is chosen),
        // but n2 hears only n3's accepted message and does not learn it. At 50 ms n2 starts
        // ballot 1.n2; n3's promise reports A at 1.n1, so n2 must propose A, not its own B.
        let session = try model.session(
            model.resolve([("partition", "n1->n2"), ("latency", "10ms")]), seed: 1, trace: .off)
        session.run(until: .max)
        let result = session.finish()
        #expect(result.metric("rounds") == 2)
        #expect(result.metric("chosen-values") == 1)
        let byN2 = session.acceptances.filter { $0.proposal.ballot.proposer == 1 }
        #expect(!byN2.isEmpty && byN2.allSatisfy { $0.proposal.value == 0 })
        #expect(session.states.durable[1].learned == 0)
    }

    @Test func neverTwoValuesChosenUnderLossDuplicationCrashesAndDuels() throws {
        var contested = 0
        var decided = 0
        for seed in UInt64(1)...400 {
            let overrides = Self.hostileSettings(seed: seed)
            let session = try model.session(model.resolve(overrides), seed: seed, trace: .off)
            session.run(until: .max)
            // Recomputed here from every acceptance, apart from the model's own check: a value is
            // chosen when a majority of acceptors accepted the same ballot.
            let majority = session.nodeCount / 2 + 1
            var byBallot: [Ballot: (values: Set<Int>, acceptors: Set<Int>)] = [:]
            for acceptance in session.acceptances {
                byBallot[acceptance.proposal.ballot, default: ([], [])].values.insert(acceptance.proposal.value)
                byBallot[acceptance.proposal.ballot, default: ([], [])].acceptors.insert(acceptance.acceptor)
            }
            #expect(byBallot.values.allSatisfy { $0.values.count == 1 }, "seed \(seed): a ballot with two values")
            let chosen = Set(byBallot.values.filter { $0.acceptors.count >= majority }.flatMap(\.values))
            #expect(chosen.count <= 1, "seed \(seed) \(overrides): chose \(chosen.sorted())")
            for disk in session.states.durable {
                if let learned = disk.learned { #expect(chosen.contains(learned), "seed \(seed): learned \(learned)") }
            }
            #expect(session.finish().metric("chosen-values") == Double(chosen.count))
            if byBallot.count > 1 { contested += 1 }
            if !chosen.isEmpty { decided += 1 }
        }
        // The check matters only where several ballots got accepted; make sure many runs were
        // like that, and that most still reached a decision.
        #expect(contested >= 150, "only \(contested) runs had more than one ballot accepted")
        #expect(decided >= 300, "only \(decided) of 400 runs decided")
    }

    /// A seed's network and faults: loss, duplication, 1-2 crashes with restarts (any node,
    /// proposers included), proposers started together or nearly, with or without backoff.
    static func hostileSettings(seed: UInt64) -> [(String, String)] {
        var random = SplitMix64(seed: seed ^ 0x5EED)
        func pick(_ count: Int) -> Int { Int(random.next(upperBound: UInt64(count))) }
        let nodes = [3, 5][pick(2)]
        let proposers = 2 + pick(2)
        var crashes: [String] = []
        var restarts: [String] = []
        var nodesLeft = Array(1...nodes)
        for _ in 0..<(1 + pick(2)) {
            let node = nodesLeft.remove(at: pick(nodesLeft.count))
            let at = 1 + pick(200)
            crashes.append("n\(node)@\(at)ms")
            restarts.append("n\(node)@\(at + 10 + pick(300))ms")
        }
        return [
            ("nodes", String(nodes)), ("proposers", String(proposers)), ("stagger", "\(pick(3) * pick(20))ms"),
            ("backoff", ["none", "random"][pick(2)]), ("loss", String(Double(pick(31)) / 100)),
            ("dup", String(Double(pick(31)) / 100)), ("latency", ["uniform(1ms,20ms)", "exp(8ms)"][pick(2)]),
            ("crash", crashes.joined(separator: ",")), ("restart", restarts.joined(separator: ",")),
            ("duration", "2s"),
        ]
    }

    @Test func proposersMustFitOnTheNodes() {
        #expect(throws: ParameterError.self) { try run([("nodes", "3"), ("proposers", "4")]) }
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run([])
        #expect(result.metrics.map(\.name) == ["rounds", "decided", "chosen-values"])
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test func twoChosenValuesStopTheRunLoudly() async {
        await #expect(processExitsWith: .failure) {
            let model = PaxosModel()
            guard let session = try? model.session(model.resolve([]), seed: 1, trace: .off) else { return }
            // A majority (2 of 3) accepts A at 1.n1, then another majority B at 1.n2: a bug.
            session.recordAcceptance(Proposal(ballot: Ballot(round: 1, proposer: 0), value: 0), by: 0)
            session.recordAcceptance(Proposal(ballot: Ballot(round: 1, proposer: 0), value: 0), by: 2)
            session.recordAcceptance(Proposal(ballot: Ballot(round: 1, proposer: 1), value: 1), by: 1)
            session.recordAcceptance(Proposal(ballot: Ballot(round: 1, proposer: 1), value: 1), by: 2)
        }
    }
}
