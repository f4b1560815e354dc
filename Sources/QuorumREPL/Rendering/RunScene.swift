import QuorumModels
import QuorumSim
import QuorumTerminal

/// Turns a run's trace into what the terminal and SVG renderers draw.
enum RunScene {
    /// Lanes in display order: clients on the left, then nodes, as sequence diagrams put the
    /// caller first. Returns the lane names and each process's lane.
    static func lanes(_ names: [String]) -> (names: [String], laneOf: [Int]) {
        let clients = names.indices.filter { names[$0].hasPrefix("c") }
        let nodes = names.indices.filter { !names[$0].hasPrefix("c") }
        let order = clients + nodes
        var laneOf = Array(repeating: 0, count: names.count)
        for (lane, process) in order.enumerated() { laneOf[process] = lane }
        return (order.map { names[$0] }, laneOf)
    }

    /// The space-time scene of a run, cut to `window` if given.
    static func spaceTime(_ run: SimulationRun, window: ClosedRange<SimTime>?) -> SpaceTimeScene {
        let (laneNames, laneOf) = lanes(run.names)
        func lane(_ process: Int) -> Int { process < laneOf.count ? laneOf[process] : 0 }
        var messages: [SpaceTimeMessage] = []
        /// Sends of each id still waiting for their fate, in order (duplicates share an id).
        var open: [Int: [Int]] = [:]
        var marks: [SpaceTimeMark] = []
        var bands: [SpaceTimeBand] = []
        for event in run.trace {
            switch event.kind {
            case .send(let id, let from, let to, let label, let detail, let copy):
                open[id, default: []].append(messages.count)
                messages.append(
                    SpaceTimeMessage(
                        id: id, from: lane(from), to: lane(to), sentAt: event.time, fate: .inFlight,
                        label: copy ? label + " (dup)" : label, detail: detail))
            case .deliver(let id, _, _, _):
                if let index = open[id]?.first {
                    open[id]?.removeFirst()
                    messages[index].fate = .delivered(at: event.time)
                }
            case .drop(let id, _, _, _, let reason):
                if let index = open[id]?.first {
                    open[id]?.removeFirst()
                    messages[index].fate = .dropped(at: event.time, reason: reason.rawValue)
                }
            case .timer(let node, let label):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .timer, text: label))
            case .crash(let node):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .crash, text: "crashed"))
            case .restart(let node):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .restart, text: "restarted"))
            case .pause(let node):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .pause, text: "paused"))
            case .resume(let node):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .resume, text: "resumed"))
            case .state(let node, let text):
                marks.append(SpaceTimeMark(lane: lane(node), time: event.time, kind: .state, text: text))
            case .invoke(let process, let operation):
                marks.append(SpaceTimeMark(lane: lane(process), time: event.time, kind: .note, text: operation))
            case .complete(let process, let operation, let outcome):
                marks.append(
                    SpaceTimeMark(lane: lane(process), time: event.time, kind: .note, text: "\(outcome): \(operation)"))
            case .partition(let spec):
                if let last = bands.indices.last, bands[last].end == nil { bands[last].end = event.time }
                let cutOff = spec.groups.dropFirst().joined().compactMap { run.names.firstIndex(of: $0) }.map(lane)
                bands.append(
                    SpaceTimeBand(start: event.time, end: nil, text: "partition " + spec.description, lanes: cutOff))
            case .heal:
                if let last = bands.indices.last, bands[last].end == nil { bands[last].end = event.time }
            }
        }
        let start = window?.lowerBound ?? 0
        let end = min(window?.upperBound ?? run.endTime, max(run.endTime, start))
        guard window != nil else {
            return SpaceTimeScene(
                lanes: laneNames, start: start, end: end, messages: messages, marks: marks, bands: bands)
        }
        func arrival(_ message: SpaceTimeMessage) -> SimTime {
            switch message.fate {
            case .delivered(let at), .dropped(let at, _): at
            case .inFlight: message.sentAt
            }
        }
        let before = messages.count { arrival($0) < start } + marks.count { $0.time < start }
        let after = messages.count { $0.sentAt > end } + marks.count { $0.time > end }
        return SpaceTimeScene(
            lanes: laneNames, start: start, end: end,
            messages: messages.filter { arrival($0) >= start && $0.sentAt <= end },
            marks: marks.filter { (start...end).contains($0.time) },
            bands: bands.filter { $0.start <= end && ($0.end ?? .max) >= start },
            omittedBefore: before, omittedAfter: after)
    }

    /// Each process's role over time, from the states the model reported; crashes show as
    /// `down`. A process that reported nothing and never crashed gets no lane, so a server
    /// without roles does not show as a bar of `?`, while a client that reports a state (its
    /// circuit breaker, say) shows up.
    static func roles(_ run: SimulationRun) -> (lanes: [String], segments: [[RoleSegment]]) {
        var segments = Array(repeating: [RoleSegment](), count: run.names.count)
        var before = Array(repeating: "", count: run.names.count)
        for event in run.trace {
            switch event.kind {
            case .state(let node, let text):
                let role = String(text.split(separator: " ").first ?? Substring(text))
                segments[node].append(RoleSegment(start: event.time, role: role))
                before[node] = role
            case .crash(let node):
                segments[node].append(RoleSegment(start: event.time, role: "down"))
            case .restart(let node):
                segments[node].append(RoleSegment(start: event.time, role: before[node].isEmpty ? "up" : before[node]))
            default:
                break
            }
        }
        let shown = run.names.indices.filter { !segments[$0].isEmpty }
        return (shown.map { run.names[$0] }, shown.map { segments[$0] })
    }
}
