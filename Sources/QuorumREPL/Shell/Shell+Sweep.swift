import Foundation
import QuorumModels
import QuorumSim
import QuorumTerminal

extension Shell {
    static let sweepUsage = "param=a,b,c ... [trials=N] [metric=M] [seed=S] [--cdf]"

    /// `sim sweep <model> param=a,b ... trials=N metric=M`: many runs, one table, one chart.
    ///
    /// Every combination of the listed values is run with seeds `seed`, `seed+1`, ... (`trials`
    /// of them); the table gives the metric's mean, median, 99th percentile, min and max for
    /// each combination. Ctrl-C stops it and shows what has been gathered.
    func sweep(named name: String, arguments: [String]) -> Outcome {
        guard let model = findModel(name) else { return .failed }
        let cdf = arguments.contains("--cdf")
        let words = arguments.filter { $0 != "--cdf" }
        if let option = words.first(where: { $0.hasPrefix("--") }) {
            console.error("unknown option '\(option)'; a sweep takes " + Self.sweepUsage)
            return .failed
        }
        let assignments: [(String, String)]
        do {
            assignments = try parseAssignments(words)
        } catch {
            console.error(error.description)
            return .failed
        }
        var trials = 20
        var metric = model.metrics.first?.name ?? ""
        var seed: UInt64 = 1
        var axes: [(name: String, values: [String])] = []
        for (key, value) in assignments {
            switch key {
            case "trials":
                guard let number = Int(value), (1...10_000).contains(number) else {
                    console.error("invalid value '\(value)' for 'trials': expected a whole number from 1 to 10000")
                    return .failed
                }
                trials = number
            case "metric":
                guard model.metrics.contains(where: { $0.name == value }) else {
                    let names = model.metrics.map(\.name)
                    let hint =
                        closestMatch(to: value, in: names).map { " (did you mean '\($0)'?)" }
                        ?? " (it reports \(names.joined(separator: ", ")))"
                    console.error("model '\(model.name)' reports no metric '\(value)'\(hint)")
                    return .failed
                }
                metric = value
            case "seed":
                guard let number = UInt64(value) else {
                    console.error("invalid value '\(value)' for 'seed': expected a whole number from 0 up")
                    return .failed
                }
                seed = number
            default:
                guard let values = sweepValues(key, value, model: model) else { return .failed }
                axes.append((key, values))
            }
        }
        let settings = axes.reduce([[(String, String)]()]) { partial, axis in
            partial.flatMap { prefix in axis.values.map { prefix + [(axis.name, $0)] } }
        }
        guard settings.count * trials <= 200_000 else {
            console.error(
                "that is \(settings.count) settings × \(trials) trials = \(settings.count * trials) runs; keep it under 200000"
            )
            return .failed
        }
        // Check every setting before running any, so a bad combination fails at once.
        for setting in settings {
            do {
                _ = try model.start(model.resolve(setting), seed: seed, trace: .off)
            } catch {
                console.error(error.description)
                return .failed
            }
        }
        var results: [(label: String, values: [Double])] = []
        var interrupted = false
        let total = settings.count * trials
        var done = 0
        sweeping: for setting in settings {
            let label = setting.isEmpty ? "defaults" : setting.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            var values: [Double] = []
            for trial in 0..<trials {
                if shouldStop() {
                    interrupted = true
                    if !values.isEmpty { results.append((label, values)) }
                    break sweeping
                }
                if reader.isInteractive, done % max(1, total / 100) == 0 {
                    console.progress(
                        "sweeping \(model.name): \(done)/\(total) runs (Ctrl-C stops and keeps what is done)")
                }
                if let run = try? model.run(model.resolve(setting), seed: seed &+ UInt64(trial), trace: .off),
                    let value = run.metric(metric)
                {
                    values.append(value)
                }
                done += 1
            }
            results.append((label, values))
        }
        if reader.isInteractive { console.clearProgress() }
        Interrupts.clear()
        printSweep(model: model.name, metric: metric, trials: trials, seed: seed, results: results, cdf: cdf)
        if interrupted {
            console.warning("interrupted: \(done) of \(total) runs are in the table above.")
        }
        return .ok
    }

    /// The values of one swept parameter: the whole text if it is one valid value (a partition
    /// like `n1,n2|n3` has commas of its own), else its comma-separated parts, each checked.
    private func sweepValues(_ name: String, _ text: String, model: any SimulationModel) -> [String]? {
        guard let spec = model.parameters.first(where: { $0.name == name }) else {
            var message = "unknown parameter '\(name)' for model '\(model.name)'"
            let names = model.parameters.map(\.name) + ["trials", "metric", "seed"]
            if let suggestion = closestMatch(to: name, in: names) { message += " (did you mean '\(suggestion)'?)" }
            console.error(message)
            return nil
        }
        if (try? spec.parse(text)) != nil { return [text] }
        var parts: [String] = []
        var depth = 0
        var current = ""
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        for part in parts {
            do {
                _ = try spec.parse(part)
            } catch {
                console.error(error.description)
                return nil
            }
        }
        return parts
    }

    private func printSweep(
        model: String, metric: String, trials: Int, seed: UInt64, results: [(label: String, values: [Double])],
        cdf: Bool
    ) {
        let style = console.style
        console.line(
            style.accent("▶ sweep \(model)") + style.dim(" metric=\(metric) trials=\(trials) seeds \(seed)…"))
        var table = TextTable(
            headers: ["setting", "runs", "mean", "p50", "p99", "min", "max"],
            alignments: [.left, .right, .right, .right, .right, .right, .right])
        for result in results {
            let sorted = result.values.sorted()
            guard !sorted.isEmpty else {
                table.addRow([result.label, "0", "-", "-", "-", "-", "-"])
                continue
            }
            let mean = sorted.reduce(0, +) / Double(sorted.count)
            table.addRow([
                result.label, String(sorted.count), formatMetric(mean), formatMetric(nearestRank(sorted, 0.5)),
                formatMetric(nearestRank(sorted, 0.99)), formatMetric(sorted[0]),
                formatMetric(sorted[sorted.count - 1]),
            ])
        }
        console.line(table.render(style: style, maxWidth: console.width))
        let ascii = ProcessInfo.processInfo.environment["TERM"] == "dumb"
        for result in results.prefix(4) where result.values.count > 1 {
            console.line()
            console.line(style.bold(results.count > 1 ? result.label : "\(metric) over \(result.values.count) runs"))
            let chart =
                cdf
                ? CDFChart.render(result.values, width: console.width, height: 10, style: style, ascii: ascii)
                : Histogram.render(result.values, bins: 10, width: console.width, style: style, ascii: ascii)
            for line in chart { console.line(line) }
        }
        if results.count > 4 {
            console.line(style.dim("charts for the first 4 settings; sweep fewer values to see the others"))
        }
    }
}

/// The nearest-rank percentile of sorted values.
func nearestRank(_ sorted: [Double], _ fraction: Double) -> Double {
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(sorted.count - 1, max(0, rank - 1))]
}
