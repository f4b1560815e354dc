import ArgumentParser

struct ProgressCommand: ShellCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "What you have done, what is due, and where it is saved.",
        subcommands: [Export.self, Import.self, Reset.self])
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print the whole record as versioned JSON (see the README).") var json = false
    var words: [String] { ["progress"] + (json ? ["--json"] : []) }

    struct Export: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the whole record as versioned JSON (see the README).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The file to write (default: standard output).") var file: String?
        var words: [String] { ["progress", "export"] + (file.map { [$0] } ?? []) }
    }

    struct Import: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge an exported file: newer wins per lesson and card; nothing changes if it is refused.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A file written by `quorum progress export`.") var file: String
        var words: [String] { ["progress", "import", file] }
    }

    struct Reset: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget your progress, or one lesson's, after confirming.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this lesson.") var lesson: String?
        @Flag(help: "Do not ask for confirmation (for scripts).") var yes = false
        var words: [String] { ["progress", "reset"] + (lesson.map { [$0] } ?? []) + (yes ? ["--yes"] : []) }
    }
}
