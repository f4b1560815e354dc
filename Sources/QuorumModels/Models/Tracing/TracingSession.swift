import QuorumCheck
import QuorumSim

/// The checkout request's run: the client calls the gateway, each service works, calls the
/// services below it (some together, some one after another), records its span and answers.
final class TracingSession: EngineSession {
    enum Message: TraceDescribable {
        case call(Call)
        case reply(call: Int, ok: Bool)

        var traceLabel: String {
            switch self {
            case .call(let call): call.operation
            case .reply(_, let ok): ok ? "ok" : "error"
            }
        }

        var traceDetail: String {
            switch self {
            case .call(let call):
                "call \(call.id): \(call.operation), "
                    + (call.context.map { "traceparent: \($0.header)" } ?? "no traceparent")
            case .reply(let call, let ok): "answer to call \(call): " + (ok ? "ok" : "error")
            }
        }
    }

    /// A request from one process to a service, with the caller's trace context if it passed it on.
    struct Call {
        let id: Int
        let operation: String
        let context: TraceParent?
    }

    enum Timer: TraceDescribable {
        /// A stretch of a service's own work is over.
        case workDone(handling: Int)
        /// A call the node made has had `timeout` to answer.
        case timeout(call: Int)

        var traceLabel: String {
            switch self {
            case .workDone: "work done"
            case .timeout(let call): "timeout, call \(call)"
            }
        }
    }

    /// A service serving one call: its open span and how far it has got.
    struct Handling {
        let id: Int
        let caller: NodeID
        let callID: Int
        let traceID: TraceID
        let spanID: UInt64
        let parentID: UInt64?
        let sampled: Bool
        /// On the service's own clock.
        let start: SimTime
        /// -1 during the work before any call, then the stage whose calls are out, then the
        /// number of stages during the work after the last one.
        var stage = -1
        var waiting: [(call: Int, callee: Int, timer: TimerID)] = []
        var failed = false
    }

    /// What a service holds in memory: the calls it is serving. A crash loses them, and with
    /// them the spans they had not yet recorded.
    struct Memory {
        var handlings: [Handling] = []
    }

    /// Services keep nothing on disk.
    struct Disk {}

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let services: [ServiceSpec]
    private let timeout: SimTime
    private let dropContext: Int?
    private let sampleRate: Double
    private let client: NodeID
    private var random: SplitMix64
    private var states: NodeStates<Disk, Memory>
    private var nextCall = 1
    private var nextHandling = 0
    /// Every span any service recorded, in the order they ended.
    private(set) var recorded: [Span] = []
    /// The trace the gateway began for the client's request.
    private(set) var requestTrace: TraceID?
    private var requestSampled = true
    private var answer: (time: SimTime, ok: Bool)?
    /// Services that began a trace of their own because a call reached them without context.
    private var contextLost: [Int] = []
    /// Services that crashed with a span of the request's trace still open.
    private var crashedOpen: [Int] = []

    init(
        sim: Simulation<Message, Timer>, header: RunHeader, services: [ServiceSpec], timeout: SimTime,
        dropContext: Int?, sampleRate: Double, limit: SimTime
    ) {
        self.sim = sim
        self.header = header
        self.services = services
        self.timeout = timeout
        self.dropContext = dropContext
        self.sampleRate = sampleRate
        self.limit = limit
        client = NodeID(services.count)
        random = sim.makeGenerator()
        states = NodeStates(count: services.count, durable: { _ in Disk() }, boot: { _, _ in Memory() })
        for node in 0..<services.count { sim.noteState(NodeID(node), "idle") }
        sim.noteInvoke(client, services[0].operation)
        sim.send(.call(Call(id: 0, operation: services[0].operation, context: nil)), from: client, to: NodeID(0))
    }

