/// A register: `write v` replaces the value, `read` returns it. Starts as `nil` (never written).
public struct RegisterModel: ConsistencyModel {
    public init() {}

    public var name: String { "register" }
    public var initialState: Value { .null }

    public func validate(_ operation: Operation) -> String? {
        switch operation.function {
        case .read, .write: return nil
        default: return "model 'register' has no operation '\(operation.function)' (it knows read and write)"
        }
    }

    public func step(_ state: Value, _ operation: Operation) -> Value? {
        switch operation.function {
        case .write: return operation.value
        default:
            if operation.outcome == .info { return state }
            return operation.value == state ? state : nil
        }
    }

    public func isReadOnly(_ operation: Operation) -> Bool { operation.function == .read }

    public func overwrites(_ operation: Operation) -> Bool { operation.function == .write }

    public func read(_ read: Operation, reflects write: Operation) -> Bool {
        writtenValue(write) == read.value
    }

    public func readsInitialValue(_ read: Operation) -> Bool { read.value.isNull }

    public func describe(_ state: Value) -> String { state.description }
}
