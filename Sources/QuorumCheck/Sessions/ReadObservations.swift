/// Which writes each read could have seen, and what is provably older than that.
///
/// A history does not say in which order writes took effect, only when each was open. So a
/// write is *provably older* than another only when it completed before the other was invoked
/// (an indeterminate write is never provably older: it may take effect at any later time), and
/// the initial value is older than every write. A read could have seen any write it reflects (its
/// value, for a register; its suffix, for an append) that was invoked before the read returned,
/// or the initial value if it returned that.
///
/// Session and staleness checks only count what is provable, so a linearizable history never
/// breaks a session guarantee and never has a stale read.
struct ReadObservations<Model: ConsistencyModel> {
    /// What a read could have seen.
    struct Observation {
        /// Writes it reflects, invoked before it returned.
        var writes: [Operation]
        var initial: Bool

        var isExplained: Bool { initial || !writes.isEmpty }

        /// The one write it must have seen, when there is exactly one and no initial value.
        var unique: Operation? { !initial && writes.count == 1 ? writes.first : nil }

        /// The latest completion among what it could have seen: a write completed after this
        /// could be the one it saw. `Int64.min` for the initial value alone; `Int64.max` when it
        /// could have seen an indeterminate write.
        var latestCompletion: Int64 {
            var latest = Int64.min
            for write in writes {
                let completion = write.outcome == .ok ? (write.complete ?? Int64.max) : Int64.max
                latest = max(latest, completion)
            }
            return latest
        }

        /// Whether everything it could have seen is provably older than a write invoked at `time`.
        func isProvablyOlder(thanInvokedAt time: Int64) -> Bool {
            isExplained && latestCompletion < time
        }
    }

    let model: Model
    private var writesByKey: [String?: [Operation]] = [:]

    init(_ history: History, model: Model) {
        self.model = model
        for operation in history.operations where model.isWrite(operation) {
            writesByKey[operation.key, default: []].append(operation)
        }
    }

    func observation(_ read: Operation) -> Observation {
        let returned = read.complete ?? Int64.max
        let writes = (writesByKey[read.key] ?? []).filter {
            $0.invoke <= returned && model.read(read, reflects: $0)
        }
        return Observation(writes: writes, initial: model.readsInitialValue(read))
    }

    /// Completed writes of `key` invoked after `time` and completed before `before`.
    func completedWrites(on key: String?, invokedAfter time: Int64, completedBefore before: Int64) -> Int {
        (writesByKey[key] ?? []).reduce(0) { count, write in
            guard write.outcome == .ok, let complete = write.complete else { return count }
            return count + (write.invoke > time && complete < before ? 1 : 0)
        }
    }
}
