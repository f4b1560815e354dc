import Foundation
import QuorumModels

/// Reads `lab test`'s flags, Maelstrom's spelling: `-w echo --bin ./echo.py --node-count 3`.
/// Both `--flag value` and `--flag=value` work. Every bad value is refused with the flag's name,
/// what it got and what it takes, before anything starts.
public enum LabCommandLine {
    public static let usage =
        "lab test -w WORKLOAD --bin PATH [--node-count N] [--time-limit S] [--rate R] [--concurrency N|Kn] "
        + "[--latency MS] [--latency-dist constant|uniform|exponential] [--loss P] [--nemesis partition] "
        + "[--nemesis-interval S] [--topology T] [--availability total|F] [--key-count N] [--seed N] "
        + "[--log-stderr] [--diagram] [--window 1s..2s] [--ascii] [--svg FILE] [--json]"

    /// Flags that take no value.
    static let switches: Set<String> = ["--log-stderr"]
    static let valued = [
        "-w", "--workload", "--bin", "--node-count", "--time-limit", "--rate", "--concurrency", "--latency",
        "--latency-dist", "--loss", "--nemesis", "--nemesis-interval", "--topology", "--availability", "--key-count",
        "--seed",
    ]
    public static var flags: [String] { valued + switches.sorted() }

