import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shows long output a screen at a time.
public enum Pager {
    /// The pager used when `$PAGER` is unset: quit if it fits on one screen (`-F`), pass colour
    /// through (`-R`), and leave the text on screen afterwards (`-X`).
    public static let defaultCommand = "less -FRX"

    /// Pipes `text` through `$PAGER` (default `less -FRX`) when stdout is a terminal.
    ///
    /// Returns false, having shown nothing, when stdout is not a terminal, when `$PAGER` is empty
    /// or `cat`, or when the pager cannot start (including a shell that reports the command as not
    /// found or not executable); the caller then prints the text itself. Blocks until the pager
    /// exits. The learner quitting the pager early is not an error.
    public static func show(_ text: String, environment: [String: String]) -> Bool {
        show(text, environment: environment, stdoutIsTerminal: TerminalEnvironment.isTerminal(STDOUT_FILENO))
    }

    static func show(_ text: String, environment: [String: String], stdoutIsTerminal: Bool) -> Bool {
        guard stdoutIsTerminal else { return false }
        let command = (environment["PAGER"] ?? defaultCommand).trimmingCharacters(in: .whitespaces)
        guard !command.isEmpty, command != "cat" else { return false }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        do {
            try process.run()
        } catch {
            return false
        }

        // The pager owns the terminal now: Ctrl-C is its to handle, and if the learner quits
        // before reading everything, the write must fail with EPIPE instead of killing us.
        let previousInterrupt = signal(SIGINT, SIG_IGN)
        let previousPipe = signal(SIGPIPE, SIG_IGN)
        defer {
            signal(SIGINT, previousInterrupt)
            signal(SIGPIPE, previousPipe)
        }
        writeAll(text, to: input.fileHandleForWriting.fileDescriptor)
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()

        // 126 and 127 are the shell saying the pager could not be run; nothing was shown.
        let status = process.terminationStatus
        return !(process.terminationReason == .exit && (status == 126 || status == 127))
    }

    private static func writeAll(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        if bytes.last != UInt8(ascii: "\n") {
            bytes.append(UInt8(ascii: "\n"))
        }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                offset += written
            } else if written < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
