import QuorumCheck
import QuorumSim

/// A run of `rate-limiter`: clients `c1...` send bursts through the gateway `n2` to the service `n1`.
final class RateLimiterSession: EngineSession {
    struct Settings {
        var batch: Int
        var batches: Int
        var interval: SimTime
        var limiter: Bool
        var rate: Double
        var burst: Int
        var capacity: Int
        var serviceTime: SimTime
    }

    enum Message: TraceDescribable {
        case request(client: Int, number: Int)
        case served(client: Int, number: Int)
        case rejected(client: Int, number: Int)

        var traceLabel: String {
            switch self {
            case .request(_, let number): "req \(number)"
            case .served(_, let number): "ok \(number)"
            case .rejected(_, let number): "429 \(number)"
            }
        }

        var traceDetail: String {
            switch self {
            case .request(let client, let number): "request \(number) of process \(client + 1)"
            case .served(let client, let number): "served: request \(number) of process \(client + 1)"
            case .rejected(let client, let number):
                "rejected (429 Too Many Requests): request \(number) of process \(client + 1)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// On a client: time for its next burst.
        case burst
        /// On the service: it finished a request.
        case done(client: Int, number: Int)

        var traceLabel: String {
            switch self {
            case .burst: "burst"
            case .done(_, let number): "done req \(number)"
            }
        }
    }

    struct ServiceMemory {
        var working = 0
        var queue: [(client: Int, number: Int)] = []
        var queueHead = 0
        var waiting: Int { queue.count - queueHead }
    }

    struct ClientMemory {
        var bursts = 0
        var sent = 0
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let service = NodeID(0)
    private let gateway = NodeID(1)

    private var serviceState: NodeStates<Void, ServiceMemory>
    private var gatewayState: NodeStates<Void, TokenBucket>
    /// The clients' progress is on disk, so a restarted client carries on with its next burst.
    private var clientState: NodeStates<ClientMemory, Void>
    private var clientRandom: [SplitMix64]
    /// When each request was sent, by client and number, for latency.
    private var sentAt: [[SimTime]]
    private var answered: [[Bool]]

    private var rejected = 0
    private var served = 0
    private var latencies: [SimTime] = []
    private var overload: SimTime = 0
    private var overloadSince: SimTime?
    private var mostWaiting = 0
    /// What the gateway did with each client's latest burst, for the narrative.
    private var tally: [(burst: Int, arrived: Int, passed: Int)]

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        let bucket = TokenBucket(rate: settings.rate, burst: settings.burst)
        serviceState = NodeStates(count: 1, durable: { _ in () }, boot: { _, _ in ServiceMemory() })
        gatewayState = NodeStates(count: 1, durable: { _ in () }, boot: { _, _ in bucket })
        clientState = NodeStates(count: sim.clients.count, durable: { _ in ClientMemory() }, boot: { _, _ in () })
        clientRandom = sim.clients.map { _ in sim.makeGenerator() }
        sentAt = Array(repeating: [], count: sim.clients.count)
        answered = Array(repeating: [], count: sim.clients.count)
        tally = Array(repeating: (0, 0, 0), count: sim.clients.count)
        for client in sim.clients {
            let first = SimTime(clientRandom[slot(client)].next(upperBound: UInt64(settings.interval)))
            sim.setTimer(.burst, on: client, after: first)
        }
    }

    private func slot(_ client: NodeID) -> Int { client.index - sim.nodeCount }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.burst, let client):
            sendBurst(client)
        case .message(.request(let client, let number), _, let to, _):
            if to == gateway {
                gatewayReceives(client: client, number: number)
            } else {
                serviceReceives(client: client, number: number)
            }
        case .message(.served(let client, let number), _, let to, _):
            if to == gateway {
                sim.send(.served(client: client, number: number), from: gateway, to: NodeID(client))
            } else {
                clientHears(to, number: number)
            }
        case .message(.rejected, _, _, _):
            break  // the client does not retry; the lesson on retries shows what retrying adds
        case .timer(.done(let client, let number), _):
            serviceFinishes(client: client, number: number)
        case .crashed(let node):
            if node == service {
                endOverload(crashed: true)
                serviceState.crash(0)
            } else if node == gateway {
                gatewayState.crash(0)
            } else {
                clientState.crash(slot(node))
            }
        case .restarted(let node):
            if node == service {
                serviceState.restart(0)
            } else if node == gateway {
                gatewayState.restart(0)
            } else {
                clientState.restart(slot(node))
                if clientState.durable[slot(node)].bursts < settings.batches {
                    sim.setTimer(.burst, on: node, after: nextGap(node))
                }
            }
        case .network:
            break
        }
    }

    /// Records the answer's latency, once per request (the network may deliver it twice).
    private func clientHears(_ client: NodeID, number: Int) {
        let index = slot(client)
        guard !answered[index][number - 1] else { return }
        answered[index][number - 1] = true
        latencies.append(sim.now - sentAt[index][number - 1])
    }

    private func nextGap(_ client: NodeID) -> SimTime {
        let low = settings.interval / 2
        return low + SimTime(clientRandom[slot(client)].next(upperBound: UInt64(settings.interval) + 1))
    }

    private func sendBurst(_ client: NodeID) {
        let index = slot(client)
        for _ in 0..<settings.batch {
            let number = clientState.withDurable(index) { memory -> Int in
                memory.sent += 1
                return memory.sent
            }
            sentAt[index].append(sim.now)
            answered[index].append(false)
            sim.send(.request(client: client.index, number: number), from: client, to: gateway)
        }
        let bursts = clientState.withDurable(index) { memory -> Int in
            memory.bursts += 1
            return memory.bursts
        }
        if bursts < settings.batches { sim.setTimer(.burst, on: client, after: nextGap(client)) }
    }

    private func gatewayReceives(client: Int, number: Int) {
        let now = sim.now
        let admitted = !settings.limiter || gatewayState.withVolatile(0, { $0.take(at: now) }) == true
        if settings.limiter { count(client: client, number: number, passed: admitted) }
        guard admitted else {
            rejected += 1
            sim.send(.rejected(client: client, number: number), from: gateway, to: NodeID(client))
            return
        }
        sim.send(.request(client: client, number: number), from: gateway, to: service)
    }

    /// Counts a request of a burst at the gateway, and tells the burst once all of it arrived.
    private func count(client: Int, number: Int, passed: Bool) {
        let index = slot(NodeID(client))
        let burst = (number - 1) / settings.batch
        if tally[index].burst != burst { tally[index] = (burst, 0, 0) }
        tally[index].arrived += 1
        if passed { tally[index].passed += 1 }
        guard tally[index].arrived == settings.batch else { return }
        let passedCount = tally[index].passed
        let refused = settings.batch - passedCount
        let outcome =
            refused == 0 ? "n2 let all of them through" : "n2 let \(passedCount) through and rejected \(refused)"
        sim.narrative.add(sim.now, "\(sim.names[client])'s burst of \(settings.batch) requests: \(outcome)")
    }

    private func serviceReceives(client: Int, number: Int) {
        let startsNow = serviceState.withVolatile(0) { memory -> Bool in
            guard memory.working < settings.capacity else {
                memory.queue.append((client, number))
                return false
            }
            memory.working += 1
            return true
        }
        guard let startsNow else { return }
        if startsNow {
            sim.setTimer(.done(client: client, number: number), on: service, after: settings.serviceTime)
            return
        }
        let waiting = serviceState.volatile(0)?.waiting ?? 0
        mostWaiting = max(mostWaiting, waiting)
        if overloadSince == nil { overloadSince = sim.now }
    }

    private func serviceFinishes(client: Int, number: Int) {
        served += 1
        sim.send(.served(client: client, number: number), from: service, to: gateway)
        let next = serviceState.withVolatile(0) { memory -> (client: Int, number: Int)? in
            guard memory.waiting > 0 else {
                memory.working -= 1
                return nil
            }
            let next = memory.queue[memory.queueHead]
            memory.queueHead += 1
            if memory.queueHead == memory.queue.count {
                memory.queue = []
                memory.queueHead = 0
            }
            return next
        }
        guard let next = next ?? nil else { return }
        sim.setTimer(.done(client: next.client, number: next.number), on: service, after: settings.serviceTime)
        if serviceState.volatile(0)?.waiting == 0 { endOverload(crashed: false) }
    }

    /// The queue is empty, or the service crashed and lost it: add the stretch of overload that
    /// ends now.
    private func endOverload(crashed: Bool) {
        guard let since = overloadSince else { return }
        overload += sim.now - since
        overloadSince = nil
        let how = crashed ? "crashed, losing its queue," : "caught up"
        sim.narrative.add(
            sim.now,
            "n1 \(how) after \(SimDuration.format(sim.now - since)) over capacity, with up to \(mostWaiting) requests waiting"
        )
        mostWaiting = 0
    }

    // MARK: Reading the run

    func describe(_ process: NodeID) -> [String] {
        if process == service {
            guard let memory = serviceState.volatile(0) else { return ["down"] }
            return [
                "working on \(memory.working) of \(settings.capacity) requests, \(memory.waiting) waiting",
                "served \(served), over capacity for \(SimDuration.format(overloadSoFar)) so far",
            ]
        }
        if process == gateway {
            guard settings.limiter else { return ["passing every request on (limiter=off)"] }
            guard var bucket = gatewayState.volatile(0) else { return ["down"] }
            bucket.refill(at: sim.now)
            return [
                "bucket holds \(String(format: "%.1f", bucket.tokens)) of \(settings.burst) tokens, gaining \(format(settings.rate))/s",
                "rejected \(rejected)",
            ]
        }
        let memory = clientState.durable[slot(process)]
        return ["sent \(memory.bursts) of \(settings.batches) bursts, \(memory.sent) requests"]
    }

    private var overloadSoFar: SimTime { overload + (overloadSince.map { sim.now - $0 } ?? 0) }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        (
            [
                ("rejected", Double(rejected)),
                ("served", Double(served)),
                ("service-overload-ms", milliseconds(overloadSoFar)),
                ("latency-p99-ms", milliseconds(percentile(latencies.sorted(), 0.99))),
            ], nil
        )
    }
}
