import PropertyBased
import QuorumModels
import QuorumSim
import Testing

@Suite struct CRDTModelTests {
    let model = CRDTModel()
    static let crdts = ["g-counter", "pn-counter", "or-set", "lww-register"]

    /// The story of the lesson: n1 cut off from n2 and n3 from 200 ms to 2 s.
    static let partition = [("partition", "n1|n2,n3"), ("partition-at", "200ms"), ("heal-at", "2s")]

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

    @Test func everyDeclaredMetricIsReportedInOrder() throws {
        #expect(try run([]).metrics.map(\.name) == model.metrics.map(\.name))
    }

    @Test(arguments: CRDTModel.types)
    func aHealedPartitionConvergesForEveryType(type: String) throws {
        // n1|n2,n3 from 200 ms to 2 s, the last operation by about 1.05 s, then ten gossip
        // rounds. The naive counter converges too: max agrees everywhere.
        #expect(try run([("type", type)]).metric("converged") == 1)
        #expect(try run(Self.partition + [("type", type)]).metric("converged") == 1)
    }

    @Test(arguments: crdts)
    func everyCRDTConvergesAfterAnyHealedPartition(type: String) async {
        // Replicas split at random into two groups for a random while, on a network that loses
        // and duplicates messages, with a replica crashing and coming back; the partition heals
        // by 1.5 s and gossip has 3.5 s more. Merge is a join, so once every replica has
        // (directly or through others) received every other's state, all hold the same state.
        await propertyCheck(count: 100, input: Gen.uint64()) { seed in
            let setting = Self.randomPartition(seed: seed)
            let overrides = setting + [("type", type), ("duration", "5s"), ("loss", "0.1"), ("dup", "0.1")]
            guard let result = checkedRun(overrides, seed: seed) else { return }
            #expect(result.metric("converged") == 1, "\(setting)")
            #expect(result.metric("lost-increments") == 0, "\(setting)")
        }
    }

    @Test(arguments: crdts)
    func withoutAHealTheTwoSidesStayApart(type: String) throws {
        // Each side keeps updating; nothing crosses the partition, so the sides differ. A
        // CRDT still loses nothing: merging the sides' states would give every update.
        let result = try run([("type", type), ("partition", "n1|n2,n3")])
        #expect(result.metric("converged") == 0)
        #expect(result.metric("lost-increments") == 0)
    }

    @Test func aNaiveCounterLosesTheSmallerSideOfAPartition() async {
        // Two replicas, cut apart before the first operation until after the last: each counts
        // its own 10 increments and nothing else, so both read 10. After the heal max(10, 10)
        // is 10 on both: converged, and 10 of the 20 increments are gone. A G-Counter keeps
        // both slots and reads 20.
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            let setting = [
                ("replicas", "2"), ("ops", "10"), ("partition", "n1|n2"), ("partition-at", "0s"), ("heal-at", "2s"),
            ]
            guard let naive = checkedRun(setting + [("type", "naive-counter")], seed: seed),
                let counter = checkedRun(setting + [("type", "g-counter")], seed: seed)
            else { return }
            #expect(naive.metric("converged") == 1)
            #expect(naive.metric("lost-increments") == 10)
            #expect(counter.metric("converged") == 1)
            #expect(counter.metric("lost-increments") == 0)
        }
    }

    @Test func aNaiveCounterLosesAtLeastTheLoneReplicasShare() async {
        // n1 alone makes 20 increments; n2 and n3 make 40 between them but merge by max, so
        // their side reads at most 40. After the heal everyone holds max(n1, their side), which
        // is at most 40 of the 60 increments: at least 20 are lost.
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            guard let result = checkedRun(Self.partition + [("type", "naive-counter")], seed: seed) else { return }
            #expect(result.metric("converged") == 1)
            #expect((result.metric("lost-increments") ?? 0) >= 20)
        }
    }

    @Test func aNaiveCounterLosesIncrementsEvenWithoutAPartition() async {
        // Each replica increments about twice per gossip round, so the first exchange already
        // meets two replicas that both counted increments the other has not seen.
        await propertyCheck(count: 50, input: Gen.uint64()) { seed in
            guard let result = checkedRun([("type", "naive-counter")], seed: seed) else { return }
            #expect(result.metric("converged") == 1)
            #expect((result.metric("lost-increments") ?? 0) > 0)
        }
    }

    /// Two random groups of 3 to 5 replicas, cut apart at a random moment and healed by 1.5 s,
    /// and one replica that crashes for a while.
    static func randomPartition(seed: UInt64) -> [(String, String)] {
        var random = SplitMix64(seed: seed ^ 0xC0DE)
        let replicas = 3 + Int(random.next() % 3)
        var names = (1...replicas).map { "n\($0)" }
        names.shuffle(using: &random)
        let cut = 1 + Int(random.next() % UInt64(replicas - 1))
        let start = Int(random.next() % 800)
        let heal = start + 100 + Int(random.next() % (1_400 - UInt64(start)))
        let crashed = names[Int(random.next() % UInt64(replicas))]
        let down = Int(random.next() % 1_500)
        return [
            ("replicas", String(replicas)),
            ("partition", names[..<cut].joined(separator: ",") + "|" + names[cut...].joined(separator: ",")),
            ("partition-at", "\(start)ms"), ("heal-at", "\(heal)ms"),
            ("crash", "\(crashed)@\(down)ms"), ("restart", "\(crashed)@\(down + 400)ms"),
        ]
    }
}

