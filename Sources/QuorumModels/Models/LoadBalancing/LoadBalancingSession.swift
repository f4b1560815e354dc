import Foundation
import QuorumCheck
import QuorumSim

final class LoadBalancingSession: EngineSession {
    struct Setup {
        var policy: BalancingPolicy
        var slowServers: Int
        var slowFactor: Double
        var serviceTime: SimTime
        var load: Double
        var requests: Int
        var timeout: SimTime
        var reportInterval: SimTime
        var healthInterval: SimTime
    }

    enum Message: TraceDescribable {
        case request(Int)
        case reply(Int)
        /// A server's periodic report of how many requests it holds.
        case load(Int)
        case ping
        case pong

        var traceLabel: String {
            switch self {
            case .request(let id): "req \(id)"
            case .reply(let id): "reply \(id)"
            case .load(let count): "load \(count)"
            case .ping: "health?"
            case .pong: "healthy"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// The next request arrives at the balancer.
        case arrival(Int)
        /// The balancer gives up on the requests it has waited on for `timeout`.
        case deadline
        /// A server finishes the request it is serving.
        case done(Int)
        /// A server reports its load.
        case report
        /// The balancer pings every server.
        case healthCheck

        var traceLabel: String {
            switch self {
            case .arrival(let id): "req \(id) arrives"
            case .deadline: "checks deadlines"
            case .done(let id): "done req \(id)"
            case .report: "report load"
            case .healthCheck: "health checks"
            }
        }
    }

    /// A server's memory: its queue, first come first served. A crash loses it.
    struct Server {
        var waiting: [Int] = []
        var head = 0
        var serving: Int?
        var served = 0
        var role = "idle"

        /// Requests held: waiting, plus the one in service.
        var held: Int { waiting.count - head + (serving == nil ? 0 : 1) }

        mutating func popFirst() -> Int? {
            guard head < waiting.count else { return nil }
            let id = waiting[head]
            head += 1
            if head > 64, head * 2 > waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return id
        }
    }

    /// The balancer's memory: what it knows of the servers. A crash loses it.
    struct Balancer {
        /// Requests sent to each server and not yet answered or given up on.
        var outstanding: [Int]
        /// Each server's last load report (used instead of `outstanding` when servers report).
        var reported: [Int]
        var cursor: Int
        var ejected: [Bool]
        var missedPings: [Int]
        var awaitingPong: [Bool]

        init(servers: Int) {
            outstanding = Array(repeating: 0, count: servers)
            reported = outstanding
            cursor = servers - 1
            ejected = Array(repeating: false, count: servers)
            missedPings = outstanding
            awaitingPong = ejected
        }
    }

    /// What became of one request, as the callers saw it.
    enum Outcome {
        case waiting(server: Int)
        case answered
        case gaveUp
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let setup: Setup
    let serverCount: Int
    private let balancer: NodeID
    /// Mean time between arrivals, in microseconds.
    private let meanGap: Double
    private var servers: NodeStates<Int, Server>
    private var balancerMemory: Balancer?
    private var arrivalRandom: SplitMix64
    private var choiceRandom: SplitMix64
    /// One stream per server, so a server's nth request takes the same time whatever the policy.
    private var serviceRandom: [SplitMix64]
    private var phaseRandom: SplitMix64

    private var issuedAt: [SimTime] = []
    private var outcomes: [Outcome] = []
    private var pending = 0
    private var latencies: [SimTime] = []
    private var maxQueue = 0
    private var warned: [Bool]
    private var timeouts = 0
    /// The oldest request that may still be waiting. Every request gets the same timeout, so
    /// deadlines fall in the order requests were sent, and one timer, set for the oldest
    /// waiting request, does the work of one timer per request at a fraction of the cost.
    private var oldest = 0
    private var deadlineArmed = false

    /// A server holding this many requests is shown as backlogged in the timeline.
    static let backlog = 5
    /// A server holding this many requests gets a line in the narrative, once.
    static let warning = 10

    init(sim: Simulation<Message, Timer>, header: RunHeader, setup: Setup, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.setup = setup
        self.limit = limit
        serverCount = sim.nodeCount
        balancer = NodeID(sim.nodeCount)
        let normal = Double(serverCount - setup.slowServers) + Double(setup.slowServers) / setup.slowFactor
        let capacityPerMicrosecond = normal / Double(setup.serviceTime)
        meanGap = 1 / (setup.load * capacityPerMicrosecond)
        servers = NodeStates(count: sim.nodeCount, durable: { _ in 0 }, boot: { _, _ in Server() })
        balancerMemory = Balancer(servers: sim.nodeCount)
        arrivalRandom = sim.makeGenerator()
        choiceRandom = sim.makeGenerator()
        serviceRandom = (0..<sim.nodeCount).map { _ in sim.makeGenerator() }
        phaseRandom = sim.makeGenerator()
        warned = Array(repeating: false, count: sim.nodeCount)
        for server in sim.nodes {
            sim.noteState(server, "idle")
            scheduleReport(server, first: true)
        }
        sim.narrative.add(0, openingLine(ratePerSecond: 1e6 / meanGap))
        scheduleArrival()
        if setup.healthInterval > 0 { sim.setTimer(.healthCheck, on: balancer, after: setup.healthInterval) }
    }

    var stopped: Bool { issuedAt.count == setup.requests && pending == 0 }

    private func openingLine(ratePerSecond: Double) -> String {
        var line =
            "c1 spreads \(setup.requests) requests over \(serverCount) servers by \(setup.policy.rawValue), "
            + "\(Int(ratePerSecond.rounded())) a second: \(Int((setup.load * 100).rounded()))% of what they can serve"
        if setup.slowServers > 0 {
            let slow = (0..<setup.slowServers).map { sim.name(NodeID($0)) }
            let who = slow.count <= 3 ? slow.joined(separator: ", ") : "\(slow.count) servers"
            line += "; \(who) \(slow.count == 1 ? "is" : "are") \(format(setup.slowFactor)) times slower"
        }
        return line
    }

    private func meanService(of server: Int) -> Double {
        Double(setup.serviceTime) * (server < setup.slowServers ? setup.slowFactor : 1)
    }

    /// An exponentially distributed duration, at least 1 µs.
    private static func exponential(mean: Double, _ random: inout SplitMix64) -> SimTime {
        max(1, SimTime((-log(1 - random.nextUnit()) * mean).rounded()))
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.arrival(let id), _):
            dispatch(id)
            scheduleArrival()
        case .timer(.deadline, _):
            deadlineArmed = false
            expireOverdue()
        case .timer(.done(let id), let server):
            finish(id, at: server)
        case .timer(.report, let server):
            if let held = servers.volatile(server.index)?.held { sim.send(.load(held), from: server, to: balancer) }
            scheduleReport(server, first: false)
        case .timer(.healthCheck, _):
            checkHealth()
        case .message(.request(let id), _, let server, _):
            enqueue(id, at: server)
        case .message(.reply(let id), _, _, _):
            answer(id)
        case .message(.load(let held), let server, _, _):
            balancerMemory?.reported[server.index] = held
        case .message(.ping, let from, let server, _):
            sim.send(.pong, from: server, to: from)
        case .message(.pong, let server, _, _):
            heardFrom(server.index)
        case .crashed(let node):
            crashed(node)
        case .restarted(let node):
            restarted(node)
        case .network:
            break
        }
    }

