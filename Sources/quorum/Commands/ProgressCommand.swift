import ArgumentParser

struct ProgressCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "What you have done, and where it is saved.",
        subcommands: [Reset.self])
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the whole record as versioned JSON (see the README).") var json = false
    var words: [String] { ["progress"] + (json ? ["--json"] : []) }

    struct Reset: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget your progress, or one lesson's, after confirming.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this lesson.") var lesson: String?
        @Flag(help: "Do not ask for confirmation (for scripts).") var yes = false
        var words: [String] { ["progress", "reset"] + (lesson.map { [$0] } ?? []) + (yes ? ["--yes"] : []) }
    }
}
