import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumSim
import QuorumTerminal

/// How a run is shown: `--json`, `--svg FILE`, `--diagram`, `--ascii`, `--window 1s..2s`.
struct RunDisplay {
    var json = false
    var svg: String?
    var diagram = false
    var timeline = false
    var ascii = false
    var window: ClosedRange<SimTime>?

    static let usage =
        "[param=value ...] [seed=N] [--diagram] [--window 1s..2s] [--timeline] [--ascii] [--svg FILE] [--json]"
}

extension Shell {
    /// The open step's simulation, or the nearest one before it in the lesson.
    func currentSimBlock() -> SimBlock? {
        guard let position else { return nil }
        for index in stride(from: position.step, through: 0, by: -1) {
            if let sim = position.lesson.steps[index].simulations.first { return sim }
        }
        return nil
    }

    func runStepSimulation(_ arguments: [String]) -> Outcome {
        guard let position = requireOpenLesson() else { return .failed }
        guard let sim = currentSimBlock() else {
            console.error(
                "step \(position.step + 1) of '\(position.lesson.id)' has no simulation. `sim list` shows every model; `sim run <model>` runs one."
            )
            return .failed
        }
        let lessonParams = sim.params.map { ($0.name, $0.value) }
        return runModel(named: sim.model, base: lessonParams, seed: sim.seed, arguments: arguments)
    }

    func sim(_ arguments: [String]) -> Outcome {
        let verbs = ["list", "info", "run", "step", "sweep"]
        guard let verb = arguments.first else {
            console.error("usage: sim list | sim info <model> | sim run|step|sweep <model> [param=value ...]")
            return .failed
        }
        let rest = Array(arguments.dropFirst())
        switch verb {
        case "list":
            guard expectNoArguments(rest, usage: "sim list") else { return .failed }
            var table = TextTable(headers: ["model", "what it shows"])
            for model in registry.models { table.addRow([model.name, model.summary]) }
            console.line(table.render(style: console.style, maxWidth: console.width))
            console.line(
                "\(command("sim info <model>")) lists a model's parameters; \(command("sim run <model>")) runs it.")
            return .ok
        case "info":
            guard rest.count == 1, let model = findModel(rest[0]) else {
                if rest.count != 1 { console.error("usage: sim info <model>") }
                return .failed
            }
            describe(model)
            return .ok
        case "run", "step", "sweep":
            guard let name = rest.first else {
                console.error("usage: sim \(verb) <model> " + (verb == "sweep" ? Self.sweepUsage : RunDisplay.usage))
                return .failed
            }
            guard findModel(name) != nil else { return .failed }
            let settings = Array(rest.dropFirst())
            switch verb {
            case "run": return runModel(named: name, base: [], seed: 1, arguments: settings)
            case "step": return stepModel(named: name, arguments: settings)
            default: return sweep(named: name, arguments: settings)
            }
        default:
            var message = "unknown sim command '\(verb)'"
            if let suggestion = closestMatch(to: verb, in: verbs) {
                message += " (did you mean 'sim \(suggestion)'?)"
            }
            console.error(message + "; it takes list, info, run, step or sweep.")
            return .failed
        }
    }

    func findModel(_ name: String) -> (any SimulationModel)? {
        if let model = registry.model(named: name) { return model }
        var message = "no model '\(name)'"
        if let suggestion = closestMatch(to: name, in: registry.names) { message += " (did you mean '\(suggestion)'?)" }
        console.error(message + ". `sim list` names them all.")
        return nil
    }

    private func describe(_ model: any SimulationModel) {
        let style = console.style
        console.line(style.bold(model.name) + " · " + model.summary)
        console.line()
        var parameters = TextTable(headers: ["parameter", "default", "accepts", "meaning"])
        for spec in model.parameters where !FaultVocabulary.names.contains(spec.name) {
            parameters.addRow([spec.name, spec.defaultValue.description, spec.type.accepts, spec.doc])
        }
        parameters.addRow([
            "seed", "1", "a whole number", "Chooses the random numbers; the same seed gives the same run.",
        ])
        console.line(parameters.render(style: style, maxWidth: console.width))
        let shared = model.parameters.filter { FaultVocabulary.names.contains($0.name) }
        if !shared.isEmpty {
            console.line()
            console.line(style.bold("Network and faults") + style.dim(" (the same words for every model)"))
            var faults = TextTable(headers: ["parameter", "default", "meaning"])
            for spec in shared { faults.addRow([spec.name, spec.defaultValue.description, spec.doc]) }
            console.line(faults.render(style: style, maxWidth: console.width))
        }
        console.line()
        var metrics = TextTable(headers: ["metric", "meaning"])
        for metric in model.metrics { metrics.addRow([metric.name, metric.doc]) }
        console.line(metrics.render(style: style, maxWidth: console.width))
    }

