import ArgumentParser

struct LearnCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn", abstract: "Show a lesson at the step where you left it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lesson's id, as `quorum lessons` lists it.") var lesson: String
    var words: [String] { ["learn", lesson] }
}
