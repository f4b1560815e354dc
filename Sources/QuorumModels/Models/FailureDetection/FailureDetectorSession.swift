import Foundation
import QuorumCheck
import QuorumSim

final class FailureDetectorSession: EngineSession {
    struct Settings {
        var interval: SimTime
        var phi: Bool
        var timeout: SimTime
        var threshold: Double
        /// The normal quantile at which φ passes `threshold`; the same for every window.
        var quantile: Double
        var window: Int
        var minimumDeviation: SimTime
        var balancer: String
        var rate: Int
        var limit: SimTime

        init(_ parameters: Parameters) {
            interval = parameters.duration("interval")
            phi = parameters.choice("detector") == "phi"
            timeout = parameters.duration("timeout")
            threshold = parameters.double("threshold")
            quantile = ArrivalWindow.quantile(forThreshold: threshold)
            window = parameters.int("window")
            minimumDeviation = parameters.duration("min-sd")
            balancer = parameters.choice("balancer")
            rate = parameters.int("rate")
            limit = parameters.duration("duration")
        }
    }

    enum Message: TraceDescribable {
        case heartbeat(Int)
        case request(Int)
        case reply(Int)

        var traceLabel: String {
            switch self {
            case .heartbeat(let number): "hb \(number)"
            case .request(let number): "req \(number)"
            case .reply(let number): "ok \(number)"
            }
        }

        var traceDetail: String {
            switch self {
            case .heartbeat(let number): "heartbeat \(number): I am alive"
            case .request(let number): "request \(number), routed here by the load balancer"
            case .reply(let number): "the answer to request \(number)"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// On a node: time to send the next heartbeat.
        case beat
        /// On the monitor: the silence of node `index` has lasted long enough to suspect it.
        case suspect(Int)
        /// On the monitor: the next client request arrives at the load balancer.
        case request

        var traceLabel: String {
            switch self {
            case .beat: "beat"
            case .suspect(let node): "n\(node + 1) silent too long"
            case .request: "request arrives"
            }
        }
    }

    /// What the monitor knows of one node, all of it in memory.
    struct Watch {
        var window: ArrivalWindow
        /// When the last heartbeat arrived, by the monitor's clock; nil before the first.
        var lastArrival: SimTime?
        /// When the monitor began listening, by its clock: the silence before the first heartbeat
        /// counts from here.
        var since: SimTime
        var suspected = false
        var deadline: TimerID?
        var heartbeats = 0
    }

    /// The monitor's memory: its opinion of every node, and the balancer's place in the rotation.
    struct Monitor {
        var watches: [Watch]
        var nextTarget = 0
    }

    /// One real crash and whether the monitor noticed, as the model (not the monitor) sees it.
    struct Crash {
        var node: Int
        var at: SimTime
        var suspectedAt: SimTime?
        var restartedAt: SimTime?
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let settings: Settings
    var limit: SimTime { settings.limit }
    let monitor: NodeID
    /// Each node's memory: the number of its next heartbeat.
    var nodes: NodeStates<Void, Int>
    var monitorState: NodeStates<Void, Monitor>
    var random: SplitMix64
    private(set) var crashes: [Crash] = []
    private(set) var falseSuspicions = 0
    private(set) var requestsToDeadNode = 0
    var requestsSent = 0
    var requestsAnswered = 0
    var requestsTurnedAway = 0

    init(sim: Simulation<Message, Timer>, header: RunHeader, settings: Settings) {
        self.sim = sim
        self.header = header
        self.settings = settings
        let count = sim.nodeCount
        monitor = NodeID(count)
        nodes = NodeStates(count: count, durable: { _ in () }, boot: { _, _ in 1 })
        monitorState = NodeStates(count: 1, durable: { _ in () }, boot: { _, _ in Monitor(watches: []) })
        random = sim.makeGenerator()
        for node in sim.nodes {
            sim.noteState(node, "trusted by c1")
            // Nodes start out of step with each other, as real ones do.
            sim.setTimer(.beat, on: node, after: SimTime(random.next(upperBound: UInt64(settings.interval))))
        }
        bootMonitor()
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.beat, let node):
            beat(node)
        case .message(.heartbeat, let from, _, _):
            heard(from.index)
        case .timer(.suspect(let node), _):
            suspect(node)
        case .timer(.request, _):
            route()
        case .message(.request(let number), let from, let to, _):
            sim.send(.reply(number), from: to, to: from)
        case .message(.reply, _, _, _):
            requestsAnswered += 1
        case .crashed(let process):
            crashed(process)
        case .restarted(let process):
            restarted(process)
        case .network:
            break
        }
    }

