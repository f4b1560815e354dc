/// What an operation did, as the model names it: `read`, `write`, `cas`, `get`, `put`, `append`.
///
/// Open-ended on purpose: a history may name any function, and the model decides which it
/// understands (`ConsistencyModel.validate(_:)`), so adding a model never touches the parsers.
public struct Function: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(_ name: String) {
        self.rawValue = name
    }

    public static let read = Function("read")
    public static let write = Function("write")
    public static let cas = Function("cas")
    public static let get = Function("get")
    public static let put = Function("put")
    public static let append = Function("append")

    public var description: String { rawValue }
}

/// One client operation: invoked by a process, then completed (or not).
///
/// `value` follows Jepsen's convention: the argument of a write (`3`, or `[from to]` for a cas)
/// and the result of a read. `invoke` and `complete` are positions on one clock: real times when
/// the history has them, else the order of its events. Only their order matters to the checkers.
public struct Operation: Hashable, Sendable {
    /// How an operation ended.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// It happened, and returned `value`.
        case ok
        /// It did not happen. (For a cas: the compare failed, so it changed nothing.)
        case fail
        /// Indeterminate: it timed out, crashed, or was still pending when the history ended. It
        /// may have taken effect at any point after its invocation, or never.
        case info
    }

    /// Position in its history, from 0; explanations refer to operations by it.
    public var index: Int
    public var process: Int
    public var function: Function
    /// The object operated on; nil for a history of one register.
    public var key: String?
    public var value: Value
    public var outcome: Outcome
    public var invoke: Int64
    /// When it completed; nil when it never did (pending at the end of the history).
    public var complete: Int64?
    /// The source line of its invocation, when it was read from a file.
    public var line: Int?

    public init(
        index: Int = 0, process: Int, function: Function, key: String? = nil, value: Value = .null,
        outcome: Outcome = .ok, invoke: Int64, complete: Int64?, line: Int? = nil
    ) {
        self.index = index
        self.process = process
        self.function = function
        self.key = key
        self.value = value
        self.outcome = outcome
        self.invoke = invoke
        self.complete = complete
        self.line = line
    }

    /// Whether this operation finished before `other` began, so every linearization orders it first.
    ///
    /// Equal times count as overlapping. An indeterminate operation precedes nothing: it may take
    /// effect long after the reply was lost.
    public func precedes(_ other: Operation) -> Bool {
        guard outcome != .info, let complete else { return false }
        return complete < other.invoke
    }

    /// Whether the two intervals overlap, so the operations could take effect in either order.
    public func isConcurrent(with other: Operation) -> Bool {
        !precedes(other) && !other.precedes(self)
    }
}
