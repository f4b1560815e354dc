import Collections
import Foundation
import QuorumCheck
import QuorumSim

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a lab: the learner's program as a cluster of nodes on quorum's network, a workload of
/// clients against it, the nemesis, and then the checks.
///
/// Everything happens on one thread around `poll`: node output is read as it comes, messages
/// wait in a queue ordered by delivery time (the network's latency), and the workload, the
/// nemesis and the client timeouts are deadlines on the same clock. Time is real, because the
/// nodes are real processes, so two runs with one seed differ in timing; the seed fixes the
/// operations the clients generate, the latencies drawn and the faults the nemesis injects.
public final class LabRunner {
    public let options: LabOptions
    let runDirectory: String?
    let shouldStop: () -> Bool
    let logSink: ((String) -> Void)?
    /// Called a few times a second with a line saying where the run is, for a progress display.
    public var onProgress: ((String) -> Void)?
    private var lastProgress: Int64 = -1_000_000

    // The run's processes, in trace order: nodes, the harness c0, clients, then services as
    // they are first called.
    var names: [String] = []
    var processIndex: [String: Int] = [:]
    var nodes: [NodeProcess] = []
    var nodeCount: Int { options.nodeCount }
    var clients: [ClientState] = []
    var services: [Int: KVService] = [:]
    let harness: Int

    var workload: any LabWorkload
    var workloadRandom: SplitMix64
    var clientRandom: SplitMix64
    var networkRandom: SplitMix64
    var nemesisRandom: SplitMix64
    var serviceRandom: SplitMix64
    /// Gaps between operations, drawn on their own so the schedule does not depend on timing.
    var arrivalRandom: SplitMix64
    let latency: LatencyDistribution

    let origin: Int64
    var phase = Phase.initializing(deadline: 0)
    var pending = Heap<PendingDelivery>()
    var deliverySequence = 0
    var messageCount = 0

    var trace: [TraceEvent] = []
    var traceTruncated = false
    static let traceLimit = 500_000

    var operations: [LabOperation] = []
    var nextProcess = 0
    var harnessWaits: [Int: HarnessWait] = [:]
    var harnessMsgID = 0
    var initialized: [Bool]
    var setupAcknowledged: [Bool]
    /// Whether each node has printed its init_ok (checked before anything else it prints).
    var answeredInit: [Bool]
    var initMsgIDs: [Int]
    var nextArrival: Int64?
    var nextNemesis: Int64?
    var groupOf: [Int]?
    var workloadEnd: Int64 = 0
    /// Rounds of final reads so far, and until when another may start.
    var finalRounds = 0
    var convergenceDeadline: Int64 = 0

    var fatal: String?
    var interrupted = false
    var replyProblems: [String] = []
    var replyProblemCount = 0
    var stats = MessageCounts()
    var requestsTo: [Int]
    var timeoutsAt: [Int]
    var stderrTails: [[UInt8]]
    var stderrFiles: [FileHandle?] = []
    var stderrPartial: [[UInt8]]
    var logProblem: String?

    enum Phase {
        case initializing(deadline: Int64)
        case setup(deadline: Int64)
        case running
        case draining(deadline: Int64)
        case settling(until: Int64)
        case finalReads(deadline: Int64)
        case done
    }

    enum HarnessWait {
        case initialize(node: Int)
        case setup(node: Int)
        case finalRead(node: Int, operation: Int, request: LabRequest)
    }

    struct ClientState {
        var name: String
        var process: Int
        var node: Int
        var nextMsgID = 1
        var outstanding: (msgID: Int, request: LabRequest, operation: Int, deadline: Int64)?
    }

    struct MessageCounts {
        var betweenNodes = 0
        var lostBetweenNodes = 0
        var withServices = 0
        var withClients = 0
    }

    struct PendingDelivery: Comparable {
        var at: Int64
        var sequence: Int
        var id: Int
        var from: Int
        var to: Int
        var envelope: Envelope

        static func < (lhs: PendingDelivery, rhs: PendingDelivery) -> Bool {
            (lhs.at, lhs.sequence) < (rhs.at, rhs.sequence)
        }

        static func == (lhs: PendingDelivery, rhs: PendingDelivery) -> Bool {
            lhs.at == rhs.at && lhs.sequence == rhs.sequence
        }
    }

