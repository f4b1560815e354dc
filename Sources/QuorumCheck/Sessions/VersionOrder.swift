/// The versions of each key, and which version each read saw: what the session guarantees and
/// staleness are measured against.
///
/// A history does not show the order in which writes took effect, so it is taken to be the order
/// the system acknowledged them: completed writes by completion time. An indeterminate write is
/// ranked at its invocation, the earliest it could have taken effect. A read saw the highest
/// ranked write it reflects (its value, for a register; its suffix, for an append) among those
/// invoked before it returned, or the initial value: the most charitable reading when values
/// repeat. A read that reflects nothing returned a value never written.
struct VersionOrder<Model: ConsistencyModel> {
    /// What a read saw.
    enum Observation: Equatable {
        /// The value before any write: rank -1.
        case initial
        case write(Int)
        /// A value no write (and not the initial value) explains.
        case unexplained
    }

    let model: Model
    let history: History
    /// Rank of each write, by operation index; -1 stands for the initial value.
    private(set) var rank: [Int: Int] = [:]
    /// Per key, the writes in rank order.
    private var writesByKey: [String?: [Operation]] = [:]
    /// Per key, completed writes' completion times and ranks, in completion order.
    private var completions: [String?: [(time: Int64, rank: Int)]] = [:]

    init(_ history: History, model: Model) {
        self.model = model
        self.history = history
        for operation in history.operations where model.isWrite(operation) {
            writesByKey[operation.key, default: []].append(operation)
        }
        for (key, writes) in writesByKey {
            let ordered = writes.sorted { Self.sortKey($0) < Self.sortKey($1) }
            writesByKey[key] = ordered
            for (position, write) in ordered.enumerated() {
                rank[write.index] = position
                if write.outcome == .ok, let complete = write.complete {
                    completions[key, default: []].append((complete, position))
                }
            }
        }
    }

    private static func sortKey(_ write: Operation) -> (Int64, Int64, Int) {
        let at = write.outcome == .ok ? (write.complete ?? write.invoke) : write.invoke
        return (at, write.invoke, write.index)
    }

    /// The rank a read saw, -1 for the initial value; nil when no write explains it.
    func observedRank(_ read: Operation) -> Int? {
        switch observation(read) {
        case .initial: return -1
        case .write(let index): return rank[index]
        case .unexplained: return nil
        }
    }

    func observation(_ read: Operation) -> Observation {
        let returned = read.complete ?? Int64.max
        let candidates = writesByKey[read.key] ?? []
        for write in candidates.reversed() where write.invoke <= returned && model.read(read, reflects: write) {
            return .write(write.index)
        }
        return model.readsInitialValue(read) ? .initial : .unexplained
    }

    /// How many completed writes ranked above `rank` had completed before `time`.
    func completedWrites(on key: String?, rankedAbove rank: Int, before time: Int64) -> Int {
        (completions[key] ?? []).reduce(0) { count, entry in count + (entry.time < time && entry.rank > rank ? 1 : 0) }
    }

    /// The write of `key` with the given rank.
    func write(on key: String?, rank: Int) -> Operation? {
        guard let writes = writesByKey[key], writes.indices.contains(rank) else { return nil }
        return writes[rank]
    }
}
