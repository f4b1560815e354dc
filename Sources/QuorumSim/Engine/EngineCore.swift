/// The engine's hot state and loop, as one value.
///
/// `Simulation` is a class so models can share it, but every access to a class's stored
/// property is checked for exclusivity at run time. Keeping what the loop touches in one struct
/// means one check per send or event instead of one per field.
@usableFromInline
struct EngineCore<Message, Timer> {
    /// What `advance` found.
    @usableFromInline
    enum Step {
        case event(SimEvent<Message, Timer>)
        case fault(index: Int)
        case idle
    }

    @usableFromInline let processCount: Int
    @usableFromInline let traceLevel: TraceLevel
    @usableFromInline var clock: SimTime = 0
    @usableFromInline var events: [TraceEvent] = []
    @usableFromInline var sentCount = 0
    @usableFromInline var deliveredCount = 0
    @usableFromInline var droppedCount = 0
    @usableFromInline var queue = EventQueue<Pending<Message, Timer>>()
    @usableFromInline var networkRandom: SplitMix64
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
    @usableFromInline var drift: [Int64]
    @usableFromInline var nextMessageID = 0
    @usableFromInline var nextTimerID = 0
    @usableFromInline var cancelledTimers: Set<Int> = []
    @usableFromInline var droppedByHand: Set<Int> = []
    /// Events for a paused process, in arrival order, replayed on resume.
    @usableFromInline var held: [[Pending<Message, Timer>]]
    /// Labels of messages by id, kept with full tracing only.
    @usableFromInline var labels: [Int: String] = [:]
    /// The most events a trace keeps, so a long run cannot exhaust memory; past it the trace
    /// stops growing and says so.
    @usableFromInline var traceLimit = 500_000
    @usableFromInline var traceTruncated = false

    /// Whether a message's send and fate are recorded.
    @inlinable var tracesMessages: Bool { traceLevel == .full && !traceTruncated }

    @inlinable
    mutating func record(_ event: TraceEvent) {
        if events.count < traceLimit {
            events.append(event)
        } else {
            traceTruncated = true
        }
    }

    init(processCount: Int, traceLevel: TraceLevel, networkRandom: SplitMix64, plan: FaultPlan) {
        self.processCount = processCount
        self.traceLevel = traceLevel
        self.networkRandom = networkRandom
        latency = plan.latency
        loss = plan.loss
        duplication = plan.duplication
        cut = Array(repeating: false, count: processCount * processCount)
        status = Array(repeating: .up, count: processCount)
        incarnation = Array(repeating: 0, count: processCount)
        held = Array(repeating: [], count: processCount)
        drift = Array(repeating: 0, count: processCount)
    }

    // MARK: Sending

    @inlinable
    mutating func send(_ message: Message, from: Int, to: Int) -> Int {
        let id = nextMessageID
        nextMessageID += 1
        sentCount += 1
        if tracesMessages { recordSend(message, id: id, from: from, to: to, copy: false) }
        guard status[from] == .up else {
            drop(id: id, from: from, to: to, reason: .senderDown)
            return id
        }
        if anyCut && cut[from * processCount + to] {
            drop(id: id, from: from, to: to, reason: .partition)
            return id
        }
        if loss > 0 && networkRandom.nextUnit() < loss {
            drop(id: id, from: from, to: to, reason: .loss)
            return id
        }
        queue.push(
            .deliver(id: id, from: Int32(from), to: Int32(to), message: message), at: clock + delay(from: from, to: to))
        if duplication > 0 && networkRandom.nextUnit() < duplication {
            sentCount += 1
            if tracesMessages { recordSend(message, id: id, from: from, to: to, copy: true) }
            queue.push(
                .deliver(id: id, from: Int32(from), to: Int32(to), message: message),
                at: clock + delay(from: from, to: to))
        }
        return id
    }

    /// Records a send that the model has decided the network loses.
    mutating func sendLost(_ message: Message, from: Int, to: Int) -> Int {
        let id = nextMessageID
        nextMessageID += 1
        sentCount += 1
        if tracesMessages { recordSend(message, id: id, from: from, to: to, copy: false) }
        drop(id: id, from: from, to: to, reason: status[from] == .up ? .loss : .senderDown)
        return id
    }