    private func scheduleArrival() {
        guard issuedAt.count < setup.requests, balancerMemory != nil else { return }
        let gap = Self.exponential(mean: meanGap, &arrivalRandom)
        sim.setTimer(.arrival(issuedAt.count + 1), on: balancer, after: gap)
    }

    private func scheduleReport(_ server: NodeID, first: Bool) {
        guard setup.reportInterval > 0 else { return }
        // Servers report out of step with one another, as independent machines do.
        let delay =
            first ? SimTime(phaseRandom.next(upperBound: UInt64(setup.reportInterval))) + 1 : setup.reportInterval
        sim.setTimer(.report, on: server, after: delay)
    }

    private func dispatch(_ id: Int) {
        guard var memory = balancerMemory, id == issuedAt.count + 1 else { return }
        let server = choose(&memory)
        memory.outstanding[server] += 1
        balancerMemory = memory
        issuedAt.append(sim.now)
        pending += 1
        outcomes.append(.waiting(server: server))
        sim.send(.request(id), from: balancer, to: NodeID(server))
        armDeadline()
    }

    /// The server the policy picks, among those in rotation (or among all, if none is).
    private func choose(_ memory: inout Balancer) -> Int {
        var candidates = Array(0..<serverCount)
        if memory.ejected.contains(true) {
            let healthy = candidates.filter { !memory.ejected[$0] }
            if !healthy.isEmpty { candidates = healthy }
        }
        let view = setup.reportInterval > 0 ? memory.reported : memory.outstanding
        switch setup.policy {
        case .roundRobin:
            repeat { memory.cursor = (memory.cursor + 1) % serverCount } while !candidates.contains(memory.cursor)
            return memory.cursor
        case .random:
            return candidates[Int(choiceRandom.next(upperBound: UInt64(candidates.count)))]
        case .leastConnections:
            let fewest = candidates.map { view[$0] }.min() ?? 0
            let tied = candidates.filter { view[$0] == fewest }
            return tied[Int(choiceRandom.next(upperBound: UInt64(tied.count)))]
        case .powerOfTwo:
            guard candidates.count > 1 else { return candidates[0] }
            let first = Int(choiceRandom.next(upperBound: UInt64(candidates.count)))
            var second = Int(choiceRandom.next(upperBound: UInt64(candidates.count - 1)))
            if second >= first { second += 1 }
            let (a, b) = (candidates[first], candidates[second])
            return view[b] < view[a] ? b : a
        }
    }

