/// How far behind one read was.
public struct ReadStaleness: Hashable, Sendable {
    /// The read, as an index into the history.
    public var read: Int
    /// Completed writes provably newer than anything it could have seen, all completed before
    /// it began; nil when it returned a value no write explains.
    public var versionsBehind: Int?

    public init(read: Int, versionsBehind: Int?) {
        self.read = read
        self.versionsBehind = versionsBehind
    }
}

/// Staleness of every completed read.
public struct StalenessReport: Hashable, Sendable {
    public var reads: [ReadStaleness]

    /// The reads that were at least one version behind.
    public var stale: [ReadStaleness] { reads.filter { ($0.versionsBehind ?? 0) > 0 } }
    public var maximum: Int { reads.compactMap(\.versionsBehind).max() ?? 0 }
    /// Reads of values never written.
    public var unexplained: [Int] { reads.filter { $0.versionsBehind == nil }.map(\.read) }
}

/// Staleness: for each read, how many versions behind the latest completed write it was.
///
/// A version counts against a read when its write completed before the read began and was
/// invoked after every write the read could have seen had completed (see `ReadObservations`):
/// those writes had certainly taken effect, after what the read returned. A read overlapping a
/// write may see either side of it, so such writes never count, and a linearizable history has
/// no stale reads.
public enum Staleness {
    public static func measure<Model: ConsistencyModel>(_ history: History, model: Model) -> StalenessReport {
        let observations = ReadObservations(history, model: model)
        var reads: [ReadStaleness] = []
        for read in history.operations where model.isObservingRead(read) {
            let seen = observations.observation(read)
            guard seen.isExplained else {
                reads.append(ReadStaleness(read: read.index, versionsBehind: nil))
                continue
            }
            let behind = observations.completedWrites(
                on: read.key, invokedAfter: seen.latestCompletion, completedBefore: read.invoke)
            reads.append(ReadStaleness(read: read.index, versionsBehind: behind))
        }
        return StalenessReport(reads: reads)
    }
}
