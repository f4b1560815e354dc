import QuorumModels

/// A shell command as `help` describes it.
public struct CommandSpec: Sendable, Equatable {
    public var name: String
    public var aliases: [String]
    public var usage: String
    public var summary: String
    public var details: String
    /// Words that may follow the command (`sim list`, `progress reset`).
    public var subcommands: [String]
}

/// Every command the shell knows, in the order `help` lists them.
public enum CommandTable {
    public static let commands: [CommandSpec] = [
        CommandSpec(
            name: "lessons", aliases: [], usage: "lessons",
            summary: "The course by track, with your progress in each lesson.",
            details:
                "Each lesson is marked done (✓), in progress (◐, with the step you are on) or new (·), with how many of its questions you have answered correctly.",
            subcommands: []),
        CommandSpec(
            name: "learn", aliases: ["open"], usage: "learn <lesson>",
            summary: "Open a lesson where you left it.",
            details:
                "Shows the step you were on last time (the overview and first step for a new lesson). Move with next, back, step <n> and steps.",
            subcommands: []),
        CommandSpec(
            name: "next", aliases: ["n"], usage: "next", summary: "Go to the next step of the open lesson.",
            details: "On the last step, next finishes the lesson and suggests the one after it.", subcommands: []),
        CommandSpec(
            name: "back", aliases: ["b", "prev"], usage: "back", summary: "Go back one step.", details: "",
            subcommands: []),
        CommandSpec(
            name: "step", aliases: [], usage: "step <n>", summary: "Jump to step n of the open lesson.",
            details: "Steps are numbered from 1; `steps` lists them.", subcommands: []),
        CommandSpec(
            name: "steps", aliases: [], usage: "steps", summary: "List the steps of the open lesson.", details: "",
            subcommands: []),
        CommandSpec(
            name: "run", aliases: [], usage: "run [param=value ...] [seed=N]",
            summary: "Run this step's simulation, optionally with changed parameters.",
            details:
                "Without arguments it runs the simulation exactly as the lesson wrote it. `run loss=0.3` changes one parameter; `run seed=8` draws different random numbers. `sim info <model>` lists a model's parameters.",
            subcommands: []),
        CommandSpec(
            name: "sim", aliases: [],
            usage:
                "sim list | sim info <model> | sim run <model> [param=value ...] [seed=N] [--diagram] [--json] [--svg FILE] | sim step <model> ... | sim sweep <model> param=a,b ... [trials=N] [metric=M]",
            summary: "Any simulation model, outside lessons: run it, step through it, sweep it.",
            details:
                "`sim list` names every model; `sim info <model>` shows its parameters (type, default, range), the network and fault settings every model shares (latency, loss, dup, links, partition, partition-at, heal-at, crash, restart, pause, resume, skew, drift), and its metrics. `sim run` runs it: --diagram draws the space-time diagram (--window 1s..2s for a stretch, --ascii without Unicode), --timeline the nodes' roles, --svg FILE writes the diagram as SVG, --json prints the whole run as JSON. `sim step` opens a `sim>` prompt: step [n], until <time>, continue, state [node], inflight, crash/restart/pause/resume <node>, partition <groups>, heal, drop <id>, diagram, done; faults you inject change the rest of the run, and the same commands give the same run. `sim sweep` runs every combination of the listed values over `trials` seeds (default 20) and shows a table (mean, p50, p99, min, max of `metric`) and a histogram (--cdf for the cumulative distribution); Ctrl-C stops it and keeps what is done.",
            subcommands: ["list", "info", "run", "step", "sweep"]),
        CommandSpec(
            name: "diagram", aliases: [], usage: "diagram [1s..2s] [--ascii] [--svg FILE]",
            summary: "Draw the last run as a space-time diagram.",
            details:
                "One lane per process, time flowing down, each message an arrow from sender to receiver with its label and id; drops end in ✗ with the reason, crashes and partitions are marked. A window like 1s..2s (or 1s.., ..2s) draws a stretch of a long run; --svg FILE writes a standalone SVG with hover text.",
            subcommands: []),
        CommandSpec(
            name: "timeline", aliases: [], usage: "timeline [--ascii]",
            summary: "Draw each node's role (leader, follower, down, ...) over the last run.", details: "",
            subcommands: []),
        CommandSpec(
            name: "quiz", aliases: [], usage: "quiz [lesson]",
            summary: "Answer questions: this step's, or a whole lesson's.",
            details:
                "At the answer prompt: `hint` for a nudge, `explain` to read the explanation before answering, `skip` to see the answer and move on. Ctrl-C leaves the quiz; every answer is saved as you give it.",
            subcommands: []),
        CommandSpec(
            name: "review", aliases: [], usage: "review [--lesson <lesson>] [--limit N]",
            summary: "Answer the questions that are due again, mixed across lessons.",
            details:
                "Every question you answer becomes a card that FSRS schedules to come back just before you would forget it. `review` asks the due ones in the quiz's answer prompt; after each answer it shows when each rating would bring the card back (again, hard, good, easy) and suggests one: wrong or skipped is again, right after a hint is hard, right is good. Press Enter to keep it, or 1 to 4 to choose. `--lesson` reviews one lesson, `--limit N` at most N cards.",
            subcommands: ["--lesson", "--limit"]),
        CommandSpec(
            name: "progress", aliases: [],
            usage:
                "progress [--json] | progress export [file] | progress import <file> | progress reset [lesson] [--yes]",
            summary: "What you have done, what is due, and where it is saved.",
            details:
                "Shows each lesson's status, quiz score and mastery (how likely you are to recall its questions now), what is due today and this week, your streak of study days and a chart of reviews per day over the last 30 days (days are UTC days). `progress export [file]` writes the whole record as a versioned JSON document (see README), to standard output without a file; `progress --json` does the same. `progress import <file>` merges such a file: newer wins per lesson and card, reviews are added once; a malformed file or one from a newer quorum changes nothing. `progress reset` forgets everything, or one lesson, after asking you to confirm (`--yes` skips the question, for scripts).",
            subcommands: ["reset", "export", "import", "--json"]),
        CommandSpec(
            name: "define", aliases: ["def"], usage: "define <term>", summary: "Look a term up in the glossary.",
            details: "", subcommands: []),
        CommandSpec(
            name: "search", aliases: [], usage: "search <words>",
            summary: "Find words across every lesson and the glossary.", details: "", subcommands: []),
        CommandSpec(
            name: "lint", aliases: [], usage: "lint [dir]",
            summary: "Check a course folder and report every problem.",
            details:
                "Reports each problem as file:line:col with the offending text underlined, runs every simulation and predict question, and fails if there is any error. Without a folder it checks the course you are using.",
            subcommands: []),
        CommandSpec(
            name: "history", aliases: [],
            usage: "history check FILE... [--model M] [--format F] [--timeout S] [--svg FILE] [--json]",
            summary: "Check recorded histories for linearizability, and explain a violation.",
            details:
                "Reads Jepsen log lines, EDN maps or quorum's JSON lines (detected, or --format jepsen|edn|json) and checks them against a model (--model register|cas-register|kv, else guessed). For a history that is not linearizable it shows the operation that cannot be placed on a timeline (--svg FILE draws it too), then sequential consistency, session guarantees, staleness and replica convergence. Given several files or a folder, one line per file. --timeout S (default 30) turns a search that runs too long (or needs too much memory) into 'unknown'; --json prints everything as JSON. Exit code: 0 linearizable, 1 not, 2 unknown, 3 unreadable, the worst over all files.",
            subcommands: ["check"]),
        CommandSpec(
            name: "lab", aliases: [],
            usage: "lab test -w WORKLOAD --bin PATH [flags] | lab workloads | lab solutions",
            summary: "Run your own node program as a cluster, Maelstrom-style, and check it.",
            details:
                "Starts --bin once per node (n0, n1, ...) and speaks Maelstrom's protocol with each: one JSON message per line on stdin and stdout, init first, stderr for logs. Clients drive the workload (-w echo, unique-ids, broadcast, g-counter, lin-kv; `lab workloads` lists them) at --rate operations per second for --time-limit seconds; messages between nodes cross quorum's network (--latency MS, --loss P, --nemesis partition every --nemesis-interval S). Then the workload's check gives a verdict with reasons, statistics (messages per operation, latency), and a run folder with the history, each node's stderr and results.json. Flags: --node-count N, --concurrency N|2n, --topology grid|line|total|tree2|tree3|tree4, --availability total|F, --key-count N, --seed N, --log-stderr, --diagram, --window 1s..2s, --svg FILE, --json. Exit code: 0 valid, 1 invalid, 2 unknown, 64 for a mistyped command. `lab solutions` shows where the course's reference nodes are.",
            subcommands: ["test", "workloads", "solutions"]),
        CommandSpec(
            name: "help", aliases: ["?"], usage: "help [command]", summary: "List commands, or explain one.",
            details: "", subcommands: []),
        CommandSpec(
            name: "quit", aliases: ["exit", "q"], usage: "quit", summary: "Leave quorum (Ctrl-D does the same).",
            details: "Your progress is already saved.", subcommands: []),
    ]

    public static func spec(named word: String) -> CommandSpec? {
        let lowered = word.lowercased()
        return commands.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The command a mistyped word most likely meant.
    public static func suggestion(for word: String) -> String? {
        closestMatch(to: word, in: commands.map(\.name))
    }
}
