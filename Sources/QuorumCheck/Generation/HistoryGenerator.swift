/// Random histories that are linearizable by construction, for property tests and benchmarks.
///
/// Operations are run one at a time against the sequential specification, each at its own
/// instant; then an interval is drawn around each instant (invocation before it, completion
/// after it), so intervals overlap while the order of instants stays a valid linearization.
/// A process never has two operations open at once.
public enum HistoryGenerator {
    /// What the clients do.
    public enum Workload: Sendable, Hashable {
        /// Reads and writes of one register, writing values from `0..<values`.
        case register(values: Int)
        /// Reads and writes of one register where every write writes a value never written before.
        case uniqueRegister
        /// Reads, writes and cas of one register, with values from `0..<values`.
        case casRegister(values: Int)
        /// Gets, puts and appends on `keys` keys named "0", "1", ...; appended strings are unique.
        case appendKV(keys: Int)
    }

    /// Shapes the timing of the history.
    public struct Timing: Sendable, Hashable {
        /// The largest gap between one operation's instant and the next's.
        public var gap: Int64
        /// The largest distance from an instant back to its invocation, or on to its completion.
        public var spread: Int64
        /// The chance that an operation that changes state is indeterminate (`info`). Half of those
        /// take effect; the others never do.
        public var indeterminate: Double

        public init(gap: Int64 = 10, spread: Int64 = 30, indeterminate: Double = 0) {
            self.gap = max(1, gap)
            self.spread = max(0, spread)
            self.indeterminate = min(1, max(0, indeterminate))
        }
    }

    public static func linearizable(
        _ workload: Workload, operations count: Int, processes: Int, timing: Timing = Timing(),
        using random: inout some RandomNumberGenerator
    ) -> History {
        let processCount = max(1, processes)
        var freeAt = Array(repeating: Int64.min, count: processCount)
        var registers: [String?: Value] = [:]
        var strings: [String: String] = [:]
        var counters = Array(repeating: 0, count: processCount)
        var instant: Int64 = 0
        var operations: [Operation] = []
        var writtenSoFar = 0
        for _ in 0..<max(0, count) {
            instant += Int64.random(in: 1...timing.gap, using: &random)
            var free = (0..<processCount).filter { freeAt[$0] < instant }
            if free.isEmpty {
                instant = (freeAt.min() ?? instant) + 1
                free = (0..<processCount).filter { freeAt[$0] < instant }
            }
            let process = free[Int.random(in: 0..<free.count, using: &random)]
            let invoke = Int64.random(in: max(freeAt[process] + 1, instant - timing.spread)...instant, using: &random)
            let complete = Int64.random(in: instant...(instant + timing.spread), using: &random)
            freeAt[process] = complete

            var operation = Operation(process: process, function: .read, invoke: invoke, complete: complete)
            let roll = Int.random(in: 0..<100, using: &random)
            let indeterminate = Double.random(in: 0..<1, using: &random) < timing.indeterminate
            let takesEffect = !indeterminate || Bool.random(using: &random)
            switch workload {
            case .register(let values), .casRegister(let values):
                let current = registers[nil] ?? .null
                let range = max(1, values)
                if roll < 40 {
                    operation.value = current
                } else if roll < 75 || workload == .register(values: values) {
                    operation.function = .write
                    operation.value = .int(Int.random(in: 0..<range, using: &random))
                    if takesEffect { registers[nil] = operation.value }
                } else {
                    operation.function = .cas
                    // Mostly compare against the current value, so many cas operations succeed.
                    let from: Value =
                        Bool.random(using: &random) ? current : .int(Int.random(in: 0..<range, using: &random))
                    let to = Value.int(Int.random(in: 0..<range, using: &random))
                    operation.value = .list([from, to])
                    if from == current {
                        if takesEffect { registers[nil] = to }
                    } else if !indeterminate {
                        operation.outcome = .fail
                    }
                }
            case .uniqueRegister:
                if roll < 50 {
                    operation.value = registers[nil] ?? .null
                } else {
                    operation.function = .write
                    writtenSoFar += 1
                    operation.value = .int(writtenSoFar)
                    if takesEffect { registers[nil] = operation.value }
                }
            case .appendKV(let keys):
                let key = String(Int.random(in: 0..<max(1, keys), using: &random))
                operation.key = key
                if roll < 45 {
                    operation.function = .get
                    operation.value = .string(strings[key] ?? "")
                } else {
                    let token = "x \(process) \(counters[process]) y"
                    counters[process] += 1
                    operation.function = roll < 50 ? .put : .append
                    operation.value = .string(token)
                    if takesEffect {
                        strings[key] = operation.function == .put ? token : (strings[key] ?? "") + token
                    }
                }
            }
            if indeterminate, operation.function != .read, operation.function != .get {
                operation.outcome = .info
                if Bool.random(using: &random) { operation.complete = nil }
            }
            operations.append(operation)
        }
        return History(operations.sorted { ($0.invoke, $0.process) < ($1.invoke, $1.process) })
    }
}
