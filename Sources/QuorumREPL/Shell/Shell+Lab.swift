import Foundation
import QuorumLab
import QuorumModels
import QuorumSim
import QuorumTerminal

/// `lab`: the learner's own node program as a cluster on quorum's network, checked like Maelstrom.
extension Shell {
    enum LabExit {
        static let usage: Int32 = 64
    }

    static let labUsage = "usage: lab test -w WORKLOAD --bin PATH [flags] | lab workloads | lab solutions"

    func lab(_ arguments: [String]) -> Outcome {
        let rest = Array(arguments.dropFirst())
        switch arguments.first {
        case "test":
            return labTest(rest)
        case "workloads":
            guard expectNoArguments(rest, usage: "lab workloads") else { return .exit(LabExit.usage) }
            var table = TextTable(headers: ["workload", "what is checked"])
            for workload in LabWorkloadKind.allCases { table.addRow([workload.rawValue, workload.summary]) }
            console.line(table.render(style: console.style, maxWidth: console.width))
            console.line("Run one with \(command("lab test -w echo --bin ./echo.py --node-count 1 --time-limit 5")).")
            return .ok
        case "solutions":
            guard expectNoArguments(rest, usage: "lab solutions") else { return .exit(LabExit.usage) }
            return labSolutions()
        case let verb?:
            var message = "unknown lab command '\(verb)'"
            if let suggestion = closestMatch(to: verb, in: ["test", "workloads", "solutions"]) {
                message += " (did you mean '\(suggestion)'?)"
            }
            console.error(message + ". " + Self.labUsage)
            return .exit(LabExit.usage)
        case nil:
            console.error(Self.labUsage)
            return .exit(LabExit.usage)
        }
    }

