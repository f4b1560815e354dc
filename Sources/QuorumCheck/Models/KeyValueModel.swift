/// One key of a string key-value store: `get` returns the string, `put` replaces it, `append`
/// adds to its end. A key never written holds the empty string (a `get` of nil reads as empty).
///
/// The store is checked key by key (P-compositionality), so the model only knows one string.
public struct KeyValueModel: ConsistencyModel {
    public init() {}

    public var name: String { "kv" }
    public var initialState: String { "" }

    public func validate(_ operation: Operation) -> String? {
        switch operation.function {
        case .get, .read:
            switch operation.value {
            case .null, .string: return nil
            default: return "a get returns a string, not \(operation.value)"
            }
        case .put, .write, .append:
            guard case .string = operation.value else {
                return "\(operation.function) takes a string, not \(operation.value)"
            }
            return nil
        default:
            return "model 'kv' has no operation '\(operation.function)' (it knows get, put and append)"
        }
    }

    public func step(_ state: String, _ operation: Operation) -> String? {
        switch operation.function {
        case .put, .write:
            return Self.text(operation.value)
        case .append:
            return state + Self.text(operation.value)
        default:
            if operation.outcome == .info { return state }
            return Self.text(operation.value) == state ? state : nil
        }
    }

    public func isReadOnly(_ operation: Operation) -> Bool {
        operation.function == .get || operation.function == .read
    }

    /// A get reflects a put that left exactly its string, or an append whose string it ends with.
    public func overwrites(_ operation: Operation) -> Bool {
        operation.function == .put || operation.function == .write
    }

    public func read(_ read: Operation, reflects write: Operation) -> Bool {
        let seen = Self.text(read.value)
        let written = Self.text(write.value)
        if write.function == .append { return !written.isEmpty && seen.hasSuffix(written) }
        return seen == written
    }

    public func readsInitialValue(_ read: Operation) -> Bool { Self.text(read.value).isEmpty }

    public func describe(_ state: String) -> String { Value.quoted(state) }

    public func weight(of state: String) -> Int { 1 + state.utf8.count / 256 }

    static func text(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return ""
    }
}
