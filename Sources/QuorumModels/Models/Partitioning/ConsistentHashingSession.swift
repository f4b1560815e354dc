import QuorumCheck
import QuorumSim

final class ConsistentHashingSession: EngineSession {
    /// The placements before and after the change, and every key's owner under each.
    struct Layout {
        let before: KeyPlacement
        let after: KeyPlacement
        let vnodes: Int
        let ownerBefore: [Int]
        let ownerAfter: [Int]
        /// The keys whose owner changes, ascending.
        let movedKeys: [Int]
        /// Keys per node before the change, for every member.
        let keysBefore: [Int]

        init(before: KeyPlacement, after: KeyPlacement, vnodes: Int, keys: Int, seed: UInt64) {
            self.before = before
            self.after = after
            self.vnodes = vnodes
            let hashes = (0..<keys).map { KeyPlacement.keyHash($0, seed: seed) }
            ownerBefore = hashes.map(before.owner(of:))
            ownerAfter = hashes.map(after.owner(of:))
            var moved: [Int] = []
            var counts = Array(repeating: 0, count: before.members.count)
            for key in 0..<keys {
                counts[ownerBefore[key]] += 1
                if ownerBefore[key] != ownerAfter[key] { moved.append(key) }
            }
            movedKeys = moved
            keysBefore = counts
        }

        var keyCount: Int { ownerBefore.count }
        /// The node that joins, if one does.
        var joining: Int? { after.members.count > before.members.count ? after.members.last : nil }
        /// The node that leaves, if one does.
        var leaving: Int? { after.members.count < before.members.count ? before.members.last : nil }
        /// The node that joins or leaves.
        var changing: Int { joining ?? leaving ?? 0 }
    }

    enum Message: TraceDescribable {
        /// Keys that now belong to the receiver, sent by the node that held them.
        case handoff(batch: Int, keys: [Int])
        /// The receiver has the batch's keys on disk, so the sender may delete its copies.
        case stored(batch: Int, count: Int)

        var traceLabel: String {
            switch self {
            case .handoff(_, let keys): "\(keys.count) keys"
            case .stored(_, let count): "stored \(count)"
            }
        }

        var traceDetail: String {
            switch self {
            case .handoff(let batch, let keys):
                let shown = keys.prefix(3).map { "key-\($0)" }.joined(separator: ", ")
                return "handoff \(batch): \(shown)\(keys.count > 3 ? ", …" : "") (\(keys.count) keys)"
            case .stored(let batch, let count):
                return "handoff \(batch) stored (\(count) keys): the sender may delete its copies"
            }
        }
    }

    enum Timer: TraceDescribable {
        /// The node learns the new membership (from a configuration service, say).
        case change(String)
        /// No confirmation came for a handoff: send it again.
        case resend(batch: Int)

        var traceLabel: String {
            switch self {
            case .change(let what): "learns \(what)"
            case .resend(let batch): "resend handoff \(batch)"
            }
        }
    }

    /// A node's disk: the keys it stores, and whether it has learned of the change.
    struct Disk {
        var holds: [Bool]
        var count: Int
        var knowsChange = false
    }

    /// A handoff sent and not yet confirmed.
    struct Handoff {
        var batch: Int
        var to: Int
        var keys: [Int]
        var resendTimer: TimerID?
    }

    /// A node's memory: its handoffs awaiting confirmation. A crash forgets them; the node
    /// works them out again from its disk when it restarts.
    struct Memory {
        var unconfirmed: [Handoff] = []
    }

    let sim: Simulation<Message, Timer>
    let header: RunHeader
    let limit: SimTime
    let layout: Layout
    private let changeAt: SimTime
    /// How long a node waits for a confirmation before sending a handoff again.
    let resendAfter = 200 * SimDuration.millisecond
    private var nodes: NodeStates<Disk, Memory>
    /// How many nodes store each key; it never drops to 0.
    private var holders: [Int]
    /// Copies on nodes that no longer own them, and keys their new owner lacks; the move is
    /// over when both are 0.
    private var strays: Int
    private var missing: [Int]
    private var changed = false
    private(set) var settledAt: SimTime?
    private var nextBatch = 1

    init(sim: Simulation<Message, Timer>, header: RunHeader, layout: Layout, changeAt: SimTime, limit: SimTime) {
        self.sim = sim
        self.header = header
        self.layout = layout
        self.changeAt = changeAt
        self.limit = limit
        let keys = layout.keyCount
        let owners = layout.ownerBefore
        nodes = NodeStates(
            count: sim.nodeCount,
            durable: { node in
                Disk(
                    holds: owners.map { $0 == node },
                    count: node < layout.keysBefore.count ? layout.keysBefore[node] : 0)
            }, boot: { _, _ in Memory() })
        holders = Array(repeating: 1, count: keys)
        let moved = layout.movedKeys
        strays = moved.count
        missing = Array(repeating: 0, count: sim.nodeCount)
        for key in moved { missing[layout.ownerAfter[key]] += 1 }
        for node in sim.nodes {
            sim.noteState(node, node.index == layout.joining ? "standby" : "member")
            sim.setTimer(.change(changeWords), on: node, after: changeAt)
        }
        sim.narrative.add(0, openingLine())
    }

