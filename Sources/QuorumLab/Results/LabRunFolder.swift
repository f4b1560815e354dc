import Foundation
import QuorumCheck

/// The folder a run leaves behind, as Maelstrom's `store/` does: each node's stderr
/// (`n0.log`, ...), the client history (`history.jsonl`) and the results (`results.json`).
///
/// Runs go under `<data directory>/labs/`, one folder each named for the workload and the time,
/// with `latest` pointing at the newest.
public enum LabRunFolder {
    /// Makes a new, empty folder for a run of `workload`; its path.
    public static func create(in parent: String, workload: LabWorkloadKind, date: Date) throws -> String {
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = parent + "/" + workload.rawValue + "-" + formatter.string(from: date)
        var path = stem
        var suffix = 1
        while FileManager.default.fileExists(atPath: path) {
            suffix += 1
            path = stem + "-\(suffix)"
        }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        let latest = parent + "/latest"
        try? FileManager.default.removeItem(atPath: latest)
        try? FileManager.default.createSymbolicLink(
            atPath: latest, withDestinationPath: (path as NSString).lastPathComponent)
        return path
    }

    /// Writes `history.jsonl` and `results.json` into the run's folder.
    public static func write(_ result: LabResult, to folder: String) throws {
        try historyText(result).write(toFile: folder + "/history.jsonl", atomically: true, encoding: .utf8)
        try resultsJSON(result).write(toFile: folder + "/results.json", atomically: true, encoding: .utf8)
    }

    /// One operation per line in quorum's JSON-lines history format, so `history check` reads a
    /// lin-kv run's history as it is (times in microseconds since the run began).
    public static func historyText(_ result: LabResult) -> String {
        var lines: [String] = []
        if result.options.workload == .linKV {
            lines.append(
                DataValue.object([("quorum-history", .integer(1)), ("model", .string("cas-register"))]).jsonText)
        }
        for operation in result.operations {
            lines.append(operationJSON(operation).jsonText)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What a reader of the history wants as the value: what was written, or what was read.
    static func historyValue(_ operation: LabOperation) -> DataValue {
        switch operation.f {
        case "read", "generate", "echo": return operation.outcome == .ok ? operation.response : .null
        default: return operation.argument
        }
    }

    static func operationJSON(_ operation: LabOperation) -> DataValue {
        var fields: [(String, DataValue)] = [("process", .integer(operation.process)), ("f", .string(operation.f))]
        if let key = operation.key { fields.append(("key", .string(key.stringValue ?? key.jsonText))) }
        fields.append(("value", historyValue(operation)))
        if operation.f == "echo" { fields.append(("sent", operation.argument)) }
        fields += [
            ("type", .string(operation.outcome.rawValue)), ("invoke", .integer(Int(operation.invoke))),
            ("complete", operation.outcome == .info ? .null : operation.complete.map { .integer(Int($0)) } ?? .null),
            ("client", .string(operation.client)), ("node", .string(operation.node)),
        ]
        if let code = operation.errorCode {
            fields.append(("error", .object([("code", .integer(code)), ("name", .string(ErrorCode.name(code)))])))
        }
        if operation.isFinal { fields.append(("final", .bool(true))) }
        return .object(fields)
    }

    /// The verdict, findings, statistics and settings as one JSON object (pretty enough to read).
    public static func resultsJSON(_ result: LabResult) -> String {
        let statistics = result.statistics
        func micros(_ value: Int64?) -> DataValue { value.map { .real(Double($0) / 1000) } ?? .null }
        var stats: [(String, DataValue)] = [
            ("operations", .integer(statistics.operations)), ("ok", .integer(statistics.ok)),
            ("failed", .integer(statistics.failed)), ("unknown", .integer(statistics.unknown)),
            ("messages-between-nodes", .integer(statistics.messagesBetweenNodes)),
            ("messages-lost", .integer(statistics.messagesLost)),
            ("messages-with-services", .integer(statistics.messagesWithServices)),
            ("messages-with-clients", .integer(statistics.messagesWithClients)),
            ("final-read-rounds", .integer(statistics.finalReadRounds)),
            ("messages-per-operation", .real((statistics.messagesPerOperation * 1000).rounded() / 1000)),
            (
                "latency-ms",
                .object([
                    ("p50", micros(statistics.latencyP50)), ("p99", micros(statistics.latencyP99)),
                    ("max", micros(statistics.latencyMax)),
                ])
            ),
        ]
        if result.options.workload == .broadcast {
            stats.append(
                (
                    "stable-latency-ms",
                    .object([
                        ("p50", micros(statistics.stableLatencyP50)), ("p99", micros(statistics.stableLatencyP99)),
                        ("max", micros(statistics.stableLatencyMax)),
                    ])
                ))
        }
        let options = result.options
        var settings: [(String, DataValue)] = [
            ("workload", .string(options.workload.rawValue)), ("bin", .string(options.binary)),
            ("node-count", .integer(options.nodeCount)), ("time-limit", .real(options.timeLimit)),
            ("rate", .real(options.rate)), ("concurrency", .integer(options.clientCount)),
            ("latency", .real(options.latency)), ("latency-dist", .string(options.latencyDistribution.rawValue)),
            ("loss", .real(options.loss)), ("nemesis", .vector(options.nemesis.map { .string($0.rawValue) })),
            ("nemesis-interval", .real(options.nemesisInterval)),
            ("seed", .integer(Int(truncatingIfNeeded: options.seed))),
        ]
        if options.workload == .broadcast { settings.append(("topology", .string(options.topology.rawValue))) }
        if let availability = options.availability {
            settings.append(("availability", .string(availability.description)))
        }
        let document = DataValue.object([
            ("verdict", .string(result.verdict.rawValue)),
            ("exit-code", .integer(Int(result.verdict.exitCode))),
            (
                "findings",
                .vector(
                    result.findings.map { finding in
                        .object([
                            ("check", .string(finding.check)), ("verdict", .string(finding.verdict.rawValue)),
                            ("text", .string(finding.text)),
                        ])
                    })
            ),
            ("stats", .object(stats)),
            ("settings", .object(settings)),
            ("nodes", .vector(result.nodeExits.map { .string($0) })),
            ("interrupted", .bool(result.interrupted)),
            ("duration-ms", .real(Double(result.endTime) / 1000)),
            ("real-time", .bool(true)),
            ("warnings", .vector(result.warnings.map { .string($0) })),
        ])
        return document.jsonText + "\n"
    }
}
