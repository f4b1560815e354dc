import DequeModule
import QuorumCheck
import QuorumSim

/// A run of `microservices`: the user, the tree of services, and every call between them.
final class MicroservicesSession: EngineSession {
    enum Message: TraceDescribable {
        /// A call, with the user's request it serves (for the diagram's labels).
        case call(Int, request: Int)
        case answer(Int, request: Int, ok: Bool)

        var traceLabel: String {
            switch self {
            case .call(_, let request): "req \(request + 1)"
            case .answer(_, let request, let ok): (ok ? "ok " : "error ") + "\(request + 1)"
            }
        }

        var traceDetail: String {
            switch self {
            case .call(let id, let request): "call \(id + 1) for request \(request + 1)"
            case .answer(let id, let request, let ok):
                (ok ? "success" : "error") + " for call \(id + 1) (request \(request + 1))"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// The user's next request is due.
        case send
        /// The user gives up on a request.
        case patience(Int)
        /// A service finished its own work on a call.
        case worked(Int)
        /// A service gives up waiting on the calls it made for a call.
        case deadline(Int)

        var traceLabel: String {
            switch self {
            case .send: "send next"
            case .patience(let request): "give up req \(request + 1)"
            case .worked(let call): "worked call \(call + 1)"
            case .deadline(let call): "timeout call \(call + 1)"
            }
        }
    }

    struct Settings {
        var fanout: Int
        var availability: Double
        var work: LatencyDistribution
        var tailFraction: Double
        var tailLatency: SimTime
        var capacity: Int
        var rate: Double
        var frontOnly: Double
        var timeouts: Bool
        var timeout: SimTime
        /// When each service slows down, if it does.
        var slowAt: [SimTime?]
        var slowLatency: SimTime
        var slowUntil: SimTime
    }

    /// One call from a caller (the user or a service) to a service.
    struct Call {
        var request: Int
        var caller: Int
        var callee: Int
        /// The caller's own call this one serves; nil for the user's call to the front.
        var parent: Int?
        /// When the caller gives up, if services know it (timeouts=on).
        var deadline: SimTime?
        /// A request the front answers on its own, calling nobody.
        var frontOnly = false
    }

    /// A call a service has started and not yet answered.
    struct Active {
        var fails: Bool
        var waitingOn = 0
        var deadline: TimerID?
    }

    struct Disk {}

    /// A service's memory: what it works on and what waits. A crash loses all of it.
    struct Memory {
        var active: [Int: Active] = [:]
        var queue = Deque<Int>()
    }

    struct Request {
        var sentAt: SimTime
        var timer: TimerID?
        var settled = false
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let user: NodeID
    private let serviceCount: Int
    private var services: NodeStates<Disk, Memory>
    private var random: [SplitMix64]
    private var userRandom: SplitMix64
    private let gap: LatencyDistribution

    private var calls: [Call] = []
    private var requests: [Request] = []
    private var latencies: [SimTime] = []
    private var failed = 0
    private var abandoned = 0
    private var backlogMax = 0
    private var timedOutCalls = 0
    /// Which services have run out of free workers at some point.
    private var saturated: [Bool]
    private var toldSlow: [Bool]
    private var toldFailure = false
    private var toldTimeout = false

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        serviceCount = sim.nodeCount
        user = NodeID(sim.nodeCount)
        services = NodeStates(count: sim.nodeCount, durable: { _ in Disk() }, boot: { _, _ in Memory() })
        random = sim.nodes.map { _ in sim.makeGenerator() }
        userRandom = sim.makeGenerator()
        gap = .exponential(mean: SimTime((Double(SimDuration.second) / settings.rate).rounded()), floor: 0)
        saturated = Array(repeating: false, count: sim.nodeCount)
        toldSlow = Array(repeating: false, count: sim.nodeCount)
        for node in sim.nodes { sim.noteState(node, isLeaf(node.index) ? "service leaf" : "service") }
        sim.narrative.add(
            0, Self.shape(services: serviceCount, fanout: settings.fanout, leaves: serviceCount - firstLeaf))
        sim.setTimer(.send, on: user, after: gap.sample(&userRandom))
    }

    // MARK: The call graph

    /// The tree in words, for the narrative's first line.
    static func shape(services: Int, fanout: Int, leaves: Int) -> String {
        guard services > 1 else { return "n1 answers every request on its own" }
        let first = fanout == 1 ? "n1 calls n2" : "n1 calls n2..n\(1 + fanout) in parallel"
        guard services > 1 + fanout else { return "each request goes to n1, and \(first)" }
        let each = fanout == 1 ? "each of those calls the next" : "each of those calls \(fanout) more"
        return "each request reaches all \(services) services: \(first), \(each), down to \(leaves) leaves"
    }

    /// The first leaf's index; services from here on call nobody.
    private var firstLeaf: Int { serviceCount == 1 ? 0 : (serviceCount - 1 - 1) / settings.fanout + 1 }

    private func isLeaf(_ service: Int) -> Bool { settings.fanout * service + 1 >= serviceCount }

    private func children(of service: Int) -> Range<Int> {
        let first = settings.fanout * service + 1
        return first..<min(serviceCount, first + settings.fanout)
    }

    private func isSlow(_ service: Int) -> Bool {
        guard let since = settings.slowAt[service] else { return false }
        return sim.now >= since && sim.now < settings.slowUntil
    }

    // MARK: The user

    private func sendRequest() {
        let request = requests.count
        sim.noteInvoke(user, "req \(request + 1)")
        let timer = sim.setTimer(.patience(request), on: user, after: settings.timeout)
        requests.append(Request(sentAt: sim.now, timer: timer))
        let frontOnly = settings.frontOnly > 0 && userRandom.nextUnit() < settings.frontOnly
        call(NodeID(0), for: request, from: user.index, parent: nil, frontOnly: frontOnly)
        sim.setTimer(.send, on: user, after: gap.sample(&userRandom))
    }

    private func settle(_ request: Int, outcome: String) -> Bool {
        guard !requests[request].settled else { return false }
        requests[request].settled = true
        if let timer = requests[request].timer { sim.cancelTimer(timer) }
        sim.noteComplete(user, "req \(request + 1)", outcome: outcome)
        return true
    }

    // MARK: Services

    private func call(_ service: NodeID, for request: Int, from caller: Int, parent: Int?, frontOnly: Bool = false) {
        let id = calls.count
        calls.append(
            Call(
                request: request, caller: caller, callee: service.index, parent: parent,
                deadline: settings.timeouts ? sim.now + settings.timeout : nil, frontOnly: frontOnly))
        sim.send(.call(id, request: request), from: NodeID(caller), to: service)
    }

    private func receive(_ id: Int, at service: Int) {
        guard let memory = services.volatile(service) else { return }
        if memory.active.count < settings.capacity && memory.queue.isEmpty {
            begin(id, at: service)
            return
        }
        let waiting = services.withVolatile(service) { state -> Int in
            state.queue.append(id)
            return state.queue.count
        }
        backlogMax = max(backlogMax, waiting ?? 0)
        if !saturated[service] {
            saturated[service] = true
            sim.narrative.add(
                sim.now,
                "n\(service + 1) has all \(settings.capacity) workers busy; calls to it start to queue")
        }
    }

    /// Takes a worker for the call: its own work first, then its calls to the next level.
    private func begin(_ id: Int, at service: Int) {
        var time: SimTime
        if isSlow(service) {
            time = settings.slowLatency
            if !toldSlow[service] {
                toldSlow[service] = true
                sim.narrative.add(
                    sim.now, "n\(service + 1) has slowed down: each call now takes \(SimDuration.format(time))")
            }
        } else {
            time = settings.work.sample(&random[service])
            if settings.tailFraction > 0 && random[service].nextUnit() < settings.tailFraction {
                time += settings.tailLatency
            }
        }
        let fails = settings.availability < 1 && random[service].nextUnit() >= settings.availability
        services.withVolatile(service) { $0.active[id] = Active(fails: fails) }
        sim.setTimer(.worked(id), on: NodeID(service), after: time)
    }

    private func worked(_ id: Int, at service: Int) {
        guard let active = services.volatile(service)?.active[id] else { return }
        if active.fails {
            if !toldFailure {
                toldFailure = true
                sim.narrative.add(
                    sim.now,
                    "n\(service + 1) failed call \(id + 1), so request \(calls[id].request + 1) fails as a whole")
            }
            answer(id, at: service, ok: false)
            return
        }
        guard !isLeaf(service), !calls[id].frontOnly else {
            answer(id, at: service, ok: true)
            return
        }
        let targets = children(of: service)
        for child in targets { call(NodeID(child), for: calls[id].request, from: service, parent: id) }
        let timer = settings.timeouts ? sim.setTimer(.deadline(id), on: NodeID(service), after: settings.timeout) : nil
        services.withVolatile(service) { state in
            state.active[id]?.waitingOn = targets.count
            state.active[id]?.deadline = timer
        }
    }

    /// An answer from a service this one called.
    private func answered(_ child: Int, ok: Bool, at service: Int) {
        guard let parent = calls[child].parent, let active = services.volatile(service)?.active[parent] else {
            return  // the call was settled already: an error or a timeout came first, or the service restarted
        }
        guard ok else {
            answer(parent, at: service, ok: false)
            return
        }
        if active.waitingOn == 1 {
            answer(parent, at: service, ok: true)
        } else {
            services.withVolatile(service) { $0.active[parent]?.waitingOn -= 1 }
        }
    }

    private func deadlinePassed(_ id: Int, at service: Int) {
        guard let active = services.volatile(service)?.active[id] else { return }
        timedOutCalls += active.waitingOn
        if !toldTimeout {
            toldTimeout = true
            sim.narrative.add(
                sim.now,
                "n\(service + 1) gave up on its calls for call \(id + 1) after \(SimDuration.format(settings.timeout)) and answers with an error"
            )
        }
        answer(id, at: service, ok: false)
    }

    /// Answers the caller, frees the worker and starts the next queued call that is still wanted.
    private func answer(_ id: Int, at service: Int, ok: Bool) {
        let next = services.withVolatile(service) { state -> Int? in
            if let timer = state.active.removeValue(forKey: id)?.deadline { sim.cancelTimer(timer) }
            while let waiting = state.queue.popFirst() {
                if let deadline = calls[waiting].deadline, deadline <= sim.now {
                    skipped(waiting, at: service)  // its caller has given up: working on it would be wasted
                    continue
                }
                return waiting
            }
            return nil
        }
        sim.send(.answer(id, request: calls[id].request, ok: ok), from: NodeID(service), to: NodeID(calls[id].caller))
        if let next = next ?? nil { begin(next, at: service) }
    }

    private func skipped(_ id: Int, at service: Int) {
        abandoned += 1
        guard abandoned == 1 else { return }
        sim.narrative.add(
            sim.now,
            "n\(service + 1) drops queued call \(id + 1): its caller gave up on it, so the work would be wasted")
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.call(let id, _), _, let to, _):
            receive(id, at: to.index)
        case .message(.answer(let id, _, let ok), _, let to, _):
            if to == user {
                let request = calls[id].request
                if settle(request, outcome: ok ? "ok" : "fail") {
                    if ok { latencies.append(sim.now - requests[request].sentAt) } else { failed += 1 }
                }
            } else {
                answered(id, ok: ok, at: to.index)
            }
        case .timer(.send, _):
            sendRequest()
        case .timer(.patience(let request), _):
            requests[request].timer = nil
            _ = settle(request, outcome: "info")
        case .timer(.worked(let id), let node):
            worked(id, at: node.index)
        case .timer(.deadline(let id), let node):
            deadlinePassed(id, at: node.index)
        case .crashed(let node):
            guard node != user else { return }
            services.crash(node.index)
        case .restarted(let node):
            guard node != user else { return }
            services.restart(node.index)
            sim.noteState(node, isLeaf(node.index) ? "service leaf" : "service")
        case .network:
            break
        }
    }

