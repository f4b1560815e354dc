import ArgumentParser

struct DefineCommand: ShellCommand {
    static let configuration = CommandConfiguration(commandName: "define", abstract: "Look a term up in the glossary.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The term.") var term: [String]
    var words: [String] { ["define"] + term }
}

struct SearchCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Find words across every lesson and the glossary.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The words to find.") var terms: [String]
    var words: [String] { ["search"] + terms }
}

struct LintCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint", abstract: "Check a course folder; report every problem; fail if there is any error.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The course folder (default: the course quorum uses).") var directory: String?
    var words: [String] { ["lint"] + (directory.map { [$0] } ?? []) }
}
