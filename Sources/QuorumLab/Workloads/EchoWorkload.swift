import QuorumCheck
import QuorumSim

/// Maelstrom's first exercise: `echo` must come back as `echo_ok` with the same payload.
struct EchoWorkload: LabWorkload {
    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest {
        let payload = DataValue.string("Please echo \(random.next(upperBound: UInt64(1000)))")
        return LabRequest(f: "echo", fields: [("echo", payload)], argument: payload)
    }

    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem> {
        guard let echoed = reply.field("echo") else {
            return .failure(LabReplyProblem("echo_ok has no \"echo\" field"))
        }
        return .success(echoed)
    }

    func check(_ run: LabCheckInput) -> [LabFinding] {
        let answered = run.workloadOperations.filter { $0.outcome == .ok }
        // With nothing answered there is nothing to compare; the availability check says so.
        guard !answered.isEmpty else { return [] }
        let wrong = answered.filter { $0.response != $0.argument }
        if let first = wrong.first {
            return [
                LabFinding(
                    check: "echo", verdict: .invalid,
                    text:
                        "\(plural(wrong.count, "echo", "echoes")) of \(answered.count) came back changed: "
                        + "\(first.node) answered \(first.argument.jsonText) with \(first.response.jsonText)")
            ]
        }
        return [
            LabFinding(
                check: "echo", verdict: .valid,
                text: "\(answered.count) of \(answered.count) answered echoes carried their payload back")
        ]
    }
}

/// Every `generate` gets an id nobody else got, from any node, even across a partition.
struct UniqueIDsWorkload: LabWorkload {
    mutating func nextRequest(_ random: inout SplitMix64) -> LabRequest {
        LabRequest(f: "generate")
    }

    func response(to request: LabRequest, reply: DataValue) -> Result<DataValue, LabReplyProblem> {
        guard let id = reply.field("id"), id != .null else {
            return .failure(LabReplyProblem("generate_ok has no \"id\""))
        }
        return .success(id)
    }

    func check(_ run: LabCheckInput) -> [LabFinding] {
        let answered = run.workloadOperations.filter { $0.outcome == .ok }
        guard !answered.isEmpty else { return [] }
        // Ids are compared as JSON text: 1 and "1" are different ids, as they are to a client.
        var firstHolder: [String: LabOperation] = [:]
        var clashes: [String] = []
        var clashCount = 0
        for operation in answered {
            let id = operation.response.jsonText
            if let earlier = firstHolder[id] {
                clashCount += 1
                if clashes.count < 3 {
                    clashes.append("\(id) from \(earlier.node) and again from \(operation.node)")
                }
            } else {
                firstHolder[id] = operation
            }
        }
        if clashCount > 0 {
            return [
                LabFinding(
                    check: "unique-ids", verdict: .invalid,
                    text:
                        "\(plural(clashCount, "id was", "ids were")) handed out twice: \(clashes.joined(separator: "; "))"
                )
            ]
        }
        return [
            LabFinding(check: "unique-ids", verdict: .valid, text: "all \(answered.count) generated ids are distinct")
        ]
    }
}