    @inlinable
    mutating func delay(from: Int, to: Int) -> SimTime {
        if !linkLatency.isEmpty, let link = linkLatency[from * processCount + to] {
            return link.sample(&networkRandom)
        }
        return latency.sample(&networkRandom)
    }

    @usableFromInline
    mutating func recordSend(_ message: Message, id: Int, from: Int, to: Int, copy: Bool) {
        let described = message as? TraceDescribable
        let label = described?.traceLabel ?? String(describing: message)
        let detail = described?.traceDetail ?? label
        labels[id] = label
        record(
            TraceEvent(time: clock, kind: .send(id: id, from: from, to: to, label: label, detail: detail, copy: copy)))
    }

    @usableFromInline
    mutating func drop(id: Int, from: Int, to: Int, reason: DropReason) {
        droppedCount += 1
        if tracesMessages {
            record(
                TraceEvent(
                    time: clock, kind: .drop(id: id, from: from, to: to, label: labels[id] ?? "", reason: reason)))
        }
    }

    // MARK: Timers

    @inlinable
    mutating func setTimer(_ timer: Timer, on node: Int, after delay: SimTime) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        var real = max(0, delay)
        let rate = drift[node]
        if rate != 0 {
            // The first whole microsecond by which the node's clock has run `delay`: rounding
            // down would fire while its clock still reads a little less (a 1 µs timer on a
            // fast clock would fire at once).
            let speed = 1_000_000 + rate
            real = (real * 1_000_000 + speed - 1) / speed
        }
        queue.push(.timer(id: id, node: Int32(node), incarnation: incarnation[node], timer: timer), at: clock + real)
        return TimerID(value: id)
    }

    // MARK: The loop

    /// Pops events until one needs the model (or the fault schedule), or none is left by `limit`.
    @inlinable
    mutating func advance(until limit: SimTime) -> Step {
        while let time = queue.nextTime() {
            guard time <= limit else {
                clock = max(clock, limit)
                return .idle
            }
            guard let (_, pending) = queue.pop() else { return .idle }
            clock = time
            switch pending {
            case .deliver(let id, let from, let to, let message):
                if let event = deliver(pending, id: id, from: Int(from), to: Int(to), message: message) {
                    return .event(event)
                }
            case .timer(let id, let node, let born, let timer):
                if let event = fire(pending, id: id, node: Int(node), born: born, timer: timer) {
                    return .event(event)
                }
            case .fault(let index):
                return .fault(index: index)
            }
        }
        return .idle
    }

    @inlinable
    mutating func deliver(_ pending: Pending<Message, Timer>, id: Int, from: Int, to: Int, message: Message)
        -> SimEvent<Message, Timer>?
    {
        if !droppedByHand.isEmpty && droppedByHand.contains(id) {
            drop(id: id, from: from, to: to, reason: .injected)
            return nil
        }
        if anyCut && cut[from * processCount + to] {
            drop(id: id, from: from, to: to, reason: .partition)
            return nil
        }
        switch status[to] {
        case .up:
            break
        case .crashed:
            drop(id: id, from: from, to: to, reason: .nodeDown)
            return nil
        case .paused:
            held[to].append(pending)
            return nil
        }
        deliveredCount += 1
        if tracesMessages {
            record(
                TraceEvent(time: clock, kind: .deliver(id: id, from: from, to: to, label: labels[id] ?? "")))
        }
        return .message(message, from: NodeID(from), to: NodeID(to), id: id)
    }

    @inlinable
    mutating func fire(_ pending: Pending<Message, Timer>, id: Int, node: Int, born: Int32, timer: Timer)
        -> SimEvent<Message, Timer>?
    {
        if !cancelledTimers.isEmpty && cancelledTimers.remove(id) != nil { return nil }
        guard born == incarnation[node], status[node] != .crashed else { return nil }
        if status[node] == .paused {
            held[node].append(pending)
            return nil
        }
        if traceLevel >= .events {
            let label = (timer as? TraceDescribable)?.traceLabel ?? String(describing: timer)
            record(TraceEvent(time: clock, kind: .timer(node: node, label: label)))
        }
        return .timer(timer, node: NodeID(node))
    }
}