    /// `runDirectory`, when given, must exist; each node's stderr is written there as it comes.
    public init(
        options: LabOptions, runDirectory: String? = nil, shouldStop: @escaping () -> Bool = { false },
        logSink: ((String) -> Void)? = nil
    ) {
        self.options = options
        self.runDirectory = runDirectory
        self.shouldStop = shouldStop
        self.logSink = options.logStderr ? logSink : nil
        var root = SplitMix64(seed: options.seed)
        workloadRandom = root.split()
        clientRandom = root.split()
        networkRandom = root.split()
        nemesisRandom = root.split()
        serviceRandom = root.split()
        arrivalRandom = root.split()
        latency = options.latencyModel
        workload = options.workload.make(options: options)
        let count = options.nodeCount
        initialized = Array(repeating: false, count: count)
        answeredInit = Array(repeating: false, count: count)
        initMsgIDs = Array(repeating: 0, count: count)
        setupAcknowledged = Array(repeating: false, count: count)
        requestsTo = Array(repeating: 0, count: count)
        timeoutsAt = Array(repeating: 0, count: count)
        stderrTails = Array(repeating: [], count: count)
        stderrPartial = Array(repeating: [], count: count)
        harness = count
        origin = monotonicMicroseconds()

        for node in 0..<count { addName("n\(node)") }
        addName("c0")
        for client in 0..<options.clientCount {
            let index = addName("c\(client + 1)")
            clients.append(ClientState(name: names[index], process: client, node: client % count))
        }
        nextProcess = options.clientCount
    }

    @discardableResult
    func addName(_ name: String) -> Int {
        processIndex[name] = names.count
        names.append(name)
        return names.count - 1
    }

    func now() -> Int64 { monotonicMicroseconds() - origin }

    func isNode(_ process: Int) -> Bool { process < nodeCount }

    func record(_ kind: TraceEvent.Kind, at time: Int64) {
        guard trace.count < Self.traceLimit else {
            traceTruncated = true
            return
        }
        trace.append(TraceEvent(time: time, kind: kind))
    }

    /// Stops the run with a diagnostic (the first one wins).
    func fail(_ message: String) {
        if fatal == nil { fatal = message }
    }

    // MARK: - The run

