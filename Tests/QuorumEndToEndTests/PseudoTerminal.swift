import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// quorum running on a pseudo-terminal, so libedit edits lines and completes on Tab exactly as
/// it does for a person.
final class PseudoTerminal {
    private let master: Int32
    private let process = Process()
    private var hungUp = false
    private var session: pid_t = -1
    private(set) var screen = ""

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String], home: String) throws {
        // posix_openpt and friends are hidden behind _XOPEN_SOURCE in Swift's Glibc module, so
        // this does what they do on Linux: open the multiplexer, unlock the new terminal, ask
        // its number. The two request codes are Linux's (asm-generic/ioctls.h).
        let getNumber: UInt = 0x8004_5430  // TIOCGPTN
        let setLock: UInt = 0x4004_5431  // TIOCSPTLCK
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal available")
        }
        let slavePath = "/dev/pts/\(number)"
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(description: "cannot open \(slavePath)") }
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: true)

        // Foundation reaps the children it starts and would steal the exit status of one we
        // spawned ourselves, so quorum starts through Process too, under util-linux's setsid:
        // a new session whose controlling terminal is this one (-c), so Ctrl-C reaches quorum as
        // SIGINT, and whose exit status is quorum's (-w).
        var environment = ProcessInfo.processInfo.environment
        environment["QUORUM_HOME"] = home
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "QUORUM_COURSE")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["-c", "-w", Quorum.binary] + arguments
        process.environment = environment
        process.standardInput = terminal
        process.standardOutput = terminal
        process.standardError = terminal
        try process.run()
        try terminal.close()
    }

    /// Closes our side, as closing a terminal window or dropping an ssh connection does.
    func hangUp() {
        guard !hungUp else { return }
        hungUp = true
        session = tcgetsid(master)
        close(master)
    }

    deinit {
        // quorum leads the session this terminal controls, so the session id is its pid (setsid
        // may have forked it off). Hang up, then make sure it is gone: no test leaves a child.
        hangUp()
        for _ in 0..<100 where process.isRunning { usleep(20_000) }
        if process.isRunning {
            if session > 0 { Glibc.kill(session, SIGKILL) }
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    func type(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { buffer in
            Glibc.write(master, buffer.baseAddress, buffer.count - 1)
        }
    }

    /// How much the terminal has shown so far, to look only at what comes after it.
    var mark: Int { screen.utf8.count }

    /// Reads the terminal until `text` shows up after `offset`; false after 60 s without it.
    @discardableResult
    func waitFor(_ text: String, after offset: Int = 0, seconds: Double = 60) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<max(1, Int(seconds * 10)) {
            if screenContains(text, after: offset) { return true }
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count <= 0 { return screenContains(text, after: offset) }
                screen += String(decoding: buffer[0..<count], as: UTF8.self)
            }
        }
        return screenContains(text, after: offset)
    }

    /// What the terminal showed after `offset`.
    func screen(after offset: Int) -> String {
        String(decoding: screen.utf8.dropFirst(offset), as: UTF8.self)
    }

    private func screenContains(_ text: String, after offset: Int) -> Bool {
        screen(after: offset).contains(text)
    }

    /// Whether the process ends within `seconds`.
    func hasExited(within seconds: Double) -> Bool {
        exitStatus(within: seconds) != nil
    }

    /// Waits for the process to end; its exit status, or nil if it had not ended in time.
    func exitStatus(within seconds: Double = 60) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<max(1, Int(seconds * 10)) {
            if !process.isRunning { return process.terminationStatus }
            if hungUp {
                usleep(100_000)
                continue
            }
            // Keep draining the terminal so the child never blocks writing to it.
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 {
                    screen += String(decoding: buffer[0..<count], as: UTF8.self)
                } else {
                    usleep(100_000)
                }
            }
        }
        return nil
    }
}
