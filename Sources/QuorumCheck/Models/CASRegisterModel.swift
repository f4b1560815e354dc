/// A register with compare-and-set: `cas [from to]` sets `to` when the value is `from`.
///
/// A cas that failed (`:fail`) changed nothing and says the value was not `from` when it ran;
/// this is how etcd and Jepsen's cas-register tests report a compare that did not match.
/// Starts as `nil`: a read of nil means never written.
public struct CASRegisterModel: ConsistencyModel {
    public init() {}

    public var name: String { "cas-register" }
    public var initialState: Value { .null }

    public func validate(_ operation: Operation) -> String? {
        switch operation.function {
        case .read, .write: return nil
        case .cas:
            guard operation.value.pair != nil else {
                return "a cas needs a [from to] pair as its value, not \(operation.value)"
            }
            return nil
        default:
            return "model 'cas-register' has no operation '\(operation.function)' (it knows read, write and cas)"
        }
    }

    public func step(_ state: Value, _ operation: Operation) -> Value? {
        switch operation.function {
        case .write:
            return operation.value
        case .cas:
            guard let (from, to) = operation.value.pair else { return nil }
            switch operation.outcome {
            case .ok: return state == from ? to : nil
            case .fail: return state == from ? nil : state
            case .info: return state == from ? to : state
            }
        default:
            if operation.outcome == .info { return state }
            return operation.value == state ? state : nil
        }
    }

    public func isReadOnly(_ operation: Operation) -> Bool { operation.function == .read }

    public func failureIsObservable(_ operation: Operation) -> Bool { operation.function == .cas }

    public func overwrites(_ operation: Operation) -> Bool { operation.function == .write }

    public func read(_ read: Operation, reflects write: Operation) -> Bool {
        writtenValue(write) == read.value
    }

    public func readsInitialValue(_ read: Operation) -> Bool { read.value.isNull }

    public func describe(_ state: Value) -> String { state.description }
}
