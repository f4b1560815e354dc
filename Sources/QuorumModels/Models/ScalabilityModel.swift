import Foundation
import QuorumSim

/// Throughput against node count under Amdahl's law and Gunther's Universal Scalability Law.
///
/// USL: X(N) = λN / (1 + σ(N−1) + κN(N−1)). σ (contention) is the share of the work that waits
/// its turn for something shared; it caps the speedup at 1/σ, which is Amdahl's law (κ = 0). κ
/// (coherency) is what every pair of nodes pays to keep each other up to date; it grows with N²,
/// so past N* = sqrt((1−σ)/κ) each added node lowers throughput. A formula, so nothing to step.
public struct ScalabilityModel: ComputedModel {
    public let name = "scalability"
    public let summary = "Throughput against node count under Amdahl's law and the Universal Scalability Law."

    public let parameters: [ParameterSpec] = [
        ParameterSpec(
            "law", .choice(["usl", "amdahl"]), default: .choice("usl"),
            doc: "usl: X(N) = λN / (1 + σ(N−1) + κN(N−1)); amdahl: the same without κ."),
        ParameterSpec(
            "sigma", .double(0...1), default: .double(0.05),
            doc: "Contention σ: the share of the work that waits its turn for something shared (a lock, a leader)."),
        ParameterSpec(
            "kappa", .double(0...1), default: .double(0.002),
            doc: "Coherency κ: what each pair of nodes costs in keeping each other up to date (usl only)."),
        ParameterSpec(
            "lambda", .double(0.001...1_000_000_000), default: .double(1_000),
            doc: "Throughput λ of one node, in requests per second."),
        ParameterSpec(
            "max-nodes", .int(1...10_000), default: .int(64),
            doc: "The largest cluster to work out; the chart runs from 1 node to this."),
    ]

    public let metrics: [MetricSpec] = [
        MetricSpec(
            "peak-nodes",
            doc: "Nodes with the most throughput, up to max-nodes; more nodes than this lower it (amdahl: max-nodes)."),
        MetricSpec("peak-throughput", doc: "Throughput at peak-nodes, in requests per second."),
        MetricSpec("speedup-at-max", doc: "Throughput at max-nodes divided by one node's."),
    ]

    public init() {}

    /// X(N) for the law and parameters.
    static func throughput(nodes: Int, sigma: Double, kappa: Double, lambda: Double) -> Double {
        let n = Double(nodes)
        return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1))
    }

    public func compute(_ parameters: Parameters, seed: UInt64) throws(ParameterError) -> SimulationRun {
        let amdahl = parameters.choice("law") == "amdahl"
        let sigma = parameters.double("sigma")
        let kappa = amdahl ? 0 : parameters.double("kappa")
        let lambda = parameters.double("lambda")
        let maxNodes = parameters.int("max-nodes")
        let values = (1...maxNodes).map { Self.throughput(nodes: $0, sigma: sigma, kappa: kappa, lambda: lambda) }
        // The first node count with the most throughput: where adding nodes stops helping.
        var peak = 0
        for index in values.indices where values[index] > values[peak] { peak = index }
        let peakNodes = peak + 1
        let speedup = values[maxNodes - 1] / lambda

        var narrative = Narrative()
        for line in story(
            amdahl: amdahl, sigma: sigma, kappa: kappa, maxNodes: maxNodes, peakNodes: peakNodes,
            peakSpeedup: values[peak] / lambda, speedup: speedup)
        {
            narrative.add(0, line)
        }
        var run = SimulationRun(
            model: name, seed: seed, parameters: parameters,
            metrics: [
                ("peak-nodes", Double(peakNodes)), ("peak-throughput", values[peak]), ("speedup-at-max", speedup),
            ], narrative: narrative.lines(endingAt: 0), endTime: 0)
        let law = amdahl ? "Amdahl: σ=\(format(sigma))" : "USL: σ=\(format(sigma)), κ=\(format(kappa))"
        run.views = [
            .series(
                SeriesView(
                    title: "X(N), requests per second, for N = 1 to \(maxNodes) nodes (\(law), λ=\(format(lambda)))",
                    xName: "nodes", points: values.enumerated().map { SeriesPoint(x: Double($0 + 1), y: $1) },
                    marked: peak))
        ]
        return run
    }

    /// What the numbers say, in a few sentences.
    private func story(
        amdahl: Bool, sigma: Double, kappa: Double, maxNodes: Int, peakNodes: Int, peakSpeedup: Double,
        speedup: Double
    ) -> [String] {
        var lines: [String] = []
        if kappa == 0 {
            let growth =
                sigma > 0
                ? "each node adds throughput, less than the one before, never past 1/σ = \(decimal(1 / sigma)) times one node's."
                : "with σ = 0 nothing waits its turn, so every node adds as much as the first."
            lines.append((amdahl ? "Amdahl's law has no peak: " : "With κ = 0 there is no peak: ") + growth)
            lines.append(
                "At \(maxNodes) nodes the cluster does \(decimal(speedup)) times the work of one"
                    + (sigma > 0 ? ", \(percent(speedup * sigma)) of that ceiling." : "."))
            return lines
        }
        let best = (1 - sigma) / kappa
        let optimum = best.squareRoot()
        if peakNodes < maxNodes || optimum <= Double(maxNodes) {
            lines.append(
                "Throughput peaks at \(peakNodes) node\(peakNodes == 1 ? "" : "s") (sqrt((1−σ)/κ) = \(decimal(optimum))), "
                    + "\(decimal(peakSpeedup)) times one node's.")
            if peakNodes < maxNodes {
                lines.append(
                    "Past it every node added costs more in coordination than it brings: at \(maxNodes) nodes the "
                        + "cluster does \(decimal(speedup)) times the work of one.")
            }
        } else {
            lines.append(
                "The peak, at sqrt((1−σ)/κ) = \(decimal(optimum)) nodes, lies beyond max-nodes: at \(maxNodes) nodes "
                    + "throughput is still rising, \(decimal(speedup)) times one node's.")
        }
        return lines
    }

    private func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
    private func percent(_ fraction: Double) -> String { String(format: "%.0f%%", fraction * 100) }
}
