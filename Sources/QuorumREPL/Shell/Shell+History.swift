import Foundation
import QuorumCheck
import QuorumModels
import QuorumTerminal

/// `history check FILE... [--model M] [--format F] [--timeout S] [--svg FILE] [--json]`.
extension Shell {
    /// Exit codes of `history check`: the worst verdict among the files.
    enum HistoryExit {
        static let linearizable: Int32 = 0
        static let notLinearizable: Int32 = 1
        static let unknown: Int32 = 2
        static let unreadable: Int32 = 3
        static let usage: Int32 = 64
    }

    struct HistoryCheckOptions {
        var paths: [String] = []
        var model: ModelKind?
        var format: HistoryFormat?
        var timeout: Double = 30
        var svg: String?
        var json = false
    }

    /// One file's check, or why it could not be read.
    struct HistoryFileCheck {
        var file: String
        var read: HistoryFile?
        var errors: [String] = []
        var model: ModelKind?
        var report: LinearizabilityReport?
        var sequential: SequentialConsistencyReport?
        var sessions: SessionReport?
        var staleness: StalenessReport?
        var convergence: ConvergenceReport?
        var milliseconds: Double = 0

        var exitCode: Int32 {
            guard let report else { return HistoryExit.unreadable }
            switch report.verdict {
            case .linearizable: return HistoryExit.linearizable
            case .notLinearizable: return HistoryExit.notLinearizable
            case .unknown: return HistoryExit.unknown
            }
        }

        var verdictText: String {
            report?.verdict.description ?? "unreadable"
        }
    }

    static let historyUsage =
        "usage: history check FILE... [--model M] [--format F] [--timeout S] [--svg FILE] [--json]"

    func history(_ arguments: [String]) -> Outcome {
        guard arguments.first == "check" else {
            if let verb = arguments.first {
                console.error("unknown history command '\(verb)'; it takes check. \(Self.historyUsage)")
            } else {
                console.error(Self.historyUsage)
            }
            return .exit(HistoryExit.usage)
        }
        guard let options = parseHistoryOptions(Array(arguments.dropFirst())) else {
            return .exit(HistoryExit.usage)
        }
        var checks: [HistoryFileCheck] = []
        for path in expandHistoryPaths(options.paths) {
            if shouldStop() {
                console.warning("interrupted; \(checks.count) of the files were checked.")
                break
            }
            checks.append(checkHistoryFile(path.file, bytes: path.bytes, error: path.error, options: options))
        }
        let code = checks.map(\.exitCode).max() ?? HistoryExit.unreadable
        if options.json {
            printHistoryJSON(checks, code: code)
        } else if checks.count == 1, let check = checks.first {
            printHistoryDetails(check)
        } else {
            for check in checks { printHistorySummary(check) }
            if checks.isEmpty { console.error("no history files to check.") }
        }
        if let svg = options.svg, let check = checks.first {
            writeHistorySVG(check, to: svg)
        }
        return .exit(code)
    }

