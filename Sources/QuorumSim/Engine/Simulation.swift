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
    public let traceLevel: TraceLevel
    /// Key moments in words; the engine adds faults, models add the rest.
    public var narrative = Narrative()
    /// The node that leads right now, as the model last reported it; `crash=leader@2s` uses it.
    public internal(set) var leader: NodeID?
    /// The partition in force, for `state` and the narrative.
    public internal(set) var activePartition: PartitionSpec?

    /// The hot state lives behind a pointer the class owns: a stored property of a class is
    /// checked for exclusive access at run time on every use, which costs more than the work
    /// of a delivery; a computed property over a pointer is not. The simulation is confined to
    /// one thread, and `deinit` frees the storage.
    @usableFromInline let storage: UnsafeMutablePointer<EngineCore<Message, Timer>>

    @inlinable
    var core: EngineCore<Message, Timer> {
        _read { yield storage.pointee }
        _modify { yield &storage.pointee }
    }
    @usableFromInline var modelRandomRoot: SplitMix64
    @usableFromInline var faults: [FaultAction] = []
    var skew: [SimTime]

    /// Sets up a run.
    ///
    /// - Parameters:
    ///   - hasLeader: whether the model reports a leader, so `crash=leader@...` is allowed.
    /// - Throws: `FaultPlanError` when the plan names a process the run does not have.
    public init(
        seed: UInt64, nodes: Int, clients: Int = 0, plan: FaultPlan = FaultPlan(), trace: TraceLevel = .full,
        hasLeader: Bool = false
    ) throws(FaultPlanError) {
        let names = processNames(nodes: nodes, clients: clients)
        self.names = names
        nodeCount = nodes
        traceLevel = trace
        try plan.validate(names: names, hasLeader: hasLeader)
        var root = SplitMix64(seed: seed)
        let networkRandom = root.split()
        modelRandomRoot = root.split()
        let count = names.count
        storage = .allocate(capacity: 1)
        storage.initialize(
            to: EngineCore(processCount: count, traceLevel: trace, networkRandom: networkRandom, plan: plan))
        skew = Array(repeating: 0, count: count)
        let index = { (name: String) in names.firstIndex(of: name) ?? 0 }
        for setting in plan.skew { skew[index(setting.node)] = setting.amount }
        for setting in plan.drift { core.drift[index(setting.node)] = setting.amount }
        if !plan.links.isEmpty {
            var links = [LatencyDistribution?](repeating: nil, count: count * count)
            for link in plan.links {
                let from = index(link.from)
                let to = index(link.to)
                links[from * count + to] = link.latency
                if link.bothWays { links[to * count + from] = link.latency }
            }
            core.linkLatency = links
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

    deinit {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    private func schedule(_ action: FaultAction, at time: SimTime) {
        faults.append(action)
        core.queue.push(.fault(index: faults.count - 1), at: time)
    }

    // MARK: What a model reads

    /// Virtual time of the event being handled.
    @inlinable public var now: SimTime { core.clock }
    /// What happened, in order, at the detail `traceLevel` asks for.
    public var trace: [TraceEvent] { core.events }
    /// True when the trace reached `traceLimit` and stopped growing.
    public var traceTruncated: Bool { core.traceTruncated }
    /// The most events the trace keeps (500,000 unless changed before the run).
    public var traceLimit: Int {
        get { core.traceLimit }
        set { core.traceLimit = newValue }
    }
    /// Messages sent (duplicates the network made included), delivered, and dropped.
    public var sent: Int { core.sentCount }
    public var delivered: Int { core.deliveredCount }
    public var dropped: Int { core.droppedCount }

    public var processCount: Int { names.count }
    public var nodes: [NodeID] { (0..<nodeCount).map(NodeID.init) }
    public var clients: [NodeID] { (nodeCount..<names.count).map(NodeID.init) }

    public func name(_ process: NodeID) -> String { names[process.index] }

    public func process(named name: String) -> NodeID? {
        names.firstIndex(of: name).map(NodeID.init)
    }

    public func status(of process: NodeID) -> ProcessStatus { core.status[process.index] }

    @inlinable
    public func isUp(_ process: NodeID) -> Bool { core.status[process.index] == .up }

    /// A generator for the model's own choices, independent of the network's draws, so changing
    /// the loss rate does not reshuffle which key a client picks.
    public func makeGenerator() -> SplitMix64 {
        modelRandomRoot.split()
    }

    /// What the process's own clock reads now: true time, plus its skew, plus its drift so far.
    ///
    /// Drift is rounded down, as a clock shows the last whole tick it has reached; a timer set
    /// on the node fires the first microsecond its clock reads the deadline.
    public func localTime(of process: NodeID) -> SimTime {
        let now = core.clock
        let gained = now * core.drift[process.index]
        let drifted = gained >= 0 ? gained / 1_000_000 : -((-gained + 999_999) / 1_000_000)
        return now + skew[process.index] + drifted
    }

    // MARK: What a model does

    /// Sends a message over the network: it arrives after the link's latency unless the sender
    /// is down, the link is cut, or the loss probability strikes. It may also be duplicated.
    /// Returns the message's id in the trace.
    @inlinable
    @discardableResult
    public func send(_ message: Message, from: NodeID, to: NodeID) -> Int {
        core.send(message, from: from.index, to: to.index)
    }

    /// Sends a message that the model has decided the network loses: a fault aimed at one kind
    /// of message (`ack-loss` loses only acknowledgements). It is counted, traced and dropped
    /// like a message the `loss` probability struck. Returns the message's id in the trace.
    @discardableResult
    public func sendLost(_ message: Message, from: NodeID, to: NodeID) -> Int {
        core.sendLost(message, from: from.index, to: to.index)
    }

    /// Sets a timer that goes off on `node` after `delay` of the node's own clock (so a node
    /// whose clock runs fast fires early). A crash cancels every timer of the node.
    @inlinable
    @discardableResult
    public func setTimer(_ timer: Timer, on node: NodeID, after delay: SimTime) -> TimerID {
        core.setTimer(timer, on: node.index, after: delay)
    }

    /// Stops a timer from going off; harmless if it already has.
    public func cancelTimer(_ timer: TimerID) {
        core.cancelledTimers.insert(timer.value)
    }

    /// When the next queued event happens, or nil if nothing is left.
    public var nextEventTime: SimTime? { storage.pointee.queue.nextTime() }

    /// Advances to the next event the model must handle, doing the network's and the fault
    /// schedule's work on the way. Returns nil when nothing is left before `limit`, with the
    /// clock moved to `limit` if there were events beyond it.
    @inlinable
    public func next(until limit: SimTime = .max) -> SimEvent<Message, Timer>? {
        while true {
            switch core.advance(until: limit) {
            case .event(let event):
                return event
            case .fault(let index):
                if let event = apply(faults[index]) { return event }
            case .idle:
                return nil
            }
        }
    }

    /// Records that `node` leads now (or that nobody does), for `crash=leader@...`.
    public func setLeader(_ node: NodeID?) {
        leader = node
    }

    /// Records a change of a node's role or state (`leader t2`) in the trace.
    public func noteState(_ node: NodeID, _ text: String) {
        record(.state(node: node.index, text: text))
    }

    /// Records that a client began an operation.
    public func noteInvoke(_ client: NodeID, _ operation: String) {
        record(.invoke(process: client.index, operation: operation))
    }

    /// Records that a client's operation ended (`ok`, `fail` or `info`).
    public func noteComplete(_ client: NodeID, _ operation: String, outcome: String) {
        record(.complete(process: client.index, operation: operation, outcome: outcome))
    }

    func record(_ kind: TraceEvent.Kind) {
        if traceLevel >= .events { core.record(TraceEvent(time: core.clock, kind: kind)) }
    }
}
