import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumSim
import QuorumTerminal

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
        guard let verb = arguments.first else {
            console.error("usage: sim list | sim info <model> | sim run <model> [param=value ...]")
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
        case "run":
            guard let name = rest.first else {
                console.error("usage: sim run <model> [param=value ...] [seed=N]")
                return .failed
            }
            guard findModel(name) != nil else { return .failed }
            return runModel(named: name, base: [], seed: 1, arguments: Array(rest.dropFirst()))
        default:
            var message = "unknown sim command '\(verb)'"
            if let suggestion = closestMatch(to: verb, in: ["list", "info", "run"]) {
                message += " (did you mean 'sim \(suggestion)'?)"
            }
            console.error(message + "; it takes list, info or run.")
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
        for spec in model.parameters {
            parameters.addRow([spec.name, spec.defaultValue.description, spec.type.accepts, spec.doc])
        }
        parameters.addRow([
            "seed", "1", "a whole number", "Chooses the random numbers; the same seed gives the same run.",
        ])
        console.line(parameters.render(style: style, maxWidth: console.width))
        console.line()
        var metrics = TextTable(headers: ["metric", "meaning"])
        for metric in model.metrics { metrics.addRow([metric.name, metric.doc]) }
        console.line(metrics.render(style: style, maxWidth: console.width))
    }

    /// Runs a model with the lesson's parameters, then the learner's overrides on top.
    func runModel(named name: String, base: [(String, String)], seed: UInt64, arguments: [String]) -> Outcome {
        guard let model = findModel(name) else { return .failed }
        var overrides = base
        var seed = seed
        do {
            for (key, value) in try parseAssignments(arguments) {
                if key == "seed" {
                    guard let parsed = UInt64(value) else {
                        console.error("invalid value '\(value)' for 'seed': expected a whole number from 0 up")
                        return .failed
                    }
                    seed = parsed
                } else {
                    overrides.append((key, value))
                }
            }
            let run = try model.run(overrides: overrides, seed: seed)
            report(run, changed: Set(arguments.compactMap { $0.split(separator: "=").first.map(String.init) }))
            return .ok
        } catch {
            console.error(error.description)
            return .failed
        }
    }

    /// The metrics table and the story of the run.
    func report(_ run: SimulationRun, changed: Set<String>) {
        let style = console.style
        let settings = run.parameters.values.map { entry in
            let text = "\(entry.name)=\(entry.value)"
            return changed.contains(entry.name) ? style.bold(text) : text
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
        if !run.narrative.isEmpty {
            console.line()
            console.line(style.bold("What happened"))
            let times = run.narrative.map { String(format: "%.3fs", Double($0.time) / Double(SimDuration.second)) }
            let timeWidth = times.map(\.count).max() ?? 0
            for (line, time) in zip(run.narrative, times) {
                let body = wrap(line.text, width: max(20, console.width - timeWidth - 2))
                for (index, part) in body.enumerated() {
                    let margin =
                        index == 0
                        ? style.dim(time.leftPadded(to: timeWidth)) : String(repeating: " ", count: timeWidth)
                    console.line(margin + "  " + part)
                }
            }
        }
        console.line(style.dim("simulated \(SimDuration.format(run.endTime)) · same seed, same run"))
    }
}

/// Whole numbers plainly, fractions to three places: what a learner can compare at a glance.
func formatMetric(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return String(format: "%.3f", value)
}
