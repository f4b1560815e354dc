import QuorumCheck
import QuorumSim

extension LabRunner {
    /// Puts a message on the network. Between two nodes it can be cut by a partition or lost;
    /// every message takes a latency drawn from the network's distribution.
    func transmit(_ envelope: Envelope, from: Int, to: Int, at time: Int64) {
        messageCount += 1
        let id = messageCount
        if isNode(from) && isNode(to) {
            stats.betweenNodes += 1
        } else if services[from] != nil || services[to] != nil {
            stats.withServices += 1
        } else {
            stats.withClients += 1
        }
        if trace.count < Self.traceLimit {
            var detail = envelope.body.jsonText
            if detail.count > 300 { detail = String(detail.prefix(299)) + "…" }
            record(.send(id: id, from: from, to: to, label: envelope.label, detail: detail, copy: false), at: time)
        } else {
            traceTruncated = true
        }
        if isCut(from, to) {
            stats.lostBetweenNodes += 1
            record(.drop(id: id, from: from, to: to, label: envelope.label, reason: .partition), at: time)
            return
        }
        if isNode(from), isNode(to), options.loss > 0, networkRandom.nextUnit() < options.loss {
            stats.lostBetweenNodes += 1
            record(.drop(id: id, from: from, to: to, label: envelope.label, reason: .loss), at: time)
            return
        }
        let delay = latency.sample(&networkRandom)
        deliverySequence += 1
        pending.insert(
            PendingDelivery(
                at: time + delay, sequence: deliverySequence, id: id, from: from, to: to, envelope: envelope))
    }

    /// Delivers every message whose time has come.
    func deliverDue(_ time: Int64) {
        while let first = pending.min, first.at <= time {
            let delivery = pending.removeMin()
            if isCut(delivery.from, delivery.to) {
                // The link was cut while the message was on its way.
                stats.lostBetweenNodes += 1
                record(
                    .drop(
                        id: delivery.id, from: delivery.from, to: delivery.to, label: delivery.envelope.label,
                        reason: .partition), at: delivery.at)
                continue
            }
            record(
                .deliver(id: delivery.id, from: delivery.from, to: delivery.to, label: delivery.envelope.label),
                at: delivery.at)
            deliver(delivery.envelope, from: delivery.from, to: delivery.to, at: delivery.at)
            if fatal != nil { return }
        }
    }

    private func deliver(_ envelope: Envelope, from: Int, to: Int, at time: Int64) {
        if isNode(to) {
            nodes[to].send(envelope.line)
        } else if to == harness {
            harnessReceive(envelope, from: from, at: time)
        } else if let service = services[to] {
            let reply = service.handle(envelope.body, from: envelope.src, now: time)
            transmit(Envelope(src: names[to], dest: envelope.src, body: reply), from: to, to: from, at: time)
        } else if to > harness, to - harness - 1 < clients.count {
            clientReceive(envelope, client: to - harness - 1, from: from, at: time)
        }
    }

    /// The process a node may send to, creating a service's lane the first time it is called;
    /// nil for a name that is not part of the run.
    func destination(_ name: String) -> Int? {
        if let index = processIndex[name] { return index }
        guard let kind = KVService.Kind(rawValue: name) else { return nil }
        let index = addName(name)
        services[index] = KVService(kind: kind, random: serviceRandom.split())
        return index
    }

    /// What a node may send to, for a diagnostic: `nodes n0–n4, clients c1–c5, services ...`.
    var addressBook: String {
        let nodesText = nodeCount == 1 ? "node n0" : "nodes n0–n\(nodeCount - 1)"
        let clientsText = clients.count == 1 ? "client c1" : "clients c1–c\(clients.count)"
        let servicesText = KVService.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        return "\(nodesText), \(clientsText) (and c0, which sent init), services \(servicesText)"
    }
}
