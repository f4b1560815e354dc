import QuorumCheck
import QuorumSim

extension LabRunner {
    /// Starts the workload's next operation on an idle client chosen at random; when every
    /// client is busy the operation is skipped, as a closed-loop client would.
    func issueOperation(_ time: Int64) {
        let idle = clients.indices.filter { clients[$0].outstanding == nil }
        guard !idle.isEmpty else { return }
        let client = idle[Int(clientRandom.next(upperBound: UInt64(idle.count)))]
        let request = workload.nextRequest(&workloadRandom)
        let msgID = clients[client].nextMsgID
        clients[client].nextMsgID += 1
        let node = clients[client].node
        let body = DataValue.object([("type", .string(request.f)), ("msg_id", .integer(msgID))] + request.fields)
        operations.append(
            LabOperation(
                process: clients[client].process, client: clients[client].name, node: names[node], f: request.f,
                key: request.key, argument: request.argument, invoke: time, complete: nil, outcome: .info,
                response: .null))
        clients[client].outstanding = (msgID, request, operations.count - 1, time + seconds(options.clientTimeout))
        requestsTo[node] += 1
        let processLane = harness + 1 + client
        record(.invoke(process: processLane, operation: describe(request)), at: time)
        transmit(
            Envelope(src: clients[client].name, dest: names[node], body: body), from: processLane, to: node, at: time)
    }

    func describe(_ request: LabRequest) -> String {
        var text = request.f
        if let key = request.key { text += " " + key.jsonText }
        if request.argument != .null { text += " " + request.argument.jsonText }
        return text.count > 40 ? String(text.prefix(39)) + "…" : text
    }

    func clientReceive(_ envelope: Envelope, client: Int, from: Int, at time: Int64) {
        guard let outstanding = clients[client].outstanding, envelope.inReplyTo == outstanding.msgID else {
            // A reply to a request that already timed out, or to nothing: clients ignore it.
            return
        }
        clients[client].outstanding = nil
        let (outcome, response, code) = interpret(envelope, to: outstanding.request, client: clients[client].name)
        finish(outstanding.operation, outcome: outcome, response: response, errorCode: code, at: time)
        if outcome == .info { renewProcess(client) }
        record(
            .complete(
                process: harness + 1 + client, operation: describe(outstanding.request), outcome: outcome.rawValue),
            at: time)
    }

    /// What a reply says about the operation: its outcome, what it returned, and its error code.
    func interpret(_ envelope: Envelope, to request: LabRequest, client: String)
        -> (Operation.Outcome, DataValue, Int?)
    {
        if envelope.type == "error" {
            guard let code = envelope.body.field("code")?.intValue else {
                noteReplyProblem("\(envelope.src) answered \(client)'s \(request.f) with an error that has no code")
                return (.info, .null, nil)
            }
            let (outcome, value) = workload.errorOutcome(for: request, code: code)
            return (outcome, value, code)
        }
        guard envelope.type == request.f + "_ok" else {
            noteReplyProblem(
                "\(envelope.src) answered \(client)'s \(request.f) with '\(envelope.type)'; "
                    + "expected '\(request.f)_ok' or 'error'")
            return (.info, .null, nil)
        }
        switch workload.response(to: request, reply: envelope.body) {
        case .success(let value): return (.ok, value, nil)
        case .failure(let problem):
            noteReplyProblem("\(envelope.src) answered \(client)'s \(request.f): \(problem.text)")
            return (.info, .null, nil)
        }
    }

    func noteReplyProblem(_ text: String) {
        replyProblemCount += 1
        if replyProblems.count < 3 { replyProblems.append(text) }
    }

    func finish(_ operation: Int, outcome: Operation.Outcome, response: DataValue, errorCode: Int?, at time: Int64) {
        operations[operation].complete = time
        operations[operation].outcome = outcome
        operations[operation].response = response
        operations[operation].errorCode = errorCode
    }

    /// A client that does not know whether its operation happened carries on as a new process.
    func renewProcess(_ client: Int) {
        clients[client].process = nextProcess
        nextProcess += 1
    }

    /// Operations whose reply did not come in time end with an unknown outcome.
    func expireClients(_ time: Int64) {
        for client in clients.indices {
            guard let outstanding = clients[client].outstanding, outstanding.deadline <= time else { continue }
            clients[client].outstanding = nil
            operations[outstanding.operation].outcome = .info
            timeoutsAt[clients[client].node] += 1
            renewProcess(client)
            record(
                .complete(
                    process: harness + 1 + client, operation: describe(outstanding.request) + " (timed out)",
                    outcome: "info"), at: time)
        }
    }

    // MARK: - The harness, c0

    func sendFinalRead(_ node: Int, _ time: Int64) {
        guard let request = workload.finalRequest else { return }
        harnessMsgID += 1
        operations.append(
            LabOperation(
                process: nextProcess, client: "c0", node: names[node], f: request.f, key: request.key,
                argument: request.argument, invoke: time, complete: nil, outcome: .info, response: .null,
                isFinal: true))
        nextProcess += 1
        harnessWaits[harnessMsgID] = .finalRead(node: node, operation: operations.count - 1, request: request)
        let body = DataValue.object(
            [("type", .string(request.f)), ("msg_id", .integer(harnessMsgID))] + request.fields)
        record(.invoke(process: harness, operation: "final " + describe(request)), at: time)
        transmit(Envelope(src: "c0", dest: names[node], body: body), from: harness, to: node, at: time)
    }

    func harnessReceive(_ envelope: Envelope, from: Int, at time: Int64) {
        guard let msgID = envelope.inReplyTo, let wait = harnessWaits[msgID] else { return }
        switch wait {
        case .initialize(let node):
            guard from == node else { return }
            harnessWaits[msgID] = nil
            initialized[node] = true
        case .setup(let node):
            guard from == node else { return }
            let expected = (workload.setupBody(for: node, nodes: nodeNames)?.field("type")?.stringValue ?? "") + "_ok"
            guard envelope.type == expected else {
                fail(
                    "\(names[node]) answered the \(expected.dropLast(3)) message with '\(envelope.type)', not '\(expected)'."
                )
                return
            }
            harnessWaits[msgID] = nil
            setupAcknowledged[node] = true
        case .finalRead(let node, let operation, let request):
            guard from == node else { return }
            harnessWaits[msgID] = nil
            let (outcome, response, code) = interpret(envelope, to: request, client: "c0")
            finish(operation, outcome: outcome, response: response, errorCode: code, at: time)
            record(
                .complete(process: harness, operation: "final " + describe(request), outcome: outcome.rawValue),
                at: time)
        }
    }

    /// Final reads still unanswered at their deadline end with an unknown outcome.
    func expireFinalReads() {
        for (msgID, wait) in harnessWaits.sorted(by: { $0.key < $1.key }) {
            // The workload's check names a node whose final read went unanswered.
            guard case .finalRead(_, let operation, _) = wait else { continue }
            harnessWaits[msgID] = nil
            operations[operation].outcome = .info
        }
    }
}