    func describe(_ process: NodeID) -> [String] {
        if process == user {
            let open = requests.filter { !$0.settled }.count
            return [
                "sent \(requests.count) requests: \(latencies.count) answered, \(failed) failed, waiting on \(open)"
            ]
        }
        let service = process.index
        var lines: [String] = []
        if isLeaf(service) {
            lines.append("a leaf: calls nobody")
        } else {
            let targets = children(of: service)
            lines.append("calls n\(targets.lowerBound + 1)..n\(targets.upperBound) for every call it gets")
        }
        if isSlow(service) { lines.append("slowed down: each call takes \(SimDuration.format(settings.slowLatency))") }
        guard let memory = services.volatile(service) else {
            return lines + ["crashed: the calls it was working on are gone"]
        }
        let waiting = memory.active.values.filter { $0.waitingOn > 0 }.count
        return lines + [
            "workers busy: \(memory.active.count) of \(settings.capacity), \(waiting) of them waiting on their own calls",
            "calls queued: \(memory.queue.count)",
        ]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let sorted = latencies.sorted()
        let settled = requests.filter(\.settled).count
        let seconds = Double(max(sim.now, 1)) / Double(SimDuration.second)
        let slow = settings.tailLatency == 0 ? 0 : latencies.filter { $0 >= settings.tailLatency }.count
        return (
            [
                ("availability", settled == 0 ? 0 : Double(latencies.count) / Double(settled)),
                ("latency-p50", milliseconds(percentile(sorted, 0.50))),
                ("latency-p99", milliseconds(percentile(sorted, 0.99))),
                ("throughput", Double(latencies.count) / seconds),
                ("slow-fraction", latencies.isEmpty ? 0 : Double(slow) / Double(latencies.count)),
                ("backlog-max", Double(backlogMax)),
                ("timed-out-calls", Double(timedOutCalls)),
                ("saturated", Double(saturated.filter { $0 }.count)),
                ("services", Double(serviceCount)),
            ], nil
        )
    }
}