    private func enqueue(_ id: Int, at server: NodeID) {
        let held = servers.withVolatile(server.index) { state -> Int in
            state.waiting.append(id)
            return state.held
        }
        guard held != nil else { return }
        startNext(at: server)
        noteLoad(of: server)
    }

    /// Starts serving the next request if the server is idle.
    private func startNext(at server: NodeID) {
        guard let state = servers.volatile(server.index), state.serving == nil else { return }
        let next = servers.withVolatile(server.index) { state -> Int? in
            state.serving = state.popFirst()
            return state.serving
        }
        guard let id = next ?? nil else { return }
        let time = Self.exponential(mean: meanService(of: server.index), &serviceRandom[server.index])
        sim.setTimer(.done(id), on: server, after: time)
    }

    private func finish(_ id: Int, at server: NodeID) {
        servers.withVolatile(server.index) { state in
            state.serving = nil
            state.served += 1
        }
        servers.withDurable(server.index) { $0 += 1 }
        sim.send(.reply(id), from: server, to: balancer)
        startNext(at: server)
        noteLoad(of: server)
    }

    /// Tracks the longest queue and shows a server's role (idle, busy, backlog) when it changes.
    private func noteLoad(of server: NodeID) {
        guard let held = servers.volatile(server.index)?.held else { return }
        maxQueue = max(maxQueue, held)
        let role = held == 0 ? "idle" : held < Self.backlog ? "busy" : "backlog"
        if servers.volatile(server.index)?.role != role {
            servers.withVolatile(server.index) { $0.role = role }
            sim.noteState(server, held >= Self.backlog ? "backlog \(held)+" : role)
        }
        if held >= Self.warning, !warned[server.index] {
            warned[server.index] = true
            sim.narrative.add(
                sim.now, "\(sim.name(server)) holds \(held) requests: a queue has built up there")
        }
    }

    private func answer(_ id: Int) {
        guard case .waiting(let server) = outcomes[id - 1] else { return }
        outcomes[id - 1] = .answered
        settle(id, server: server, latency: sim.now - issuedAt[id - 1])
    }

    /// Moves `oldest` past settled requests and sets the timer for the first still waiting.
    private func armDeadline() {
        while oldest < outcomes.count, !outcomes[oldest].isWaiting { oldest += 1 }
        guard !deadlineArmed, oldest < outcomes.count, balancerMemory != nil else { return }
        deadlineArmed = true
        sim.setTimer(.deadline, on: balancer, after: issuedAt[oldest] + setup.timeout - sim.now)
    }

    private func expireOverdue() {
        var index = oldest
        while index < outcomes.count, issuedAt[index] + setup.timeout <= sim.now {
            if case .waiting(let server) = outcomes[index] { giveUp(index + 1, server: server) }
            index += 1
        }
        armDeadline()
    }

    private func giveUp(_ id: Int, server: Int) {
        outcomes[id - 1] = .gaveUp
        timeouts += 1
        if timeouts == 1 {
            let name = sim.name(NodeID(server))
            let fate =
                sim.isUp(NodeID(server)) ? "\(name) will still do the work, for nobody" : "\(name) is not running"
            sim.narrative.add(
                sim.now,
                "c1 gave up on req \(id) after \(SimDuration.format(setup.timeout)) waiting for \(name) (\(fate))")
        }
        settle(id, server: server, latency: setup.timeout)
    }