    /// Done once the client has its answer and no service is still busy with the request.
    var stopped: Bool {
        answer != nil && (0..<services.count).allSatisfy { states.volatile($0)?.handlings.isEmpty ?? true }
    }

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .message(.call(let call), let from, let to, _):
            begin(call, from: from, at: to.index)
        case .message(.reply(let call, let ok), _, let to, _):
            if to == client {
                answered(ok: ok)
            } else {
                settle(call, ok: ok, at: to.index, timedOut: false)
            }
        case .timer(.workDone(let id), let node):
            guard let handling = handling(id, on: node.index) else { return }
            if handling.stage < 0 {
                startStage(0, of: handling, on: node.index)
            } else {
                finish(handling, on: node.index)
            }
        case .timer(.timeout(let call), let node):
            settle(call, ok: false, at: node.index, timedOut: true)
        case .crashed(let node):
            guard node.index < services.count else { return }
            let open = states.volatile(node.index)?.handlings ?? []
            if open.contains(where: { $0.sampled && $0.traceID == requestTrace }) {
                crashedOpen.append(node.index)
                sim.narrative.add(
                    sim.now, "\(CallGraph.serviceAndNode(node.index)) crashed with its span open; that span is lost")
            }
            states.crash(node.index)
        case .restarted(let node):
            guard node.index < services.count else { return }
            states.restart(node.index)
            sim.noteState(node, "idle")
        case .network:
            break
        }
    }

    // MARK: Serving a call

    /// Opens a span for the call: in the caller's trace if the call carried its context, else
    /// in a new trace, sampled or not.
    private func begin(_ call: Call, from caller: NodeID, at service: Int) {
        let traceID: TraceID
        let parentID: UInt64?
        let sampled: Bool
        if let context = call.context {
            (traceID, parentID, sampled) = (context.traceID, context.parentID, context.sampled)
        } else {
            traceID = TraceID(high: random.next(), low: random.next())
            parentID = nil
            sampled = sampleRate >= 1 || random.nextUnit() < sampleRate
            if caller == client, requestTrace == nil {
                requestTrace = traceID
                requestSampled = sampled
                sim.narrative.add(
                    sim.now,
                    "\(CallGraph.serviceAndNode(service)) began trace \(traceID.short) for \(call.operation)"
                        + (sampled ? "" : ", unsampled: no service will record a span of it"))
            } else if caller != client {
                contextLost.append(service)
                sim.narrative.add(
                    sim.now,
                    "\(CallGraph.serviceAndNode(service)) got a call with no traceparent and began a new trace, \(traceID.short)"
                )
            }
        }
        let handling = Handling(
            id: nextHandling, caller: caller, callID: call.id, traceID: traceID, spanID: random.next() | 1,
            parentID: parentID, sampled: sampled, start: sim.localTime(of: NodeID(service)))
        nextHandling += 1
        states.withVolatile(service) { $0.handlings.append(handling) }
        sim.noteState(NodeID(service), "working on \(call.operation)")
        sim.setTimer(.workDone(handling: handling.id), on: NodeID(service), after: services[service].before)
    }

    /// Sends the calls of stage `stage`, or, past the last stage, does the work after them.
    private func startStage(_ stage: Int, of handling: Handling, on service: Int) {
        var handling = handling
        let spec = services[service]
        guard stage < spec.stages.count else {
            handling.stage = spec.stages.count
            store(handling, on: service)
            if spec.after > 0 {
                sim.noteState(NodeID(service), "working on \(spec.operation)")
                sim.setTimer(.workDone(handling: handling.id), on: NodeID(service), after: spec.after)
            } else {
                finish(handling, on: service)
            }
            return
        }
        handling.stage = stage
        let context =
            service == dropContext
            ? nil : TraceParent(traceID: handling.traceID, parentID: handling.spanID, sampled: handling.sampled)
        for callee in spec.stages[stage] {
            let call = Call(id: nextCall, operation: services[callee].operation, context: context)
            nextCall += 1
            sim.send(.call(call), from: NodeID(service), to: NodeID(callee))
            let timer = sim.setTimer(.timeout(call: call.id), on: NodeID(service), after: timeout)
            handling.waiting.append((call.id, callee, timer))
        }
        store(handling, on: service)
        sim.noteState(
            NodeID(service), "waiting on " + spec.stages[stage].map { services[$0].name }.joined(separator: ", "))
    }

    /// An answer to, or a timeout of, a call the service made; the last of a stage starts the next.
    private func settle(_ call: Int, ok: Bool, at service: Int, timedOut: Bool) {
        guard
            var handling = states.volatile(service)?.handlings.first(where: { $0.waiting.contains { $0.call == call } }
            ),
            let index = handling.waiting.firstIndex(where: { $0.call == call })
        else {
            return  // an answer after its timeout, or a duplicate
        }
        let waited = handling.waiting.remove(at: index)
        if timedOut {
            sim.narrative.add(
                sim.now,
                "\(CallGraph.serviceAndNode(service)) gave up on \(CallGraph.serviceAndNode(waited.callee)) after \(SimDuration.format(timeout))"
            )
        } else {
            sim.cancelTimer(waited.timer)
        }
        handling.failed = handling.failed || !ok
        store(handling, on: service)
        if handling.waiting.isEmpty { startStage(handling.stage + 1, of: handling, on: service) }
    }

    /// Ends the span, records it if sampled, and answers the caller.
    private func finish(_ handling: Handling, on service: Int) {
        let spec = services[service]
        if handling.sampled {
            recorded.append(
                Span(
                    traceID: handling.traceID, spanID: handling.spanID, parentID: handling.parentID, service: service,
                    operation: spec.operation, start: handling.start, end: sim.localTime(of: NodeID(service)),
                    failed: handling.failed))
        }
        states.withVolatile(service) { memory in memory.handlings.removeAll { $0.id == handling.id } }
        sim.noteState(NodeID(service), "idle")
        sim.send(.reply(call: handling.callID, ok: !handling.failed), from: NodeID(service), to: handling.caller)
        if handling.sampled, handling.parentID == nil, handling.traceID == requestTrace, let root = requestRoot {
            narrateCriticalPath(from: root)
        }
    }

    private func answered(ok: Bool) {
        guard answer == nil else { return }
        answer = (sim.now, ok)
        sim.noteComplete(client, services[0].operation, outcome: ok ? "ok" : "fail")
        sim.narrative.add(
            sim.now, "c1 got its answer (\(ok ? "ok" : "an error")) \(SimDuration.format(sim.now)) after asking")
    }

    private func handling(_ id: Int, on service: Int) -> Handling? {
        states.volatile(service)?.handlings.first { $0.id == id }
    }

    private func store(_ handling: Handling, on service: Int) {
        states.withVolatile(service) { memory in
            if let index = memory.handlings.firstIndex(where: { $0.id == handling.id }) {
                memory.handlings[index] = handling
            }
        }
    }

    // MARK: The trace

    /// The request trace's root span, once the gateway has recorded it.
    var requestRoot: Int? {
        recorded.firstIndex { $0.traceID == requestTrace && $0.parentID == nil }
    }

    private func narrateCriticalPath(from root: Int) {
        let path = CriticalPath(spans: recorded, root: root)
        let onPath = path.steps.sorted { (recorded[$0.span].start, $0.span) < (recorded[$1.span].start, $1.span) }
        let names = onPath.map { services[recorded[$0.span].service].name }.joined(separator: ", ")
        guard let largest = path.steps.max(by: { ($0.time, $1.span) < ($1.time, $0.span) }) else { return }
        sim.narrative.add(
            sim.now,
            "the critical path runs through \(names); \(services[recorded[largest.span].service].name)'s own "
                + "\(SimDuration.format(largest.time)) is the largest part of its \(SimDuration.format(path.length))")
    }

    func describe(_ process: NodeID) -> [String] {
        if process == client {
            guard let answer else { return ["waiting for the answer to \(services[0].operation)"] }
            return ["got its answer (\(answer.ok ? "ok" : "an error")) \(SimDuration.format(answer.time)) after asking"]
        }
        let service = process.index
        guard let memory = states.volatile(service) else {
            return ["crashed: any span it had open is lost"]
        }
        let own = recorded.filter { $0.service == service }.count
        guard !memory.handlings.isEmpty else {
            return ["\(services[service].name): idle; it has recorded \(own) span\(own == 1 ? "" : "s")"]
        }
        var lines: [String] = []
        for handling in memory.handlings {
            lines.append(
                "\(services[service].name): serving \(services[service].operation), trace \(handling.traceID.short) "
                    + "span \(traceHex(handling.spanID)), parent \(handling.parentID.map(traceHex) ?? "none (root)")"
                    + (handling.sampled ? "" : ", unsampled"))
            if !handling.waiting.isEmpty {
                lines.append(
                    "  waiting on "
                        + handling.waiting.map { CallGraph.serviceAndNode($0.callee) }.joined(separator: ", "))
            } else {
                lines.append(handling.stage < 0 ? "  working, before its calls" : "  working, after its calls")
            }
        }
        return lines
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let critical = requestRoot.map { CriticalPath(spans: recorded, root: $0).length } ?? 0
        let spans = recorded.filter { $0.traceID == requestTrace }.count
        return ([("critical-path-ms", milliseconds(critical)), ("spans", Double(spans))], nil)
    }

    func views() -> [RunView] {
        [.waterfall(waterfall())]
    }

    // MARK: The waterfall

    private func waterfall() -> WaterfallView {
        let inTrace = recorded.indices.filter { recorded[$0].traceID == requestTrace }
        let path = requestRoot.map { CriticalPath(spans: recorded, root: $0) }
        var rows: [WaterfallRow] = []
        func add(_ index: Int, depth: Int) {
            let span = recorded[index]
            let node = "n\(span.service + 1)"
            rows.append(
                WaterfallRow(
                    depth: depth,
                    label: "\(services[span.service].name): \(span.operation)" + (span.failed ? " (error)" : ""),
                    start: span.start, end: span.end, highlighted: path?.contains(index) ?? false,
                    detail: "span \(traceHex(span.spanID)), parent \(span.parentID.map(traceHex) ?? "none (root)"), "
                        + "timed by \(node)'s clock: \(SimDuration.format(span.start)) to \(SimDuration.format(span.end))"
                ))
            let children = inTrace.filter { recorded[$0].parentID == span.spanID }
                .sorted { (recorded[$0].start, recorded[$0].service) < (recorded[$1].start, recorded[$1].service) }
            for child in children { add(child, depth: depth + 1) }
        }
        // Roots first, then spans whose parent was never recorded (lost in a crash), each with
        // what hangs below it.
        let ids = inTrace.map { recorded[$0].spanID }
        let tops = inTrace.filter { index in recorded[index].parentID.map { !ids.contains($0) } ?? true }
            .sorted { (recorded[$0].start, $0) < (recorded[$1].start, $1) }
        for top in tops { add(top, depth: 0) }

        let length = path?.length ?? 0
        let title =
            requestTrace.map {
                "trace \($0) · \(inTrace.count) span\(inTrace.count == 1 ? "" : "s") · critical path \(SimDuration.format(length))"
            } ?? "no trace: the request never reached the gateway"
        return WaterfallView(
            title: title, rows: rows, highlightMeaning: "critical path", notes: notes(rootless: path == nil))
    }

    /// What the waterfall cannot show, in words.
    private func notes(rootless: Bool) -> [String] {
        guard requestTrace != nil else { return [] }
        guard requestSampled else {
            return ["The gateway left this request unsampled (sample-rate), so no service recorded a span of it."]
        }
        var notes: [String] = []
        if rootless {
            notes.append("The gateway's span never ended, so the trace has no root and no critical path.")
        }
        for service in crashedOpen {
            notes.append(
                "\(CallGraph.serviceAndNode(service)) crashed before its span ended; that span was never recorded.")
        }
        let elsewhere = recorded.filter { $0.traceID != requestTrace }
        if !elsewhere.isEmpty {
            var traces: [TraceID] = []
            for span in elsewhere where !traces.contains(span.traceID) { traces.append(span.traceID) }
            let names = contextLost.map { services[$0].name }.joined(separator: ", ")
            let how =
                contextLost.count == 1
                ? "\(names) got a call without a traceparent and began a new trace."
                : "\(names) got calls without a traceparent and began new traces."
            notes.append(
                "\(elsewhere.count) span\(elsewhere.count == 1 ? "" : "s") went to \(traces.count) other "
                    + "trace\(traces.count == 1 ? "" : "s"): " + how)
        }
        return notes
    }
}
