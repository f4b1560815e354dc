import ArgumentParser
import QuorumREPL

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .customLong("course"), help: "The course folder (default: $QUORUM_COURSE, then the installed course).")
    var courseDirectory: String?

    @Flag(name: .customLong("no-color"), help: "Never colour the output (NO_COLOR does the same).")
    var noColor = false

    @Flag(help: "Show long output through $PAGER.")
    var pager = false

    var launchOptions: LaunchOptions {
        LaunchOptions(courseDirectory: courseDirectory, noColor: noColor, pager: pager)
    }
}

/// A subcommand that runs one shell command: it only turns its arguments into the shell's words.
protocol ShellCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var words: [String] { get }
}

extension ShellCommand {
    func run() throws {
        let status = ShellLauncher.runCommand(words, global.launchOptions)
        if status != 0 { throw ExitCode(status) }
    }
}
