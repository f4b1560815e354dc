#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One of the learner's nodes: a child process with its stdin, stdout and stderr on pipes.
///
/// The child leads its own process group, so a node that starts helpers of its own (a shell
/// script that runs `python3`, say) is stopped as a whole, and Ctrl-C at the terminal reaches
/// quorum alone, which then stops every node itself. Every descriptor is non-blocking: a node
/// that stops reading its input must not stall the run, so what it has not read waits in
/// `pendingInput`.
final class NodeProcess {
    let id: String
    let pid: pid_t
    private(set) var stdinFD: Int32
    private(set) var stdoutFD: Int32
    private(set) var stderrFD: Int32

    /// Bytes written for the node that it has not read yet.
    private var pendingInput: [UInt8] = []
    private var pendingOffset = 0
    /// The start of a stdout line whose newline has not come yet.
    private var partialLine: [UInt8] = []
    /// Lines of stdout read so far, for diagnostics that name the line.
    private(set) var stdoutLines = 0
    /// How the process ended, once it has been reaped.
    private(set) var exit: ExitStatus?

    /// A line longer than this is a bug (or binary output), not a message.
    static let maximumLineBytes = 4 << 20

    enum ExitStatus: Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exited with status \(code)"
            case .signalled(let signal): "was killed by signal \(signal)\(Self.signalName(signal))"
            }
        }

        private static func signalName(_ signal: Int32) -> String {
            switch signal {
            case SIGKILL: " (SIGKILL)"
            case SIGTERM: " (SIGTERM)"
            case SIGSEGV: " (SIGSEGV: a crash)"
            case SIGABRT: " (SIGABRT: an abort)"
            case SIGPIPE: " (SIGPIPE)"
            case SIGINT: " (SIGINT)"
            default: ""
            }
        }
    }

    struct SpawnError: Error {
        var message: String
    }

    private init(id: String, pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32) {
        self.id = id
        self.pid = pid
        stdinFD = stdin
        stdoutFD = stdout
        stderrFD = stderr
    }

    /// Starts `path` with no arguments (as Maelstrom does), in the working directory.
    static func spawn(id: String, path: String) throws(SpawnError) -> NodeProcess {
        var input: [Int32] = [-1, -1]
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard makePipe(&input) else { throw SpawnError(message: "cannot make a pipe: \(errnoText())") }
        guard makePipe(&output) else {
            closeAll(input)
            throw SpawnError(message: "cannot make a pipe: \(errnoText())")
        }
        guard makePipe(&errors) else {
            closeAll(input + output)
            throw SpawnError(message: "cannot make a pipe: \(errnoText())")
        }

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
        // dup2 clears close-on-exec on the copy, so only these three reach the node.
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, output[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errors[1], STDERR_FILENO)
        Self.closeOtherDescriptors(&actions)
        posix_spawnattr_setpgroup(&attributes, 0)
        // quorum ignores SIGPIPE and catches SIGINT; a node starts with the defaults.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signalNumber in [SIGINT, SIGQUIT, SIGPIPE, SIGTERM] { sigaddset(&defaults, signalNumber) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { free(argv[0]) }
        var pid = pid_t()
        var result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        // "Text file busy": another thread's child briefly holds the file open for writing (a
        // test writing scripts while others spawn); it passes within milliseconds.
        var attempts = 0
        while result == ETXTBSY, attempts < 50 {
            attempts += 1
            usleep(10_000)
            result = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        }
        close(input[0])
        close(output[1])
        close(errors[1])
        guard result == 0 else {
            closeAll([input[1], output[0], errors[0]])
            throw SpawnError(message: "cannot start \(path): \(String(cString: strerror(result)))")
        }
        for fd in [input[1], output[0], errors[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        return NodeProcess(id: id, pid: pid, stdin: input[1], stdout: output[0], stderr: errors[0])
    }

    // MARK: - Input

    var hasPendingInput: Bool { pendingOffset < pendingInput.count }

    /// Queues `line` and a newline for the node, and writes what the pipe takes now.
    func send(_ line: String) {
        guard stdinFD >= 0 else { return }
        pendingInput.append(contentsOf: line.utf8)
        pendingInput.append(UInt8(ascii: "\n"))
        flushInput()
    }

    /// Writes queued input until the pipe is full. A node that has exited takes nothing more.
    func flushInput() {
        while stdinFD >= 0, pendingOffset < pendingInput.count {
            let written = pendingInput[pendingOffset...].withUnsafeBytes { buffer in
                write(stdinFD, buffer.baseAddress, buffer.count)
            }
            if written > 0 {
                pendingOffset += written
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                break
            } else {
                // EPIPE: the node closed its input (SIGPIPE is ignored while a lab runs).
                closeInput()
                return
            }
        }
        if pendingOffset == pendingInput.count {
            pendingInput.removeAll(keepingCapacity: true)
            pendingOffset = 0
        } else if pendingOffset > 1 << 16 {
            pendingInput.removeFirst(pendingOffset)
            pendingOffset = 0
        }
    }

    /// Closes the node's stdin: a well-behaved node exits when it reads end of file.
    func closeInput() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
        pendingInput = []
        pendingOffset = 0
    }

    // MARK: - Output

    enum Read {
        /// Complete lines (without newlines), each with its 1-based line number.
        case lines([(number: Int, bytes: ArraySlice<UInt8>)])
        /// The node closed its stdout (it exited, or closed it itself).
        case closed
        /// A line grew past `maximumLineBytes` without a newline.
        case tooLong(number: Int)
    }

    /// Reads whatever stdout has ready; call when poll says it is readable.
    func readStdout() -> Read {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        while stdoutFD >= 0 {
            let count = buffer.withUnsafeMutableBytes { read(stdoutFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { break }  // EAGAIN: nothing more for now
            if count == 0 {
                close(stdoutFD)
                stdoutFD = -1
                if !partialLine.isEmpty {
                    // A last line without its newline still counts.
                    stdoutLines += 1
                    lines.append((stdoutLines, partialLine[...]))
                    partialLine = []
                }
                return lines.isEmpty ? .closed : .lines(lines)
            }
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                var line = partialLine
                line.append(contentsOf: buffer[start..<index])
                partialLine = []
                start = index + 1
                stdoutLines += 1
                lines.append((stdoutLines, line[...]))
            }
            partialLine.append(contentsOf: buffer[start..<count])
            if partialLine.count > Self.maximumLineBytes { return .tooLong(number: stdoutLines + 1) }
        }
        return .lines(lines)
    }

    var stdoutIsOpen: Bool { stdoutFD >= 0 }
    var stderrIsOpen: Bool { stderrFD >= 0 }

    /// Reads whatever stderr has ready; nil once it is closed.
    func readStderr() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var collected: [UInt8] = []
        while stderrFD >= 0 {
            let count = buffer.withUnsafeMutableBytes { read(stderrFD, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count < 0 { break }
            if count == 0 {
                close(stderrFD)
                stderrFD = -1
                return collected.isEmpty ? nil : collected
            }
            collected.append(contentsOf: buffer[0..<count])
        }
        return collected
    }

    // MARK: - Ending

    /// Reaps the process if it has exited; true once it has.
    @discardableResult
    func reapIfExited() -> Bool {
        if exit != nil { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return false }
        exit = Self.decode(status)
        // Anything the node started in its group goes with it.
        killpg(pid, SIGKILL)
        return true
    }

    /// Sends `signal` to the node's whole process group.
    func signalGroup(_ signal: Int32) {
        if exit == nil { killpg(pid, signal) }
    }

    /// Kills the node's process group and waits for the node; for a node that would not stop.
    func kill() {
        guard exit == nil else { return }
        killpg(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        exit = Self.decode(status)
    }

    /// Closes stdout and stderr (after their last bytes were read).
    func closeOutputs() {
        if stdoutFD >= 0 { close(stdoutFD) }
        if stderrFD >= 0 { close(stderrFD) }
        stdoutFD = -1
        stderrFD = -1
    }

    private static func decode(_ status: Int32) -> ExitStatus {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
    }

    /// Asks the spawn to close every descriptor above stderr in the node, so no node holds
    /// quorum's files (or, in a test process, another thread's half-written script) open.
    /// glibc has had `posix_spawn_file_actions_addclosefrom_np` since 2.34, but its header hides it
    /// from Swift, so it is looked up at run time; without it only close-on-exec protects.
    private static func closeOtherDescriptors(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
    }

    /// A pipe whose ends close on exec, so no node inherits another's (which would keep a
    /// pipe open after its node exits). quorum starts nodes from one thread, so nothing can
    /// exec between `pipe` and `fcntl`.
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func closeAll(_ fds: [Int32]) {
        for fd in fds where fd >= 0 { close(fd) }
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }
