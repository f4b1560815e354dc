import PropertyBased
import QuorumCheck
import QuorumModels
import QuorumSim
import Testing

@Suite struct ConsistencyWorkbenchModelTests {
    let model = ConsistencyWorkbenchModel()

    static let guarantees = [
        "linearizable", "sequential", "read-your-writes", "monotonic-reads", "monotonic-writes",
        "writes-follow-reads",
    ]

    func run(_ store: String, _ overrides: [(String, String)] = [], seed: UInt64, trace: TraceLevel = .off) throws
        -> SimulationRun
    {
        try model.run(overrides: [("store", store)] + overrides, seed: seed, trace: trace)
    }

    /// The guarantees a run broke (metric 0). A verdict the checker could not reach (-1)
    /// fails the test: the default workload must always be decided.
    func broken(_ result: SimulationRun) -> Set<String> {
        var broken: Set<String> = []
        for name in Self.guarantees {
            let value = result.metric(name)
            #expect(value == 0 || value == 1, "\(name) is \(String(describing: value)) for seed \(result.seed)")
            if value == 0 { broken.insert(name) }
        }
        return broken
    }

    @Test func theSameSeedGivesTheSameRunAtEveryTraceLevel() async {
        await propertyCheck(count: 12, input: Gen.uint64()) { seed in
            for store in WorkbenchStore.allCases.map(\.rawValue) {
                let full = try? run(store, seed: seed, trace: .full)
                let again = try? run(store, seed: seed, trace: .full)
                let untraced = try? run(store, seed: seed, trace: .off)
                #expect(full != nil && full == again)
                #expect(full?.metrics.map(\.value) == untraced?.metrics.map(\.value))
                #expect(full?.history == untraced?.history)
            }
        }
    }

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        let result = try run("eventual", seed: 1)
        #expect(result.metrics.map(\.name) == model.metrics.map(\.name))
        // 3 clients × 20 operations by default, each recorded once in the history.
        #expect(result.metric("operations") == 60)
        #expect(result.history?.count == 60)
    }

    @Test func readsAndCasMayNotExceedTheWholeWorkload() {
        #expect(throws: ParameterError.self) { try run("eventual", [("reads", "0.8"), ("cas", "0.3")], seed: 1) }
    }

    @Test(arguments: [
        [],
        // Loss, a follower that crashes and restarts, and a slow follower: the leader resends
        // what was lost, and a majority (n1 with n2 or n3) still answers.
        [("loss", "0.05"), ("crash", "n2@400ms"), ("restart", "n2@900ms"), ("links", "n1-n3=120ms")],
    ])
    func theLinearizableStoreKeepsEveryGuarantee(faults: [(String, String)]) throws {
        // A write is answered only once a majority holds it, and a read only at the leader after
        // a majority has confirmed a round begun when the read arrived, with at least what was
        // committed then: each operation takes effect between its call and its answer, which
        // is linearizability, and linearizability implies everything below it.
        for seed: UInt64 in 1...60 {
            let result = try run("linearizable", faults, seed: seed)
            #expect(broken(result).isEmpty, "seed \(seed)")
            #expect(result.metric("stale-reads") == 0, "seed \(seed)")
        }
    }

    @Test func theSequentialStoreIsSequentialButNotLinearizable() throws {
        // Every replica applies the leader's one order; a client's follower answers its write
        // only after applying it, and its reads from a copy that only moves forward. So each
        // client sees a prefix of one order that keeps its own program order: sequential
        // consistency, and the session guarantees with it. A follower 120 ms from the leader
        // answers reads that miss writes other clients have completed: not linearizable.
        var linearizableRuns = 0
        for seed: UInt64 in 1...60 {
            let result = try run("sequential", [("links", "n1-n3=120ms")], seed: seed)
            #expect(broken(result).isSubset(of: ["linearizable"]), "seed \(seed)")
            if result.metric("linearizable") == 1 { linearizableRuns += 1 }
        }
        #expect(linearizableRuns < 60)
    }

    @Test func theCausalStoreKeepsTheSessionGuaranteesButNotATotalOrder() throws {
        // A replica serves a request only once it has every write the client has seen, and
        // applies a copied write only after what it depends on: whatever a client saw, its
        // causes are visible wherever the client goes next. That gives all four session
        // guarantees. Concurrent writes (two cas from the same value at different replicas
        // both succeeding, say) leave no single order explaining everyone: not sequential.
        var sequentialRuns = 0
        for seed: UInt64 in 1...60 {
            let result = try run("causal", seed: seed)
            #expect(broken(result).isSubset(of: ["linearizable", "sequential"]), "seed \(seed)")
            if result.metric("sequential") == 1 { sequentialRuns += 1 }
        }
        #expect(sequentialRuns < 60)
    }

    @Test func theCausalStoreStaysCausalWhileAReplicaIsCutOff() throws {
        // Cut off, n3 cannot get the others' writes, so clients who have seen them and then
        // ask n3 wait (and may time out); none is ever answered from before what it has seen.
        var timeouts = 0.0
        for seed: UInt64 in 1...30 {
            let result = try run(
                "causal", [("partition", "n3|n1,n2"), ("partition-at", "200ms"), ("heal-at", "1500ms")], seed: seed)
            #expect(broken(result).isSubset(of: ["linearizable", "sequential"]), "seed \(seed)")
            timeouts += result.metric("timed-out") ?? 0
        }
        #expect(timeouts > 0)
    }

    @Test func theReadYourWritesStoreAlwaysShowsAClientItsOwnWrites() throws {
        // Each client always uses one replica, which applies the client's write before
        // answering it and only ever replaces a value with a later-stamped one. A copy that
        // arrives later cannot carry an earlier-completed write with a later stamp, because
        // stamps follow the (unskewed) clocks. So read-your-writes and monotonic reads hold.
        for seed: UInt64 in 1...60 {
            let result = try run("read-your-writes", seed: seed)
            #expect(result.metric("read-your-writes") == 1, "seed \(seed)")
            #expect(result.metric("monotonic-reads") == 1, "seed \(seed)")
        }
    }

    @Test func theReadYourWritesStoreDoesNotCarryWhatAWriterHadRead() throws {
        // c2 (on n2) reads x from c1 (on n1) and writes y; c3 (on n3) gets y from n2 at once
        // but x from n1 only a second later, so c3 can see y and then an x older than the one
        // c2 had read before writing y: writes-follow-reads broken. Sticky sessions do not
        // carry other clients' causes.
        var broken = 0
        for seed: UInt64 in 1...30 {
            let result = try run(
                "read-your-writes",
                [("ops", "40"), ("cas", "0"), ("reads", "0.6"), ("links", "n1>n3=1s"), ("think", "50ms")], seed: seed)
            if result.metric("writes-follow-reads") == 0 { broken += 1 }
            #expect(result.metric("read-your-writes") == 1)
        }
        #expect(broken > 0)
    }

    @Test func theEventualStoreBreaksSomethingInMostRuns() throws {
        // Each request goes to a random replica: after its own write a client's next request
        // lands on another replica two times in three, and there the copy of its write, sent
        // one exponential delay (mean 30 ms) after the write, must beat the answer's trip back,
        // the client's pause and the new request's trip out. It loses often enough that over
        // 20 operations per client most runs see a read miss a completed write (seeds 1-100
        // break something in 80 runs; fewer than 60 would mean the store became stronger).
        var runsWithAViolation = 0
        var readYourWritesBroken = 0
        for seed: UInt64 in 1...100 {
            let result = try run("eventual", seed: seed)
            if !broken(result).isEmpty { runsWithAViolation += 1 }
            if result.metric("read-your-writes") == 0 { readYourWritesBroken += 1 }
        }
        #expect(runsWithAViolation >= 60)
        #expect(readYourWritesBroken > 0)
    }

    @Test func verdictsFollowTheHierarchy() throws {
        // Per run: a linearizable history is sequentially consistent, keeps every session
        // guarantee and has no stale read. Across stores on the same seeds: whatever a store
        // breaks, every weaker store breaks too (the stores are listed strongest first), and
        // no store breaks what its mechanism promises.
        let promised: [String: Set<String>] = [
            "linearizable": Set(Self.guarantees),
            "sequential": Set(Self.guarantees).subtracting(["linearizable"]),
            "causal": ["read-your-writes", "monotonic-reads", "monotonic-writes", "writes-follow-reads"],
            "read-your-writes": ["read-your-writes", "monotonic-reads"],
            "eventual": [],
        ]
        var everBroken: [Set<String>] = []
        for store in WorkbenchStore.allCases.map(\.rawValue) {
            var brokenHere: Set<String> = []
            for seed: UInt64 in 1...40 {
                let result = try run(store, seed: seed)
                let broken = broken(result)
                if result.metric("linearizable") == 1 {
                    #expect(broken.isEmpty && result.metric("stale-reads") == 0, "\(store) seed \(seed)")
                }
                if result.metric("sequential") == 0 { #expect(broken.contains("linearizable")) }
                #expect(broken.isDisjoint(with: promised[store] ?? []), "\(store) seed \(seed): broke \(broken)")
                brokenHere.formUnion(broken)
            }
            everBroken.append(brokenHere)
        }
        for (stronger, weaker) in zip(everBroken, everBroken.dropFirst()) {
            #expect(stronger.isSubset(of: weaker))
        }
    }

    @Test func theNarrativeNamesTheFirstAnomaly() throws {
        // Seed 1 of the default eventual run breaks read-your-writes; the narrative names it,
        // at the time of the read that showed it, among the other lines in time order.
        let result = try run("eventual", seed: 1, trace: .full)
        #expect(result.metric("read-your-writes") == 0)
        let line = try #require(
            result.narrative.first { $0.text.hasSuffix("violated") || $0.text.hasSuffix("stale read") })
        #expect(line.text.hasPrefix("c"))
        let times = result.narrative.map(\.time)
        #expect(times == times.sorted())
        let clean = try run("linearizable", seed: 1, trace: .full)
        #expect(clean.narrative.last?.text == "the checker found no anomaly: the history is linearizable")
    }

    @Test func aCrashedLeaderStopsTheLinearizableStoreButNotTheEventualOne() throws {
        // With n1 down, no write can be ordered and no read confirmed: every later request of
        // the linearizable store times out. Replicas of the eventual store answer alone.
        let strong = try run("linearizable", [("crash", "n1@300ms")], seed: 3)
        let weak = try run("eventual", [("crash", "n1@300ms")], seed: 3)
        #expect((strong.metric("timed-out") ?? 0) > 10)
        #expect(strong.metric("linearizable") == 1)
        #expect((weak.metric("timed-out") ?? 0) < (strong.metric("timed-out") ?? 0))
    }
}