    /// Reads the display option at `words[index]` (`--json`, `--diagram`, `--ascii`, `--timeline`,
    /// `--svg FILE`, `--window 1s..2s`) into `display`, leaving `index` on its last word: true if
    /// it was one, false if the word is something else, nil after reporting a problem.
    func takeDisplayOption(_ words: [String], at index: inout Int, into display: inout RunDisplay) -> Bool? {
        let word = words[index]
        switch word {
        case "--json": display.json = true
        case "--diagram": display.diagram = true
        case "--ascii": display.ascii = true
        case "--timeline": display.timeline = true
        case "--svg", "--window":
            guard index + 1 < words.count else {
                console.error("\(word) needs a value: " + (word == "--svg" ? "--svg run.svg" : "--window 1s..2s"))
                return nil
            }
            index += 1
            if word == "--svg" {
                display.svg = words[index]
            } else {
                guard let window = parseWindow(words[index]) else { return nil }
                display.window = window
                display.diagram = true
            }
        default: return false
        }
        return true
    }

    /// Splits a run's words into parameter settings (with `seed`) and display options; nil
    /// after reporting a problem.
    func parseRunWords(_ arguments: [String], seed: UInt64) -> (
        settings: [(String, String)], seed: UInt64, display: RunDisplay
    )? {
        var display = RunDisplay()
        var assignments: [String] = []
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            guard let taken = takeDisplayOption(arguments, at: &index, into: &display) else { return nil }
            if !taken {
                if word.hasPrefix("--") {
                    var message = "unknown option '\(word)'"
                    let options = ["--json", "--diagram", "--timeline", "--ascii", "--svg", "--window"]
                    if let suggestion = closestMatch(to: word, in: options) {
                        message += " (did you mean '\(suggestion)'?)"
                    }
                    console.error(message + "; a run takes " + RunDisplay.usage)
                    return nil
                }
                assignments.append(word)
            }
            index += 1
        }
        var seed = seed
        var settings: [(String, String)] = []
        do {
            for (key, value) in try parseAssignments(assignments) {
                if key == "seed" {
                    guard let parsed = UInt64(value) else {
                        console.error("invalid value '\(value)' for 'seed': expected a whole number from 0 up")
                        return nil
                    }
                    seed = parsed
                } else {
                    settings.append((key, value))
                }
            }
        } catch {
            console.error(error.description)
            return nil
        }
        return (settings, seed, display)
    }

    /// Reads `1s..2s` (either end may be left out: `..2s`, `1s..`).
    func parseWindow(_ text: String) -> ClosedRange<SimTime>? {
        let parts = text.components(separatedBy: "..")
        let problem = "'\(text)' is not a time window; write it like 1s..2s, 200ms.., or ..1.5s"
        guard parts.count == 2 else {
            console.error(problem)
            return nil
        }
        let start = parts[0].isEmpty ? 0 : SimDuration.parse(parts[0])
        let end = parts[1].isEmpty ? SimTime.max : SimDuration.parse(parts[1])
        guard let start, let end, start <= end else {
            console.error(problem)
            return nil
        }
        return start...end
    }

    /// Runs a model with the lesson's parameters, then the learner's overrides on top.
    func runModel(named name: String, base: [(String, String)], seed: UInt64, arguments: [String]) -> Outcome {
        guard let model = findModel(name), let parsed = parseRunWords(arguments, seed: seed) else { return .failed }
        let session: any SimulationSession
        do {
            session = try model.start(model.resolve(base + parsed.settings), seed: parsed.seed, trace: .full)
        } catch {
            console.error(error.description)
            return .failed
        }
        // In slices, so Ctrl-C can stop a long run and still show what happened so far.
        var interrupted = false
        running: while !session.isFinished {
            for _ in 0..<4_096 where !session.step() { break running }
            if shouldStop() {
                interrupted = true
                break
            }
        }
        let run = session.finish()
        lastRun = run
        if interrupted {
            Interrupts.clear()
            console.warning(
                "interrupted at \(SimulationClock.seconds(run.endTime)) of virtual time; the results below cover the run so far."
            )
        }
        if run.traceTruncated && !parsed.display.json {
            console.warning(
                "the run is long: its trace keeps only the first \(run.trace.count) events, so the diagram and --json show its beginning; the metrics cover all of it."
            )
        }
        return show(run, display: parsed.display, changed: Set(parsed.settings.map(\.0)))
    }

    /// Prints a finished run as asked: JSON alone, or the report with any diagram and SVG.
    func show(_ run: SimulationRun, display: RunDisplay, changed: Set<String>) -> Outcome {
        if display.json {
            console.line(SimulationRunDocument(run).rendered())
        } else {
            report(run, changed: changed)
            drawViews(of: run, ascii: display.ascii || asciiOnly)
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
        if let path = display.svg {
            let written = writeSVG(of: run, window: display.window, to: path)
            return written && writeWaterfallSVG(of: run, besides: path) ? .ok : .failed
        }
        return .ok
    }

    /// The metrics table and the story of the run.
    func report(_ run: SimulationRun, changed: Set<String>) {
        let style = console.style
        let specs = registry.model(named: run.model)?.parameters ?? []
        // The model's own parameters always; the shared network and fault settings only when
        // they differ from the model's defaults, so a plain run is not a wall of `none`.
        let settings = run.parameters.values.compactMap { entry -> String? in
            let text = "\(entry.name)=\(entry.value)"
            if changed.contains(entry.name) { return style.bold(text) }
            if FaultVocabulary.names.contains(entry.name),
                let spec = specs.first(where: { $0.name == entry.name }), spec.defaultValue == entry.value,
                entry.name != "latency"
            {
                return nil
            }
            return text
        }
        console.line(style.accent("▶ \(run.model)") + style.dim(" seed=\(run.seed)"))
        for line in wrap(settings.joined(separator: " "), width: console.width - 2) { console.line("  " + line) }
        console.line()
        let docs = Dictionary(
            registry.model(named: run.model)?.metrics.map { ($0.name, $0.doc) } ?? [], uniquingKeysWith: { a, _ in a })
        // One line per metric: the meaning is cut to fit rather than wrapped, so the numbers
        // stay easy to scan down the column.
        let values = run.metrics.map { formatMetric($0.value) }
        let nameWidth = max(6, run.metrics.map(\.name.count).max() ?? 0)
        let valueWidth = max(5, values.map(\.count).max() ?? 0)
        let meaningWidth = max(10, console.width - nameWidth - valueWidth - 10)
        var table = TextTable(headers: ["metric", "value", "meaning"], alignments: [.left, .right, .left])
        for (metric, value) in zip(run.metrics, values) {
            table.addRow([metric.name, value, truncate(docs[metric.name] ?? "", width: meaningWidth)])
        }
        console.line(table.render(style: style, maxWidth: console.width))
        if let traffic = trafficLine(run) { console.line(traffic) }
        // A formula's run has no time line: its story is told without times.
        let computed = registry.model(named: run.model) is any ComputedModel
        printNarrative(run.narrative, timed: !computed)
        console.line(
            style.dim(
                computed
                    ? "worked out from a formula, not simulated · the same parameters give the same result"
                    : "simulated \(SimDuration.format(run.endTime)) · same seed, same run"))
    }

    /// Messages sent over the run as a sparkline, so bursts (an election, a retry storm) and
    /// silences (a partition) show at a glance.
    func trafficLine(_ run: SimulationRun) -> String? {
        let sends = run.trace.compactMap { event -> SimTime? in
            if case .send = event.kind { return event.time }
            return nil
        }
        guard sends.count >= 2, run.endTime > 0 else { return nil }
        let most = SimTime(max(8, min(60, console.width - 40)))
        // A round width per bar (1, 2 or 5 times a power of ten microseconds), so the label reads
        // "500ms per bar", not "329.381ms".
        let rough = max(1, (run.endTime + most - 1) / most)
        var binWidth: SimTime = 1
        var power: SimTime = 1
        search: while power < SimTime.max / 10 {
            for multiple: SimTime in [1, 2, 5] where multiple * power >= rough {
                binWidth = multiple * power
                break search
            }
            power *= 10
        }
        let bins = Int((run.endTime + binWidth - 1) / binWidth)
        var counts = Array(repeating: 0.0, count: max(1, bins))
        for time in sends { counts[min(counts.count - 1, Int(time / binWidth))] += 1 }
        let peak = Int(counts.max() ?? 0)
        return "messages " + Sparkline.render(counts)
            + console.style.dim("  \(SimDuration.format(binWidth)) per bar, at most \(peak)")
    }

    func printNarrative(_ narrative: [NarrativeLine], timed: Bool = true) {
        guard !narrative.isEmpty else { return }
        let style = console.style
        console.line()
        console.line(style.bold(timed ? "What happened" : "What it shows"))
        let times = narrative.map { timed ? SimulationClock.seconds($0.time) : "" }
        let timeWidth = times.map(\.count).max() ?? 0
        for (line, time) in zip(narrative, times) {
            let body = wrap(line.text, width: max(20, console.width - timeWidth - 2))
            for (index, part) in body.enumerated() {
                let margin =
                    index == 0
                    ? style.dim(time.leftPadded(to: timeWidth)) : String(repeating: " ", count: timeWidth)
                console.line(margin + "  " + part)
            }
        }
    }
}

/// Whole numbers plainly, fractions to three places: what a learner can compare at a glance.
func formatMetric(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.3f", value)
}
