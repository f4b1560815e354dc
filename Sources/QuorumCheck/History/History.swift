/// The operations clients performed against a system, in the order they were invoked.
///
/// Built from parsed files, from a simulation's client log, or by hand in tests. The initializer
/// renumbers `Operation.index` to each operation's position, so explanations can point at it.
public struct History: Hashable, Sendable {
    public private(set) var operations: [Operation]

    public init(_ operations: [Operation]) {
        var numbered = operations
        for position in numbered.indices { numbered[position].index = position }
        self.operations = numbered
    }

    public var count: Int { operations.count }
    public var isEmpty: Bool { operations.isEmpty }

    /// The processes that appear, in increasing order.
    public var processes: [Int] {
        Array(Set(operations.map(\.process))).sorted()
    }

    /// The keys that appear, nil (the single unnamed register) first, the rest sorted.
    public var keys: [String?] {
        let named = Set(operations.compactMap(\.key)).sorted()
        return (operations.contains { $0.key == nil } ? [nil] : []) + named.map { Optional($0) }
    }

    /// The sub-history of each key, in key order. Operation indices stay those of this history.
    ///
    /// Linearizability is local (Herlihy and Wing): a history is linearizable exactly when every
    /// object's sub-history is, so each key can be checked on its own.
    public func partitionedByKey() -> [(key: String?, operations: [Operation])] {
        var byKey: [String?: [Operation]] = [:]
        for operation in operations { byKey[operation.key, default: []].append(operation) }
        return keys.map { key in (key, byKey[key] ?? []) }
    }

    /// The operations of one process, in the order it invoked them.
    public func operations(of process: Int) -> [Operation] {
        operations.filter { $0.process == process }.sorted { ($0.invoke, $0.index) < ($1.invoke, $1.index) }
    }

    public subscript(index: Int) -> Operation { operations[index] }
}
