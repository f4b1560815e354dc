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
    /// The write (or earlier read) whose version it should have seen at least.
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

/// Checks the session guarantees of each process against the versions reads saw.
///
/// Versions are ordered as `VersionOrder` describes. Monotonic writes and writes-follow-reads
/// are about what others see: each is broken when some process, having seen a write, later
/// sees a version older than one that write's session had already written (or read).
public enum SessionGuarantees {
    private struct Floor {
        var rank: Int
        var cause: Int
        var via: Int
    }

    public static func check<Model: ConsistencyModel>(_ history: History, model: Model) -> SessionReport {
        let versions = VersionOrder(history, model: model)
        let processes = history.processes
        var violations: [SessionViolation] = []
        var writeFloors: [Int: (monotonic: [String?: Floor], followReads: [String?: Floor])] = [:]

        // What each write's session had written and read before it: the floors its readers inherit.
        for process in processes {
            var written: [String?: Floor] = [:]
            var read: [String?: Floor] = [:]
            for operation in history.operations(of: process) {
                if model.isWrite(operation), let rank = versions.rank[operation.index] {
                    writeFloors[operation.index] = (written, read)
                    if operation.outcome == .ok {
                        written[operation.key] = Floor(rank: rank, cause: operation.index, via: operation.index)
                    }
                } else if model.isObservingRead(operation), let seen = versions.observedRank(operation),
                    seen > (read[operation.key]?.rank ?? -1)
                {
                    read[operation.key] = Floor(rank: seen, cause: operation.index, via: operation.index)
                }
            }
        }

        for process in processes {
            var ownWrite: [String?: Floor] = [:]
            var lastRead: [String?: Floor] = [:]
            var inheritedWrites: [String?: Floor] = [:]
            var inheritedReads: [String?: Floor] = [:]
            for operation in history.operations(of: process) {
                if model.isWrite(operation), operation.outcome == .ok, let rank = versions.rank[operation.index] {
                    ownWrite[operation.key] = Floor(rank: rank, cause: operation.index, via: operation.index)
                    continue
                }
                guard model.isObservingRead(operation), let seen = versions.observedRank(operation) else { continue }
                let key = operation.key
                func report(_ guarantee: SessionGuarantee, of owner: Int, _ floor: Floor, _ why: String) {
                    violations.append(
                        SessionViolation(
                            guarantee: guarantee, process: owner, read: operation.index, cause: floor.cause,
                            explanation: "\(describe(operation, in: history)) \(why)"))
                }
                if let floor = ownWrite[key], seen < floor.rank {
                    report(
                        .readYourWrites, of: process, floor,
                        "after its own \(describe(history[floor.cause], in: history)) had completed")
                }
                if let floor = lastRead[key], seen < floor.rank {
                    report(
                        .monotonicReads, of: process, floor,
                        "after it had already read a newer version: \(describe(history[floor.cause], in: history))")
                }
                if let floor = inheritedWrites[key], seen < floor.rank {
                    let writer = history[floor.via]
                    report(
                        .monotonicWrites, of: writer.process, floor,
                        "after it saw \(describe(writer, in: history)), which p\(writer.process) issued after \(describe(history[floor.cause], in: history))"
                    )
                }
                if let floor = inheritedReads[key], seen < floor.rank {
                    let writer = history[floor.via]
                    report(
                        .writesFollowReads, of: writer.process, floor,
                        "after it saw \(describe(writer, in: history)), which p\(writer.process) issued after \(describe(history[floor.cause], in: history))"
                    )
                }
                if seen > (lastRead[key]?.rank ?? -2) {
                    lastRead[key] = Floor(rank: seen, cause: operation.index, via: operation.index)
                }
                // Seeing another process's write brings in what that write's session had done.
                if case .write(let writeIndex) = versions.observation(operation),
                    history[writeIndex].process != process,
                    let floors = writeFloors[writeIndex]
                {
                    for (floorKey, floor) in floors.monotonic where floor.rank > (inheritedWrites[floorKey]?.rank ?? -1)
                    {
                        inheritedWrites[floorKey] = Floor(rank: floor.rank, cause: floor.cause, via: writeIndex)
                    }
                    for (floorKey, floor) in floors.followReads
                    where floor.rank > (inheritedReads[floorKey]?.rank ?? -1) {
                        inheritedReads[floorKey] = Floor(rank: floor.rank, cause: floor.cause, via: writeIndex)
                    }
                }
            }
        }
        return SessionReport(processes: processes, violations: violations)
    }

    private static func describe(_ operation: Operation, in history: History) -> String {
        let line = operation.line.map { " (line \($0))" } ?? ""
        return "\(OperationText.label(operation))\(line)"
    }
}
