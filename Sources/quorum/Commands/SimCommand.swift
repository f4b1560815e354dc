import ArgumentParser

struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Any simulation model, outside lessons.",
        subcommands: [List.self, Info.self, Run.self, Step.self, Sweep.self])

    struct List: ShellCommand {
        static let configuration = CommandConfiguration(abstract: "Name every model.")
        @OptionGroup var global: GlobalOptions
        var words: [String] { ["sim", "list"] }
    }

    struct Info: ShellCommand {
        static let configuration = CommandConfiguration(abstract: "A model's parameters and metrics.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model, as `quorum sim list` names it.") var model: String
        var words: [String] { ["sim", "info", model] }
    }

    struct Run: ShellCommand {
        static let configuration = CommandConfiguration(abstract: "Run a model.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var display: RunDisplayOptions
        @Argument(help: "The model, as `quorum sim list` names it.") var model: String
        @Argument(help: "Parameter settings, like loss=0.3 or seed=8.") var assignments: [String] = []
        var words: [String] { ["sim", "run", model] + assignments + display.words }
    }

    struct Step: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Step through a run event by event, injecting faults (commands are read from standard input).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var display: RunDisplayOptions
        @Argument(help: "The model, as `quorum sim list` names it.") var model: String
        @Argument(help: "Parameter settings, like loss=0.3 or seed=8.") var assignments: [String] = []
        var words: [String] { ["sim", "step", model] + assignments + display.words }
    }

    struct Sweep: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a model over many seeds or parameter values: a table and a histogram (or CDF).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Chart the cumulative distribution instead of a histogram.") var cdf = false
        @Argument(help: "The model, as `quorum sim list` names it.") var model: String
        @Argument(help: "Settings: param=a,b,c to sweep values, trials=N, metric=M, seed=S.")
        var assignments: [String] = []
        var words: [String] { ["sim", "sweep", model] + assignments + (cdf ? ["--cdf"] : []) }
    }
}

struct DiagramCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagram",
        abstract: "Draw the last run as a space-time diagram (in the shell; from scripts use `sim run --diagram`).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A window like 1s..2s, --ascii, --svg FILE.") var arguments: [String] = []
    var words: [String] { ["diagram"] + arguments }
}

struct TimelineCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: "Draw each node's role over the last run (in the shell; from scripts use `sim run --timeline`).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Draw with ASCII characters only.") var ascii = false
    var words: [String] { ["timeline"] + (ascii ? ["--ascii"] : []) }
}
