/// A sequential specification: what one object does when operations run one at a time.
///
/// The checkers ask a model three things: where it starts, whether an operation could have
/// returned what it did from a given state (and the state after), and how to describe states
/// and operations to a person. Adding a model means one small type conforming to this.
///
/// A model describes a single object (one register, one key). Histories over many keys are
/// checked key by key, or with `PerKeyModel` when the keys must be checked together.
public protocol ConsistencyModel: Sendable {
    associatedtype State: Hashable & Sendable

    /// The name `--model` takes, kebab-case.
    var name: String { get }
    var initialState: State { get }

    /// Why this model cannot run `operation` (an unknown function, a malformed argument), or nil.
    func validate(_ operation: Operation) -> String?

    /// The state after `operation` takes effect in `state`, or nil when it could not have
    /// returned what it did from `state`.
    ///
    /// For an indeterminate operation (`outcome == .info`) any result is acceptable, so only its
    /// effect matters.
    func step(_ state: State, _ operation: Operation) -> State?

    /// Whether `operation` never changes the state (reads), so that an indeterminate one can be
    /// left out: it constrains nothing.
    func isReadOnly(_ operation: Operation) -> Bool

    /// Whether `operation` sets the state regardless of what it was (a register's write, a
    /// kv put). The search uses it to skip orders that cannot matter. By default, false.
    func overwrites(_ operation: Operation) -> Bool

    /// Whether a failed operation still says something about the state (a cas whose compare
    /// failed). By default a failure means the operation did not happen, and it is left out.
    func failureIsObservable(_ operation: Operation) -> Bool

    /// Whether a read returned the value `write` leaves, taking `write` as the latest write it
    /// saw. Session and staleness checks use this to tell which write each read observed.
    func read(_ read: Operation, reflects write: Operation) -> Bool

    /// Whether a read returned the value the object holds before anything is written.
    func readsInitialValue(_ read: Operation) -> Bool

    /// A state as a person reads it: `3`, `nil`, `"x 1 y"`.
    func describe(_ state: State) -> String

    /// How many configurations remembering `state` is worth, for the search's memory bound:
    /// 1 for a small value, more for a state of several hundred bytes. By default, 1.
    func weight(of state: State) -> Int
}

extension ConsistencyModel {
    /// Whether the linearizability search must place `operation`: completed operations, and
    /// indeterminate ones that may have changed the state. Failed operations did not happen.
    public func constrains(_ operation: Operation) -> Bool {
        switch operation.outcome {
        case .ok: return true
        case .fail: return failureIsObservable(operation)
        case .info: return !isReadOnly(operation)
        }
    }

    public func failureIsObservable(_ operation: Operation) -> Bool { false }

    public func overwrites(_ operation: Operation) -> Bool { false }

    public func weight(of state: State) -> Int { 1 }

    /// Whether `operation` is a read whose result the session checks can interpret.
    public func isObservingRead(_ operation: Operation) -> Bool {
        operation.outcome == .ok && isReadOnly(operation)
    }

    /// Whether `operation` created a new value: a completed or possibly-applied write.
    public func isWrite(_ operation: Operation) -> Bool {
        !isReadOnly(operation) && (operation.outcome == .ok || operation.outcome == .info)
            && writtenValue(operation) != nil
    }

    /// The value a write leaves when it succeeds; nil for operations that write nothing.
    public func writtenValue(_ operation: Operation) -> Value? {
        guard !isReadOnly(operation) else { return nil }
        if operation.function == .cas { return operation.value.pair?.1 }
        return operation.value
    }
}
