import Foundation
import QuorumCheck
import QuorumModels
import QuorumSim

/// The document `sim run --json` prints: one JSON object with the run's model, seed,
/// parameters, metrics, narrative, trace and client history. Times are virtual microseconds.
/// Keys are sorted, so the same run prints the same bytes in every process.
struct SimulationRunDocument: Encodable {
    var model: String
    var seed: UInt64
    var params: [String: ParameterJSON]
    var metrics: [String: Double]
    var narrative: [String]
    var processes: [String]
    var endTime: Int64
    var trace: [TraceEntry]
    var traceTruncated: Bool
    var history: [HistoryEntry]

    init(_ run: SimulationRun) {
        model = run.model
        seed = run.seed
        params = Dictionary(
            run.parameters.values.map { ($0.name, ParameterJSON($0.value)) }, uniquingKeysWith: { first, _ in first })
        metrics = Dictionary(run.metrics.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        narrative = run.narrative.map { "\(SimulationClock.seconds($0.time))  \($0.text)" }
        processes = run.names
        endTime = run.endTime
        let names = run.names
        trace = run.trace.map { TraceEntry($0, names: names) }
        traceTruncated = run.traceTruncated
        if let recorded = run.history {
            history = recorded.operations.map { HistoryEntry($0) }
        } else {
            history = HistoryEntry.pairs(in: run.trace, names: names)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case model, seed, params, metrics, narrative, processes
        case endTime = "end-time"
        case trace
        case traceTruncated = "trace-truncated"
        case history
    }

    /// A parameter as the learner would type it: numbers as numbers, the rest as text.
    struct ParameterJSON: Encodable {
        var value: ParameterValue

        init(_ value: ParameterValue) {
            self.value = value
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .int(let number): try container.encode(number)
            case .double(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            default: try container.encode(value.description)
            }
        }
    }

    /// One trace event: `t`, `type`, and the fields that type has.
    struct TraceEntry: Encodable {
        var event: TraceEvent
        var names: [String]

        init(_ event: TraceEvent, names: [String]) {
            self.event = event
            self.names = names
        }

        private enum CodingKeys: String, CodingKey {
            case t, type, id, from, to, node, label, detail, copy, reason, partition, process, operation, outcome, text
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(event.time, forKey: .t)
            func name(_ index: Int) -> String { index < names.count ? names[index] : "#\(index)" }
            switch event.kind {
            case .send(let id, let from, let to, let label, let detail, let copy):
                try container.encode("send", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name(from), forKey: .from)
                try container.encode(name(to), forKey: .to)
                try container.encode(label, forKey: .label)
                if detail != label { try container.encode(detail, forKey: .detail) }
                if copy { try container.encode(true, forKey: .copy) }
            case .deliver(let id, let from, let to, let label):
                try container.encode("deliver", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name(from), forKey: .from)
                try container.encode(name(to), forKey: .to)
                try container.encode(label, forKey: .label)
            case .drop(let id, let from, let to, let label, let reason):
                try container.encode("drop", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name(from), forKey: .from)
                try container.encode(name(to), forKey: .to)
                try container.encode(label, forKey: .label)
                try container.encode(reason.rawValue, forKey: .reason)
            case .timer(let node, let label):
                try container.encode("timer", forKey: .type)
                try container.encode(name(node), forKey: .node)
                try container.encode(label, forKey: .label)
            case .crash(let node), .restart(let node), .pause(let node), .resume(let node):
                try container.encode(Self.word(event.kind), forKey: .type)
                try container.encode(name(node), forKey: .node)
            case .partition(let spec):
                try container.encode("partition", forKey: .type)
                try container.encode(spec.description, forKey: .partition)
            case .heal:
                try container.encode("heal", forKey: .type)
            case .state(let node, let text):
                try container.encode("state", forKey: .type)
                try container.encode(name(node), forKey: .node)
                try container.encode(text, forKey: .text)
            case .invoke(let process, let operation):
                try container.encode("invoke", forKey: .type)
                try container.encode(name(process), forKey: .process)
                try container.encode(operation, forKey: .operation)
            case .complete(let process, let operation, let outcome):
                try container.encode("complete", forKey: .type)
                try container.encode(name(process), forKey: .process)
                try container.encode(operation, forKey: .operation)
                try container.encode(outcome, forKey: .outcome)
            }
        }

        private static func word(_ kind: TraceEvent.Kind) -> String {
            switch kind {
            case .crash: "crash"
            case .restart: "restart"
            case .pause: "pause"
            default: "resume"
            }
        }
    }

    /// One client operation, in the shape of `history check`'s JSON lines.
    struct HistoryEntry: Encodable {
        /// A whole number, as `history check` reads it: the client's number (`c3` is 3).
        var process: Int
        /// The client's name, for operations told by the trace.
        var client: String?
        var f: String
        var key: String?
        var value: HistoryCheckDocument.JSONValue?
        var type: String
        var invoke: Int64
        var complete: Int64?

        init(_ operation: QuorumCheck.Operation) {
            process = operation.process
            f = operation.function.rawValue
            key = operation.key
            value = HistoryCheckDocument.JSONValue(operation.value)
            type = operation.outcome.rawValue
            invoke = operation.invoke
            complete = operation.complete
        }

        init(client: String, f: String, type: String, invoke: Int64, complete: Int64?) {
            process = Int(client.dropFirst()) ?? 0
            self.client = client
            self.f = f
            self.type = type
            self.invoke = invoke
            self.complete = complete
        }

        /// Operations told by the trace's invoke and complete events, for models whose clients
        /// do something other than read and write.
        static func pairs(in trace: [TraceEvent], names: [String]) -> [HistoryEntry] {
            var entries: [HistoryEntry] = []
            var open: [String: Int] = [:]
            for event in trace {
                switch event.kind {
                case .invoke(let process, let operation):
                    let name = process < names.count ? names[process] : "#\(process)"
                    open[name + " " + operation] = entries.count
                    entries.append(
                        HistoryEntry(client: name, f: operation, type: "info", invoke: event.time, complete: nil))
                case .complete(let process, let operation, let outcome):
                    let name = process < names.count ? names[process] : "#\(process)"
                    if let index = open.removeValue(forKey: name + " " + operation) {
                        entries[index].type = outcome
                        entries[index].complete = outcome == "info" ? nil : event.time
                    }
                default:
                    break
                }
            }
            return entries
        }
    }

    func rendered() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Virtual time as the learner reads it.
enum SimulationClock {
    static func seconds(_ time: SimTime) -> String {
        String(format: "%.3fs", Double(time) / Double(SimDuration.second))
    }
}