    private func beat(_ node: NodeID) {
        guard
            let number = nodes.withVolatile(
                node.index,
                { number -> Int in
                    number += 1
                    return number - 1
                })
        else { return }
        sim.send(.heartbeat(number), from: node, to: monitor)
        sim.setTimer(.beat, on: node, after: settings.interval)
    }

    private func crashed(_ process: NodeID) {
        if process == monitor {
            monitorState.crash(0)
            return
        }
        nodes.crash(process.index)
        let suspected = monitorState.volatile(0)?.watches[process.index].suspected == true
        crashes.append(Crash(node: process.index, at: sim.now, suspectedAt: suspected ? sim.now : nil))
    }

    private func restarted(_ process: NodeID) {
        if process == monitor {
            sim.narrative.add(sim.now, "c1 restarts knowing nothing of the nodes: it trusts them all again")
            bootMonitor()
            return
        }
        nodes.restart(process.index)
        if let last = crashes.lastIndex(where: { $0.node == process.index && $0.restartedAt == nil }) {
            crashes[last].restartedAt = sim.now
        }
        sim.setTimer(.beat, on: process, after: 0)
    }

    // MARK: What the run reports

    func describe(_ process: NodeID) -> [String] {
        if process == monitor { return describeMonitor() }
        guard let next = nodes.volatile(process.index) else { return ["crashed: sends no heartbeats"] }
        return ["alive; sends heartbeat \(next) next, one every \(SimDuration.format(settings.interval))"]
    }

    /// The mean time from crash to suspicion, over the crashes that were suspected or that
    /// stayed down to the end of the run (cut off there); crashes undone by a restart before
    /// anyone noticed are left out.
    var detectionTime: SimTime? {
        let counted = crashes.compactMap { crash -> SimTime? in
            if let suspectedAt = crash.suspectedAt { return suspectedAt - crash.at }
            return crash.restartedAt == nil ? sim.now - crash.at : nil
        }
        guard !counted.isEmpty else { return nil }
        return counted.reduce(0, +) / SimTime(counted.count)
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        (
            [
                ("detection-time-ms", milliseconds(detectionTime ?? 0)),
                ("false-suspicions", Double(falseSuspicions)),
                ("requests-to-dead-node", Double(requestsToDeadNode)),
            ], nil
        )
    }

    /// Called by the monitor when it begins to suspect a node: scores the suspicion against
    /// the truth.
    func scoreSuspicion(of node: Int, silence: SimTime, phi: Double?) {
        let phiText = phi.map { ", phi \(formatPhi($0))" } ?? ""
        if sim.status(of: NodeID(node)) == .crashed {
            guard let open = crashes.lastIndex(where: { $0.node == node && $0.restartedAt == nil }) else { return }
            if crashes[open].suspectedAt == nil {
                crashes[open].suspectedAt = sim.now
                sim.narrative.add(
                    sim.now,
                    "c1 suspects n\(node + 1) after \(SimDuration.format(silence)) of silence\(phiText): "
                        + "\(SimDuration.format(sim.now - crashes[open].at)) after it really crashed")
            }
        } else {
            falseSuspicions += 1
            sim.narrative.add(
                sim.now,
                "c1 suspects n\(node + 1) after \(SimDuration.format(silence)) of silence\(phiText), "
                    + "but n\(node + 1) is alive: a false suspicion")
        }
    }

    /// Called by the balancer for every request it sends, to count those sent to a dead node.
    func scoreRequest(_ number: Int, to node: Int) {
        guard sim.status(of: NodeID(node)) == .crashed else { return }
        requestsToDeadNode += 1
        if requestsToDeadNode == 1 {
            sim.narrative.add(
                sim.now, "c1 sends request \(number) to n\(node + 1), which is down: nobody will ever answer it")
        }
    }
}

func formatPhi(_ phi: Double) -> String {
    phi.isFinite ? String(format: "%.1f", phi) : "∞"
}
