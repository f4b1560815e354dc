import QuorumCheck
import QuorumSim

// Figures for the consistency checkers, printed, never judged: machines differ.
//
//   a) 100 generated cas-register histories of 200 to 1,000 operations from 5 processes, half
//      of them broken by changing one read's result, checked one after another; a') the same
//      with 2% of the writes timing out, the hard case for any linearizability checker;
//   b) an append key-value history of about 3,400 events from 50 processes over 10 keys,
//      checked key by key and as one object (which gives up after 30 s, or when it would
//      remember more configurations than a check may).
//
// Histories come from seeded generators (SplitMix64), so every run checks the same ones.

let clock = ContinuousClock()

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func format(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = String(hundredths % 100)
    return "\(hundredths / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
}

/// Changes one completed read's result to another value the register could hold, trying reads
/// until the history is no longer linearizable (a changed read can still have an explanation).
func broken(_ history: History, using random: inout SplitMix64) -> History? {
    let reads = history.operations.filter { $0.function == .read && $0.outcome == .ok }
    for _ in 0..<50 {
        guard let read = reads.randomElement(using: &random) else { return nil }
        var operations = history.operations
        let current: Int = if case .int(let value) = read.value { value } else { -1 }
        operations[read.index].value = .int((current + 1 + Int.random(in: 0..<4, using: &random)) % 5)
        let candidate = History(operations)
        let verdict = ModelKind.casRegister.checkLinearizability(candidate, budget: SearchBudget()).verdict
        if verdict == .notLinearizable { return candidate }
    }
    return nil
}

// MARK: a) cas-register histories

/// Generates the 100 histories of a), half of them broken, with `indeterminate` the chance that an
/// operation that changes state timed out (half of those took effect).
func casRegisterHistories(seed: UInt64, indeterminate: Double) -> [History] {
    var random = SplitMix64(seed: seed)
    var histories: [History] = []
    while histories.count < 100 {
        let size = Int.random(in: 200...1_000, using: &random)
        let history = HistoryGenerator.linearizable(
            .casRegister(values: 5), operations: size, processes: 5,
            timing: .init(gap: 10, spread: 25, indeterminate: indeterminate), using: &random)
        if histories.count % 2 == 0 {
            histories.append(history)
        } else if let broken = broken(history, using: &random) {
            histories.append(broken)
        }
    }
    return histories
}

func measure(_ label: String, _ histories: [History], rounds: Int) {
    var totals: [Double] = []
    var perHistory: [Double] = []
    var steps = 0
    var verdicts: [Verdict: Int] = [:]
    for round in 0..<rounds {
        var total = 0.0
        for history in histories {
            let start = clock.now
            let report = ModelKind.casRegister.checkLinearizability(history, budget: SearchBudget())
            let elapsed = milliseconds(clock.now - start)
            total += elapsed
            if round == 0 {
                perHistory.append(elapsed)
                steps += report.steps
                verdicts[report.verdict, default: 0] += 1
            }
        }
        totals.append(total)
    }
    let operations = histories.reduce(0) { $0 + $1.count }
    let indeterminate = histories.reduce(0) { $0 + $1.operations.count { $0.outcome == .info } }
    totals.sort()
    perHistory.sort()
    print(
        "checker \(label) 100 cas-register histories, \(operations) operations (\(indeterminate) indeterminate), "
            + "5 processes: \(verdicts[.linearizable] ?? 0) linearizable, \(verdicts[.notLinearizable] ?? 0) not, "
            + "\(verdicts[.unknown] ?? 0) unknown")
    print(
        "  total: median \(format(percentile(totals, 0.5))) ms, best \(format(totals.first ?? 0)) ms "
            + "over \(totals.count) rounds; \(steps) search steps")
    print(
        "  per history: median \(format(percentile(perHistory, 0.5))) ms, "
            + "p90 \(format(percentile(perHistory, 0.9))) ms, max \(format(perHistory.last ?? 0)) ms")
}

/// Runs a), a') and b).
func runCheckerBench() {
    measure("a)", casRegisterHistories(seed: 2024, indeterminate: 0), rounds: 5)
    measure("a') with timeouts:", casRegisterHistories(seed: 2024, indeterminate: 0.02), rounds: 1)

    // MARK: b) append key-value history

    var kvRandom = SplitMix64(seed: 50)
    let kvHistory = HistoryGenerator.linearizable(
        .appendKV(keys: 10), operations: 1_720, processes: 50, timing: .init(gap: 2, spread: 40, indeterminate: 0.01),
        using: &kvRandom)
    let events = kvHistory.operations.reduce(0) { $0 + ($1.complete == nil ? 1 : 2) }
    var kvOperations = kvHistory.operations
    if let get = kvOperations.lastIndex(where: { $0.function == .get && $0.outcome == .ok }) {
        kvOperations[get].value = .string(KeyValueModelText.text(kvOperations[get].value) + "x 99 99 y")
    }
    let kvBroken = History(kvOperations)
    // The most operations open at one instant (of those that completed).
    var openings: [(time: Int64, change: Int)] = []
    for operation in kvHistory.operations where operation.outcome == .ok {
        openings.append((operation.invoke, 1))
        openings.append((operation.complete ?? operation.invoke, -1))
    }
    openings.sort { ($0.time, $0.change) < ($1.time, $1.change) }
    var open = 0
    var concurrency = 0
    for opening in openings {
        open += opening.change
        concurrency = max(concurrency, open)
    }

    func timed(_ label: String, rounds: Int, _ check: () -> LinearizabilityReport) {
        var times: [Double] = []
        var verdict = Verdict.unknown
        var steps = 0
        for _ in 0..<rounds {
            let start = clock.now
            let report = check()
            times.append(milliseconds(clock.now - start))
            verdict = report.verdict
            steps = report.steps
        }
        times.sort()
        print(
            "  \(label): \(verdict), median \(format(percentile(times, 0.5))) ms over \(rounds) rounds, \(steps) steps")
    }

    print(
        "checker b) append kv history: \(events) events, \(kvHistory.count) operations, 50 processes, 10 keys "
            + "(up to \(concurrency) open at once)")
    timed("per key, correct", rounds: 5) { ModelKind.kv.checkLinearizability(kvHistory, budget: SearchBudget()) }
    timed("per key, one get broken", rounds: 5) { ModelKind.kv.checkLinearizability(kvBroken, budget: SearchBudget()) }
    let limit = 30.0
    let wholeStart = clock.now
    timed(
        "all keys as one object, correct (gives up after \(Int(limit)) s or "
            + "remembering \(SearchBudget.defaultMaxConfigurations) configurations)", rounds: 1
    ) {
        ModelKind.kv.checkLinearizability(
            kvHistory, budget: SearchBudget(shouldStop: { milliseconds(clock.now - wholeStart) > limit * 1000 }),
            partitioned: false)
    }
}

enum KeyValueModelText {
    static func text(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return ""
    }
}
