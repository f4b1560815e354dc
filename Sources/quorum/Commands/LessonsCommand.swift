import ArgumentParser

struct LessonsCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons", abstract: "The course by track, with your progress in each lesson.")
    @OptionGroup var global: GlobalOptions
    var words: [String] { ["lessons"] }
}
