/// What one read from the learner gave.
public enum LineInput: Equatable, Sendable {
    case line(String)
    /// Ctrl-C at the prompt: the line is cancelled, the shell goes on.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads the learner's lines: with libedit on a terminal, plainly otherwise.
public protocol LineReader: AnyObject {
    /// True when a person is typing at a terminal (prompts are shown, colour may be on).
    var isInteractive: Bool { get }
    func readLine(prompt: String) -> LineInput
    /// Remembers a command line for the up arrow and the history file.
    func remember(_ line: String)
}

/// Reads lines from standard input without editing, for pipes, files and tests.
public final class PlainLineReader: LineReader {
    public let isInteractive = false
    private var lines: (() -> String?)

    /// Reads standard input.
    public init() {
        lines = { Swift.readLine(strippingNewline: true) }
    }

    /// Reads the given lines, then reports the end of input (for scripted sessions in tests).
    public init(script: [String]) {
        var remaining = script[...]
        lines = { remaining.popFirst() }
    }

    public func readLine(prompt: String) -> LineInput {
        guard let line = lines() else { return .endOfInput }
        return .line(line)
    }

    public func remember(_ line: String) {}
}
