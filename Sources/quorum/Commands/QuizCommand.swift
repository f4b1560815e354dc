import ArgumentParser

struct QuizCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "quiz", abstract: "Answer a lesson's questions (answers are read from standard input).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lesson (default: the current step of the lesson you last opened).") var lesson: String?
    var words: [String] { ["quiz"] + (lesson.map { [$0] } ?? []) }
}
