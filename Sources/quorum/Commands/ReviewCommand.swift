import ArgumentParser

struct ReviewCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Answer the questions due for review (answers and ratings are read from standard input).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this lesson's cards.") var lesson: String?
    @Option(help: "At most this many cards.") var limit: Int?
    var words: [String] {
        ["review"] + (lesson.map { ["--lesson", $0] } ?? []) + (limit.map { ["--limit", String($0)] } ?? [])
    }
}
