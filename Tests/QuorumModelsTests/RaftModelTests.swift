import QuorumSim
import Testing

@testable import QuorumModels

@Suite struct RaftModelTests {
    let model = RaftModel()
    static let ms: SimTime = 1_000

    func run(_ overrides: [(String, String)], seed: UInt64 = 1, trace: TraceLevel = .off) throws -> SimulationRun {
        try model.run(overrides: overrides, seed: seed, trace: trace)
    }

    func session(_ overrides: [(String, String)], seed: UInt64) throws -> RaftSession {
        let started = try model.start(model.resolve(overrides), seed: seed, trace: .off)
        return try #require(started as? RaftSession)
    }

    // MARK: The contract

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(
            try run([]).metrics.map(\.name) == ["election-time-ms", "terms", "split-votes", "committed", "messages"])
        #expect(model.metrics.map(\.name) == ["election-time-ms", "terms", "split-votes", "committed", "messages"])
    }

    @Test func metricsDoNotDependOnTheTraceLevel() throws {
        let faults = [("crash", "leader@1s"), ("restart", "n1@2s"), ("loss", "0.05")]
        for seed in UInt64(1)...10 {
            let quiet = try run(faults, seed: seed, trace: .off)
            let traced = try run(faults, seed: seed, trace: .full)
            #expect(quiet.metrics.map(\.value) == traced.metrics.map(\.value))
            #expect(quiet.narrative == traced.narrative)
            #expect(try run(faults, seed: seed, trace: .full) == traced)
        }
    }

    // MARK: A healthy run

    @Test func aHealthyRunElectsOnceAndCommitsEveryWrite() throws {
        for seed in UInt64(1)...100 {
            let result = try run([], seed: seed)
            let splits = try #require(result.metric("split-votes"))
            // The first node to time out does so 150-300 ms in; its vote requests and the
            // replies take 3-7 ms each way, so it wins by 314 ms unless a split vote forces
            // another round. A split needs all three nodes to stand within one message delay
            // (7 ms) of each other.
            if splits == 0 {
                #expect(result.metric("terms") == 1)
                #expect((150...314).contains(try #require(result.metric("election-time-ms"))))
            }
            // Writes go out every 250 ms from 125 ms: 12 by 2.875 s. Each commits within a
            // back-off (100 ms) plus a few round trips, before the run ends at 3 s.
            #expect(result.metric("committed") == 12, "seed \(seed)")
        }
    }

    @Test func splitVotesAreRareWithTheDefaultTimeouts() throws {
        // Three timeouts uniform over 150 ms; a split needs all three within about a message
        // delay of the first, (7/150)^2 * 3 ≈ 0.7% of starts, so 0 to a handful in 300 seeds.
        let splits = try (UInt64(1)...300).map { try run([("rate", "0")], seed: $0).metric("split-votes") ?? 0 }
        #expect(splits.reduce(0, +) <= 10)
    }

    @Test func oneNodeLeadsAlone() throws {
        let result = try run([("nodes", "1")])
        // Its own vote is a majority of one, and every write commits once it is on its disk.
        #expect(result.metric("terms") == 1)
        #expect(result.metric("split-votes") == 0)
        #expect(result.metric("committed") == 12)
    }

    // MARK: Faults

    @Test func aCrashedLeaderIsReplacedWithinAnElectionTimeout() throws {
        for seed in UInt64(1)...100 {
            let state = try session([("crash", "leader@1s")], seed: seed)
            state.run(until: .max)
            let elections = state.electionTimes
            #expect(elections.count == 2, "seed \(seed)")
            // The followers heard the last heartbeat at most 50 ms + 7 ms before the crash, so
            // the first timeout runs out 93-300 ms after it; winning takes one more round trip
            // (up to 14 ms), unless two followers stand at once and split the vote.
            if let replaced = elections.last, state.measure().metrics[2].value == 0 {
                #expect((93 * Self.ms...314 * Self.ms).contains(replaced), "seed \(seed): \(replaced)")
            }
        }
    }

    @Test func aStaleLeaderStepsDownWhenThePartitionHeals() throws {
        for seed in UInt64(1)...50 {
            let probe = try session([], seed: seed)
            probe.run(until: 900 * Self.ms)
            let old = try #require(probe.clusterLeader)
            let others = (0..<3).filter { $0 != old }.map { "n\($0 + 1)" }.joined(separator: ",")
            let state = try session(
                [("partition", "n\(old + 1)|\(others)"), ("partition-at", "1s"), ("heal-at", "2s")], seed: seed)
            state.run(until: 1_990 * Self.ms)
            // The majority side elected someone else; the old leader still thinks it leads.
            let successor = try #require(state.clusterLeader)
            #expect(successor != old)
            #expect(state.states.volatile(old)?.role == .leader)
            state.run(until: 2_100 * Self.ms)
            // One heartbeat (50 ms) after the heal carries the new term to it.
            #expect(state.states.volatile(old)?.role == .follower)
            #expect(state.settledLeader() == successor)
        }
    }

    // MARK: Safety and liveness under random faults

    /// Faults drawn from the seed: crashes and restarts, a partition and its heal, a pause and
    /// its resume, all over by `healthyAt`, plus loss and duplication when `lossy`.
    struct Faults {
        var settings: [(String, String)]
        var healthyAt: SimTime
    }

    static func faults(seed: UInt64, lossy: Bool) -> Faults {
        var random = SplitMix64(seed: seed)
        func uniform(_ range: ClosedRange<SimTime>) -> SimTime {
            range.lowerBound + SimTime(random.next(upperBound: UInt64(range.upperBound - range.lowerBound)))
        }
        func pick(_ count: Int) -> Int { Int(random.next(upperBound: UInt64(count))) }
        let nodes = pick(2) == 0 ? 3 : 5
        var order = Array(1...nodes)
        order.shuffle(using: &random)
        var settings: [(String, String)] = [("nodes", String(nodes)), ("rate", "20")]
        var healthyAt: SimTime = 0
        var crashes: [String] = []
        var restarts: [String] = []
        for node in order.prefix(pick(nodes / 2 + 2)) {
            let crash = uniform(200 * ms...3_000 * ms)
            let restart = crash + uniform(50 * ms...1_000 * ms)
            crashes.append("n\(node)@\(crash)us")
            restarts.append("n\(node)@\(restart)us")
            healthyAt = max(healthyAt, restart)
        }
        if pick(3) == 0 {
            // Whoever leads then, for good: the rest must still elect a leader.
            let crash = uniform(500 * ms...3_500 * ms)
            crashes.append("leader@\(crash)us")
            healthyAt = max(healthyAt, crash)
        }
        if !crashes.isEmpty { settings.append(("crash", crashes.joined(separator: ","))) }
        if !restarts.isEmpty { settings.append(("restart", restarts.joined(separator: ","))) }
        if pick(4) != 0 {
            var groups: [[String]] = [[], []]
            for node in 1...nodes { groups[pick(2)].append("n\(node)") }
            if groups[0].isEmpty { groups[0].append(groups[1].removeLast()) }
            if groups[1].isEmpty { groups[1].append(groups[0].removeLast()) }
            if pick(2) == 0 { groups[pick(2)].append("c1") }
            let start = uniform(100 * ms...3_000 * ms)
            let heal = start + uniform(50 * ms...1_500 * ms)
            settings += [
                ("partition", groups.map { $0.joined(separator: ",") }.joined(separator: "|")),
                ("partition-at", "\(start)us"), ("heal-at", "\(heal)us"),
            ]
            healthyAt = max(healthyAt, heal)
        }
        if pick(3) == 0 {
            let node = pick(nodes) + 1
            let pause = uniform(300 * ms...3_000 * ms)
            let resume = pause + uniform(100 * ms...1_000 * ms)
            settings += [("pause", "n\(node)@\(pause)us"), ("resume", "n\(node)@\(resume)us")]
            healthyAt = max(healthyAt, resume)
        }
        if lossy {
            settings.append(("loss", ["0", "0.02", "0.1", "0.25"][pick(4)]))
            settings.append(("dup", ["0", "0.05"][pick(2)]))
        }
        return Faults(settings: settings, healthyAt: healthyAt)
    }

    final class Problems: @unchecked Sendable {
        var found: [String] = []
    }

    static let seeds = UInt64(1)...500

    @Test func safetyHoldsUnderRandomCrashesPartitionsAndLoss() throws {
        // Each step is checked inside the model (a violation would stop it); here violations
        // are collected instead, and every 20 steps a from-scratch audit of every node's state
        // cross-checks the model's incremental checks.
        var elections = 0
        for seed in Self.seeds {
            let faults = Self.faults(seed: seed, lossy: true)
            let state = try session(faults.settings + [("duration", "6s")], seed: seed)
            let problems = Problems()
            state.onViolation = { problems.found.append($0) }
            var steps = 0
            while state.step() {
                steps += 1
                if steps % 20 == 0 { problems.found += state.audit() }
            }
            problems.found += state.audit()
            #expect(problems.found.isEmpty, "seed \(seed) \(faults.settings): \(problems.found.prefix(3))")
            elections += state.states.durable.map(\.currentTerm).max() ?? 0
        }
        // The faults must really disturb the clusters: far more than one term per run.
        #expect(elections > 2 * Self.seeds.count)
    }

    @Test func aLeaderIsElectedSoonAfterTheNetworkIsHealthy() throws {
        // The same seeds and fault schedules, without loss, so the network is healthy once the
        // last fault is over. From then on every running follower times out within 300 ms of
        // its last reset, and a round of voting takes one round trip (at most 14 ms). A round
        // fails only on a split vote (all timeouts within a message delay) or when the first
        // candidate's log is too short to win (it then raises the term, and one of the nodes
        // with the longest log wins a later round). Five rounds of 314 ms, about 1.6 s, cover
        // that with room to spare. By then one leader must lead every running node, and keep
        // leading for the 2 s that follow: with no faults, its heartbeats stop every timer.
        let bound = 1_600 * Self.ms
        var slowest: SimTime = 0
        for seed in Self.seeds {
            let faults = Self.faults(seed: seed, lossy: false)
            let state = try session(faults.settings + [("duration", "8s")], seed: seed)
            state.run(until: faults.healthyAt + bound)
            let leader = state.settledLeader()
            #expect(leader != nil, "seed \(seed) \(faults.settings): no settled leader \(bound)us after the faults")
            if let leader {
                let term = state.states.durable[leader].currentTerm
                slowest = max(slowest, state.electedAt[term] - faults.healthyAt)
            }
            let settled = faults.healthyAt + bound
            let end = settled + 2_000 * Self.ms
            for moment in stride(from: settled, through: end, by: 10_000) {
                state.run(until: moment)
                guard state.settledLeader() == leader else {
                    Issue.record("seed \(seed) \(faults.settings): the leader changed at \(moment)us")
                    break
                }
            }
        }
        // The faults must sometimes leave the cluster without a leader when they end.
        #expect(slowest > 100 * Self.ms)
        #expect(slowest < bound)
    }

    @Test func aBrokenVoteRuleIsCaught() throws {
        // Granting votes without the log check lets a node with a short log win and overwrite
        // committed entries; the checks must catch it in some of these runs, or they are blind.
        var caught = 0
        for seed in UInt64(1)...200 {
            let faults = Self.faults(seed: seed, lossy: true)
            let state = try session(faults.settings + [("duration", "6s")], seed: seed)
            state.flaw = .votesIgnoreLogs
            let problems = Problems()
            state.onViolation = { problems.found.append($0) }
            state.run(until: .max)
            if problems.found.contains(where: { $0.contains("Leader Completeness") || $0.contains("State Machine") }) {
                caught += 1
            }
        }
        #expect(caught > 0)
    }

    // MARK: The paper's Figure 16

    @Test func almostNoRandomnessMeansSplitVotesAndSlowElections() throws {
        // With 150-151 ms, all three nodes time out within 1 ms of each other, before any vote
        // request (3-7 ms) arrives: they all stand, vote for themselves, and split the vote,
        // round after round, until their timers drift apart by more than a message delay.
        // With 150-300 ms the first timeout is usually tens of ms ahead of the next.
        let seeds = UInt64(1)...60
        var narrow: (splits: Double, time: Double) = (0, 0)
        var wide: (splits: Double, time: Double) = (0, 0)
        for seed in seeds {
            let tight = try run([("election-timeout", "150ms..151ms"), ("rate", "0"), ("duration", "60s")], seed: seed)
            let loose = try run([("election-timeout", "150ms..300ms"), ("rate", "0"), ("duration", "60s")], seed: seed)
            narrow.splits += tight.metric("split-votes") ?? 0
            narrow.time += tight.metric("election-time-ms") ?? 0
            wide.splits += loose.metric("split-votes") ?? 0
            wide.time += loose.metric("election-time-ms") ?? 0
        }
        let count = Double(seeds.count)
        #expect(narrow.splits / count > 5)
        #expect(wide.splits / count < 0.1)
        #expect(narrow.time / count > 5 * (wide.time / count))
        #expect(wide.time / count < 250)
    }

    // MARK: The election-timeout parameter

    @Test func electionTimeoutTakesARange() throws {
        #expect(
            try model.resolve([("election-timeout", "100ms..2s")]).durationRange("election-timeout")
                == 100_000...2_000_000)
        #expect(
            try model.resolve([("election-timeout", "150ms")]).durationRange("election-timeout") == 150_000...150_000)
        #expect(try model.resolve([]).durationRange("election-timeout") == 150_000...300_000)
    }

    @Test(arguments: [
        (
            "300ms..150ms",
            "invalid value '300ms..150ms' for 'election-timeout': the low end 300ms is above the high end 150ms; write low..high, like 150ms..300ms"
        ),
        (
            "0ms..10ms",
            "invalid value '0ms..10ms' for 'election-timeout': 0s is outside 1ms..60s; expected a range low..high of durations from 1ms to 60s, like 150ms..300ms"
        ),
        (
            "150ms-300ms",
            "invalid value '150ms-300ms' for 'election-timeout': expected a range low..high of durations from 1ms to 60s, like 150ms..300ms"
        ),
        (
            "150ms..300ms..400ms",
            "invalid value '150ms..300ms..400ms' for 'election-timeout': expected a range low..high of durations from 1ms to 60s, like 150ms..300ms"
        ),
    ])
    func aBadRangeSaysWhatIsWrong(value: String, message: String) {
        #expect(throws: ParameterError.self) { try model.resolve([("election-timeout", value)]) }
        do {
            _ = try model.resolve([("election-timeout", value)])
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func aSweepListIsNotOneRangeButEachPartIs() throws {
        // `sim sweep` keeps a value whole when it parses as one value, and splits it on commas
        // otherwise; two ranges separated by a comma must take the second path.
        let spec = try #require(model.parameters.first { $0.name == "election-timeout" })
        #expect(throws: ParameterError.self) { try spec.parse("150ms..151ms,150ms..300ms") }
        #expect(try spec.parse("150ms..151ms") == .durationRange(150_000...151_000))
        #expect(try spec.parse("150ms..300ms") == .durationRange(150_000...300_000))
    }
}
