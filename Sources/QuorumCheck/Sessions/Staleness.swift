/// How far behind one read was.
public struct ReadStaleness: Hashable, Sendable {
    /// The read, as an index into the history.
    public var read: Int
    /// Completed writes newer than the one it saw that had completed before it began; nil when
    /// it returned a value no write explains.
    public var versionsBehind: Int?
}

/// Staleness of every completed read.
public struct StalenessReport: Hashable, Sendable {
    public var reads: [ReadStaleness]

    /// The reads that saw an older version than the latest completed write.
    public var stale: [ReadStaleness] { reads.filter { ($0.versionsBehind ?? 0) > 0 } }
    public var maximum: Int { reads.compactMap(\.versionsBehind).max() ?? 0 }
    /// Reads of values never written.
    public var unexplained: [Int] { reads.filter { $0.versionsBehind == nil }.map(\.read) }
}

/// Staleness: for each read, how many versions behind the latest completed write it was.
///
/// Versions are ordered as `VersionOrder` describes; a read that overlaps a write may see either
/// side of it, so only writes that had completed before the read began count against it.
public enum Staleness {
    public static func measure<Model: ConsistencyModel>(_ history: History, model: Model) -> StalenessReport {
        let versions = VersionOrder(history, model: model)
        var reads: [ReadStaleness] = []
        for read in history.operations where model.isObservingRead(read) {
            guard let seen = versions.observedRank(read) else {
                reads.append(ReadStaleness(read: read.index, versionsBehind: nil))
                continue
            }
            let behind = versions.completedWrites(on: read.key, rankedAbove: seen, before: read.invoke)
            reads.append(ReadStaleness(read: read.index, versionsBehind: behind))
        }
        return StalenessReport(reads: reads)
    }
}
