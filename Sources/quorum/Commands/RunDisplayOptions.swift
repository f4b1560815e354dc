import ArgumentParser

/// How a run is shown, shared by `run`, `sim run` and `sim step`; passed to the shell as words.
struct RunDisplayOptions: ParsableArguments {
    @Flag(help: "Print the run as one JSON object (model, seed, params, metrics, narrative, trace, history).")
    var json = false
    @Flag(help: "Draw the space-time diagram after the metrics.") var diagram = false
    @Flag(help: "Draw each node's role over time after the metrics.") var timeline = false
    @Option(help: "Draw only this stretch of time, like 1s..2s (implies --diagram).") var window: String?
    @Flag(help: "Draw with ASCII characters only.") var ascii = false
    @Option(help: "Also write the space-time diagram as an SVG file.") var svg: String?

    var words: [String] {
        var words: [String] = []
        if json { words.append("--json") }
        if diagram { words.append("--diagram") }
        if timeline { words.append("--timeline") }
        if let window { words += ["--window", window] }
        if ascii { words.append("--ascii") }
        if let svg { words += ["--svg", svg] }
        return words
    }
}