    private func parseHistoryOptions(_ words: [String]) -> HistoryCheckOptions? {
        var options = HistoryCheckOptions()
        var index = 0
        func value(_ option: String, inline: String?) -> String? {
            if let inline { return inline }
            index += 1
            guard index < words.count else {
                console.error("\(option) needs a value. \(Self.historyUsage)")
                return nil
            }
            return words[index]
        }
        while index < words.count {
            let word = words[index]
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            let name = word.hasPrefix("--") ? parts[0] : word
            let inline = word.hasPrefix("--") && parts.count == 2 ? parts[1] : nil
            switch name {
            case "--model":
                guard let text = value(name, inline: inline) else { return nil }
                guard let model = ModelKind(name: text) else {
                    reportUnknown("model", text, known: ModelKind.allCases.map(\.name))
                    return nil
                }
                options.model = model
            case "--format":
                guard let text = value(name, inline: inline) else { return nil }
                guard let format = HistoryFormat(name: text) else {
                    reportUnknown("format", text, known: HistoryFormat.allCases.map(\.name))
                    return nil
                }
                options.format = format
            case "--timeout":
                guard let text = value(name, inline: inline) else { return nil }
                guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
                    console.error("--timeout takes a number of seconds greater than 0, not '\(text)'.")
                    return nil
                }
                options.timeout = seconds
            case "--svg":
                guard let path = value(name, inline: inline) else { return nil }
                options.svg = path
            case "--json":
                options.json = true
            default:
                if word.hasPrefix("-"), word != "-" {
                    var message = "unknown option '\(word)'"
                    if let suggestion = closestMatch(
                        to: name, in: ["--model", "--format", "--timeout", "--svg", "--json"])
                    {
                        message += " (did you mean '\(suggestion)'?)"
                    }
                    console.error(message + ". \(Self.historyUsage)")
                    return nil
                }
                options.paths.append(word)
            }
            index += 1
        }
        guard !options.paths.isEmpty else {
            console.error("history check needs at least one file. \(Self.historyUsage)")
            return nil
        }
        if options.svg != nil, options.paths.count > 1 {
            console.error("--svg draws one history; give one file with it.")
            return nil
        }
        return options
    }

    private func reportUnknown(_ what: String, _ text: String, known: [String]) {
        var message = "unknown \(what) '\(text)'"
        if let suggestion = closestMatch(to: text, in: known) { message += " (did you mean '\(suggestion)'?)" }
        console.error(message + "; known: \(known.joined(separator: ", ")).")
    }

    /// The files to check: each path given, and the regular files inside each folder given
    /// (sorted, hidden files skipped). Contents are read here, so errors name the path.
    private func expandHistoryPaths(_ paths: [String]) -> [(file: String, bytes: [UInt8]?, error: String?)] {
        let manager = FileManager.default
        var files: [(String, [UInt8]?, String?)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                files.append((path, nil, "no such file"))
                continue
            }
            if isDirectory.boolValue {
                let children = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }
                    .sorted()
                    .map { (path as NSString).appendingPathComponent($0) }
                    .filter { isRegularFile($0) }
                if children.isEmpty { files.append((path, nil, "a folder with no history files in it")) }
                files += children.map { child in readHistoryBytes(child) }
            } else {
                files.append(readHistoryBytes(path))
            }
        }
        return files
    }

    private func isRegularFile(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular
    }

    private func readHistoryBytes(_ path: String) -> (String, [UInt8]?, String?) {
        guard isRegularFile(path) else { return (path, nil, "not a regular file") }
        guard let data = FileManager.default.contents(atPath: path) else { return (path, nil, "cannot be read") }
        return (path, [UInt8](data), nil)
    }

    private func checkHistoryFile(_ file: String, bytes: [UInt8]?, error: String?, options: HistoryCheckOptions)
        -> HistoryFileCheck
    {
        var check = HistoryFileCheck(file: file)
        guard let bytes else {
            check.errors = ["\(file): error: \(error ?? "cannot be read")"]
            return check
        }
        let clock = ContinuousClock()
        let started = clock.now
        switch HistoryReader.read(bytes, file: file, format: options.format) {
        case .failure(let failure):
            check.errors = failure.diagnostics.map(\.description)
            return check
        case .success(let read):
            check.read = read
            let model = options.model ?? read.declaredModel ?? ModelKind.inferred(for: read.history)
            check.model = model
            let problems = model.validate(read.history, file: file)
            guard problems.isEmpty else {
                check.errors = problems.map(\.description)
                return check
            }
            let deadline = started + .nanoseconds(Int64(min(options.timeout, 1e9) * 1e9))
            let interrupted = shouldStop
            let budget = SearchBudget(shouldStop: { clock.now >= deadline || interrupted() })
            let report = model.checkLinearizability(read.history, budget: budget)
            check.report = report
            // Sequential consistency is searched across all keys and processes at once, so it is
            // only tried where it can finish: small histories from a few processes.
            if report.verdict == .notLinearizable, read.history.count <= 200, read.history.processes.count <= 8 {
                let sequentialBudget = SearchBudget(
                    maxSteps: 100_000, shouldStop: { clock.now >= deadline || interrupted() })
                check.sequential = model.checkSequentialConsistency(read.history, budget: sequentialBudget)
            }
            check.sessions = model.checkSessions(read.history)
            check.staleness = model.staleness(read.history)
            if !read.replicas.isEmpty {
                check.convergence = model.checkConvergence(read.replicas, history: read.history)
            }
            let elapsed = clock.now - started
            check.milliseconds =
                Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return check
        }
    }

    private func summaryLine(_ check: HistoryFileCheck) -> String {
        let style = console.style
        guard let report = check.report, let read = check.read else {
            return "\(check.file): " + style.error("unreadable")
        }
        let verdict: String
        switch report.verdict {
        case .linearizable: verdict = style.success("linearizable")
        case .notLinearizable: verdict = style.error("not linearizable")
        case .unknown: verdict = style.warning("unknown")
        }
        let ops = "\(read.history.count) op\(read.history.count == 1 ? "" : "s")"
        return "\(check.file): \(verdict) (\(ops), \(formatMilliseconds(check.milliseconds)) ms)"
    }

    private func printHistorySummary(_ check: HistoryFileCheck) {
        console.line(summaryLine(check))
        for error in check.errors.prefix(5) { console.diagnostic(error) }
        if check.errors.count > 5 { console.diagnostic("\(check.file): and \(check.errors.count - 5) more errors") }
    }

    private func printHistoryDetails(_ check: HistoryFileCheck) {
        console.line(summaryLine(check))
        for error in check.errors.prefix(50) { console.diagnostic(error) }
        if check.errors.count > 50 { console.diagnostic("\(check.file): and \(check.errors.count - 50) more errors") }
        guard let read = check.read, let report = check.report, let model = check.model else { return }
        let style = console.style
        let history = read.history
        console.line(
            style.dim(
                "\(read.format.name) · model \(model.name) · \(report.keys.count) key\(report.keys.count == 1 ? "" : "s") · \(report.steps) search steps"
            ))
        if report.verdict == .unknown {
            console.paragraph(
                "The search gave up after \(formatSeconds(check.milliseconds / 1000)), before it could decide. A longer --timeout may settle it; histories with many overlapping or timed-out operations are the hard ones."
            )
        }
        if let violation = report.violation {
            console.line()
            console.paragraph(violation.reason)
            console.line()
            console.line(
                TimelineText.render(TimelineScene.violation(violation, in: history), style: style, width: console.width)
            )
            console.line()
            let tail = violation.prefix.suffix(6).map { describeOperation(history[$0]) }
            let skipped = violation.prefix.count - tail.count
            console.paragraph(
                "Order found before it (\(violation.prefix.count) operation\(violation.prefix.count == 1 ? "" : "s")): "
                    + (skipped > 0 ? "… " : "") + (tail.isEmpty ? "none" : tail.joined(separator: ", "))
                    + "; the value is then \(violation.stateAfterPrefix).")
            let concurrent = violation.concurrent.map { describeOperation(history[$0]) }
            console.paragraph(
                "Overlapping it: " + (concurrent.isEmpty ? "nothing." : concurrent.joined(separator: ", ") + "."))
        }
        printAlsoChecked(check, history: history)
    }

    private func printAlsoChecked(_ check: HistoryFileCheck, history: History) {
        let style = console.style
        var lines: [String] = []
        if let sequential = check.sequential {
            lines.append("sequential consistency: \(sequential.verdict.rawValue)")
        }
        if let sessions = check.sessions, !sessions.violations.isEmpty {
            let broken = SessionGuarantee.allCases.filter { guarantee in
                sessions.violations.contains { $0.guarantee == guarantee }
            }
            lines.append("session guarantees broken: " + broken.map(\.rawValue).joined(separator: ", "))
            for violation in sessions.violations.prefix(5) {
                lines.append("  \(violation.guarantee.rawValue) for p\(violation.process): \(violation.explanation)")
            }
            if sessions.violations.count > 5 { lines.append("  … and \(sessions.violations.count - 5) more") }
        }
        if let staleness = check.staleness {
            let stale = staleness.stale.count
            if stale > 0 {
                lines.append(
                    "staleness: \(stale) of \(staleness.reads.count) reads saw an old version, at most \(staleness.maximum) behind"
                )
            }
            if !staleness.unexplained.isEmpty {
                let reads = staleness.unexplained.prefix(3).map { describeOperation(history[$0]) }
                lines.append(
                    "never written: \(reads.joined(separator: ", "))\(staleness.unexplained.count > 3 ? ", …" : "")")
            }
        }
        if let convergence = check.convergence {
            if convergence.converged {
                lines.append("replicas: all \(convergence.replicaCount) converged")
            } else {
                for divergence in convergence.divergences.prefix(5) {
                    let values = divergence.values.map { "\($0.replica)=\($0.value?.description ?? "nothing")" }
                    lines.append(
                        "replicas diverge on \(divergence.key ?? "the register"): \(values.joined(separator: ", "))")
                }
            }
            for unwritten in convergence.unwritten.prefix(5) {
                lines.append(
                    "replica \(unwritten.replica) holds \(unwritten.value) for \(unwritten.key ?? "the register"), which nobody wrote"
                )
            }
        }
        guard !lines.isEmpty else { return }
        console.line()
        console.line(style.bold("Also checked"))
        for line in lines { console.line(line) }
    }

    private func describeOperation(_ operation: QuorumCheck.Operation) -> String {
        OperationText.label(operation) + (operation.line.map { " (line \($0))" } ?? "")
    }

    private func printHistoryJSON(_ checks: [HistoryFileCheck], code: Int32) {
        let verdicts = checks.compactMap(\.report?.verdict)
        let overall = checks.contains { $0.report == nil } ? "unreadable" : Verdict.combining(verdicts).description
        let document = HistoryCheckDocument(
            verdict: overall, exitCode: code,
            files: checks.map { check in jsonEntry(check) })
        console.line(document.rendered())
    }

    private func jsonEntry(_ check: HistoryFileCheck) -> HistoryCheckDocument.FileEntry {
        typealias Document = HistoryCheckDocument
        var entry = Document.FileEntry(file: check.file, verdict: check.verdictText)
        entry.errors = check.errors.isEmpty ? nil : check.errors
        guard let read = check.read, let report = check.report else { return entry }
        let history = read.history
        func op(_ index: Int) -> Document.OperationEntry { Document.OperationEntry(operation: history[index]) }
        entry.format = read.format.name
        entry.model = check.model?.name
        entry.operations = history.count
        entry.keys = report.keys.map {
            Document.KeyEntry(key: $0.key, operations: $0.operationCount, verdict: $0.verdict.description)
        }
        if let violation = report.violation {
            entry.explanation = Document.Explanation(
                key: violation.key, operation: op(violation.operation), reason: violation.reason,
                linearizedPrefix: violation.prefix.map(op), stateAfterPrefix: violation.stateAfterPrefix,
                concurrent: violation.concurrent.map(op))
        }
        entry.sequentialConsistency = check.sequential?.verdict.rawValue
        entry.sessions = check.sessions?.violations.map {
            Document.SessionEntry(
                guarantee: $0.guarantee.rawValue, process: $0.process, read: op($0.read), cause: op($0.cause),
                explanation: $0.explanation)
        }
        if let staleness = check.staleness {
            entry.staleness = Document.StalenessEntry(
                reads: staleness.reads.count, stale: staleness.stale.count, maximumVersionsBehind: staleness.maximum,
                neverWritten: staleness.unexplained.map(op))
        }
        if let convergence = check.convergence {
            entry.convergence = Document.ConvergenceEntry(
                replicas: convergence.replicaCount, converged: convergence.converged,
                divergent: convergence.divergences.map { divergence in
                    Document.ConvergenceEntry.Divergent(
                        key: divergence.key,
                        values: Dictionary(
                            divergence.values.map { ($0.replica, Document.JSONValue($0.value ?? .null)) },
                            uniquingKeysWith: { first, _ in first }))
                },
                neverWritten: convergence.unwritten.map {
                    Document.ConvergenceEntry.Unwritten(
                        replica: $0.replica, key: $0.key, value: Document.JSONValue($0.value))
                })
        }
        return entry
    }

    private func writeHistorySVG(_ check: HistoryFileCheck, to path: String) {
        guard let read = check.read, let report = check.report else {
            console.warning("no SVG written: \(check.file) could not be read.")
            return
        }
        let scene: TimelineScene
        if let violation = report.violation {
            scene = TimelineScene.violation(violation, in: read.history)
        } else {
            let order = report.keys.count == 1 ? report.keys.first?.linearization : nil
            scene = TimelineScene.whole(
                read.history, order: order, title: "\(check.file): \(report.verdict.description)")
        }
        do {
            try TimelineSVG.render(scene).write(toFile: path, atomically: true, encoding: .utf8)
            console.line(console.style.dim("Timeline written to \(path)."))
        } catch {
            console.error("could not write \(path): \(error.localizedDescription)")
        }
    }

    private func formatMilliseconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
    }

    private func formatSeconds(_ value: Double) -> String {
        String(format: "%.1f s", value)
    }
}
