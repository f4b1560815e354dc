import ArgumentParser

struct NextCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "next", abstract: "Go to the next step of the lesson you last opened.")
    @OptionGroup var global: GlobalOptions
    var words: [String] { ["next"] }
}

struct BackCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "back", abstract: "Go back one step in the lesson you last opened.")
    @OptionGroup var global: GlobalOptions
    var words: [String] { ["back"] }
}

struct StepCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "step", abstract: "Jump to step n of the lesson you last opened.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The step's number, from 1.") var number: String
    var words: [String] { ["step", number] }
}

struct StepsCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "steps", abstract: "List the steps of the lesson you last opened.")
    @OptionGroup var global: GlobalOptions
    var words: [String] { ["steps"] }
}
