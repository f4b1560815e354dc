import Foundation
import QuorumModels
import QuorumSim

// The token flood of scripts/simpy_flood.py (the reference workload: 100 nodes, 10 tokens each,
// latency uniform in [1 ms, 10 ms], each receiver forwards at once to a random other node) run
// through the engine's real network path with tracing off, then the same in SimPy, in this one
// invocation. Ends with: flood: <N> deliveries/s, simpy: <M> deliveries/s, ratio <N/M>.

/// Peak resident memory of this process so far, in MiB.
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
}

func floodRate(deliveries: Int, trace: TraceLevel) -> (rate: Double, seconds: Double, simulated: Double)? {
    let model = FloodModel()
    guard let parameters = try? model.resolve([("deliveries", String(deliveries))]),
        let session = try? model.session(parameters, seed: 42, trace: trace)
    else { return nil }
    let start = clock.now
    session.run(until: .max)
    let seconds = milliseconds(clock.now - start) / 1000
    let delivered = session.sim.delivered
    return (Double(delivered) / seconds, seconds, Double(session.sim.now) / 1e6)
}

/// Runs the SimPy script and reads its rate; nil (with the reason printed) if it cannot run.
func simpyRate(deliveries: Int) -> Double? {
    let script = ProcessInfo.processInfo.environment["QUORUM_SIMPY_SCRIPT"] ?? "scripts/simpy_flood.py"
    guard FileManager.default.fileExists(atPath: script) else {
        print("simpy: \(script) not found; run from the checkout or set QUORUM_SIMPY_SCRIPT")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, String(deliveries)]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do {
        try process.run()
    } catch {
        print("simpy: cannot start python3 (\(error))")
        return nil
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0,
        let field = text.split(separator: " ").first(where: { $0.hasPrefix("rate=") }),
        let rate = Double(field.dropFirst("rate=".count).filter { $0.isNumber || $0 == "." })
    else {
        print("simpy: did not run (pip install simpy?): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        return nil
    }
    print("simpy: " + text.trimmingCharacters(in: .whitespacesAndNewlines))
    return rate
}

func runFloodBench(deliveries: Int) {
    // A run of a million deliveries takes about a tenth of a second, short enough for a page
    // fault or another process to move it, so the engine's figure is the median of five runs
    // (SimPy's single run takes seconds and varies far less).
    var runs: [(rate: Double, seconds: Double, simulated: Double)] = []
    for _ in 0..<5 {
        guard let run = floodRate(deliveries: deliveries, trace: .off) else {
            print("flood: could not set up the model")
            return
        }
        runs.append(run)
    }
    runs.sort { $0.rate < $1.rate }
    let quiet = runs[runs.count / 2]
    print(
        "flood, tracing off: median of 5 runs \(Int(quiet.rate)) deliveries/s "
            + "(slowest \(Int(runs[0].rate)), fastest \(Int(runs[runs.count - 1].rate)))")
    let memory = peakMemoryMiB()
    print(
        "flood, tracing off: \(deliveries) deliveries in \(format(quiet.seconds)) s "
            + "(\(format(quiet.simulated)) s simulated), peak memory \(format(memory)) MiB")
    let traced = max(1, deliveries / 5)
    if let full = floodRate(deliveries: traced, trace: .full) {
        print(
            "flood, full tracing: \(traced) deliveries at \(Int(full.rate)) deliveries/s "
                + "(\(format(quiet.rate / full.rate))x slower than with tracing off), "
                + "peak memory now \(format(peakMemoryMiB())) MiB")
    }
    let simpy = simpyRate(deliveries: deliveries)
    let ratio = simpy.map { format(quiet.rate / $0) } ?? "n/a"
    print(
        "flood: \(Int(quiet.rate)) deliveries/s, simpy: \(simpy.map { String(Int($0)) } ?? "n/a") deliveries/s, ratio \(ratio)"
    )
}
