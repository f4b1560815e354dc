/// Operations as a person reads them in explanations and timelines.
public enum OperationText {
    /// `write 3`, `read → 1`, `cas 1→2`, `cas 1→2 failed`, `append "x" ?` (indeterminate).
    public static func describe(_ operation: Operation) -> String {
        var text: String
        switch operation.function {
        case .read, .get:
            text = "\(operation.function)"
            if operation.outcome == .ok { text += " → \(operation.value)" }
        case .cas:
            if let (from, to) = operation.value.pair {
                text = "cas \(from)→\(to)"
            } else {
                text = "cas \(operation.value)"
            }
        default:
            text = operation.value.isNull ? "\(operation.function)" : "\(operation.function) \(operation.value)"
        }
        switch operation.outcome {
        case .ok: break
        case .fail: text += " failed"
        case .info: text += " ?"
        }
        return text
    }

    /// `p2 read → 1`, with the key when there is one: `p2 x: read → 1`.
    public static func label(_ operation: Operation) -> String {
        let key = operation.key.map { "\($0): " } ?? ""
        return "p\(operation.process) \(key)\(describe(operation))"
    }
}
