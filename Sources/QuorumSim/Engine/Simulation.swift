/// The deterministic discrete-event engine: virtual time, a faulty network, node faults, a trace.
///
/// A model owns one `Simulation` and drives it by pulling events: `next()` advances virtual time
/// to the earliest queued event, does the network's part (partitions, loss, crashed or paused
/// receivers), and returns what the model must handle. Every random draw comes from generators
/// split off the run's seed, and ties in time are broken by the order of scheduling, so the same
/// model, parameters and seed give the same run in every process.
public final class Simulation<Message, Timer> {
    /// Process names, nodes first (`n1`...), then clients (`c1`...).
    public let names: [String]
    public let nodeCount: Int
    /// Virtual time of the event being handled.
    @inlinable public var now: SimTime { clock }
    public let traceLevel: TraceLevel
    /// What happened, in order, at the detail `traceLevel` asks for.
    @inlinable public var trace: [TraceEvent] { events }
    /// Key moments in words; the engine adds faults, models add the rest.
    public var narrative = Narrative()

    // Counters kept at every trace level.
    /// Messages sent (duplicates the network made included), delivered, and dropped.
    @inlinable public var sent: Int { sentCount }
    @inlinable public var delivered: Int { deliveredCount }
    @inlinable public var dropped: Int { droppedCount }

    /// The node that leads right now, as the model last reported it; `crash=leader@2s` uses it.
    public internal(set) var leader: NodeID?

    @usableFromInline var clock: SimTime = 0
    @usableFromInline var events: [TraceEvent] = []
    @usableFromInline var sentCount = 0
    @usableFromInline var deliveredCount = 0
    @usableFromInline var droppedCount = 0
    @usableFromInline var queue = EventQueue<Pending<Message, Timer>>()
    @usableFromInline var networkRandom: SplitMix64
    @usableFromInline var modelRandomRoot: SplitMix64
    @usableFromInline let latency: LatencyDistribution
    /// Per-link overrides, `from * count + to`; empty when there are none.
    @usableFromInline var linkLatency: [LatencyDistribution?] = []
    @usableFromInline let loss: Double
    @usableFromInline let duplication: Double
    /// Cut links, `from * count + to`; `anyCut` says whether to look.
    @usableFromInline var cut: [Bool]
    @usableFromInline var anyCut = false
    @usableFromInline var status: [ProcessStatus]
    @usableFromInline var incarnation: [Int32]
    @usableFromInline var nextMessageID = 0
    @usableFromInline var nextTimerID = 0
    @usableFromInline var cancelledTimers: Set<Int> = []
    @usableFromInline var droppedByHand: Set<Int> = []
    /// Events for a paused process, in arrival order, replayed on resume.
    @usableFromInline var held: [[Pending<Message, Timer>]]
    @usableFromInline var faults: [FaultAction] = []
    @usableFromInline var skew: [SimTime]
    @usableFromInline var drift: [Int64]
    /// Labels of messages in flight, for stepping's `drop` and the diagram; full tracing only.
    @usableFromInline var labels: [Int: String] = [:]
    /// The partition in force, for `state` and the narrative.
    public internal(set) var activePartition: PartitionSpec?

    /// Sets up a run.
    ///
    /// - Parameters:
    ///   - hasLeader: whether the model reports a leader, so `crash=leader@...` is allowed.
    /// - Throws: `FaultPlanError` when the plan names a process the run does not have.
    public init(
        seed: UInt64, nodes: Int, clients: Int = 0, plan: FaultPlan = FaultPlan(), trace: TraceLevel = .full,
        hasLeader: Bool = false
    ) throws(FaultPlanError) {
        names = processNames(nodes: nodes, clients: clients)
        nodeCount = nodes
        traceLevel = trace
        try plan.validate(names: names, hasLeader: hasLeader)
        var root = SplitMix64(seed: seed)
        networkRandom = root.split()
        modelRandomRoot = root.split()
        latency = plan.latency
        loss = plan.loss
        duplication = plan.duplication
        let count = names.count
        cut = Array(repeating: false, count: count * count)
        status = Array(repeating: .up, count: count)
        incarnation = Array(repeating: 0, count: count)
        held = Array(repeating: [], count: count)
        skew = Array(repeating: 0, count: count)
        drift = Array(repeating: 0, count: count)
        let index = { (name: String) in self.names.firstIndex(of: name) ?? 0 }
        for setting in plan.skew { skew[index(setting.node)] = setting.amount }
        for setting in plan.drift { drift[index(setting.node)] = setting.amount }
        if !plan.links.isEmpty {
            linkLatency = Array(repeating: nil, count: count * count)
            for link in plan.links {
                let from = index(link.from)
                let to = index(link.to)
                linkLatency[from * count + to] = link.latency
                if link.bothWays { linkLatency[to * count + from] = link.latency }
            }
        }
        func schedule(_ action: FaultAction, at time: SimTime) {
            faults.append(action)
            queue.push(.fault(index: faults.count - 1), at: time)
        }
        if let partition = plan.partition {
            schedule(.partition(partition), at: plan.partitionAt)
            if let healAt = plan.healAt { schedule(.heal, at: healAt) }
        }
        for fault in plan.crashes { schedule(.crash(fault.target), at: fault.time) }
        for fault in plan.pauses { schedule(.pause(fault.target), at: fault.time) }
        for fault in plan.restarts {
            if case .node(let name) = fault.target { schedule(.restart(index(name)), at: fault.time) }
        }
        for fault in plan.resumes {
            if case .node(let name) = fault.target { schedule(.resume(index(name)), at: fault.time) }
        }
    }

