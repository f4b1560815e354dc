/// What one replica held when the run ended.
public struct ReplicaState: Hashable, Sendable {
    public var replica: String
    /// Per key (nil for the single unnamed register).
    public var values: [String?: Value]

    public init(replica: String, values: [String?: Value]) {
        self.replica = replica
        self.values = values
    }
}

/// Whether replicas ended in the same state, and if not, where they differ.
public struct ConvergenceReport: Hashable, Sendable {
    /// A key the replicas disagree on, with what each held (`nil` when it held nothing).
    public struct Divergence: Hashable, Sendable {
        public var key: String?
        public var values: [(replica: String, value: Value?)]

        public static func == (lhs: Divergence, rhs: Divergence) -> Bool {
            lhs.key == rhs.key && lhs.values.map(\.replica) == rhs.values.map(\.replica)
                && lhs.values.map(\.value) == rhs.values.map(\.value)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(key)
            for entry in values {
                hasher.combine(entry.replica)
                hasher.combine(entry.value)
            }
        }
    }

    /// A final value that no operation wrote (only when a history was given).
    public struct Unwritten: Hashable, Sendable {
        public var replica: String
        public var key: String?
        public var value: Value

        public init(replica: String, key: String?, value: Value) {
            self.replica = replica
            self.key = key
            self.value = value
        }
    }

    public var replicaCount: Int
    public var divergences: [Divergence]
    public var unwritten: [Unwritten]

    /// Every replica holds the same value for every key.
    public var converged: Bool { divergences.isEmpty }
}

/// Convergence: eventual consistency's promise that replicas which have seen the same writes
/// hold the same state once the writes stop.
public enum Convergence {
    /// Compares replicas' final states key by key (keys and replicas in sorted order). With a
    /// history and its model, it also reports final values that no write could have left.
    public static func check<Model: ConsistencyModel>(
        _ replicas: [ReplicaState], history: History? = nil, model: Model
    ) -> ConvergenceReport {
        let sorted = replicas.sorted { $0.replica < $1.replica }
        let keys = Set(sorted.flatMap(\.values.keys)).sorted {
            ($0 == nil ? 0 : 1, $0 ?? "") < ($1 == nil ? 0 : 1, $1 ?? "")
        }
        var divergences: [ConvergenceReport.Divergence] = []
        for key in keys {
            let values = sorted.map { (replica: $0.replica, value: $0.values[key]) }
            if Set(values.map(\.value)).count > 1 {
                divergences.append(ConvergenceReport.Divergence(key: key, values: values))
            }
        }
        var unwritten: [ConvergenceReport.Unwritten] = []
        if let history {
            var writes: [String?: [Operation]] = [:]
            for operation in history.operations where model.isWrite(operation) {
                writes[operation.key, default: []].append(operation)
            }
            for replica in sorted {
                for key in keys {
                    guard let value = replica.values[key] else { continue }
                    // The final value read as if by one last read, after everything.
                    let probe = Operation(process: -1, function: .read, key: key, value: value, invoke: 0, complete: 0)
                    let explained =
                        model.readsInitialValue(probe)
                        || (writes[key] ?? []).contains { model.read(probe, reflects: $0) }
                    if !explained { unwritten.append(.init(replica: replica.replica, key: key, value: value)) }
                }
            }
        }
        return ConvergenceReport(replicaCount: sorted.count, divergences: divergences, unwritten: unwritten)
    }
}
