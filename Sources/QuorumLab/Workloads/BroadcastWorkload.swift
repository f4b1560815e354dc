import QuorumCheck
import QuorumSim

/// Clients broadcast distinct numbers to nodes and read what each node has; once the network
/// is healed and quiet, every number a node acknowledged must be in every node's final read.
struct BroadcastWorkload: LabWorkload {
    var topology: Topology
    private var nextMessage = 0

    init(topology: Topology) {
        self.topology = topology
    }

    func setupBody(for node: Int, nodes: [String]) -> DataValue? {
        let neighbours = topology.neighbours(of: nodes)
        let map = DataValue.object(zip(nodes, neighbours).map { ($0, .vector($1.map { .string($0) })) })
        return .object([("type", .string("topology")), ("topology", map)])
    }

    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest {
        if random.next(upperBound: UInt64(2)) == 0 {
            return LabRequest(f: "read")
        }
        defer { nextMessage += 1 }
        return LabRequest(f: "broadcast", fields: [("message", .integer(nextMessage))], argument: .integer(nextMessage))
    }

    var finalRequest: LabRequest? { LabRequest(f: "read") }

    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem> {
        guard request.f == "read" else { return .success(.null) }
        guard let messages = reply.field("messages")?.arrayValue,
            messages.allSatisfy({ $0.intValue != nil })
        else {
            return .failure(LabReplyProblem("read_ok needs \"messages\": a list of the numbers seen"))
        }
        return .success(.vector(messages))
    }

    static func numbers(_ read: LabOperation) -> [Int] {
        read.response.arrayValue?.compactMap(\.intValue) ?? []
    }

    func check(_ run: LabCheckInput) -> [LabFinding] {
        var findings: [LabFinding] = []
        let broadcasts = run.workloadOperations.filter { $0.f == "broadcast" }
        let attempted = Set(broadcasts.compactMap(\.argument.intValue))
        let acknowledged = broadcasts.filter { $0.outcome == .ok }.compactMap(\.argument.intValue).sorted()
        let reads = run.operations.filter { $0.f == "read" && $0.outcome == .ok }

        var invented: [String] = []
        for read in reads {
            for number in Self.numbers(read) where !attempted.contains(number) {
                invented.append("\(read.node) read \(number)")
            }
        }
        if !invented.isEmpty {
            findings.append(
                LabFinding(
                    check: "broadcast", verdict: .invalid,
                    text: "reads returned numbers no client broadcast: \(listed(invented, limit: 3))"))
        }

        var lost: [String] = []
        var silent: [String] = []
        for node in run.nodes {
            guard let final = run.finalRead(of: node), final.outcome == .ok else {
                silent.append(node)
                continue
            }
            let seen = Set(Self.numbers(final))
            let missing = acknowledged.filter { !seen.contains($0) }
            if !missing.isEmpty {
                lost.append("\(node) lacks \(listed(missing.map(String.init), limit: 5))")
            }
        }
        if !silent.isEmpty {
            findings.append(
                LabFinding(
                    check: "broadcast", verdict: .invalid,
                    text: "no answer to the final read from \(silent.joined(separator: ", "))"))
        }
        if !lost.isEmpty {
            findings.append(
                LabFinding(
                    check: "broadcast", verdict: .invalid,
                    text: "acknowledged broadcasts missing from final reads: \(lost.joined(separator: "; "))"))
        }
        if findings.isEmpty {
            findings.append(
                LabFinding(
                    check: "broadcast", verdict: .valid,
                    text:
                        "all \(plural(acknowledged.count, "acknowledged value")) reached all \(plural(run.nodes.count, "node"))"
                ))
        }
        return findings
    }

    /// For each acknowledged value, how long after its broadcast began it was in every read from
    /// then on: the end of the last read, begun after the broadcast, that lacked it (zero if
    /// none did). Values some final read lacks are lost, not slow, and are left out.
    static func stableLatencies(_ operations: [LabOperation]) -> [Int64] {
        let reads = operations.filter { $0.f == "read" && $0.outcome == .ok }
            .map { (invoke: $0.invoke, complete: $0.complete ?? $0.invoke, numbers: Set(numbers($0))) }
        // Each node's last final read says where it ended up (final reads repeat until they agree).
        var lastFinal: [String: Set<Int>] = [:]
        for read in operations where read.isFinal && read.f == "read" {
            lastFinal[read.node] = read.outcome == .ok ? Set(numbers(read)) : []
        }
        var latencies: [Int64] = []
        for broadcast in operations where broadcast.f == "broadcast" && broadcast.outcome == .ok {
            guard let value = broadcast.argument.intValue else { continue }
            if lastFinal.values.contains(where: { !$0.contains(value) }) { continue }
            var lastMissing: Int64?
            for read in reads where read.invoke >= broadcast.invoke && !read.numbers.contains(value) {
                lastMissing = max(lastMissing ?? read.complete, read.complete)
            }
            latencies.append(max(0, (lastMissing ?? broadcast.invoke) - broadcast.invoke))
        }
        return latencies
    }
}

