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
    /// or `cat`, or when the pager cannot start (including a shell reporting the command as not
    /// found or not executable); the caller then prints the text itself. Blocks until the pager
    /// exits; the learner quitting it early is not an error. Flushes stdout first, so what was
    /// printed before appears before the pager.
    public static func show(_ text: String, environment: [String: String]) -> Bool {
        show(text, environment: environment, stdoutIsTerminal: TerminalEnvironment.isTerminal(STDOUT_FILENO))
    }

    static func show(_ text: String, environment: [String: String], stdoutIsTerminal: Bool) -> Bool {
        guard stdoutIsTerminal else { return false }
        let command = trimmed(environment["PAGER"] ?? defaultCommand)
        guard !command.isEmpty, command != "cat" else { return false }
        fflush(nil)

        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return false }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        // Close-on-exec keeps the write end out of the pager, or it would never see end of input;
        // the read end becomes the pager's stdin through dup2, which clears the flag.
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        let child = spawn(command, stdin: readEnd)
        close(readEnd)
        guard let child else {
            close(writeEnd)
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
        writeAll(text, to: writeEnd)
        close(writeEnd)

        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1, errno == EINTR {}
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        // 126 and 127 are the shell saying the pager could not be run; nothing was shown.
        return !(exited && (code == 126 || code == 127))
    }

    /// Starts the pager in this process's group, so it is in the terminal's foreground group and
    /// may read keys and change terminal modes (a pager in a group of its own is stopped by
    /// SIGTTOU/SIGTTIN the moment it does). A plain command is run directly, as git does, so
    /// Ctrl-C reaches the pager and not a shell around it; anything needing a shell runs under
    /// `sh -c`.
    private static func spawn(_ command: String, stdin input: Int32) -> pid_t? {
        let arguments: [String]
        let searchPath: Bool
        if command.allSatisfy({ $0 == " " || ($0.isASCII && ($0.isLetter || $0.isNumber || "-_./,:+@".contains($0))) })
        {
            arguments = command.split(separator: " ").map(String.init)
            searchPath = true
        } else {
            arguments = ["/bin/sh", "-c", command]
            searchPath = false
        }
        guard let program = arguments.first else { return nil }

        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)

        // The shell may be ignoring Ctrl-C or SIGPIPE itself; the pager must not inherit that.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGQUIT, SIGPIPE] {
            sigaddset(&defaults, signalNumber)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer {
            for argument in argv {
                free(argument)
            }
        }
        var pid = pid_t()
        let result =
            searchPath
            ? posix_spawnp(&pid, program, &actions, &attributes, argv, environ)
            : posix_spawn(&pid, program, &actions, &attributes, argv, environ)
        return result == 0 ? pid : nil
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

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
