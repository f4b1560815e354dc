import QuorumCheck
import QuorumSim

final class GossipSession: EngineSession {
    enum Mode {
        case push
        case pull
        case pushPull
    }

    struct Settings {
        var mode: Mode
        var fanout: Int
        var period: SimTime
        /// Unnecessary contacts before a node stops spreading; nil for never.
        var interest: Int?
        var limit: SimTime
        /// The last restart the fault plan schedules: the run does not stop before it, since a
        /// node that comes back may need the rumour or spread it again.
        var lastPlannedRestart: SimTime

        init(_ parameters: Parameters) {
            switch parameters.choice("mode") {
            case "pull": mode = .pull
            case "push-pull": mode = .pushPull
            default: mode = .push
            }
            fanout = parameters.int("fanout")
            period = parameters.duration("period")
            let interest = parameters.int("interest")
            self.interest = interest == 0 ? nil : interest
            limit = parameters.duration("duration")
            if case .nodeFaults(let restarts) = parameters["restart"] {
                lastPlannedRestart = restarts.map(\.time).max() ?? 0
            } else {
                lastPlannedRestart = 0
            }
        }
    }

    enum Message: TraceDescribable {
        /// Pushed: here is the rumour.
        case rumour
        /// Pulled: any news? The request says whether the asker has the rumour already, as a
        /// digest of what it holds would.
        case request(knows: Bool)
        /// The rumour, sent back to a node that asked for news and lacked it.
        case reply
        /// Feedback to a node that pushed: I knew that already.
        case knewIt

        var traceLabel: String {
            switch self {
            case .rumour: "rumour"
            case .request(let knows): knows ? "news? (have it)" : "news?"
            case .reply: "rumour (reply)"
            case .knewIt: "knew it"
            }
        }

        var traceDetail: String {
            switch self {
            case .rumour: "the rumour, pushed to a node picked at random"
            case .request(let knows):
                "a request for news from a node that \(knows ? "has" : "has not heard") the rumour"
            case .reply: "the rumour, in answer to a request for news"
            case .knewIt: "feedback: the receiver already knew the rumour"
            }
        }
    }

    enum Timer: TraceDescribable {
        case round

        var traceLabel: String { "round" }
    }

    /// What a node has stored: the rumour, and where and when it came from.
    struct Disk {
        var knows = false
        var learnedAt: SimTime?
        var from: Int?
    }

    /// What a node keeps in memory: whether it still spreads the rumour, and how many of its
    /// contacts found the other side already knew. A restart forgets both and spreads again.
    struct Memory {
        var spreading: Bool
        var unnecessary = 0
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let settings: Settings
    var limit: SimTime { settings.limit }
    private var state: NodeStates<Disk, Memory>
    private var random: [SplitMix64]
    /// Nodes that are up and have not heard the rumour.
    private var uninformedUp: Int
    /// Nodes that are up, know the rumour and still spread it.
    private var spreadersUp = 1
    /// Nodes that know the rumour, up or not.
    private var knowing = 1
    private var messages = 0
    /// When every live node knew, or when the rumour died out with some never told, and the
    /// messages sent by then; cleared if a restart brings back a node that has not heard.
    private var completedAt: SimTime?
    private var diedAt: SimTime?
    private var messagesAtEnd: Int?
    private var narratedRound = 0
    private var narratedKnowing = 1

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings) {
        self.sim = sim
        self.header = header
        self.settings = settings
        let count = sim.nodeCount
        state = NodeStates(
            count: count, durable: { $0 == 0 ? Disk(knows: true, learnedAt: 0) : Disk() },
            boot: { _, disk in Memory(spreading: disk.knows) })
        var root = sim.makeGenerator()
        random = (0..<count).map { _ in root.split() }
        uninformedUp = count - 1
        sim.narrative.add(0, "n1 starts a rumour; \(count - 1) other nodes have yet to hear it")
        for node in sim.nodes {
            sim.noteState(node, node.index == 0 ? "infective (the source)" : "susceptible")
            if settings.mode != .push || node.index == 0 { sim.setTimer(.round, on: node, after: 0) }
        }
    }

