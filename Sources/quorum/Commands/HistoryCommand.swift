import ArgumentParser

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Check recorded histories for linearizability.",
        subcommands: [Check.self])

    struct Check: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check history files (Jepsen log, EDN or JSON lines) and explain any violation.",
            discussion: """
                Exit code: 0 linearizable, 1 not linearizable, 2 unknown (the search timed out), \
                3 unreadable input; with several files, the worst of them.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "History files, or folders of them.") var files: [String]
        @Option(help: "The model: register, cas-register or kv (default: guessed from the history).")
        var model: String?
        @Option(help: "The format: jepsen, edn or json (default: detected).") var format: String?
        @Option(help: "Give up with 'unknown' after this many seconds per file (default 30).") var timeout: String?
        @Option(help: "Also draw the history's timeline as SVG into this file.") var svg: String?
        @Flag(help: "Print the verdicts, per-key results and explanation as JSON.") var json = false

        var words: [String] {
            var words = ["history", "check"] + files
            if let model { words += ["--model", model] }
            if let format { words += ["--format", format] }
            if let timeout { words += ["--timeout", timeout] }
            if let svg { words += ["--svg", svg] }
            if json { words.append("--json") }
            return words
        }
    }
}