/// The data types on their own: Shapiro et al.'s conditions for convergence are that merge is
/// commutative, associative and idempotent, and each CRDT's behaviour under concurrency.
@Suite struct ReplicatedDataTypeTests {
    @Test func concurrentIncrementsAreAllCounted() {
        var a = GCounter(replicas: 2)
        var b = GCounter(replicas: 2)
        a.increment(at: 0)
        b.increment(at: 1)
        b.increment(at: 1)
        a.merge(b)
        b.merge(a)
        #expect(a.value == 3 && a == b)

        var x = NaiveCounter()
        var y = NaiveCounter()
        x.increment()
        y.increment()
        y.increment()
        x.merge(y)
        #expect(x.value == 2)  // max(1, 2): the increment x counted is gone
    }

    @Test func aPNCounterSubtractsDecrementsMadeAnywhere() {
        var a = PNCounter(replicas: 2)
        var b = PNCounter(replicas: 2)
        a.increment(at: 0)
        a.increment(at: 0)
        b.decrement(at: 1)
        a.merge(b)
        #expect(a.value == 1)
    }

    @Test func aConcurrentAddSurvivesARemove() {
        // n1 adds x and n2 learns of it; n2 removes x while n3, not knowing, adds x again. The
        // remove covers only the tag n2 saw, so after merging, x is in the set: add wins.
        var n1 = ORSet()
        n1.add(0, replica: 0, sequence: 0)
        var n2 = ORSet()
        n2.merge(n1)
        n2.remove(0)
        var n3 = ORSet()
        n3.add(0, replica: 2, sequence: 0)
        #expect(!n2.contains(0))
        n2.merge(n3)
        #expect(n2.contains(0) && n2.elements == [0])
        // A remove after every add was seen removes the element for good.
        n2.remove(0)
        n1.merge(n2)
        n1.merge(n3)
        #expect(n1.elements.isEmpty)
    }

    @Test func theLaterStampWinsInEitherOrder() {
        var early = LWWRegister()
        early.assign(1, clock: 100, replica: 0)
        var late = LWWRegister()
        late.assign(2, clock: 200, replica: 1)
        var first = early
        first.merge(late)
        var second = late
        second.merge(early)
        #expect(first.value == 2 && first == second)
        // Equal clock readings: the higher replica number breaks the tie, the same everywhere.
        var tieA = LWWRegister()
        tieA.assign(7, clock: 100, replica: 0)
        var tieB = LWWRegister()
        tieB.assign(8, clock: 100, replica: 1)
        tieA.merge(tieB)
        #expect(tieA.value == 8)
        // A write on a replica whose clock is behind still supersedes what that replica holds.
        tieA.assign(9, clock: 50, replica: 0)
        #expect(tieA.value == 9 && (tieA.stamp?.time ?? 0) > 100)
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() async {
        await propertyCheck(count: 200, input: Gen.uint64()) { seed in
            var random = SplitMix64(seed: seed)
            let g = (0..<3).map { _ in randomGCounter(&random) }
            #expect(lawsHold(g[0], g[1], g[2]) { $0.merge($1) })
            let pn = (0..<3).map { _ in randomPNCounter(&random) }
            #expect(lawsHold(pn[0], pn[1], pn[2]) { $0.merge($1) })
            let sets = (0..<3).map { replica in randomORSet(&random, replica: replica) }
            #expect(lawsHold(sets[0], sets[1], sets[2]) { $0.merge($1) })
            let registers = (0..<3).map { replica in randomRegister(&random, replica: replica) }
            #expect(lawsHold(registers[0], registers[1], registers[2]) { $0.merge($1) })
        }
    }
}

private func lawsHold<State: Equatable>(
    _ a: State, _ b: State, _ c: State, _ merge: (inout State, State) -> Void
) -> Bool {
    func joined(_ x: State, _ y: State) -> State {
        var result = x
        merge(&result, y)
        return result
    }
    return joined(a, b) == joined(b, a) && joined(joined(a, b), c) == joined(a, joined(b, c))
        && joined(a, a) == a
}

private func randomGCounter(_ random: inout SplitMix64) -> GCounter {
    var counter = GCounter(replicas: 3)
    for _ in 0..<(random.next() % 8) { counter.increment(at: Int(random.next() % 3)) }
    return counter
}

private func randomPNCounter(_ random: inout SplitMix64) -> PNCounter {
    var counter = PNCounter(replicas: 3)
    for _ in 0..<(random.next() % 8) {
        if random.nextUnit() < 0.5 {
            counter.increment(at: Int(random.next() % 3))
        } else {
            counter.decrement(at: Int(random.next() % 3))
        }
    }
    return counter
}

/// A set built by one replica's adds and removes, with a shared element universe so the three
/// replicas' sets overlap; tags are unique per replica.
private func randomORSet(_ random: inout SplitMix64, replica: Int) -> ORSet {
    var set = ORSet()
    for sequence in 0..<Int(random.next() % 8) {
        let element = Int(random.next() % 4)
        if random.nextUnit() < 0.6 {
            set.add(element, replica: replica, sequence: sequence)
        } else {
            set.remove(element)
        }
    }
    return set
}

private func randomRegister(_ random: inout SplitMix64, replica: Int) -> LWWRegister {
    var register = LWWRegister()
    for _ in 0..<(random.next() % 3) {
        register.assign(Int(random.next() % 10), clock: SimTime(random.next() % 50), replica: replica)
    }
    return register
}
