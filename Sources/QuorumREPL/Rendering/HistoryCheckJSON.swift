import Foundation
import QuorumCheck

/// The document `history check --json` prints: the overall verdict and, per file, the per-key
/// results and the explanation. Operations are written as lines of the JSON-lines format (plus
/// their `index`), so an explanation can be pasted back into a history file.
struct HistoryCheckDocument: Encodable {
    var verdict: String
    var exitCode: Int32
    var files: [FileEntry]

    struct FileEntry: Encodable {
        var file: String
        var verdict: String
        var format: String?
        var model: String?
        var operations: Int?
        var keys: [KeyEntry]?
        var explanation: Explanation?
        var sequentialConsistency: String?
        var sessions: [SessionEntry]?
        var staleness: StalenessEntry?
        var convergence: ConvergenceEntry?
        var errors: [String]?
    }

    struct KeyEntry: Encodable {
        var key: String?
        var operations: Int
        var verdict: String

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(operations, forKey: .operations)
            try container.encode(verdict, forKey: .verdict)
        }

        private enum CodingKeys: String, CodingKey { case key, operations, verdict }
    }

    struct Explanation: Encodable {
        var key: String?
        var operation: OperationEntry
        var reason: String
        var linearizedPrefix: [OperationEntry]
        var stateAfterPrefix: String
        var concurrent: [OperationEntry]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(operation, forKey: .operation)
            try container.encode(reason, forKey: .reason)
            try container.encode(linearizedPrefix, forKey: .linearizedPrefix)
            try container.encode(stateAfterPrefix, forKey: .stateAfterPrefix)
            try container.encode(concurrent, forKey: .concurrent)
        }

        private enum CodingKeys: String, CodingKey {
            case key, operation, reason, linearizedPrefix, stateAfterPrefix, concurrent
        }
    }

    struct SessionEntry: Encodable {
        var guarantee: String
        var process: Int
        var read: OperationEntry
        var cause: OperationEntry
        var explanation: String
    }

    struct StalenessEntry: Encodable {
        var reads: Int
        var stale: Int
        var maximumVersionsBehind: Int
        var neverWritten: [OperationEntry]
    }

    struct ConvergenceEntry: Encodable {
        var replicas: Int
        var converged: Bool
        var divergent: [Divergent]
        var neverWritten: [Unwritten]

        struct Divergent: Encodable {
            var key: String?
            var values: [String: JSONValue]

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(key, forKey: .key)
                try container.encode(values, forKey: .values)
            }

            private enum CodingKeys: String, CodingKey { case key, values }
        }

        struct Unwritten: Encodable {
            var replica: String
            var key: String?
            var value: JSONValue

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(replica, forKey: .replica)
                try container.encode(key, forKey: .key)
                try container.encode(value, forKey: .value)
            }

            private enum CodingKeys: String, CodingKey { case replica, key, value }
        }
    }

    /// An operation as a JSON-lines whole operation, with its index in the history.
    struct OperationEntry: Encodable {
        var operation: QuorumCheck.Operation

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(operation.index, forKey: .index)
            try container.encode(operation.process, forKey: .process)
            try container.encode(operation.function.rawValue, forKey: .f)
            try container.encodeIfPresent(operation.key, forKey: .key)
            try container.encode(JSONValue(operation.value), forKey: .value)
            try container.encode(operation.outcome.rawValue, forKey: .type)
            try container.encode(operation.invoke, forKey: .invoke)
            try container.encode(operation.complete, forKey: .complete)
            try container.encodeIfPresent(operation.line, forKey: .line)
        }

        private enum CodingKeys: String, CodingKey { case index, process, f, key, value, type, invoke, complete, line }
    }

    /// A history value in JSON: nil as null, lists as arrays.
    struct JSONValue: Encodable {
        var value: Value

        init(_ value: Value) {
            self.value = value
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .null: try container.encodeNil()
            case .bool(let flag): try container.encode(flag)
            case .int(let number): try container.encode(number)
            case .string(let text): try container.encode(text)
            case .list(let items): try container.encode(items.map(JSONValue.init))
            }
        }
    }

    func rendered() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
