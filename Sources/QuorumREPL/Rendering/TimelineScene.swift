import QuorumCheck

/// What a history timeline shows: operations as bars on one row (or more) per process.
///
/// Built from a violation (the operation that cannot be placed, the ones overlapping it, and the
/// end of the order found before it) or from a whole small history. The terminal and SVG
/// renderers draw the same scene, so they always agree.
struct TimelineScene {
    enum Role: Equatable {
        /// In the order the search found, at this position (from 1).
        case ordered(Int)
        /// The operation no order could place.
        case stuck
        /// Overlaps the stuck operation and is not in the order.
        case concurrent
        case other
    }

    struct Bar {
        var operation: Operation
        var role: Role
        /// Where it begins and ends, as indices into `instants`; `end` is nil for an operation
        /// that never completed or is indeterminate (drawn open to the right).
        var start: Int
        var end: Int?

        var label: String {
            var text = OperationText.describe(operation)
            if case .ordered(let position) = role { text = "#\(position) " + text }
            return text
        }
    }

    struct Row {
        var process: Int
        var bars: [Bar]
    }

    var title: String
    var rows: [Row]
    /// Distinct times of the bars' ends, in order: bars are laid out by rank, not by time, so a
    /// short operation stays visible next to a long one.
    var instants: [Int64]

    /// The scene of a violation: the stuck operation, those overlapping it, and the last
    /// `orderedTail` operations of the order found before it.
    static func violation(_ violation: LinearizabilityViolation, in history: History, orderedTail: Int = 6)
        -> TimelineScene
    {
        var roles: [Int: Role] = [:]
        for (position, index) in violation.prefix.enumerated().suffix(orderedTail) {
            roles[index] = .ordered(position + 1)
        }
        for index in violation.concurrent where roles[index] == nil { roles[index] = .concurrent }
        roles[violation.operation] = .stuck
        let stuck = history[violation.operation]
        let key = violation.key.map { "key \($0) · " } ?? ""
        return scene(
            title: "\(key)p\(stuck.process)'s \(OperationText.describe(stuck)) cannot be placed",
            operations: roles.keys.sorted().map { (history[$0], roles[$0] ?? .other) })
    }

    /// Every operation of `history` (at most `limit`, the first ones), numbered by `order`
    /// when one is given.
    static func whole(_ history: History, order: [Int]? = nil, title: String, limit: Int = 200) -> TimelineScene {
        var position: [Int: Int] = [:]
        for (rank, index) in (order ?? []).enumerated() { position[index] = rank + 1 }
        let shown = history.operations.prefix(limit)
        return scene(title: title, operations: shown.map { ($0, position[$0.index].map(Role.ordered) ?? .other) })
    }

    private static func scene(title: String, operations: [(Operation, Role)]) -> TimelineScene {
        var times = Set<Int64>()
        for (operation, _) in operations {
            times.insert(operation.invoke)
            if let end = drawnEnd(operation) { times.insert(end) }
        }
        let instants = times.sorted()
        var rank: [Int64: Int] = [:]
        for (position, time) in instants.enumerated() { rank[time] = position }
        var rows: [Row] = []
        let byProcess = Dictionary(grouping: operations, by: { $0.0.process })
        for process in byProcess.keys.sorted() {
            let ordered = (byProcess[process] ?? []).sorted { ($0.0.invoke, $0.0.index) < ($1.0.invoke, $1.0.index) }
            // A process's operations normally follow one another; one that overlaps the bar
            // before it (an indeterminate operation left open) gets a lane of its own.
            var lanes: [[Bar]] = []
            for (operation, role) in ordered {
                let bar = Bar(
                    operation: operation, role: role, start: rank[operation.invoke] ?? 0,
                    end: drawnEnd(operation).flatMap { rank[$0] })
                if let lane = lanes.firstIndex(where: { lane in
                    guard let last = lane.last else { return true }
                    guard let end = last.end else { return false }
                    return end < bar.start
                }) {
                    lanes[lane].append(bar)
                } else {
                    lanes.append([bar])
                }
            }
            rows += lanes.map { Row(process: process, bars: $0) }
        }
        return TimelineScene(title: title, rows: rows, instants: instants)
    }

    /// Indeterminate operations are drawn open-ended: they may take effect after their reply.
    private static func drawnEnd(_ operation: Operation) -> Int64? {
        operation.outcome == .info ? nil : operation.complete
    }
}
