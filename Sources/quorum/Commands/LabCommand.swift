import ArgumentParser

struct LabCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab", abstract: "Run your own node program as a cluster, Maelstrom-style, and check it.",
        subcommands: [Test.self, Workloads.self, Solutions.self])

    struct Test: ShellCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start --bin as every node, drive a workload through quorum's network, and check the result.",
            discussion: """
                The flags follow Maelstrom's, so `maelstrom test -w echo --bin ./echo --node-count 1` works as \
                `quorum lab test -w echo --bin ./echo --node-count 1`. Nodes are real processes, so timing differs \
                from run to run; the seed fixes the operations and the faults. Exit code: 0 valid, 1 invalid, \
                2 unknown, 64 for a mistyped command line.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var display: RunDisplayOptions
        @Option(name: [.short, .long], help: "echo, unique-ids, broadcast, g-counter or lin-kv.") var workload: String
        @Option(help: "The node program: an executable file, started once per node.") var bin: String
        @Option(help: "How many nodes (default 5).") var nodeCount: String?
        @Option(help: "Seconds of workload (default 10).") var timeLimit: String?
        @Option(help: "Operations per second, over all clients (default 5).") var rate: String?
        @Option(help: "Clients: a number, or 2n for twice the nodes (default one per node).") var concurrency: String?
        @Option(help: "Mean network latency in milliseconds (default 0).") var latency: String?
        @Option(help: "constant, uniform or exponential (default constant).") var latencyDist: String?
        @Option(help: "Probability that a message between nodes is lost (default 0).") var loss: String?
        @Option(help: "Faults to inject: partition.") var nemesis: String?
        @Option(help: "Seconds between the nemesis cutting and healing the network (default 10).")
        var nemesisInterval: String?
        @Option(help: "Broadcast topology: grid, line, total, tree2, tree3 or tree4 (default grid).") var topology:
            String?
        @Option(help: "total, or the share of operations that must succeed (like 0.99).") var availability: String?
        @Option(help: "Keys for lin-kv (default 3).") var keyCount: String?
        @Option(help: "Fixes the operations, latencies and faults (default 1).") var seed: String?
        @Flag(help: "Also print each node's stderr, prefixed with its id.") var logStderr = false

        var words: [String] {
            var words = ["lab", "test", "-w", workload, "--bin", bin]
            let valued: [(String, String?)] = [
                ("--node-count", nodeCount), ("--time-limit", timeLimit), ("--rate", rate),
                ("--concurrency", concurrency), ("--latency", latency), ("--latency-dist", latencyDist),
                ("--loss", loss), ("--nemesis", nemesis), ("--nemesis-interval", nemesisInterval),
                ("--topology", topology), ("--availability", availability), ("--key-count", keyCount),
                ("--seed", seed),
            ]
            for (flag, value) in valued {
                if let value { words += [flag, value] }
            }
            if logStderr { words.append("--log-stderr") }
            return words + display.words
        }
    }

    struct Workloads: ShellCommand {
        static let configuration = CommandConfiguration(abstract: "Name every workload and what it checks.")
        @OptionGroup var global: GlobalOptions
        var words: [String] { ["lab", "workloads"] }
    }

    struct Solutions: ShellCommand {
        static let configuration = CommandConfiguration(abstract: "Show where the course's reference nodes are.")
        @OptionGroup var global: GlobalOptions
        var words: [String] { ["lab", "solutions"] }
    }
}