/// A grow-only counter on seq-kv: clients add non-negative deltas and read the total. Once
/// the network is quiet every node's final read must be the sum of the acknowledged adds, plus
/// any of those whose outcome is unknown.
struct GCounterWorkload: LabWorkload {
    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest {
        if random.next(upperBound: UInt64(4)) == 0 { return LabRequest(f: "read") }
        let delta = 1 + Int(random.next(upperBound: UInt64(5)))
        return LabRequest(f: "add", fields: [("delta", .integer(delta))], argument: .integer(delta))
    }

    var finalRequest: LabRequest? { LabRequest(f: "read") }

    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem> {
        guard request.f == "read" else { return .success(.null) }
        guard let value = reply.field("value"), value.intValue != nil else {
            return .failure(LabReplyProblem("read_ok needs \"value\": the counter, a whole number"))
        }
        return .success(value)
    }

    func check(_ run: LabCheckInput) -> [LabFinding] {
        let adds = run.workloadOperations.filter { $0.f == "add" }
        let acknowledged = adds.filter { $0.outcome == .ok }.compactMap(\.argument.intValue).reduce(0, +)
        let unknown = adds.filter { $0.outcome == .info }.compactMap(\.argument.intValue).reduce(0, +)
        var findings: [LabFinding] = []
        var wrong: [String] = []
        var silent: [String] = []
        for node in run.nodes {
            guard let final = run.finalRead(of: node), final.outcome == .ok,
                let value = final.response.intValue
            else {
                silent.append(node)
                continue
            }
            if value < acknowledged || value > acknowledged + unknown { wrong.append("\(node) read \(value)") }
        }
        let expected =
            unknown == 0
            ? "the acknowledged adds sum to \(acknowledged)"
            : "the acknowledged adds sum to \(acknowledged), and adds of unknown outcome to \(unknown) more"
        if !silent.isEmpty {
            findings.append(
                LabFinding(
                    check: "g-counter", verdict: .invalid,
                    text: "no answer to the final read from \(silent.joined(separator: ", "))"))
        }
        if !wrong.isEmpty {
            findings.append(
                LabFinding(
                    check: "g-counter", verdict: .invalid,
                    text: "final reads are off: \(listed(wrong)), but \(expected)"))
        }
        // No read, at any time, may show more than was ever added: the adds that had begun by
        // the time it ended, and did not fail. Running sums over the adds in order of invocation
        // answer that for each read with one binary search (this check runs after every round
        // of final reads).
        let begun = adds.filter { $0.outcome != .fail }.sorted { $0.invoke < $1.invoke }
        var sums = [0]
        for add in begun { sums.append(sums[sums.count - 1] + (add.argument.intValue ?? 0)) }
        var overshoot: [String] = []
        for read in run.operations where read.f == "read" && read.outcome == .ok {
            guard let value = read.response.intValue, let end = read.complete else { continue }
            var low = 0
            var high = begun.count
            while low < high {
                let middle = (low + high) / 2
                if begun[middle].invoke <= end { low = middle + 1 } else { high = middle }
            }
            let possible = sums[low]
            if value > possible { overshoot.append("\(read.node) read \(value) when at most \(possible) was added") }
        }
        if !overshoot.isEmpty {
            findings.append(
                LabFinding(
                    check: "g-counter", verdict: .invalid,
                    text: "reads counted adds that never happened: \(listed(overshoot, limit: 3))"))
        }
        if findings.isEmpty {
            findings.append(
                LabFinding(
                    check: "g-counter", verdict: .valid,
                    text:
                        "every node's final read is \(acknowledged)\(unknown > 0 ? " or within the unknown adds" : ""): \(expected)"
                ))
        }
        return findings
    }
}