    // MARK: Processes

    public var processCount: Int { names.count }
    public var nodes: [NodeID] { (0..<nodeCount).map(NodeID.init) }
    public var clients: [NodeID] { (nodeCount..<names.count).map(NodeID.init) }

    public func name(_ process: NodeID) -> String { names[process.index] }

    public func process(named name: String) -> NodeID? {
        names.firstIndex(of: name).map(NodeID.init)
    }

    @inlinable
    public func status(of process: NodeID) -> ProcessStatus { status[process.index] }

    @inlinable
    public func isUp(_ process: NodeID) -> Bool { status[process.index] == .up }

    /// A generator for the model's own choices, independent of the network's draws, so changing
    /// the loss rate does not reshuffle which key a client picks.
    public func makeGenerator() -> SplitMix64 {
        modelRandomRoot.split()
    }

    // MARK: Clocks

    /// What the process's own clock reads now: true time, plus its skew, plus its drift so far.
    public func localTime(of process: NodeID) -> SimTime {
        now + skew[process.index] + now * drift[process.index] / 1_000_000
    }

    // MARK: Messages

    /// Sends a message over the network: it arrives after the link's latency unless the sender
    /// is down, the link is cut, or the loss probability strikes. It may also be duplicated.
    @inlinable
    @discardableResult
    public func send(_ message: Message, from: NodeID, to: NodeID) -> Int {
        let id = nextMessageID
        nextMessageID += 1
        sentCount += 1
        let count = names.count
        if traceLevel == .full { recordSend(message, id: id, from: from, to: to, copy: false) }
        guard status[from.index] == .up else {
            drop(id: id, from: from.index, to: to.index, reason: .senderDown)
            return id
        }
        if anyCut && cut[from.index * count + to.index] {
            drop(id: id, from: from.index, to: to.index, reason: .partition)
            return id
        }
        if loss > 0 && networkRandom.nextUnit() < loss {
            drop(id: id, from: from.index, to: to.index, reason: .loss)
            return id
        }
        let delay = delay(from: from.index, to: to.index)
        queue.push(.deliver(id: id, from: Int32(from.index), to: Int32(to.index), message: message), at: now + delay)
        if duplication > 0 && networkRandom.nextUnit() < duplication {
            sentCount += 1
            if traceLevel == .full { recordSend(message, id: id, from: from, to: to, copy: true) }
            let second = self.delay(from: from.index, to: to.index)
            queue.push(
                .deliver(id: id, from: Int32(from.index), to: Int32(to.index), message: message), at: now + second)
        }
        return id
    }

    @inlinable
    func delay(from: Int, to: Int) -> SimTime {
        if !linkLatency.isEmpty, let link = linkLatency[from * names.count + to] {
            return link.sample(&networkRandom)
        }
        return latency.sample(&networkRandom)
    }

    @usableFromInline
    func recordSend(_ message: Message, id: Int, from: NodeID, to: NodeID, copy: Bool) {
        let described = message as? TraceDescribable
        let label = described?.traceLabel ?? String(describing: message)
        let detail = described?.traceDetail ?? label
        labels[id] = label
        events.append(
            TraceEvent(
                time: now,
                kind: .send(id: id, from: from.index, to: to.index, label: label, detail: detail, copy: copy)))
    }

