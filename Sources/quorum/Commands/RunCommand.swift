import ArgumentParser

struct RunCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the current step's simulation, optionally with changed parameters.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var display: RunDisplayOptions
    @Argument(help: "Parameter changes, like loss=0.3 or seed=8.") var assignments: [String] = []
    var words: [String] { ["run"] + assignments + display.words }
}
