import QuorumCheck
import QuorumSim

/// What the checkers say about a run's history, and the first anomaly in words.
struct WorkbenchVerdicts {
    var linearizability: LinearizabilityReport
    var sequential: SequentialConsistencyReport.Verdict
    var sessions: SessionReport
    var staleness: StalenessReport
    /// The anomalies to tell, earliest first: the first read that broke each broken session
    /// guarantee, and the first stale read (or, with none, the operation the linearizability
    /// search could not place). So the narrative names the first anomaly, and a line explains
    /// each 0 in the table.
    var anomalies: [NarrativeLine]

    /// Search budgets that settle the default workload (45 operations, 3 clients) in a few
    /// milliseconds, and bigger ones in well under a second; beyond them the verdict is -1.
    static let linearizabilitySteps = 200_000
    static let sequentialSteps = 100_000

    init(_ history: History, names: (Int) -> String) {
        let model = CASRegisterModel()
        linearizability = LinearizabilityChecker.check(
            history, model: model, budget: SearchBudget(maxSteps: Self.linearizabilitySteps))
        // A linearizable history is sequentially consistent (its linearization is the order),
        // so the costlier search, over every key and client at once, runs only when needed.
        if linearizability.verdict == .linearizable {
            sequential = .sequentiallyConsistent
        } else {
            sequential =
                SequentialConsistency.check(
                    history, model: PerKeyModel(model), budget: SearchBudget(maxSteps: Self.sequentialSteps)
                ).verdict
        }
        sessions = SessionGuarantees.check(history, model: model)
        staleness = Staleness.measure(history, model: model)
        anomalies = Self.anomalies(
            history, sessions: sessions, staleness: staleness, linearizability: linearizability, names: names)
    }

    /// 1 if the guarantee held for every client, else 0.
    func holds(_ guarantee: SessionGuarantee) -> Double {
        sessions.violations.contains { $0.guarantee == guarantee } ? 0 : 1
    }

    var linearizableMetric: Double {
        switch linearizability.verdict {
        case .linearizable: 1
        case .notLinearizable: 0
        case .unknown: -1
        }
    }

    var sequentialMetric: Double {
        switch sequential {
        case .sequentiallyConsistent: 1
        case .notSequentiallyConsistent: 0
        case .unknown: -1
        }
    }

    private static func anomalies(
        _ history: History, sessions: SessionReport, staleness: StalenessReport,
        linearizability: LinearizabilityReport, names: (Int) -> String
    ) -> [NarrativeLine] {
        var firsts: [NarrativeLine] = []
        /// Keeps the earliest of `lines` (the first listed at equal times).
        func keepFirst(_ lines: [NarrativeLine]) {
            if let first = lines.enumerated().min(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }) {
                firsts.append(first.element)
            }
        }
        func client(_ operation: Operation) -> String { names(operation.process) }
        func seen(_ read: Operation) -> String { "\(read.key ?? "the register")=\(read.value)" }
        func written(_ write: Operation) -> String {
            let value = CASRegisterModel().writtenValue(write) ?? write.value
            return "\(write.key ?? "the register")=\(value)"
        }
        func label(_ operation: Operation) -> String {
            let key = operation.key ?? "the register"
            switch operation.function {
            case .read: return "read of \(key) → \(operation.value)"
            case .cas:
                let pair = operation.value.pair.map { "\($0.0)→\($0.1)" } ?? "\(operation.value)"
                return "cas \(key) \(pair)" + (operation.outcome == .fail ? " (failed)" : "")
            default: return "write \(written(operation))"
            }
        }
        var named: Set<Int> = []
        for guarantee in SessionGuarantee.allCases {
            let broken = sessions.violations.filter { $0.guarantee == guarantee }
            guard let first = broken.min(by: { history[$0.read].complete ?? 0 < history[$1.read].complete ?? 0 }) else {
                continue
            }
            named.insert(first.read)
            firsts.append(line(for: first))
        }
        func line(for violation: SessionViolation) -> NarrativeLine {
            let read = history[violation.read]
            let cause = history[violation.cause]
            let reader = client(read)
            let text: String
            switch violation.guarantee {
            case .readYourWrites:
                text =
                    "\(reader) read \(seen(read)) after its own write \(written(cause)) had completed: read-your-writes violated"
            case .monotonicReads:
                text = "\(reader) read \(seen(read)) after it had read \(written(cause)): monotonic reads violated"
            case .monotonicWrites:
                let writer = names(violation.process)
                text =
                    "\(reader) read \(seen(read)) after seeing a later write by \(writer), made after \(writer) wrote \(written(cause)): monotonic writes violated"
            case .writesFollowReads:
                let writer = names(violation.process)
                text =
                    "\(reader) read \(seen(read)) after seeing a write by \(writer), made after \(writer) had read \(written(cause)): writes-follow-reads violated"
            }
            return NarrativeLine(time: read.complete ?? read.invoke, text: text)
        }
        // A read already told as a broken guarantee is not told again as a stale read.
        let stale = staleness.stale.filter { !named.contains($0.read) }.compactMap { stale -> NarrativeLine? in
            let read = history[stale.read]
            guard let newer = newestMissed(by: read, in: history) else { return nil }
            return NarrativeLine(
                time: read.complete ?? read.invoke,
                text:
                    "\(client(read)) read \(seen(read)) though \(client(newer))'s write \(written(newer)) had completed before the read began: a stale read"
            )
        }
        keepFirst(stale)
        // A stale read or a broken guarantee already shows the history is not linearizable;
        // without one, say where the search got stuck.
        if firsts.isEmpty, let violation = linearizability.violation {
            let operation = history[violation.operation]
            firsts.append(
                NarrativeLine(
                    time: operation.complete ?? operation.invoke,
                    text:
                        "no single order of the operations explains \(client(operation))'s \(label(operation)): not linearizable"
                ))
        }
        return firsts.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// The latest-completed write of the read's key that completed before the read began and
    /// was invoked after the write the read saw had completed: a write it should have seen.
    private static func newestMissed(by read: Operation, in history: History) -> Operation? {
        let model = CASRegisterModel()
        let writes = history.operations.filter { $0.key == read.key && $0.outcome == .ok && model.isWrite($0) }
        let seenCompletion: Int64 =
            read.value.isNull
            ? Int64.min : (writes.first { model.read(read, reflects: $0) }?.complete ?? Int64.max)
        return
            writes.filter { write in
                guard let complete = write.complete else { return false }
                return write.invoke > seenCompletion && complete < read.invoke
            }
            .max { ($0.complete ?? 0) < ($1.complete ?? 0) }
    }
}

