import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The built `quorum` binary, run as a learner or a script would run it.
enum Quorum {
    /// SwiftPM puts the test bundle and the executable in the same build folder.
    static var binary: String {
        let tests =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: tests).deletingLastPathComponent().appendingPathComponent("quorum").path
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var fixtureCourse: String { repository.appendingPathComponent("Tests/Fixtures/course").path }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs quorum to completion with `input` on standard input.
    static func run(_ arguments: [String], input: String = "", home: String, extraEnvironment: [String: String] = [:])
        throws -> Result
    {
        let process = RunningQuorum(arguments, home: home, extraEnvironment: extraEnvironment)
        try process.start()
        process.write(input)
        process.closeInput()
        return process.wait()
    }
}

/// A quorum process whose output can be watched while it runs.
final class RunningQuorum: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let outputPipe = Pipe()
    private let errorPipe = Pipe()
    private let lock = NSLock()
    private var output = Data()
    private var error = Data()

    init(_ arguments: [String], home: String, extraEnvironment: [String: String] = [:]) {
        process.executableURL = URL(fileURLWithPath: Quorum.binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["QUORUM_HOME"] = home
        environment.removeValue(forKey: "QUORUM_COURSE")
        for (key, value) in extraEnvironment { environment[key] = value }
        process.environment = environment
        process.standardInput = input
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        outputPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.output.append(data) }
        }
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.error.append(data) }
        }
    }

    func start() throws {
        try process.run()
    }

    func write(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    var outputSoFar: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    /// Waits until the output contains `text`; false if the process ended or 60 s went by first.
    func waitForOutput(containing text: String) -> Bool {
        for _ in 0..<6_000 {
            if outputSoFar.contains(text) { return true }
            if !process.isRunning { return outputSoFar.contains(text) }
            usleep(10_000)
        }
        return false
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func wait() -> Quorum.Result {
        process.waitUntilExit()
        outputPipe.fileHandleForReading.readabilityHandler = nil
        errorPipe.fileHandleForReading.readabilityHandler = nil
        let restOut = outputPipe.fileHandleForReading.readDataToEndOfFile()
        let restErr = errorPipe.fileHandleForReading.readDataToEndOfFile()
        return lock.withLock {
            output.append(restOut)
            error.append(restErr)
            return Quorum.Result(
                status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
                error: String(decoding: error, as: UTF8.self))
        }
    }
}

func temporaryHome() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("quorum-e2e-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