    /// The options `words` ask for, with `--bin` checked on disk relative to `directory`.
    ///
    /// A relative `--bin` missing from `directory` is looked for in `fallback` too: the folder
    /// that holds the course, so a lesson's `--bin lessons/labs/echo.py` works from anywhere.
    public static func parse(
        _ words: [String], directory: String = FileManager.default.currentDirectoryPath, fallback: String? = nil
    ) throws(LabUsageError) -> LabOptions {
        var values: [String: String] = [:]
        var logStderr = false
        var index = 0
        while index < words.count {
            let word = words[index]
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            let name = parts[0]
            if switches.contains(name), parts.count == 1 {
                logStderr = true
            } else if valued.contains(name) {
                let value: String
                if parts.count == 2 {
                    value = parts[1]
                } else {
                    index += 1
                    guard index < words.count else { throw LabUsageError("\(name) needs a value. usage: \(usage)") }
                    value = words[index]
                }
                values[name == "-w" ? "--workload" : name] = value
            } else if word.hasPrefix("-") {
                var message = "unknown option '\(word)'"
                // The shell takes the display flags before these words reach here.
                let display = ["--diagram", "--timeline", "--window", "--ascii", "--svg", "--json"]
                if let close = closestMatch(to: name, in: flags + display) { message += " (did you mean '\(close)'?)" }
                throw LabUsageError(message + ". usage: \(usage)")
            } else {
                throw LabUsageError("unexpected '\(word)'; every setting is a flag. usage: \(usage)")
            }
            index += 1
        }

        guard let workloadName = values["--workload"] else {
            throw LabUsageError(
                "which workload? Give -w with one of \(workloadNames). usage: \(usage)")
        }
        guard let workload = LabWorkloadKind(rawValue: workloadName) else {
            var message = "unknown workload '\(workloadName)'"
            if let close = closestMatch(to: workloadName, in: LabWorkloadKind.allCases.map(\.rawValue)) {
                message += " (did you mean '\(close)'?)"
            }
            throw LabUsageError(message + "; the workloads are \(workloadNames).")
        }
        guard let binary = values["--bin"] else {
            throw LabUsageError("which program? Give --bin with the path of your node's executable. usage: \(usage)")
        }
        var options = LabOptions(
            workload: workload, binary: try checkBinary(binary, directory: directory, fallback: fallback))
        options.logStderr = logStderr

        options.nodeCount = try integer(values, "--node-count", options.nodeCount, 1...64)
        options.timeLimit = try number(values, "--time-limit", options.timeLimit, 0.1...3600, unit: "seconds")
        options.rate = try number(values, "--rate", options.rate, 0.01...100_000, unit: "operations per second")
        if let text = values["--concurrency"] {
            options.concurrency = try concurrency(text, nodeCount: options.nodeCount)
        }
        options.latency = try number(values, "--latency", options.latency, 0...60_000, unit: "milliseconds")
        if let text = values["--latency-dist"] {
            guard let shape = LabOptions.LatencyShape(rawValue: text) else {
                throw LabUsageError(
                    "invalid --latency-dist '\(text)': expected constant, uniform or exponential")
            }
            options.latencyDistribution = shape
        }
        options.loss = try number(values, "--loss", options.loss, 0...0.99, unit: "a probability")
        if let text = values["--nemesis"] {
            options.nemesis = []
            for part in text.split(separator: ",").map(String.init) where part != "none" {
                guard let nemesis = LabOptions.Nemesis(rawValue: part) else {
                    throw LabUsageError("invalid --nemesis '\(part)': quorum's nemesis knows partition (or none)")
                }
                options.nemesis.append(nemesis)
            }
        }
        options.nemesisInterval = try number(
            values, "--nemesis-interval", options.nemesisInterval, 0.05...3600, unit: "seconds")
        if let text = values["--topology"] {
            guard let topology = Topology(rawValue: text) else {
                throw LabUsageError(
                    "invalid --topology '\(text)': expected \(Topology.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            options.topology = topology
        }
        if let text = values["--availability"] {
            if text == "total" {
                options.availability = .total
            } else if let share = Double(text), share > 0, share <= 1 {
                options.availability = .fraction(share)
            } else {
                throw LabUsageError(
                    "invalid --availability '\(text)': expected total, or the share of operations that must succeed, from 0 to 1 (like 0.99)"
                )
            }
        }
        options.keyCount = try integer(values, "--key-count", options.keyCount, 1...1000)
        if let text = values["--seed"] {
            guard let seed = UInt64(text) else {
                throw LabUsageError("invalid --seed '\(text)': expected a whole number from 0 up")
            }
            options.seed = seed
        }
        return options
    }

    static var workloadNames: String { LabWorkloadKind.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The path to start, refused unless it is an executable file.
    static func checkBinary(_ path: String, directory: String, fallback: String?) throws(LabUsageError) -> String {
        func resolved(in folder: String) -> String {
            let joined = path.hasPrefix("/") ? path : (folder.hasSuffix("/") ? folder : folder + "/") + path
            return (joined as NSString).standardizingPath
        }
        var candidates = [resolved(in: directory)]
        if let fallback, !path.hasPrefix("/") { candidates.append(resolved(in: fallback)) }
        var isDirectory: ObjCBool = false
        guard
            let absolute = candidates.first(where: {
                FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory)
            })
        else {
            throw LabUsageError(
                "--bin \(path): no such file (looked for \(candidates.joined(separator: " and "))). Nothing was started."
            )
        }
        guard !isDirectory.boolValue else {
            throw LabUsageError("--bin \(path) is a folder; give the node's executable file. Nothing was started.")
        }
        guard FileManager.default.isExecutableFile(atPath: absolute) else {
            throw LabUsageError(
                "--bin \(path) is not executable. Make it so with `chmod +x \(path)` (and start a script with a "
                    + "line like #!/usr/bin/env python3). Nothing was started.")
        }
        return absolute
    }

    private static func integer(_ values: [String: String], _ flag: String, _ fallback: Int, _ range: ClosedRange<Int>)
        throws(LabUsageError) -> Int
    {
        guard let text = values[flag] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw LabUsageError(
                "invalid \(flag) '\(text)': expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    private static func number(
        _ values: [String: String], _ flag: String, _ fallback: Double, _ range: ClosedRange<Double>, unit: String
    ) throws(LabUsageError) -> Double {
        guard let text = values[flag] else { return fallback }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw LabUsageError(
                "invalid \(flag) '\(text)': expected \(unit), from \(plainNumber(range.lowerBound)) to \(plainNumber(range.upperBound))"
            )
        }
        return value
    }

    /// `--concurrency 10`, or `2n` for twice the node count, as Maelstrom takes it.
    private static func concurrency(_ text: String, nodeCount: Int) throws(LabUsageError) -> Int {
        let problem = LabUsageError(
            "invalid --concurrency '\(text)': expected a number of clients from 1 to 1000, or a multiple of the node count like 2n"
        )
        let count: Int
        if text.hasSuffix("n") {
            guard let factor = Int(text.dropLast().isEmpty ? "1" : String(text.dropLast())), factor > 0 else {
                throw problem
            }
            count = factor * nodeCount
        } else {
            guard let value = Int(text) else { throw problem }
            count = value
        }
        guard (1...1000).contains(count) else { throw problem }
        return count
    }
}