    var stopped: Bool { settledAt != nil }

    private var changeWords: String {
        let name = sim.name(NodeID(layout.changing))
        return layout.joining != nil ? "\(name) joins" : "\(name) leaves"
    }

    private func openingLine() -> String {
        let counts = layout.keysBefore
        let mean = Double(layout.keyCount) / Double(counts.count)
        let fullest = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        let how =
            layout.before.scheme == .ring
            ? "\(counts.count) nodes on a ring, \(layout.vnodes) \(layout.vnodes == 1 ? "point" : "points") each"
            : "\(counts.count) nodes, each key on node number hash mod \(counts.count)"
        return "\(how): the fullest, \(sim.name(NodeID(fullest))), holds \(counts[fullest]) keys, "
            + "\(decimal(Double(counts[fullest]) / mean)) times the mean of \(decimal(mean))"
    }

    // MARK: Events

    func handle(_ event: SimEvent<Message, Timer>) {
        switch event {
        case .timer(.change, let node):
            learnChange(node.index)
        case .timer(.resend(let batch), let node):
            resend(batch, from: node.index)
        case .message(.handoff(let batch, let keys), let from, let to, _):
            store(keys, at: to.index)
            sim.send(.stored(batch: batch, count: keys.count), from: to, to: from)
        case .message(.stored(let batch, _), _, let to, _):
            confirm(batch, at: to.index)
        case .crashed(let node):
            nodes.crash(node.index)
        case .restarted(let node):
            nodes.restart(node.index)
            if nodes.durable[node.index].knowsChange {
                handOff(from: node.index)
            } else {
                sim.setTimer(.change(changeWords), on: node, after: max(0, changeAt - sim.now))
            }
        case .network:
            break
        }
    }

    private func learnChange(_ node: Int) {
        if !changed {
            changed = true
            sim.narrative.add(sim.now, changeLine())
        }
        nodes.withDurable(node) { $0.knowsChange = true }
        if node == layout.joining { sim.noteState(NodeID(node), missing[node] > 0 ? "joining" : "member") }
        if node == layout.leaving { sim.noteState(NodeID(node), "leaving") }
        handOff(from: node)
        checkSettled()
    }

    private func changeLine() -> String {
        let moved = layout.movedKeys
        let share = Double(moved.count) / Double(max(1, layout.keyCount))
        var senders = Array(repeating: false, count: sim.nodeCount)
        var receivers = Array(repeating: false, count: sim.nodeCount)
        for key in moved {
            senders[layout.ownerBefore[key]] = true
            receivers[layout.ownerAfter[key]] = true
        }
        let head = "\(changeWords): \(moved.count) of \(layout.keyCount) keys (\(percent(share))) change owner"
        guard !moved.isEmpty else { return head }
        return head + ", sent by \(names(senders)) to \(names(receivers))"
    }

    /// "n4", "n4 and n7", or "10 nodes".
    private func names(_ chosen: [Bool]) -> String {
        let picked = chosen.indices.filter { chosen[$0] }.map { sim.name(NodeID($0)) }
        switch picked.count {
        case 1: return picked[0]
        case 2: return "\(picked[0]) and \(picked[1])"
        default: return "\(picked.count) nodes"
        }
    }

    /// Sends every key the node stores but no longer owns to its new owner, one handoff per
    /// destination.
    private func handOff(from node: Int) {
        guard nodes.isUp(node) else { return }
        let holds = nodes.durable[node].holds
        var byOwner = Array(repeating: [Int](), count: sim.nodeCount)
        for key in holds.indices where holds[key] && layout.ownerAfter[key] != node {
            byOwner[layout.ownerAfter[key]].append(key)
        }
        for owner in byOwner.indices where !byOwner[owner].isEmpty {
            let handoff = Handoff(batch: nextBatch, to: owner, keys: byOwner[owner])
            nextBatch += 1
            nodes.withVolatile(node) { $0.unconfirmed.append(handoff) }
            transmit(handoff, from: node)
        }
    }

    private func transmit(_ handoff: Handoff, from node: Int) {
        sim.send(.handoff(batch: handoff.batch, keys: handoff.keys), from: NodeID(node), to: NodeID(handoff.to))
        let timer = sim.setTimer(.resend(batch: handoff.batch), on: NodeID(node), after: resendAfter)
        nodes.withVolatile(node) { memory in
            if let index = memory.unconfirmed.firstIndex(where: { $0.batch == handoff.batch }) {
                memory.unconfirmed[index].resendTimer = timer
            }
        }
    }

