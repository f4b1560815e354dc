import Foundation
import QuorumSim

/// The monitor, c1: it hears heartbeats, suspects a node whose silence lasts too long, trusts it
/// again when a heartbeat arrives, and routes requests as a load balancer.
extension FailureDetectorSession {
    /// Starts (or restarts) the monitor with no history: every node trusted, every silence
    /// counted from now.
    func bootMonitor() {
        let restarting = sim.now > 0
        monitorState.restart(0)
        let now = sim.localTime(of: monitor)
        let fresh = Watch(
            window: ArrivalWindow(
                capacity: settings.window, expectedInterval: settings.interval,
                minimumDeviation: settings.minimumDeviation),
            since: now)
        monitorState.withVolatile(0) { $0.watches = Array(repeating: fresh, count: sim.nodeCount) }
        for node in 0..<sim.nodeCount {
            if restarting { sim.noteState(NodeID(node), "trusted by c1") }
            armDeadline(node)
        }
        if settings.balancer != "off" { scheduleRequest() }
    }

    /// Sets the moment the monitor will suspect `node` if no heartbeat comes first: a fixed
    /// silence, or the silence at which φ passes the threshold given the gaps seen so far.
    private func armDeadline(_ node: Int) {
        guard let watch = monitorState.volatile(0)?.watches[node] else { return }
        let delay = settings.phi ? watch.window.suspicionDelay(quantile: settings.quantile) : settings.timeout
        let timer = sim.setTimer(.suspect(node), on: monitor, after: delay)
        monitorState.withVolatile(0) { $0.watches[node].deadline = timer }
    }

    /// A heartbeat from `node` arrives: one more gap for the window, and the node is trusted.
    func heard(_ node: Int) {
        let now = sim.localTime(of: monitor)
        let before = monitorState.withVolatile(0) { state -> (suspected: Bool, silence: SimTime) in
            var watch = state.watches[node]
            let silence = now - (watch.lastArrival ?? watch.since)
            if watch.lastArrival != nil { watch.window.record(silence) }
            watch.lastArrival = now
            watch.heartbeats += 1
            if let deadline = watch.deadline { sim.cancelTimer(deadline) }
            let suspected = watch.suspected
            watch.suspected = false
            state.watches[node] = watch
            return (suspected, silence)
        }
        guard let before else { return }
        if before.suspected {
            sim.noteState(NodeID(node), "trusted by c1 again")
            sim.narrative.add(
                sim.now,
                "c1 trusts n\(node + 1) again: a heartbeat arrived after \(SimDuration.format(before.silence)) of silence"
            )
        }
        armDeadline(node)
    }

    /// The silence of `node` has lasted past its deadline: the monitor suspects it.
    func suspect(_ node: Int) {
        let now = sim.localTime(of: monitor)
        let judged = monitorState.withVolatile(0) { state -> (silence: SimTime, phi: Double?)? in
            guard !state.watches[node].suspected else { return nil }
            state.watches[node].suspected = true
            state.watches[node].deadline = nil
            let watch = state.watches[node]
            let silence = now - (watch.lastArrival ?? watch.since)
            return (silence, settings.phi ? watch.window.phi(after: silence) : nil)
        }
        guard let judged = judged.flatMap({ $0 }) else { return }
        sim.noteState(NodeID(node), "suspected by c1")
        scoreSuspicion(of: node, silence: judged.silence, phi: judged.phi)
    }

    // MARK: The load balancer

    private func scheduleRequest() {
        // Exponential gaps make the arrivals a Poisson stream of `rate` per second.
        let gap = -log(1 - random.nextUnit()) / Double(settings.rate) * Double(SimDuration.second)
        sim.setTimer(.request, on: monitor, after: max(1, SimTime(gap.rounded())))
    }

    /// A request arrives: send it to the next node in turn, skipping the suspected ones unless
    /// the balancer is static.
    func route() {
        guard let state = monitorState.volatile(0) else { return }
        scheduleRequest()
        requestsSent += 1
        let number = requestsSent
        let count = sim.nodeCount
        let target = (0..<count).lazy.map { (state.nextTarget + $0) % count }.first { node in
            settings.balancer == "static" || !state.watches[node].suspected
        }
        guard let target else {
            requestsTurnedAway += 1
            if requestsTurnedAway == 1 {
                sim.narrative.add(sim.now, "c1 suspects every node, so it turns request \(number) away")
            }
            return
        }
        monitorState.withVolatile(0) { $0.nextTarget = (target + 1) % count }
        sim.send(.request(number), from: monitor, to: NodeID(target))
        scoreRequest(number, to: target)
    }

    func describeMonitor() -> [String] {
        guard let state = monitorState.volatile(0) else {
            return ["crashed: when it restarts it knows nothing of the nodes and trusts them all"]
        }
        let now = sim.localTime(of: monitor)
        let rule =
            settings.phi
            ? "suspects when phi passes \(format(settings.threshold))"
            : "suspects after \(SimDuration.format(settings.timeout)) of silence"
        var lines = ["monitor: \(rule)"]
        for (node, watch) in state.watches.enumerated() {
            let silence = now - (watch.lastArrival ?? watch.since)
            var line =
                "n\(node + 1): \(watch.suspected ? "SUSPECTED" : "trusted"), "
                + (watch.lastArrival == nil ? "no heartbeat yet" : "last heartbeat \(SimDuration.format(silence)) ago")
            if settings.phi {
                let window = watch.window
                line +=
                    ", phi \(formatPhi(window.phi(after: silence)))"
                    + " (gaps: mean \(SimDuration.format(SimTime(window.mean.rounded())))"
                    + ", sd \(SimDuration.format(SimTime(window.deviation.rounded()))), \(window.samples.count) kept)"
            }
            lines.append(line)
        }
        if settings.balancer != "off" {
            lines.append(
                "balancer (\(settings.balancer)): \(requestsSent) requests, \(requestsAnswered) answered, "
                    + "\(requestsToDeadNode) sent to a dead node")
        }
        return lines
    }
}
