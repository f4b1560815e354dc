import Foundation
import QuorumTerminal

/// Where the shell's words go: standard output and error on a real run, a transcript in tests.
public final class Console {
    public enum Stream: Sendable { case output, error }

    public let style: TerminalStyle
    public let width: Int
    private let usePager: Bool
    private let environment: [String: String]
    private let sink: (Stream, String) -> Void

    public init(
        style: TerminalStyle, width: Int, usePager: Bool = false, environment: [String: String] = [:],
        sink: @escaping (Stream, String) -> Void
    ) {
        self.style = style
        self.width = width
        self.usePager = usePager
        self.environment = environment
        self.sink = sink
    }

    /// Writes to the process's standard output and error, unbuffered by anything of ours.
    public static func standard(style: TerminalStyle, width: Int, usePager: Bool, environment: [String: String])
        -> Console
    {
        Console(style: style, width: width, usePager: usePager, environment: environment) { stream, text in
            let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
            handle.write(Data(text.utf8))
        }
    }

    public func line(_ text: String = "") {
        sink(.output, text + "\n")
    }

    /// Prints a problem the learner must act on, on standard error.
    public func error(_ text: String) {
        sink(.error, style.error("error:") + " " + text + "\n")
    }

    public func warning(_ text: String) {
        sink(.error, style.warning("warning:") + " " + text + "\n")
    }

    /// A progress line on standard error that the next one overwrites; for terminals only.
    public func progress(_ text: String) {
        sink(.error, "\r\u{1B}[2K" + text)
    }

    /// Clears the progress line.
    public func clearProgress() {
        sink(.error, "\r\u{1B}[2K")
    }

    /// A compiler-style diagnostic (`file:line:col: error: ...` and its caret line), as given.
    public func diagnostic(_ text: String) {
        sink(.error, text + "\n")
    }

    /// A paragraph of plain prose, wrapped to the terminal.
    public func paragraph(_ text: String) {
        for line in wrap(text, width: width) { self.line(line) }
    }

    /// Long output: through the pager when the learner asked for one (`--pager`) on a terminal.
    public func page(_ text: String) {
        if usePager, Pager.show(text, environment: environment) { return }
        line(text)
    }
}