    @usableFromInline
    func drop(id: Int, from: Int, to: Int, reason: DropReason) {
        droppedCount += 1
        if traceLevel == .full {
            events.append(
                TraceEvent(
                    time: now, kind: .drop(id: id, from: from, to: to, label: labels[id] ?? "", reason: reason)))
        }
    }

    // MARK: Timers

    /// Sets a timer that goes off on `node` after `delay` of the node's own clock (so a node
    /// whose clock runs fast fires early). A crash cancels every timer of the node.
    @inlinable
    @discardableResult
    public func setTimer(_ timer: Timer, on node: NodeID, after delay: SimTime) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        var real = delay
        let rate = drift[node.index]
        if rate != 0 { real = delay * 1_000_000 / (1_000_000 + rate) }
        queue.push(
            .timer(id: id, node: Int32(node.index), incarnation: incarnation[node.index], timer: timer),
            at: now + max(0, real))
        return TimerID(value: id)
    }

    /// Stops a timer from going off; harmless if it already has.
    public func cancelTimer(_ timer: TimerID) {
        cancelledTimers.insert(timer.value)
    }

    // MARK: The loop

    /// When the next queued event happens, or nil if nothing is left.
    public var nextEventTime: SimTime? { queue.nextTime }

    /// Advances to the next event the model must handle, doing the network's and the fault
    /// schedule's work on the way. Returns nil when nothing is left before `limit`, with the
    /// clock moved to `limit` if there were events beyond it.
    @inlinable
    public func next(until limit: SimTime = .max) -> SimEvent<Message, Timer>? {
        while let time = queue.nextTime {
            guard time <= limit else {
                clock = max(clock, limit)
                return nil
            }
            guard let (_, pending) = queue.pop() else { return nil }
            clock = time
            if let event = process(pending) { return event }
        }
        return nil
    }

    @inlinable
    func process(_ pending: Pending<Message, Timer>) -> SimEvent<Message, Timer>? {
        switch pending {
        case .deliver(let id, let from, let to, let message):
            let receiver = Int(to)
            if !droppedByHand.isEmpty && droppedByHand.contains(id) {
                drop(id: id, from: Int(from), to: receiver, reason: .injected)
                return nil
            }
            if anyCut && cut[Int(from) * names.count + receiver] {
                drop(id: id, from: Int(from), to: receiver, reason: .partition)
                return nil
            }
            switch status[receiver] {
            case .up:
                break
            case .crashed:
                drop(id: id, from: Int(from), to: receiver, reason: .nodeDown)
                return nil
            case .paused:
                held[receiver].append(pending)
                return nil
            }
            deliveredCount += 1
            if traceLevel == .full {
                events.append(
                    TraceEvent(
                        time: now,
                        kind: .deliver(id: id, from: Int(from), to: receiver, label: labels[id] ?? "")
                    ))
            }
            return .message(message, from: NodeID(Int(from)), to: NodeID(receiver), id: id)
        case .timer(let id, let node, let born, let timer):
            let owner = Int(node)
            if !cancelledTimers.isEmpty && cancelledTimers.remove(id) != nil { return nil }
            guard born == incarnation[owner], status[owner] != .crashed else { return nil }
            if status[owner] == .paused {
                held[owner].append(pending)
                return nil
            }
            if traceLevel >= .events {
                let label = (timer as? TraceDescribable)?.traceLabel ?? String(describing: timer)
                events.append(TraceEvent(time: now, kind: .timer(node: owner, label: label)))
            }
            return .timer(timer, node: NodeID(owner))
        case .fault(let index):
            return apply(faults[index])
        }
    }

    // MARK: Reporting from the model

    /// Records that `node` leads now (or that nobody does), for `crash=leader@...`.
    public func setLeader(_ node: NodeID?) {
        leader = node
    }

    /// Records a change of a node's role or state (`leader t2`) in the trace.
    public func noteState(_ node: NodeID, _ text: String) {
        if traceLevel >= .events { events.append(TraceEvent(time: now, kind: .state(node: node.index, text: text))) }
    }

    /// Records that a client began an operation.
    public func noteInvoke(_ client: NodeID, _ operation: String) {
        if traceLevel >= .events {
            events.append(TraceEvent(time: now, kind: .invoke(process: client.index, operation: operation)))
        }
    }

    /// Records that a client's operation ended (`ok`, `fail` or `info`).
    public func noteComplete(_ client: NodeID, _ operation: String, outcome: String) {
        if traceLevel >= .events {
            events.append(
                TraceEvent(time: now, kind: .complete(process: client.index, operation: operation, outcome: outcome)))
        }
    }
}
