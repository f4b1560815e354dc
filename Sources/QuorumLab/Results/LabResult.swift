import Foundation
import QuorumCheck
import QuorumSim

/// What a lab run found: the verdict and its reasons, the statistics, and what happened.
public struct LabResult: Sendable {
    public var options: LabOptions
    public var verdict: LabVerdict
    /// The checks' conclusions, failures first.
    public var findings: [LabFinding]
    public var statistics: LabStatistics
    /// Every client operation, in the order they began; final reads last.
    public var operations: [LabOperation]
    /// How each node ended, such as `n0 exited with status 0`.
    public var nodeExits: [String]
    /// Problems that did not affect the verdict (a log that could not be written).
    public var warnings: [String]
    public var interrupted: Bool
    /// The run's processes, in the trace's numbering: nodes, c0, clients, services.
    public var names: [String]
    public var trace: [TraceEvent]
    public var traceTruncated: Bool
    /// Microseconds from the start to the end of the run.
    public var endTime: Int64
    /// The run folder, once it has been written.
    public var runDirectory: String?
}

/// The run in numbers.
public struct LabStatistics: Sendable, Equatable {
    /// Client operations (not counting the final reads).
    public var operations = 0
    public var ok = 0
    public var failed = 0
    public var unknown = 0
    /// Messages one node sent another, and how many of those the network lost.
    public var messagesBetweenNodes = 0
    public var messagesLost = 0
    public var messagesWithServices = 0
    public var messagesWithClients = 0
    /// Latency of successful operations, in microseconds.
    public var latencyP50: Int64?
    public var latencyP99: Int64?
    public var latencyMax: Int64?
    /// Broadcast only: how long after a broadcast began every read included it, in microseconds.
    public var stableLatencyP50: Int64?
    public var stableLatencyP99: Int64?
    public var stableLatencyMax: Int64?
    /// Rounds of final reads it took for them to agree (or until time ran out); 0 for none.
    public var finalReadRounds = 0

    /// Messages between nodes per client operation: what a protocol costs.
    public var messagesPerOperation: Double {
        operations == 0 ? 0 : Double(messagesBetweenNodes) / Double(operations)
    }
}

/// The value below which `fraction` of the sorted values lie (nearest rank).
func percentile(_ sorted: [Int64], _ fraction: Double) -> Int64? {
    guard !sorted.isEmpty else { return nil }
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}

extension LabRunner {
    func result(endTime: Int64) -> LabResult {
        var statistics = LabStatistics()
        let workloadOperations = operations.filter { !$0.isFinal }
        statistics.operations = workloadOperations.count
        statistics.ok = workloadOperations.filter { $0.outcome == .ok }.count
        statistics.failed = workloadOperations.filter { $0.outcome == .fail }.count
        statistics.unknown = workloadOperations.filter { $0.outcome == .info }.count
        statistics.messagesBetweenNodes = stats.betweenNodes
        statistics.messagesLost = stats.lostBetweenNodes
        statistics.messagesWithServices = stats.withServices
        statistics.messagesWithClients = stats.withClients
        let latencies = workloadOperations.compactMap(\.latency).sorted()
        statistics.latencyP50 = percentile(latencies, 0.5)
        statistics.latencyP99 = percentile(latencies, 0.99)
        statistics.latencyMax = latencies.last
        statistics.finalReadRounds = finalRounds
        if options.workload == .broadcast {
            let stable = BroadcastWorkload.stableLatencies(operations).sorted()
            statistics.stableLatencyP50 = percentile(stable, 0.5)
            statistics.stableLatencyP99 = percentile(stable, 0.99)
            statistics.stableLatencyMax = stable.last
        }

        let findings = judge()
        let exits = nodes.indices.map { "\(names[$0]) \(nodes[$0].exit?.description ?? "did not start")" }
        return LabResult(
            options: options, verdict: LabVerdict.combining(findings.map(\.verdict)),
            findings: findings.filter { $0.verdict != .valid } + findings.filter { $0.verdict == .valid },
            statistics: statistics, operations: operations, nodeExits: exits,
            warnings: logProblem.map { [$0] } ?? [], interrupted: interrupted, names: names, trace: trace,
            traceTruncated: traceTruncated, endTime: endTime, runDirectory: runDirectory)
    }

    /// Every check that applies: the run itself, availability, the replies, then the workload's own.
    private func judge() -> [LabFinding] {
        if let fatal {
            return [LabFinding(check: "nodes", verdict: .invalid, text: fatal)]
        }
        if interrupted {
            return [
                LabFinding(
                    check: "run", verdict: .unknown,
                    text: "interrupted (Ctrl-C) at \(formatMicroseconds(now())); nothing was checked")
            ]
        }
        var findings: [LabFinding] = []
        let workloadOperations = operations.filter { !$0.isFinal }
        if workloadOperations.isEmpty {
            return [
                LabFinding(
                    check: "run", verdict: .unknown,
                    text: "no operation was issued; raise --rate or --time-limit")
            ]
        }
        if replyProblemCount > 0 {
            let more = replyProblemCount > replyProblems.count ? " (\(replyProblemCount) such replies)" : ""
            findings.append(
                LabFinding(
                    check: "replies", verdict: .invalid, text: replyProblems.joined(separator: "; ") + more))
        }
        // A node that answered nothing is stuck, whatever the workload.
        for node in 0..<nodeCount where requestsTo[node] > 0 && timeoutsAt[node] >= requestsTo[node] {
            findings.append(
                LabFinding(
                    check: "nodes", verdict: .invalid,
                    text:
                        "\(names[node]) answered none of its \(plural(requestsTo[node], "request")) within "
                        + "\(formatSeconds(options.clientTimeout)): is it stuck (a blocking call, an endless loop), "
                        + "or not flushing stdout?"))
        }
        // As Jepsen's stats checker: every kind of operation must succeed at least once.
        var kinds: [String] = []
        for operation in workloadOperations where !kinds.contains(operation.f) { kinds.append(operation.f) }
        for kind in kinds {
            let ofKind = workloadOperations.filter { $0.f == kind }
            if !ofKind.contains(where: { $0.outcome == .ok }) {
                let failed = ofKind.filter { $0.outcome == .fail }.count
                let unknown = ofKind.count - failed
                findings.append(
                    LabFinding(
                        check: "availability", verdict: .invalid,
                        text: "no \(kind) succeeded: \(failed) failed, \(unknown) timed out or ended unknown"))
            }
        }
        if let availability = options.availability {
            let ok = workloadOperations.filter { $0.outcome == .ok }.count
            let share = Double(ok) / Double(workloadOperations.count)
            let required: Double
            switch availability {
            case .total: required = 1
            case .fraction(let fraction): required = fraction
            }
            let text =
                "\(ok) of \(workloadOperations.count) operations succeeded (\(percentText(share))); "
                + "--availability \(availability) asks for \(percentText(required))"
            findings.append(
                LabFinding(check: "availability", verdict: share + 1e-12 >= required ? .valid : .invalid, text: text))
        }
        let input = LabCheckInput(operations: operations, nodes: nodeNames, options: options, shouldStop: shouldStop)
        findings += workload.check(input)
        return findings
    }

    private func percentText(_ share: Double) -> String {
        let percent = share * 100
        return percent == percent.rounded() ? "\(Int(percent))%" : String(format: "%.1f%%", percent)
    }
}