extension ConsistencyWorkbenchSession {
    var history: History { History(operations) }

    func verdicts() -> WorkbenchVerdicts {
        WorkbenchVerdicts(history) { [names = sim.names, nodeCount] process in
            // History processes are client numbers: 1 is c1.
            let index = nodeCount + process - 1
            return index < names.count ? names[index] : "p\(process)"
        }
    }

    func measure() -> (metrics: [(name: String, value: Double)], history: History?) {
        measure(verdicts())
    }

    private func measure(_ verdicts: WorkbenchVerdicts) -> (metrics: [(name: String, value: Double)], history: History?)
    {
        let answered = operations.filter { $0.outcome != .info && $0.complete != nil }
        func p50(_ selected: [Operation]) -> Double {
            milliseconds(percentile(selected.map { ($0.complete ?? $0.invoke) - $0.invoke }.sorted(), 0.5))
        }
        return (
            [
                ("linearizable", verdicts.linearizableMetric),
                ("sequential", verdicts.sequentialMetric),
                ("read-your-writes", verdicts.holds(.readYourWrites)),
                ("monotonic-reads", verdicts.holds(.monotonicReads)),
                ("monotonic-writes", verdicts.holds(.monotonicWrites)),
                ("writes-follow-reads", verdicts.holds(.writesFollowReads)),
                ("stale-reads", Double(verdicts.staleness.stale.count)),
                ("operations", Double(operations.count)),
                ("timed-out", Double(timedOut)),
                ("read-latency-p50-ms", p50(answered.filter { $0.function == .read })),
                ("write-latency-p50-ms", p50(answered.filter { $0.function != .read })),
            ], history
        )
    }

    /// The run, with the anomalies the checkers found told in the narrative at their times
    /// (or, if there was none and the history is linearizable, a line that says so).
    func finish() -> SimulationRun {
        let verdicts = verdicts()
        let measured = measure(verdicts)
        let kept = sim.narrative.kept
        var lines = kept
        let tail = Array(sim.narrative.lines(endingAt: sim.now).dropFirst(kept.count))
        for anomaly in verdicts.anomalies {
            let position = lines.firstIndex { $0.time > anomaly.time } ?? lines.count
            lines.insert(anomaly, at: position)
        }
        if verdicts.anomalies.isEmpty, verdicts.linearizability.verdict == .linearizable, !operations.isEmpty {
            lines.append(
                NarrativeLine(
                    time: sim.now, text: "the checker found no anomaly: the history is linearizable"))
        }
        return SimulationRun(
            model: header.model, seed: header.seed, parameters: header.parameters, metrics: measured.metrics,
            narrative: lines + tail, endTime: sim.now, names: sim.names, trace: sim.trace,
            history: measured.history)
    }
}
