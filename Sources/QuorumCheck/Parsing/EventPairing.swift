/// One line of an event-style history: a process invoking an operation, or completing it.
struct HistoryEvent {
    enum Kind: String {
        case invoke, ok, fail, info
    }

    var kind: Kind
    var process: Int
    var function: Function
    var key: String?
    /// nil when the line carries no value at all (not even `nil`).
    var value: Value?
    var time: Int64?
    var line: Int
}

/// Turns invocations and completions into operations, as Jepsen histories pair them: a
/// process's invocation is completed by that process's next completion.
///
/// The operation keeps the invocation's argument; a successful completion's value replaces it,
/// which is how a read's result arrives. Operations still open at the end are indeterminate.
/// Times, when every event has one, order the operations; otherwise the events' order does.
struct EventPairing {
    private struct Pending {
        var operation: Operation
        var invokeSequence: Int64
        var completeSequence: Int64?
        var invokeTime: Int64?
        var completeTime: Int64?
        var completeLine: Int?
    }

    let file: String
    private var pending: [Pending] = []
    private var open: [Int: Int] = [:]
    private var sequence: Int64 = 0
    private var everyEventTimed = true
    private(set) var diagnostics: [HistoryDiagnostic] = []

    init(file: String) {
        self.file = file
    }

    var isEmpty: Bool { pending.isEmpty }

    mutating func add(_ event: HistoryEvent) {
        sequence += 1
        if event.time == nil { everyEventTimed = false }
        switch event.kind {
        case .invoke:
            if let previous = open[event.process] {
                let line = pending[previous].operation.line.map { " from line \($0)" } ?? ""
                error(
                    event.line,
                    "process \(event.process) invokes a new operation before its operation\(line) completed")
                return
            }
            let operation = Operation(
                process: event.process, function: event.function, key: event.key, value: event.value ?? .null,
                outcome: .info, invoke: sequence, complete: nil, line: event.line)
            open[event.process] = pending.count
            pending.append(Pending(operation: operation, invokeSequence: sequence, invokeTime: event.time))
        case .ok, .fail, .info:
            guard let position = open.removeValue(forKey: event.process) else {
                error(event.line, "process \(event.process) completes an operation it never invoked")
                return
            }
            var entry = pending[position]
            guard entry.operation.function == event.function else {
                let invokedAt = entry.operation.line.map { " on line \($0)" } ?? ""
                error(
                    event.line,
                    "process \(event.process) completes '\(event.function)' but invoked '\(entry.operation.function)'\(invokedAt)"
                )
                return
            }
            entry.operation.outcome = event.kind == .ok ? .ok : event.kind == .fail ? .fail : .info
            if event.kind == .ok, let value = event.value { entry.operation.value = value }
            entry.completeSequence = sequence
            entry.completeTime = event.time
            entry.completeLine = event.line
            pending[position] = entry
        }
    }

    /// The operations in invocation order; diagnostics collects what could not be paired.
    mutating func finish() -> [Operation] {
        var operations: [Operation] = []
        operations.reserveCapacity(pending.count)
        for entry in pending {
            var operation = entry.operation
            if everyEventTimed, let invokeTime = entry.invokeTime {
                operation.invoke = invokeTime
                operation.complete = entry.completeTime
                if let complete = entry.completeTime, complete < invokeTime {
                    error(
                        entry.completeLine ?? operation.line ?? 0,
                        "this completion's time \(complete) is before its invocation's time \(invokeTime)")
                }
            } else {
                operation.invoke = entry.invokeSequence
                operation.complete = entry.completeSequence
            }
            operations.append(operation)
        }
        return operations
    }

    private mutating func error(_ line: Int, _ message: String) {
        diagnostics.append(HistoryDiagnostic(file: file, line: line, message: message))
    }
}