    var stopped: Bool { (completedAt != nil || diedAt != nil) && sim.now >= settings.lastPlannedRestart }

    /// The round a moment falls in: round k runs from (k - 1) periods to k periods.
    private func round(at time: SimTime) -> Int { Int(time / settings.period) + 1 }

    private func send(_ message: Message, from: Int, to: Int) {
        messages += 1
        sim.send(message, from: NodeID(from), to: NodeID(to))
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.round, let node):
            gossip(node.index)
        case .message(.rumour, let from, let to, _):
            if !state.durable[to.index].knows {
                learn(to.index, from: from.index)
            } else if settings.interest != nil {
                send(.knewIt, from: to.index, to: from.index)
            }
        case .message(.request(let theyKnow), let from, let to, _):
            guard state.volatile(to.index)?.spreading == true else { return }
            if !theyKnow {
                send(.reply, from: to.index, to: from.index)
            } else {
                unnecessaryContact(to.index)
            }
        case .message(.reply, let from, let to, _):
            if !state.durable[to.index].knows { learn(to.index, from: from.index) }
        case .message(.knewIt, _, let to, _):
            unnecessaryContact(to.index)
        case .crashed(let node):
            crashed(node.index)
        case .restarted(let node):
            restarted(node.index)
        case .network:
            break
        }
    }

    /// One round at `node`: contact `fanout` others picked at random, pushing the rumour or
    /// asking for news as the mode says.
    private func gossip(_ node: Int) {
        guard let memory = state.volatile(node) else { return }
        if settings.mode == .push && !memory.spreading { return }
        sim.setTimer(.round, on: NodeID(node), after: settings.period)
        narrateRounds()
        let knows = state.durable[node].knows
        for target in targets(of: node) {
            switch settings.mode {
            case .push: send(.rumour, from: node, to: target)
            case .pull: send(.request(knows: knows), from: node, to: target)
            case .pushPull: send(memory.spreading ? .rumour : .request(knows: knows), from: node, to: target)
            }
        }
    }

    /// `fanout` distinct nodes other than `node`, picked uniformly at random.
    private func targets(of node: Int) -> [Int] {
        let others = sim.nodeCount - 1
        var picked: [Int] = []
        while picked.count < min(settings.fanout, others) {
            var target = Int(random[node].next(upperBound: UInt64(others)))
            if target >= node { target += 1 }
            if !picked.contains(target) { picked.append(target) }
        }
        return picked
    }

    private func learn(_ node: Int, from: Int) {
        state.withDurable(node) { disk in
            disk.knows = true
            disk.learnedAt = sim.now
            disk.from = from
        }
        state.withVolatile(node) { $0.spreading = true }
        knowing += 1
        uninformedUp -= 1
        spreadersUp += 1
        sim.noteState(NodeID(node), "infective round \(round(at: sim.now))")
        if settings.mode == .push { startRounds(node) }
        if uninformedUp == 0 { finish(completed: true) }
    }

    /// Arms a node's round timer for the start of the next round by its own clock.
    private func startRounds(_ node: Int) {
        let local = sim.localTime(of: NodeID(node))
        let next = (local / settings.period + 1) * settings.period
        sim.setTimer(.round, on: NodeID(node), after: next - local)
    }

    /// A contact found that the other side already knew: with `interest` set, enough of these
    /// and the node stops spreading (Demers' feedback and counter).
    private func unnecessaryContact(_ node: Int) {
        guard let interest = settings.interest else { return }
        let stops = state.withVolatile(node) { memory -> Bool in
            guard memory.spreading else { return false }
            memory.unnecessary += 1
            if memory.unnecessary >= interest { memory.spreading = false }
            return !memory.spreading
        }
        guard stops == true else { return }
        spreadersUp -= 1
        sim.noteState(NodeID(node), "removed round \(round(at: sim.now))")
        if spreadersUp == 0 && uninformedUp > 0 { finish(completed: false) }
    }

    private func crashed(_ node: Int) {
        guard let memory = state.volatile(node) else { return }
        if !state.durable[node].knows { uninformedUp -= 1 }
        if memory.spreading { spreadersUp -= 1 }
        state.crash(node)
        if uninformedUp == 0 {
            finish(completed: true)
        } else if spreadersUp == 0 {
            finish(completed: false)
        }
    }

    private func restarted(_ node: Int) {
        state.restart(node)
        let knows = state.durable[node].knows
        if !knows {
            uninformedUp += 1
            completedAt = nil
        } else {
            spreadersUp += 1
            diedAt = nil
        }
        if completedAt == nil && diedAt == nil { messagesAtEnd = nil }
        if settings.mode != .push || knows { startRounds(node) }
    }

    private func finish(completed: Bool) {
        guard completedAt == nil && diedAt == nil else { return }
        checkCounts()
        messagesAtEnd = messages
        let round = round(at: sim.now)
        if completed {
            completedAt = sim.now
            sim.narrative.add(
                sim.now, "every live node knows the rumour, in round \(round), after \(messages) messages")
        } else {
            diedAt = sim.now
            sim.narrative.add(
                sim.now,
                "the rumour dies out in round \(round): no live node spreads it, and \(uninformedUp) never heard it")
        }
    }

    /// The running counts must match a recount of the nodes; a mismatch is a bug in this model.
    private func checkCounts() {
        let uninformed = (0..<sim.nodeCount).count { state.isUp($0) && !state.durable[$0].knows }
        let spreading = (0..<sim.nodeCount).count { state.volatile($0)?.spreading == true }
        precondition(
            uninformed == uninformedUp && spreading == spreadersUp,
            "gossip counted \(uninformedUp) uninformed and \(spreadersUp) spreading live nodes, "
                + "but \(uninformed) and \(spreading) are")
    }

    /// One line per finished round in which someone learned the rumour, while the narrative
    /// has room; the last few lines are kept for faults and the end.
    private func narrateRounds() {
        let finished = round(at: sim.now) - 1
        guard finished > narratedRound else { return }
        narratedRound = finished
        guard knowing > narratedKnowing, sim.narrative.kept.count < sim.narrative.limit - 3 else { return }
        narratedKnowing = knowing
        sim.narrative.add(sim.now, "after round \(finished): \(knowing) of \(sim.nodeCount) nodes know the rumour")
    }

    // MARK: What the run reports

    func describe(_ process: NodeID) -> [String] {
        let disk = state.durable[process.index]
        let heard =
            disk.knows
            ? "knows the rumour"
                + (disk.from.map { " since round \(round(at: disk.learnedAt ?? 0)), from n\($0 + 1)" }
                    ?? " (it started it)")
            : "has not heard the rumour"
        guard let memory = state.volatile(process.index) else { return ["crashed; on disk it \(heard)"] }
        if !disk.knows { return ["susceptible: \(heard)"] }
        let contacts =
            settings.interest.map { " (\(memory.unnecessary) of \(max($0, memory.unnecessary)) contacts already knew)" }
            ?? ""
        return [(memory.spreading ? "infective: " : "removed: ") + heard + contacts]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let end = completedAt ?? diedAt
        let rounds = end.map { round(at: $0) } ?? max(1, Int((sim.now + settings.period - 1) / settings.period))
        let live = sim.nodes.count { sim.isUp($0) }
        return (
            [
                ("rounds", Double(rounds)),
                ("messages", Double(messagesAtEnd ?? messages)),
                ("residue", live == 0 ? 0 : Double(uninformedUp) / Double(live)),
            ], nil
        )
    }
}
