import Foundation
import QuorumCheck
import QuorumLab

#if canImport(Glibc)
    import Glibc
#endif

/// Node programs for the lab's tests: the course's reference nodes and broken variants in
/// `lessons/labs/`, and small misbehaving ones written to a temporary folder.
enum LabFixtures {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// A node of the course, like `echo.py` or `broken/echo_wrong.py`.
    static func course(_ name: String) -> String {
        repository.appendingPathComponent("lessons/labs/\(name)").path
    }

    /// Writes `body` as an executable Python script in a fresh folder; its path.
    static func script(_ name: String, _ body: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("quorum-lab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        // Written with close-on-exec: a process another test starts meanwhile must not inherit
        // the script open for writing, or starting it fails with "text file busy".
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw CocoaError(.fileWriteUnknown) }
        let bytes = Array(("#!/usr/bin/env python3\n" + body).utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// The lines every small test node starts with: read a message, answer init.
    static let prelude = """
        import json, sys
        node = None
        def send(dest, body):
            print(json.dumps({"src": node, "dest": dest, "body": body}), flush=True)
        def messages():
            global node
            for line in sys.stdin:
                message = json.loads(line)
                body = message["body"]
                if body["type"] == "init":
                    node = body["node_id"]
                    send(message["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
                else:
                    yield message, body

        """

    /// Options for a short run: small timeouts so a broken node fails fast.
    static func options(
        _ workload: LabWorkloadKind, _ binary: String, nodes: Int = 3, seconds: Double = 1, rate: Double = 20
    ) -> LabOptions {
        var options = LabOptions(workload: workload, binary: binary)
        options.nodeCount = nodes
        options.timeLimit = seconds
        options.rate = rate
        options.initTimeout = 5
        options.clientTimeout = 3
        options.finalWait = 0.5
        options.convergenceLimit = 2
        options.exitGrace = 0.3
        return options
    }

    static func run(_ options: LabOptions, shouldStop: @escaping () -> Bool = { false }) -> LabResult {
        LabRunner(options: options, shouldStop: shouldStop).run()
    }
}

extension LabResult {
    /// Every finding's text, for failure messages.
    var explanation: String {
        findings.map { "\($0.verdict.rawValue) \($0.check): \($0.text)" }.joined(separator: "\n")
    }

    var problems: [LabFinding] { findings.filter { $0.verdict != .valid } }
}

/// Whether a process is gone: no such process, or a zombie nobody has reaped yet (after its
/// parent died, only init can reap it, and in a container that may take a while).
func processIsGone(_ pid: Int32) -> Bool {
    if kill(pid, 0) != 0 { return errno == ESRCH }
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = stat.lastIndex(of: ")")
    else { return true }
    return stat[stat.index(close, offsetBy: 2)] == "Z"
}

extension DataValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: DataValue...) { self = .vector(elements) }
}
