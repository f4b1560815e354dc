/// Many objects at once: each key holds its own state of `Base`.
///
/// Checking keys one by one is always right for linearizability and much faster; this model is
/// for what is not compositional (sequential consistency) and for measuring what partitioning
/// saves. Keys never touched keep the base model's initial state and are not stored, so equal
/// stores compare equal however they were reached.
public struct PerKeyModel<Base: ConsistencyModel>: ConsistencyModel {
    public let base: Base

    public init(_ base: Base) {
        self.base = base
    }

    public var name: String { base.name }
    public var initialState: [String?: Base.State] { [:] }

    public func validate(_ operation: Operation) -> String? { base.validate(operation) }

    public func step(_ state: [String?: Base.State], _ operation: Operation) -> [String?: Base.State]? {
        let current = state[operation.key] ?? base.initialState
        guard let next = base.step(current, operation) else { return nil }
        if next == current { return state }
        var result = state
        result[operation.key] = next == base.initialState ? nil : next
        return result
    }

    public func isReadOnly(_ operation: Operation) -> Bool { base.isReadOnly(operation) }
    public func failureIsObservable(_ operation: Operation) -> Bool { base.failureIsObservable(operation) }
    /// Only the operation's own key is replaced, so "replace, then replace again" still makes the
    /// first pointless only when both touch the same key; the search cannot tell, so: never.
    public func overwrites(_ operation: Operation) -> Bool { false }

    public func read(_ read: Operation, reflects write: Operation) -> Bool {
        read.key == write.key && base.read(read, reflects: write)
    }

    public func readsInitialValue(_ read: Operation) -> Bool { base.readsInitialValue(read) }

    public func weight(of state: [String?: Base.State]) -> Int {
        state.values.reduce(1) { $0 + base.weight(of: $1) }
    }

    /// `{x: 1, y: 2}` with keys sorted (the unnamed key first, shown as `_`).
    public func describe(_ state: [String?: Base.State]) -> String {
        let keys = state.keys.sorted { ($0 == nil ? 0 : 1, $0 ?? "") < ($1 == nil ? 0 : 1, $1 ?? "") }
        let entries = keys.compactMap { key in
            state[key].map { "\(key ?? "_"): \(base.describe($0))" }
        }
        return "{" + entries.joined(separator: ", ") + "}"
    }
}
