import QuorumSim
import Testing

/// A run whose messages and timers are plain words, so a test reads like its trace.
typealias WordSimulation = Simulation<String, String>

/// A run of `nodes` nodes (and `clients` clients) with the plan `configure` builds; the
/// default plan has a constant 10 ms latency and no faults.
func simulation(
    nodes: Int = 3, clients: Int = 0, seed: UInt64 = 1, hasLeader: Bool = false,
    _ configure: (inout FaultPlan) -> Void = { _ in }
) throws -> WordSimulation {
    var plan = FaultPlan()
    configure(&plan)
    return try Simulation(seed: seed, nodes: nodes, clients: clients, plan: plan, hasLeader: hasLeader)
}

extension Simulation {
    /// One line for what a model is handed, with the time it happens: `10ms n1->n2 hello #0`.
    func line(for event: SimEvent<Message, Timer>) -> String {
        let time = SimDuration.format(now)
        switch event {
        case .message(let message, let from, let to, let id):
            return "\(time) \(name(from))->\(name(to)) \(message) #\(id)"
        case .timer(let timer, let node):
            return "\(time) timer \(timer) on \(name(node))"
        case .crashed(let node):
            return "\(time) \(name(node)) crashed"
        case .restarted(let node):
            return "\(time) \(name(node)) restarted"
        case .network:
            return "\(time) network"
        }
    }

    /// Hands out every event up to `limit`, as lines, handling none of them.
    func drain(until limit: SimTime = .max) -> [String] {
        var lines: [String] = []
        while let event = next(until: limit) { lines.append(line(for: event)) }
        return lines
    }

    /// The links messages were delivered on, in delivery order: `n1->n2`.
    var deliveredLinks: [String] {
        trace.compactMap { event in
            guard case .deliver(_, let from, let to, _) = event.kind else { return nil }
            return "\(names[from])->\(names[to])"
        }
    }

    /// Why each dropped message was dropped, in order.
    var dropReasons: [DropReason] {
        trace.compactMap { event in
            guard case .drop(_, _, _, _, let reason) = event.kind else { return nil }
            return reason
        }
    }

    /// Sends `message` between two processes named as a learner names them.
    @discardableResult
    func send(_ message: Message, _ from: String, _ to: String) -> Int {
        send(message, from: node(from), to: node(to))
    }

    /// The process with this name; a misspelt name fails the test.
    func node(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> NodeID {
        guard let node = process(named: name) else {
            Issue.record("no process \(name) in \(names)", sourceLocation: sourceLocation)
            return NodeID(0)
        }
        return node
    }
}

extension NodeID {
    static let n1 = NodeID(0)
    static let n2 = NodeID(1)
    static let n3 = NodeID(2)
}
