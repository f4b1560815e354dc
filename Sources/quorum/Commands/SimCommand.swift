import ArgumentParser

struct SimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim", abstract: "Any simulation model, outside lessons.",
        subcommands: [List.self, Info.self, Run.self])

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
        @Argument(help: "The model, as `quorum sim list` names it.") var model: String
        @Argument(help: "Parameter settings, like loss=0.3 or seed=8.") var assignments: [String] = []
        var words: [String] { ["sim", "run", model] + assignments }
    }
}