    private func labSolutions() -> Outcome {
        guard let courseDirectory else {
            console.error("no course is loaded, so there are no reference solutions to show.")
            return .failed
        }
        let folder = (courseDirectory as NSString).appendingPathComponent("labs")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".py")
        }
        .sorted()
        guard !files.isEmpty else {
            console.error("the course has no reference solutions (looked in \(folder)).")
            return .failed
        }
        console.line("Reference nodes, in plain Python 3, in \(folder):")
        for file in files { console.line("  " + file) }
        console.line(
            "Deliberately broken ones are in \(folder)/broken. Try one: "
                + command("lab test -w echo --bin \(folder)/echo.py --node-count 1 --time-limit 5"))
        return .ok
    }

    func labTest(_ words: [String]) -> Outcome {
        var display = RunDisplay()
        var labWords: [String] = []
        var index = 0
        while index < words.count {
            guard let taken = takeDisplayOption(words, at: &index, into: &display) else { return .exit(LabExit.usage) }
            if !taken { labWords.append(words[index]) }
            index += 1
        }
        let options: LabOptions
        do {
            let courseHome = courseDirectory.map { ($0 as NSString).deletingLastPathComponent }
            options = try LabCommandLine.parse(labWords, fallback: courseHome)
        } catch {
            console.error(error.message)
            return .exit(LabExit.usage)
        }

        var folder: String?
        if let labRunsDirectory {
            do {
                folder = try LabRunFolder.create(in: labRunsDirectory, workload: options.workload, date: now())
            } catch {
                console.warning(
                    "could not make a run folder in \(labRunsDirectory) (\(error.localizedDescription)); "
                        + "the run goes ahead, and its results are only shown here.")
            }
        }
        if !display.json { labHeader(options) }
        let console = self.console
        let runner = LabRunner(
            options: options, runDirectory: folder, shouldStop: shouldStop,
            logSink: { line in console.diagnostic(line) })
        let showProgress = reader.isInteractive && !display.json && !options.logStderr
        if showProgress {
            runner.onProgress = { text in console.progress(text + " (Ctrl-C stops)") }
        }
        var result = runner.run()
        if showProgress { console.clearProgress() }
        if result.interrupted { Interrupts.clear() }
        if let folder {
            do {
                try LabRunFolder.write(result, to: folder)
                result.runDirectory = folder
            } catch {
                result.runDirectory = nil
                result.warnings.append(
                    "could not write the history and results to \(folder) (\(error.localizedDescription)); "
                        + "what is shown here is all there is")
            }
        }
        let run = simulationRun(of: result)
        lastRun = run
        if display.json {
            console.line(LabRunFolder.resultsJSON(result).trimmingCharacters(in: .newlines))
        } else {
            labReport(result)
            if display.timeline {
                console.line()
                _ = timeline(display.ascii ? ["--ascii"] : [])
            }
            if display.diagram {
                console.line()
                drawDiagram(of: run, window: display.window, ascii: display.ascii)
            } else if !run.trace.isEmpty {
                diagramHint()
            }
        }
        // The exit code is the verdict's, which scripts rely on; a failed SVG has said so itself.
        if let path = display.svg { _ = writeSVG(of: run, window: display.window, to: path) }
        return .exit(result.verdict.exitCode)
    }

    private func labHeader(_ options: LabOptions) {
        let style = console.style
        var parts = [
            plural(options.nodeCount, "node"), "\(plainNumber(options.timeLimit)) s",
            "\(plainNumber(options.rate)) ops/s", plural(options.clientCount, "client"),
            "latency \(plainNumber(options.latency)) ms"
                + (options.latencyDistribution == .constant ? "" : " (\(options.latencyDistribution.rawValue))"),
        ]
        if options.loss > 0 { parts.append("loss \(plainNumber(options.loss))") }
        if !options.nemesis.isEmpty {
            parts.append(
                "nemesis \(options.nemesis.map(\.rawValue).joined(separator: ",")) every \(plainNumber(options.nemesisInterval)) s"
            )
        }
        if options.workload == .broadcast { parts.append("topology \(options.topology.rawValue)") }
        console.line(style.accent("▶ lab \(options.workload.rawValue)") + style.dim(" seed=\(options.seed)"))
        console.line("  " + parts.joined(separator: " · "))
        let note =
            "Your nodes are real processes, so timing differs from run to run; the seed fixes the operations and the faults."
        for line in wrap(note, width: max(20, console.width - 2)) { console.line(style.dim("  " + line)) }
        console.line()
    }

    func labReport(_ result: LabResult) {
        let style = console.style
        let verdictText: String
        switch result.verdict {
        case .valid: verdictText = style.success("valid")
        case .invalid: verdictText = style.error("invalid")
        case .unknown: verdictText = style.warning("unknown")
        }
        console.line("verdict: " + verdictText)
        for finding in result.findings {
            let mark: String
            switch finding.verdict {
            case .valid: mark = style.success(asciiOnly ? "ok" : "✓")
            case .invalid: mark = style.error(asciiOnly ? "!!" : "✗")
            case .unknown: mark = style.warning("?")
            }
            let lines = finding.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let first = wrap("\(finding.check): \(lines[0])", width: max(20, console.width - 4))
            for (position, line) in first.enumerated() { console.line((position == 0 ? "  \(mark) " : "    ") + line) }
            for line in lines.dropFirst() { console.line("    " + line) }
        }
        for warning in result.warnings { console.warning(warning) }
        if result.options.workload == .linKV, result.verdict == .invalid, let folder = result.runDirectory,
            result.findings.contains(where: { $0.check == "linearizable" && $0.verdict == .invalid })
        {
            console.line(
                "  The whole story, with a timeline: \(command("history check \(folder)/history.jsonl --svg lin-kv.svg"))"
            )
        }
        console.line()

        let statistics = result.statistics
        var rows: [(String, String)] = []
        rows.append(
            (
                "operations",
                "\(statistics.operations) (\(statistics.ok) ok, \(statistics.failed) failed, \(statistics.unknown) unknown)"
            ))
        rows.append(
            (
                "messages",
                "\(statistics.messagesBetweenNodes) between nodes, "
                    + String(format: "%.2f", statistics.messagesPerOperation) + " per operation"
                    + (statistics.messagesLost > 0 ? ", \(statistics.messagesLost) lost" : "")
                    + (statistics.messagesWithServices > 0 ? "; \(statistics.messagesWithServices) with services" : "")
            ))
        if let p50 = statistics.latencyP50, let p99 = statistics.latencyP99, let max = statistics.latencyMax {
            rows.append(
                (
                    "latency",
                    "p50 \(SimDuration.format(p50)) · p99 \(SimDuration.format(p99)) · max \(SimDuration.format(max))"
                ))
        }
        if let p50 = statistics.stableLatencyP50, let p99 = statistics.stableLatencyP99,
            let max = statistics.stableLatencyMax
        {
            rows.append(
                (
                    "stable after",
                    "p50 \(SimDuration.format(p50)) · p99 \(SimDuration.format(p99)) · max \(SimDuration.format(max))"
                ))
        }
        if statistics.finalReadRounds > 1 {
            rows.append(("final reads", "\(statistics.finalReadRounds) rounds, half a second apart, until they agreed"))
        }
        if let folder = result.runDirectory {
            rows.append(("run folder", folder))
        }
        for (label, value) in rows {
            console.line(style.bold(label.padding(toLength: 13, withPad: " ", startingAt: 0)) + value)
        }
        if result.traceTruncated {
            console.warning(
                "the trace keeps only the run's first \(result.trace.count) events; the diagram shows its beginning.")
        }
    }

    /// The run as the simulation views see one, so `diagram`, `--svg` and `timeline` work on it.
    func simulationRun(of result: LabResult) -> SimulationRun {
        // With no specs and no overrides there is nothing that could be refused.
        let parameters: Parameters
        do {
            parameters = try Parameters(specs: [], model: "lab", overrides: [])
        } catch {
            preconditionFailure("empty parameters were refused: \(error)")
        }
        let statistics = result.statistics
        var metrics: [(name: String, value: Double)] = [
            ("operations", Double(statistics.operations)), ("ok", Double(statistics.ok)),
            ("messages-per-op", statistics.messagesPerOperation),
        ]
        if let p50 = statistics.latencyP50 { metrics.append(("latency-p50-ms", Double(p50) / 1000)) }
        var run = SimulationRun(
            model: "lab " + result.options.workload.rawValue, seed: result.options.seed,
            parameters: parameters, metrics: metrics, narrative: [], endTime: result.endTime, names: result.names,
            trace: result.trace)
        run.traceTruncated = result.traceTruncated
        return run
    }

}