    private func resend(_ batch: Int, from node: Int) {
        guard let handoff = nodes.volatile(node)?.unconfirmed.first(where: { $0.batch == batch }) else { return }
        sim.narrative.add(
            sim.now,
            "\(sim.name(NodeID(node))) has no confirmation that \(sim.name(NodeID(handoff.to))) stored its "
                + "\(handoff.keys.count) keys, so it keeps them and sends them again")
        transmit(handoff, from: node)
    }

    private func store(_ keys: [Int], at node: Int) {
        var added: [Int] = []
        nodes.withDurable(node) { disk in
            for key in keys where !disk.holds[key] {
                disk.holds[key] = true
                disk.count += 1
                added.append(key)
            }
        }
        for key in added {
            holders[key] += 1
            if layout.ownerAfter[key] == node { missing[node] -= 1 } else { strays += 1 }
        }
        if node == layout.joining, missing[node] == 0, nodes.durable[node].knowsChange {
            sim.noteState(NodeID(node), "member")
        }
        checkSettled()
    }

    private func confirm(_ batch: Int, at node: Int) {
        let found = nodes.withVolatile(node) { memory -> Handoff? in
            guard let index = memory.unconfirmed.firstIndex(where: { $0.batch == batch }) else { return nil }
            return memory.unconfirmed.remove(at: index)
        }
        // Nothing to do for a duplicated confirmation, or one that reaches a node which has
        // restarted since (it sends the keys again and deletes them on that confirmation).
        guard let handoff = found ?? nil else { return }
        if let timer = handoff.resendTimer { sim.cancelTimer(timer) }
        var released: [Int] = []
        nodes.withDurable(node) { disk in
            for key in handoff.keys where disk.holds[key] && layout.ownerAfter[key] != node {
                disk.holds[key] = false
                disk.count -= 1
                released.append(key)
            }
        }
        for key in released {
            holders[key] -= 1
            strays -= 1
            if holders[key] == 0 {
                preconditionFailure(
                    "consistent-hashing: key-\(key) is stored nowhere after \(sim.name(NodeID(node))) deleted it "
                        + "at \(SimDuration.format(sim.now)) (seed \(header.seed))")
            }
        }
        if node == layout.leaving, nodes.durable[node].count == 0 {
            sim.noteState(NodeID(node), "left")
            sim.narrative.add(
                sim.now, "\(sim.name(NodeID(node))) has handed over every key it stored; it can be switched off")
        }
        checkSettled()
    }

    private func checkSettled() {
        guard changed, settledAt == nil, strays == 0, missing.allSatisfy({ $0 == 0 }) else { return }
        settledAt = sim.now
        let moved = layout.movedKeys.count
        sim.narrative.add(
            sim.now,
            "every key is on its new owner: \(moved) \(moved == 1 ? "key" : "keys") moved, "
                + "\(SimDuration.format(sim.now - changeAt)) after the change")
    }

    // MARK: State and metrics

    func describe(_ process: NodeID) -> [String] {
        let node = process.index
        let disk = nodes.durable[node]
        guard nodes.isUp(node) else { return ["crashed; on disk: \(disk.count) keys"] }
        let placement = disk.knowsChange ? layout.after : layout.before
        var lines = ["stores \(disk.count) keys"]
        if placement.members.contains(node) {
            let share = percent(placement.share(of: node))
            switch placement.scheme {
            case .ring:
                lines.append(
                    "owns \(share) of the hash space with its \(layout.vnodes) "
                        + "\(layout.vnodes == 1 ? "point" : "points") on the ring")
            case .modulo:
                lines.append("owns the keys whose hash mod \(placement.members.count) is \(node) (\(share))")
            }
        } else {
            lines.append(disk.knowsChange ? "not a member any more: owns no keys" : "not a member yet: owns no keys")
        }
        if disk.knowsChange {
            let owned = layout.ownerAfter.count { $0 == node }
            lines.append("owns \(owned) keys after the change; still to receive: \(missing[node])")
        }
        for handoff in nodes.volatile(node)?.unconfirmed ?? [] {
            lines.append(
                "sent \(handoff.keys.count) keys to \(sim.name(NodeID(handoff.to))) (handoff \(handoff.batch)), "
                    + "keeps them until they are confirmed")
        }
        return lines
    }

    /// The keys a node stores now, ascending.
    func stored(by node: Int) -> [Int] {
        let holds = nodes.durable[node].holds
        return holds.indices.filter { holds[$0] }
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        let keys = layout.keyCount
        let counts = layout.keysBefore
        let mean = Double(keys) / Double(max(1, counts.count))
        return (
            [
                ("keys-moved-fraction", Double(layout.movedKeys.count) / Double(max(1, keys))),
                ("load-imbalance", mean > 0 ? Double(counts.max() ?? 0) / mean : 0),
            ], nil
        )
    }
}

/// `0.9`, `2.93`, `1000`: at most two decimals, no trailing zeros.
private func decimal(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}

/// `9.1%`.
private func percent(_ fraction: Double) -> String {
    let tenths = (fraction * 1_000).rounded() / 10
    return tenths == tenths.rounded() ? "\(Int(tenths))%" : "\(tenths)%"
}
