import QuorumCheck
import QuorumSim

/// A run of `retries`: clients `c1...` call through the proxy `n2` to the server `n1`.
final class RetriesSession: EngineSession {
    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    private let settings: Settings
    private let server = NodeID(0)
    private let proxy = NodeID(1)
    private let clientCount: Int

    private var serverState: NodeStates<Void, ServerMemory>
    private var proxyState: NodeStates<Void, ProxyMemory>
    private var clientState: NodeStates<ClientDisk, ClientMemory>
    private var clientRandom: [SplitMix64]
    private var serverRandom: SplitMix64

    /// Calls that reached the server.
    private var received = 0
    private var callsSent = 0
    private var fastFailures = 0
    private var turnedAway = 0
    private var errors = 0
    private var finished = 0
    private var succeeded = 0
    private var lastFinish: SimTime = 0
    private var toldGiveUp = false
    private var burst = Burst()
    /// Moments that happened during the burst being watched, told after it so the narrative
    /// stays in time order.
    private var heldLines: [(time: SimTime, text: String)] = []

    /// Calls reaching the server close together, told as one moment in the narrative.
    private struct Burst {
        var start: SimTime = 0
        var last: SimTime = 0
        var calls = 0
        var accepted = 0
    }

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.limit = limit
        self.settings = settings
        clientCount = sim.processCount - sim.nodeCount
        let base = settings.backoff.base
        let breaker = CircuitBreaker(threshold: settings.breakerThreshold, probes: settings.breakerProbes)
        serverState = NodeStates(count: 1, durable: { _ in () }, boot: { _, _ in ServerMemory() })
        proxyState = NodeStates(count: 1, durable: { _ in () }, boot: { _, _ in ProxyMemory(breaker: breaker) })
        clientState = NodeStates(
            count: sim.clients.count, durable: { _ in ClientDisk() },
            boot: { _, _ in ClientMemory(previousWait: base) })
        clientRandom = sim.clients.map { _ in sim.makeGenerator() }
        serverRandom = sim.makeGenerator()
        if settings.breaker { sim.noteState(proxy, "closed (the breaker lets calls through)") }
        for client in sim.clients {
            sim.noteInvoke(client, "operation")
            startTry(client)
        }
    }

    var stopped: Bool { finished == clientCount }

    private func slot(_ client: NodeID) -> Int { client.index - sim.nodeCount }

    // MARK: Clients

    private func startTry(_ client: NodeID) {
        let attempt = clientState.withVolatile(slot(client)) { memory -> Int in
            memory.tries += 1
            memory.outstanding = memory.tries
            memory.nextTryAt = nil
            return memory.tries
        }
        guard let attempt else { return }
        sim.send(.call(client: client.index, attempt: attempt), from: client, to: proxy)
        let timer = sim.setTimer(.timeout(attempt: attempt), on: client, after: settings.timeout)
        clientState.withVolatile(slot(client)) { $0.timer = timer }
    }

    /// Try `attempt` failed (busy, error, refused or timed out): back off and try again, or give up.
    private func tryFailed(_ client: NodeID, attempt: Int) {
        let index = slot(client)
        guard let memory = clientState.volatile(index), memory.outstanding == attempt else { return }
        if let timer = memory.timer { sim.cancelTimer(timer) }
        guard memory.tries < settings.budget else {
            finish(client, success: false)
            return
        }
        let wait = settings.backoff.wait(
            retry: memory.tries - 1, previous: memory.previousWait, random: &clientRandom[index])
        clientState.withVolatile(index) { memory in
            memory.outstanding = nil
            memory.timer = nil
            memory.previousWait = wait
            memory.nextTryAt = sim.now + wait
        }
        if wait == 0 {
            startTry(client)
        } else {
            sim.setTimer(.backoffOver, on: client, after: wait)
        }
    }

    private func finish(_ client: NodeID, success: Bool) {
        let index = slot(client)
        guard !clientState.durable[index].finished else { return }
        let tries = clientState.volatile(index)?.tries ?? 0
        clientState.withDurable(index) {
            $0.finished = true
            $0.succeeded = success
        }
        clientState.withVolatile(index) { memory in
            if let timer = memory.timer { sim.cancelTimer(timer) }
            memory.outstanding = nil
            memory.timer = nil
            memory.nextTryAt = nil
        }
        finished += 1
        if success { succeeded += 1 }
        lastFinish = sim.now
        sim.noteComplete(client, "operation", outcome: success ? "ok" : "fail")
        if !success && !toldGiveUp {
            toldGiveUp = true
            let spent = tries == 1 ? "its only try" : "\(tries) tries, its whole budget"
            tell("\(sim.name(client)) gave up after \(spent)")
        }
        if stopped {
            tellBurst()
            sim.narrative.add(
                sim.now,
                "every client is done: \(succeeded) of \(clientCount) succeeded, with \(callsSent) calls to n1")
        }
    }

    // MARK: The proxy and its breaker

    private func proxyReceives(call client: Int, attempt: Int) {
        guard settings.breaker else {
            forward(client: client, attempt: attempt, generation: 0)
            return
        }
        guard let generation = proxyState.withVolatile(0, { $0.breaker.admit() }) ?? nil else {
            fastFailures += 1
            sim.send(.reply(client: client, attempt: attempt, .refused), from: proxy, to: NodeID(client))
            return
        }
        forward(client: client, attempt: attempt, generation: generation)
    }

    private func forward(client: Int, attempt: Int, generation: Int) {
        callsSent += 1
        sim.send(.call(client: client, attempt: attempt), from: proxy, to: server)
        guard settings.breaker else { return }
        let timer = sim.setTimer(.proxyTimeout(client: client, attempt: attempt), on: proxy, after: settings.timeout)
        proxyState.withVolatile(0) {
            $0.pending[CallKey(client: client, attempt: attempt)] = (generation, timer)
        }
    }

    /// Feeds a forwarded call's outcome to the breaker and reports what it changed.
    private func breakerLearns(client: Int, attempt: Int, success: Bool) {
        guard settings.breaker else { return }
        let change = proxyState.withVolatile(0) { memory -> CircuitBreaker.Change in
            guard let pending = memory.pending.removeValue(forKey: CallKey(client: client, attempt: attempt)) else {
                return .none
            }
            sim.cancelTimer(pending.timer)
            return memory.breaker.record(success: success, generation: pending.generation)
        }
        switch change {
        case .opened?:
            sim.noteState(proxy, "open (the breaker refuses every call)")
            sim.setTimer(.halfOpen, on: proxy, after: settings.breakerOpen)
            tell("n2's breaker opened: for \(SimDuration.format(settings.breakerOpen)) it refuses every call at once")
        case .closed?:
            sim.noteState(proxy, "closed (the breaker lets calls through)")
            tell("n2's breaker closed again: the trial calls succeeded")
        case .none?, nil:
            break
        }
    }

    // MARK: The server

    private func serverReceives(call client: Int, attempt: Int) {
        let accepted =
            serverState.withVolatile(0) { memory -> Bool in
                guard memory.working < settings.capacity else { return false }
                memory.working += 1
                return true
            } ?? false
        noteArrival(accepted: accepted)
        if accepted {
            sim.setTimer(.work(client: client, attempt: attempt), on: server, after: settings.serviceTime)
        } else {
            turnedAway += 1
            sim.send(.reply(client: client, attempt: attempt, .busy), from: server, to: proxy)
        }
    }

    private func serverFinishes(client: Int, attempt: Int) {
        serverState.withVolatile(0) { $0.working -= 1 }
        let failed = settings.failure > 0 && serverRandom.nextUnit() < settings.failure
        if failed { errors += 1 }
        sim.send(.reply(client: client, attempt: attempt, failed ? .error : .ok), from: server, to: proxy)
    }

    /// Groups arrivals less than half a service time apart into one burst for the narrative.
    private func noteArrival(accepted: Bool) {
        let now = sim.now
        received += 1
        if burst.calls > 0 && now - burst.last >= burstGap { tellBurst() }
        if burst.calls == 0 { burst.start = now }
        burst.last = now
        burst.calls += 1
        if accepted { burst.accepted += 1 }
    }

    /// Arrivals closer than this belong to one burst.
    private var burstGap: SimTime { max(SimDuration.millisecond, settings.serviceTime / 2) }

    /// Adds a moment to the narrative, after the burst under way if there is one.
    private func tell(_ text: String) {
        if burst.calls > 0 {
            heldLines.append((sim.now, text))
        } else {
            sim.narrative.add(sim.now, text)
        }
    }

    /// Tells a burst in which the server turned calls away, then what happened meanwhile.
    private func tellBurst() {
        defer {
            burst = Burst()
            for line in heldLines { sim.narrative.add(line.time, line.text) }
            heldLines = []
        }
        guard burst.calls > burst.accepted else { return }
        let span = burst.last - burst.start
        let within = span < SimDuration.millisecond ? "within 1ms" : "within \(SimDuration.format(span))"
        sim.narrative.add(
            burst.start,
            "\(burst.calls) calls reached n1 \(within): it took \(burst.accepted) and turned \(burst.calls - burst.accepted) away"
        )
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        // A burst is over once a gap passes without calls: tell it before anything later.
        if burst.calls > 0 && sim.now - burst.last >= burstGap { tellBurst() }
        switch event {
        case .message(.call(let client, let attempt), _, let to, _):
            if to == proxy {
                proxyReceives(call: client, attempt: attempt)
            } else {
                serverReceives(call: client, attempt: attempt)
            }
        case .message(.reply(let client, let attempt, let outcome), _, let to, _):
            if to == proxy {
                breakerLearns(client: client, attempt: attempt, success: outcome == .ok)
                sim.send(.reply(client: client, attempt: attempt, outcome), from: proxy, to: NodeID(client))
            } else {
                clientHears(NodeID(client), attempt: attempt, outcome: outcome)
            }
        case .timer(.timeout(let attempt), let client):
            tryFailed(client, attempt: attempt)
        case .timer(.backoffOver, let client):
            guard !clientState.durable[slot(client)].finished,
                clientState.volatile(slot(client))?.outstanding == nil
            else { return }
            startTry(client)
        case .timer(.work(let client, let attempt), _):
            serverFinishes(client: client, attempt: attempt)
        case .timer(.proxyTimeout(let client, let attempt), _):
            breakerLearns(client: client, attempt: attempt, success: false)
        case .timer(.halfOpen, _):
            guard proxyState.withVolatile(0, { $0.breaker.halfOpen() }) == true else { return }
            sim.noteState(proxy, "half-open (the breaker lets a trial through)")
            let trials = settings.breakerProbes == 1 ? "the next try" : "the next \(settings.breakerProbes) tries"
            tell("n2's breaker is half-open: it lets \(trials) through as a trial")
        case .crashed(let node):
            crashed(node)
        case .restarted(let node):
            restarted(node)
        case .network:
            break
        }
    }

    private func clientHears(_ client: NodeID, attempt: Int, outcome: Outcome) {
        let index = slot(client)
        guard !clientState.durable[index].finished, clientState.volatile(index)?.outstanding == attempt else {
            return  // a late or duplicated reply to a try already settled
        }
        if outcome == .ok {
            finish(client, success: true)
        } else {
            tryFailed(client, attempt: attempt)
        }
    }

    private func crashed(_ node: NodeID) {
        if node == server {
            serverState.crash(0)
        } else if node == proxy {
            proxyState.crash(0)
        } else {
            clientState.crash(slot(node))
        }
    }

    private func restarted(_ node: NodeID) {
        if node == server {
            serverState.restart(0)
        } else if node == proxy {
            proxyState.restart(0)
            if settings.breaker { sim.noteState(proxy, "closed (the breaker lets calls through)") }
        } else {
            let index = slot(node)
            clientState.restart(index)
            // The operation is on disk; the count of tries was in memory, so it starts over.
            if !clientState.durable[index].finished { startTry(node) }
        }
    }

    // MARK: Reading the run

    func describe(_ process: NodeID) -> [String] {
        if process == server {
            guard let memory = serverState.volatile(0) else { return ["down"] }
            return [
                "working on \(memory.working) of \(settings.capacity) calls at once",
                "calls received \(received), turned away \(turnedAway), failed \(errors)",
            ]
        }
        if process == proxy {
            guard let memory = proxyState.volatile(0) else { return ["down"] }
            guard settings.breaker else {
                return ["forwarding every call (breaker=off)", "calls sent on \(callsSent)"]
            }
            let breaker = memory.breaker
            let line: String
            switch breaker.state {
            case .closed:
                line = "breaker closed: \(breaker.failures) failures in a row (it opens at \(breaker.threshold))"
            case .open:
                line = "breaker open: refusing every call until the open period ends"
            case .halfOpen:
                line = "breaker half-open: \(breaker.probesSent) of \(breaker.probes) trial calls sent"
            }
            return [line, "calls sent on \(callsSent), refused \(fastFailures)"]
        }
        let index = slot(process)
        let disk = clientState.durable[index]
        if disk.finished { return [disk.succeeded ? "done: the operation succeeded" : "done: gave up"] }
        guard let memory = clientState.volatile(index) else { return ["down"] }
        if let attempt = memory.outstanding {
            return ["waiting for the reply to try \(attempt) of \(settings.budget)"]
        }
        let when = memory.nextTryAt.map { " at \(SimDuration.format($0))" } ?? ""
        return ["backing off (\(settings.backoff.strategy.rawValue)): try \(memory.tries + 1) goes out\(when)"]
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let clients = clientCount
        let end = stopped ? lastFinish : sim.now
        return (
            [
                ("completion-time-ms", milliseconds(end)),
                ("calls", Double(callsSent)),
                ("success-rate", Double(succeeded) / Double(max(1, clients))),
                ("server-utilization", utilization(until: end)),
                ("fast-failures", Double(fastFailures)),
            ], nil
        )
    }

    /// The share of the server's capacity (its slots times the time until `end`) spent on calls
    /// it worked on.
    private func utilization(until end: SimTime) -> Double {
        guard end > 0 else { return 0 }
        let worked = Double(received - turnedAway) * Double(settings.serviceTime)
        return min(1, worked / (Double(settings.capacity) * Double(end)))
    }
}
