import ArgumentParser
import Foundation
import QuorumREPL

/// `quorum` with no command opens the shell; every shell command is also a subcommand.
@main
struct Quorum: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quorum",
        abstract: "An interactive distributed-systems course in your terminal.",
        discussion: """
            With no command, quorum opens its shell: type `lessons` to see the course and \
            `learn <lesson>` to start. Every shell command also works from the command line, \
            for scripts: `quorum lessons`, `quorum quiz <lesson>`, `quorum lint lessons`.
            """,
        version: QuorumVersion.current,
        subcommands: [
            LessonsCommand.self, LearnCommand.self, NextCommand.self, BackCommand.self, StepCommand.self,
            StepsCommand.self, RunCommand.self, SimCommand.self, DiagramCommand.self, TimelineCommand.self,
            QuizCommand.self, ProgressCommand.self,
            ReviewCommand.self,
            DefineCommand.self, SearchCommand.self, LintCommand.self, HistoryCommand.self, LabCommand.self,
        ]
    )

    @OptionGroup var global: GlobalOptions

    /// Catches a mistyped subcommand before argument parsing, which would only call it an
    /// unexpected argument, and suggests the command that was probably meant.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let word = firstCommandWord(arguments) {
            let known = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
            if !known.contains(word) {
                var message = "quorum: unknown command '\(word)'"
                if let suggestion = CommandTable.suggestion(for: word), known.contains(suggestion) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                FileHandle.standardError.write(Data((message + ". `quorum --help` lists them.\n").utf8))
                Foundation.exit(64)
            }
        }
        main(arguments)
    }

    /// The first word that is neither an option nor the value of `--course`.
    private static func firstCommandWord(_ arguments: [String]) -> String? {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if word == "--course" {
                index += 2
                continue
            }
            if word.hasPrefix("-") {
                index += 1
                continue
            }
            return word
        }
        return nil
    }

    func run() throws {
        let status = ShellLauncher.runInteractive(global.launchOptions)
        if status != 0 { throw ExitCode(status) }
    }
}