    /// Runs the lab to its end and checks it. Every node process is reaped before this returns.
    public func run() -> LabResult {
        let previousPipe = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previousPipe) }
        openLogs()
        startNodes()
        if fatal == nil {
            phase = .initializing(deadline: now() + seconds(options.initTimeout))
            for node in 0..<nodeCount { sendInit(node) }
            loop()
        }
        let end = now()
        shutDown()
        closeLogs()
        return result(endTime: end)
    }

    func seconds(_ value: Double) -> Int64 { Int64((value * 1_000_000).rounded()) }

    private func startNodes() {
        for node in 0..<nodeCount {
            do {
                nodes.append(try NodeProcess.spawn(id: names[node], path: options.binary))
            } catch {
                fail("could not start \(names[node]): \(error.message)")
                return
            }
        }
    }

    private func loop() {
        var descriptors: [pollfd] = []
        var owners: [(node: Int, stream: Int)] = []
        while true {
            let time = now()
            if shouldStop() {
                interrupted = true
                return
            }
            deliverDue(time)
            advance(time)
            if fatal != nil { return }
            if case .done = phase { return }
            if let onProgress, time - lastProgress >= 200_000 {
                lastProgress = time
                onProgress(progressText(time))
            }

            descriptors.removeAll(keepingCapacity: true)
            owners.removeAll(keepingCapacity: true)
            for (index, node) in nodes.enumerated() {
                if node.stdoutIsOpen {
                    descriptors.append(pollfd(fd: node.stdoutFD, events: Int16(POLLIN), revents: 0))
                    owners.append((index, 1))
                }
                if node.stderrIsOpen {
                    descriptors.append(pollfd(fd: node.stderrFD, events: Int16(POLLIN), revents: 0))
                    owners.append((index, 2))
                }
                if node.hasPendingInput, node.stdinFD >= 0 {
                    descriptors.append(pollfd(fd: node.stdinFD, events: Int16(POLLOUT), revents: 0))
                    owners.append((index, 0))
                }
            }
            let wake = nextWake(after: time)
            // Wake at least every 50 ms to notice Ctrl-C and exits.
            let waitMicros = max(0, min(wake - now(), 50_000))
            let waitMillis = Int32((waitMicros + 999) / 1000)
            let ready = poll(&descriptors, nfds_t(descriptors.count), waitMillis)
            if ready > 0 {
                for (position, descriptor) in descriptors.enumerated() where descriptor.revents != 0 {
                    let (node, stream) = owners[position]
                    switch stream {
                    case 0: nodes[node].flushInput()
                    case 1: readOutput(of: node)
                    default: readErrors(of: node)
                    }
                    if fatal != nil { return }
                }
            }
            checkExits()
            if fatal != nil { return }
        }
    }

    /// The next moment something is due: a delivery, an operation, the nemesis, a deadline.
    private func nextWake(after time: Int64) -> Int64 {
        var wake = time + 50_000
        if let first = pending.min { wake = min(wake, first.at) }
        if let nextArrival { wake = min(wake, nextArrival) }
        if let nextNemesis { wake = min(wake, nextNemesis) }
        for client in clients {
            if let outstanding = client.outstanding { wake = min(wake, outstanding.deadline) }
        }
        switch phase {
        case .initializing(let deadline), .setup(let deadline), .draining(let deadline), .finalReads(let deadline):
            wake = min(wake, deadline)
        case .settling(let until): wake = min(wake, until)
        case .running: wake = min(wake, workloadEnd)
        case .done: break
        }
        return wake
    }

    // MARK: - Phases

    private func advance(_ time: Int64) {
        expireClients(time)
        switch phase {
        case .initializing(let deadline):
            if initialized.allSatisfy({ $0 }) {
                startSetup(time)
            } else if time >= deadline {
                let silent = (0..<nodeCount).filter { !initialized[$0] }
                var message =
                    "\(listed(silent.map { names[$0] })) did not answer init within \(formatSeconds(options.initTimeout)). "
                    + "A node must reply {\"type\": \"init_ok\", \"in_reply_to\": <init's msg_id>} "
                    + "on stdout, and flush it, before anything else."
                if let first = silent.first {
                    for node in silent { readErrors(of: node) }
                    message += "\n" + lastWords(first, subject: "\(names[first])'s")
                }
                fail(message)
            }
        case .setup(let deadline):
            if setupAcknowledged.allSatisfy({ $0 }) {
                startWorkload(time)
            } else if time >= deadline {
                let silent = (0..<nodeCount).filter { !setupAcknowledged[$0] }.map { names[$0] }
                let type = workload.setupBody(for: 0, nodes: nodeNames)?.field("type")?.stringValue ?? "setup"
                fail(
                    "\(listed(silent)) did not answer \(type) with \(type)_ok within \(formatSeconds(options.initTimeout))."
                )
            }
        case .running:
            while let arrival = nextArrival, arrival <= time, time < workloadEnd {
                issueOperation(time)
                // Jepsen's stagger: the gap to the next operation is uniform in [0, 2/rate].
                let gap = Int64(arrivalRandom.nextUnit() * 2_000_000 / options.rate)
                // A loop that fell far behind (a slow machine) does not make up with a burst.
                nextArrival = max(arrival + gap, time - 100_000)
            }
            if let due = nextNemesis, due <= time, time < workloadEnd {
                toggleNemesis(time)
                nextNemesis = due + seconds(options.nemesisInterval)
            }
            if time >= workloadEnd {
                nextArrival = nil
                nextNemesis = nil
                if groupOf != nil { heal(time) }
                phase = .draining(deadline: time + seconds(options.clientTimeout) + 100_000)
            }
        case .draining(let deadline):
            let busy = clients.contains { $0.outstanding != nil }
            if !busy || time >= deadline {
                if workload.finalRequest != nil {
                    phase = .settling(until: time + seconds(options.settleTime))
                } else {
                    phase = .done
                }
            }
        case .settling(let until):
            if time >= until {
                if finalRounds == 0 { convergenceDeadline = time + seconds(options.convergenceLimit) }
                finalRounds += 1
                for node in 0..<nodeCount { sendFinalRead(node, time) }
                phase = .finalReads(deadline: time + seconds(options.clientTimeout))
            }
        case .finalReads(let deadline):
            let waiting = harnessWaits.values.contains {
                if case .finalRead = $0 { return true }
                return false
            }
            guard !waiting || time >= deadline else { break }
            if waiting { expireFinalReads() }
            // Read again in half a second if the cluster has not converged and there is time.
            if time + 500_000 < convergenceDeadline, !finalReadsConverged() {
                phase = .settling(until: time + 500_000)
            } else {
                phase = .done
            }
        case .done:
            break
        }
    }

    var nodeNames: [String] { Array(names[0..<nodeCount]) }

    /// Whether the latest round of final reads already passes the workload's check.
    private func finalReadsConverged() -> Bool {
        let input = LabCheckInput(operations: operations, nodes: nodeNames, options: options, shouldStop: shouldStop)
        return workload.check(input).allSatisfy { $0.verdict == .valid }
    }

    /// `running: 3.2 s of 10 s · 31 operations · 58 messages between nodes`.
    private func progressText(_ time: Int64) -> String {
        let counts = "\(plural(operations.count, "operation")) · \(plural(stats.betweenNodes, "message")) between nodes"
        switch phase {
        case .initializing: return "starting \(plural(nodeCount, "node")): waiting for init_ok"
        case .setup: return "waiting for the nodes to acknowledge the topology"
        case .running:
            let elapsed = Double(time - (workloadEnd - seconds(options.timeLimit))) / 1_000_000
            let partition = groupOf != nil ? " · partitioned" : ""
            return String(format: "running: %.1f s of %@ · ", elapsed, formatSeconds(options.timeLimit)) + counts
                + partition
        case .draining: return "waiting for the last replies · " + counts
        case .settling:
            return finalRounds == 0
                ? "network healed; letting the nodes settle before the final reads"
                : "the final reads do not agree yet; reading again (round \(finalRounds + 1))"
        case .finalReads: return "final reads"
        case .done: return "done"
        }
    }

    private func startSetup(_ time: Int64) {
        let bodies = (0..<nodeCount).map { workload.setupBody(for: $0, nodes: nodeNames) }
        guard bodies.allSatisfy({ $0 != nil }) else {
            startWorkload(time)
            return
        }
        for (node, body) in bodies.enumerated() {
            guard let body else { continue }
            harnessMsgID += 1
            harnessWaits[harnessMsgID] = .setup(node: node)
            transmit(
                Envelope(src: "c0", dest: names[node], body: body.setting("msg_id", .integer(harnessMsgID))),
                from: harness, to: node, at: time)
        }
        phase = .setup(deadline: time + seconds(options.initTimeout))
    }

    private func startWorkload(_ time: Int64) {
        phase = .running
        workloadEnd = time + seconds(options.timeLimit)
        nextArrival = time
        if options.nemesis.contains(.partition), nodeCount >= 2 {
            nextNemesis = time + seconds(options.nemesisInterval)
        }
    }

    private func sendInit(_ node: Int) {
        harnessMsgID += 1
        harnessWaits[harnessMsgID] = .initialize(node: node)
        let body = DataValue.object([
            ("type", .string("init")), ("msg_id", .integer(harnessMsgID)), ("node_id", .string(names[node])),
            ("node_ids", .vector(nodeNames.map { .string($0) })),
        ])
        answeredInit[node] = false
        initMsgIDs[node] = harnessMsgID
        transmit(Envelope(src: "c0", dest: names[node], body: body), from: harness, to: node, at: now())
    }

    // MARK: - Nemesis

    private func toggleNemesis(_ time: Int64) {
        if groupOf != nil {
            heal(time)
            return
        }
        // Random halves: shuffle the nodes and split them into a majority and a minority.
        var order = Array(0..<nodeCount)
        for position in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(position, Int(nemesisRandom.next(upperBound: UInt64(position + 1))))
        }
        let majority = Set(order.prefix(nodeCount / 2 + 1))
        groupOf = (0..<nodeCount).map { majority.contains($0) ? 0 : 1 }
        let groups = [
            (0..<nodeCount).filter { majority.contains($0) }.map { names[$0] },
            (0..<nodeCount).filter { !majority.contains($0) }.map { names[$0] },
        ]
        record(.partition(PartitionSpec(groups: groups, shape: .symmetric)), at: time)
    }

    private func heal(_ time: Int64) {
        groupOf = nil
        record(.heal, at: time)
    }

    func isCut(_ from: Int, _ to: Int) -> Bool {
        guard let groupOf, isNode(from), isNode(to) else { return false }
        return groupOf[from] != groupOf[to]
    }
}

func monotonicMicroseconds() -> Int64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000
}

func formatSeconds(_ seconds: Double) -> String { plainNumber(seconds) + " s" }

/// A setting as it was typed: `10`, not `10.0`; `0.5` as it is.
public func plainNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
