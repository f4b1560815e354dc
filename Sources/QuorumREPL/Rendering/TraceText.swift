import QuorumSim

/// One trace event as a line of text, for stepping: `0.020s  n1 → c1  echo_ok 1  #3`.
enum TraceText {
    static func line(_ event: TraceEvent, names: [String]) -> String {
        func name(_ index: Int) -> String { index < names.count ? names[index] : "#\(index)" }
        let body: String
        switch event.kind {
        case .send(let id, let from, let to, let label, _, let copy):
            body = "\(name(from)) sends \(label) to \(name(to))  #\(id)" + (copy ? " (the network duplicated it)" : "")
        case .deliver(let id, let from, let to, let label):
            body = "\(name(to)) receives \(label) from \(name(from))  #\(id)"
        case .drop(let id, let from, let to, let label, let reason):
            body = "\(label) from \(name(from)) to \(name(to)) is dropped (\(reason.rawValue))  #\(id)"
        case .timer(let node, let label):
            body = "\(name(node)): timer \(label)"
        case .crash(let node):
            body = "\(name(node)) crashes"
        case .restart(let node):
            body = "\(name(node)) restarts"
        case .pause(let node):
            body = "\(name(node)) pauses"
        case .resume(let node):
            body = "\(name(node)) resumes"
        case .partition(let spec):
            body = "partition \(spec.description)"
        case .heal:
            body = "the partition heals"
        case .state(let node, let text):
            body = "\(name(node)) is now \(text)"
        case .invoke(let process, let operation):
            body = "\(name(process)) starts \(operation)"
        case .complete(let process, let operation, let outcome):
            body = "\(name(process)) finishes \(operation): \(outcome)"
        }
        return SimulationClock.seconds(event.time) + "  " + body
    }
}
