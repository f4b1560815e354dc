/// The four session guarantees of Terry et al. (Bayou, 1994).
public enum SessionGuarantee: String, CaseIterable, Sendable, Hashable {
    /// A process sees its own completed writes.
    case readYourWrites = "read-your-writes"
    /// A process never sees an older version after a newer one.
    case monotonicReads = "monotonic reads"
    /// Whoever sees a process's later write also sees its earlier ones.
    case monotonicWrites = "monotonic writes"
    /// Whoever sees a process's write also sees what that process had read before writing it.
    case writesFollowReads = "writes-follow-reads"
}

/// One broken guarantee: in `process`'s session, shown by the read `read`.
public struct SessionViolation: Hashable, Sendable {
    public var guarantee: SessionGuarantee
    /// The process whose session's guarantee failed.
    public var process: Int
    /// The read that saw too old a version (an index into the history).
    public var read: Int
    /// The write it should have seen at least (or, for monotonic reads, the earlier read).
    public var cause: Int
    public var explanation: String
}

public struct SessionReport: Hashable, Sendable {
    public var processes: [Int]
    public var violations: [SessionViolation]

    /// Whether `guarantee` held for every read in `process`'s session.
    public func holds(_ guarantee: SessionGuarantee, for process: Int) -> Bool {
        !violations.contains { $0.guarantee == guarantee && $0.process == process }
    }
}

/// Checks the session guarantees of each process from what its reads returned.
///
/// A guarantee is broken when a read returned something provably older (see
/// `ReadObservations`) than a write it was owed:
/// - read-your-writes: its own process's last completed write of that key;
/// - monotonic reads: a write an earlier read of its process must have seen;
/// - monotonic writes: an earlier write of a process whose later write it had already seen;
/// - writes-follow-reads: a write that process had seen before the write it had already seen.
///
/// "Must have seen" needs one explanation only: a read that could have seen several writes
/// passes nothing on. So nothing is reported that a linearizable history could show.
public enum SessionGuarantees {
    /// A write a read is owed, by key: `invoke` is that write's invocation time.
    private struct Floor {
        var invoke: Int64
        var cause: Int
        /// The write whose observation passed this floor on (for the two cross-session guarantees).
        var via: Int
    }

    public static func check<Model: ConsistencyModel>(_ history: History, model: Model) -> SessionReport {
        let observations = ReadObservations(history, model: model)
        let processes = history.processes
        var violations: [SessionViolation] = []
        // What each write's session had written and seen before issuing it.
        var floorsBefore: [Int: (written: [String?: Floor], seen: [String?: Floor])] = [:]
        for process in processes {
            var written: [String?: Floor] = [:]
            var seen: [String?: Floor] = [:]
            for operation in history.operations(of: process) {
                if model.isWrite(operation) {
                    floorsBefore[operation.index] = (written, seen)
                    if operation.outcome == .ok {
                        raise(
                            &written, operation.key,
                            Floor(invoke: operation.invoke, cause: operation.index, via: operation.index))
                    }
                } else if model.isObservingRead(operation), let write = observations.observation(operation).unique {
                    raise(&seen, operation.key, Floor(invoke: write.invoke, cause: write.index, via: write.index))
                }
            }
        }

        for process in processes {
            var ownWrites: [String?: Floor] = [:]
            var earlierReads: [String?: Floor] = [:]
            var othersWrites: [String?: Floor] = [:]
            var othersReads: [String?: Floor] = [:]
            for operation in history.operations(of: process) {
                if model.isWrite(operation) {
                    if operation.outcome == .ok {
                        raise(
                            &ownWrites, operation.key,
                            Floor(invoke: operation.invoke, cause: operation.index, via: operation.index))
                    }
                    continue
                }
                guard model.isObservingRead(operation) else { continue }
                let seen = observations.observation(operation)
                let key = operation.key
                /// Reports `guarantee` broken when the read saw only what is older than `floor`;
                /// `ownSession` says whose session it is: this process's, or the writer's.
                func check(_ guarantee: SessionGuarantee, _ floor: Floor?, ownSession: Bool, _ why: (Floor) -> String) {
                    guard let floor, seen.isProvablyOlder(thanInvokedAt: floor.invoke) else { return }
                    violations.append(
                        SessionViolation(
                            guarantee: guarantee, process: ownSession ? process : history[floor.via].process,
                            read: operation.index, cause: floor.cause,
                            explanation: "\(describe(operation)) \(why(floor))"
                        ))
                }
                check(.readYourWrites, ownWrites[key], ownSession: true) { floor in
                    "after its own \(describe(history[floor.cause])) had completed"
                }
                check(.monotonicReads, earlierReads[key], ownSession: true) { floor in
                    "after an earlier read of p\(process) had seen \(describe(history[floor.cause]))"
                }
                check(.monotonicWrites, othersWrites[key], ownSession: false) { floor in
                    "after seeing \(describe(history[floor.via])), which was issued after \(describe(history[floor.cause]))"
                }
                check(.writesFollowReads, othersReads[key], ownSession: false) { floor in
                    "after seeing \(describe(history[floor.via])), whose process had seen \(describe(history[floor.cause])) before issuing it"
                }
                guard let write = seen.unique else { continue }
                raise(&earlierReads, key, Floor(invoke: write.invoke, cause: write.index, via: write.index))
                // Seeing another process's write brings in what that process had done before it.
                guard write.process != process, let before = floorsBefore[write.index] else { continue }
                for floorKey in before.written.keys.sorted(by: Self.keyOrder) {
                    if let floor = before.written[floorKey] {
                        raise(
                            &othersWrites, floorKey, Floor(invoke: floor.invoke, cause: floor.cause, via: write.index))
                    }
                }
                for floorKey in before.seen.keys.sorted(by: Self.keyOrder) {
                    if let floor = before.seen[floorKey] {
                        raise(&othersReads, floorKey, Floor(invoke: floor.invoke, cause: floor.cause, via: write.index))
                    }
                }
            }
        }
        return SessionReport(processes: processes, violations: violations)
    }

    /// Keeps the later of the floor already owed for `key` and `floor`.
    private static func raise(_ floors: inout [String?: Floor], _ key: String?, _ floor: Floor) {
        if let current = floors[key], current.invoke >= floor.invoke { return }
        floors[key] = floor
    }

    private static func keyOrder(_ lhs: String?, _ rhs: String?) -> Bool {
        (lhs == nil ? 0 : 1, lhs ?? "") < (rhs == nil ? 0 : 1, rhs ?? "")
    }

    private static func describe(_ operation: Operation) -> String {
        OperationText.label(operation) + (operation.line.map { " (line \($0))" } ?? "")
    }
}