    private func settle(_ id: Int, server: Int, latency: SimTime) {
        pending -= 1
        latencies.append(latency)
        balancerMemory?.outstanding[server] -= 1
    }

    private func checkHealth() {
        guard var memory = balancerMemory else { return }
        for server in 0..<serverCount {
            if memory.awaitingPong[server] {
                memory.missedPings[server] += 1
                if memory.missedPings[server] >= 2, !memory.ejected[server] {
                    memory.ejected[server] = true
                    sim.narrative.add(
                        sim.now,
                        "c1 takes \(sim.name(NodeID(server))) out of rotation: two health checks went unanswered")
                }
            }
            memory.awaitingPong[server] = true
            sim.send(.ping, from: balancer, to: NodeID(server))
        }
        balancerMemory = memory
        sim.setTimer(.healthCheck, on: balancer, after: setup.healthInterval)
    }

    private func heardFrom(_ server: Int) {
        guard var memory = balancerMemory else { return }
        memory.awaitingPong[server] = false
        memory.missedPings[server] = 0
        if memory.ejected[server] {
            memory.ejected[server] = false
            sim.narrative.add(sim.now, "c1 puts \(sim.name(NodeID(server))) back in rotation: it answers again")
        }
        balancerMemory = memory
    }

    private func crashed(_ node: NodeID) {
        guard node == balancer else {
            servers.crash(node.index)
            return
        }
        // The callers' connections break: every request the balancer held fails now.
        balancerMemory = nil
        deadlineArmed = false
        for index in outcomes.indices {
            guard case .waiting(let server) = outcomes[index] else { continue }
            outcomes[index] = .gaveUp
            settle(index + 1, server: server, latency: sim.now - issuedAt[index])
        }
        // The next arrival's timer died with the balancer; it is scheduled again on restart.
    }

    private func restarted(_ node: NodeID) {
        guard node == balancer else {
            servers.restart(node.index)
            sim.noteState(node, "idle")
            scheduleReport(node, first: true)
            return
        }
        balancerMemory = Balancer(servers: serverCount)
        scheduleArrival()
        if setup.healthInterval > 0 { sim.setTimer(.healthCheck, on: balancer, after: setup.healthInterval) }
    }

    // MARK: State and metrics

    func describe(_ process: NodeID) -> [String] {
        guard process == balancer else { return describeServer(process) }
        guard let memory = balancerMemory else { return ["crashed: it knows nothing of the servers until it restarts"] }
        let loads = (0..<serverCount).map { "\(sim.name(NodeID($0))) \(memory.outstanding[$0])" }
        var lines = [
            "policy \(setup.policy.rawValue); \(issuedAt.count) of \(setup.requests) requests sent, "
                + "\(pending) awaiting replies",
            "outstanding: " + loads.joined(separator: ", "),
        ]
        if setup.reportInterval > 0 {
            let reports = (0..<serverCount).map { "\(sim.name(NodeID($0))) \(memory.reported[$0])" }
            lines.append("last reports (what the policy sees): " + reports.joined(separator: ", "))
        }
        let out = (0..<serverCount).filter { memory.ejected[$0] }.map { sim.name(NodeID($0)) }
        if !out.isEmpty { lines.append("out of rotation: " + out.joined(separator: ", ")) }
        return lines
    }

    private func describeServer(_ server: NodeID) -> [String] {
        let total = servers.durable[server.index]
        let speed =
            "mean service time \(SimDuration.format(SimTime(meanService(of: server.index).rounded())))"
            + (server.index < setup.slowServers ? " (a slow server)" : "")
        guard let state = servers.volatile(server.index) else {
            return ["crashed: its queue is gone", speed, "served \(total) requests in all"]
        }
        let now = state.serving.map { "serving req \($0), \(state.held - 1) waiting" } ?? "idle"
        return [now, speed, "served \(state.served) requests since it booted, \(total) in all"]
    }

    /// Requests that have settled: answered, or given up on.
    var settledCount: Int { latencies.count }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let sorted = latencies.sorted()
        return (
            [
                ("latency-p50", milliseconds(percentile(sorted, 0.50))),
                ("latency-p99", milliseconds(percentile(sorted, 0.99))),
                ("max-queue", Double(maxQueue)),
            ], nil
        )
    }
}

extension LoadBalancingSession.Outcome {
    var isWaiting: Bool {
        if case .waiting = self { return true }
        return false
    }
}
