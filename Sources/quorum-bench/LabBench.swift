import Foundation
import QuorumLab

#if canImport(Glibc)
    import Glibc
#endif

// Figures for lab mode, printed, never judged: machines differ, and the nodes are real
// processes, so these move from run to run.
//
//   a) echo: what the harness sustains. Five of the course's Python echo nodes, 20 clients,
//      4,000 operations a second offered for 3 s at zero network latency: operations achieved
//      per second, the round trip (client → network → node → network → client) at p50 and p99,
//      and quorum's own CPU time per operation (the nodes' is reported apart).
//   b) broadcast: the course's gossip node against its fire-and-forget flooding, on 5 and 25
//      nodes in a grid at 10 ms latency, 100 operations a second for 5 s: messages between nodes
//      per operation, and how long values took to be in every read.

func cpuSeconds(_ who: __rusage_who) -> Double {
    var usage = rusage()
    getrusage(who.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func runLabBench(labs: String) {
    let echo = labs + "/echo.py"
    guard FileManager.default.isExecutableFile(atPath: echo) else {
        print("lab: skipped, no reference nodes at \(labs) (run from the repository, or pass the folder)")
        return
    }
    var options = LabOptions(workload: .echo, binary: echo)
    options.timeLimit = 3
    options.rate = 4000
    options.concurrency = 20
    let ownBefore = cpuSeconds(RUSAGE_SELF)
    let nodesBefore = cpuSeconds(RUSAGE_CHILDREN)
    let result = LabRunner(options: options).run()
    let own = cpuSeconds(RUSAGE_SELF) - ownBefore
    let nodes = cpuSeconds(RUSAGE_CHILDREN) - nodesBefore
    let statistics = result.statistics
    let achieved = Double(statistics.ok) / options.timeLimit
    func ms(_ micros: Int64?) -> String { micros.map { format(Double($0) / 1000) } ?? "-" }
    print(
        "lab echo (5 nodes, 20 clients, 4000/s offered, 3 s): \(Int(achieved)) ops/s achieved, "
            + "round trip p50 \(ms(statistics.latencyP50)) ms, p99 \(ms(statistics.latencyP99)) ms; "
            + "quorum \(format(own / Double(max(1, statistics.operations)) * 1e6)) µs CPU per op, "
            + "nodes \(format(nodes)) s CPU; verdict \(result.verdict.rawValue)")

    for nodeCount in [5, 25] {
        for node in ["broadcast.py", "broadcast_flood.py"] {
            var options = LabOptions(workload: .broadcast, binary: labs + "/" + node)
            options.nodeCount = nodeCount
            options.timeLimit = 5
            options.rate = 100
            options.latency = 10
            let result = LabRunner(options: options).run()
            let statistics = result.statistics
            print(
                "lab broadcast \(node) (\(nodeCount) nodes, grid, 10 ms, 100/s, 5 s): "
                    + "\(format(statistics.messagesPerOperation)) messages/op, "
                    + "stable after p50 \(ms(statistics.stableLatencyP50)) ms, max \(ms(statistics.stableLatencyMax)) ms; "
                    + "verdict \(result.verdict.rawValue)")
        }
    }
}
