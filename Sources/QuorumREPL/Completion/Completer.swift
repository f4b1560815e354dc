import QuorumCheck
import QuorumLab

/// What Tab can offer, from the course and the models; the shell refreshes it as state changes.
public struct CompletionContext: Sendable {
    public var lessonIDs: [String]
    public var modelNames: [String]
    public var parametersByModel: [String: [String]]
    public var glossaryTerms: [String]
    /// The model of the open step's simulation, for `run param=`.
    public var currentModel: String?

    public init(
        lessonIDs: [String] = [], modelNames: [String] = [], parametersByModel: [String: [String]] = [:],
        glossaryTerms: [String] = [], currentModel: String? = nil
    ) {
        self.lessonIDs = lessonIDs
        self.modelNames = modelNames
        self.parametersByModel = parametersByModel
        self.glossaryTerms = glossaryTerms
        self.currentModel = currentModel
    }
}

/// Tab completion: the candidates for the word before the cursor. Pure, so it is tested
/// without a terminal.
public enum Completer {
    public static func candidates(beforeCursor line: String, context: CompletionContext) -> [String] {
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let partial: String
        if line.isEmpty || line.hasSuffix(" ") {
            partial = ""
        } else {
            partial = words.popLast() ?? ""
        }
        let options: [String]
        if words.isEmpty {
            options = CommandTable.commands.map(\.name)
        } else {
            options = arguments(after: words, context: context)
        }
        return options.filter { $0.hasPrefix(partial) }
    }

    private static func arguments(after words: [String], context: CompletionContext) -> [String] {
        let command = CommandTable.spec(named: words[0])?.name ?? words[0]
        let rest = Array(words.dropFirst())
        switch (command, rest.count) {
        case ("learn", 0), ("quiz", 0): return context.lessonIDs
        case ("help", 0): return CommandTable.commands.map(\.name)
        case ("define", 0): return context.glossaryTerms.filter { !$0.contains(" ") }
        case ("progress", 0): return ["reset", "export", "import", "--json"]
        case ("progress", 1) where rest[0] == "reset": return context.lessonIDs + ["--yes"]
        case ("review", _) where rest.last == "--lesson": return context.lessonIDs
        case ("review", _) where rest.last == "--limit": return []
        case ("review", _): return ["--lesson", "--limit"].filter { !rest.contains($0) }
        case ("sim", 0): return ["list", "info", "run", "step", "sweep"]
        case ("sim", 1) where ["info", "run", "step", "sweep"].contains(rest[0]): return context.modelNames
        case ("sim", _) where ["run", "step", "sweep"].contains(rest[0]) && rest.count >= 2:
            return assignments(for: rest[1], context: context, used: rest.dropFirst(2))
        case ("history", 0): return ["check"]
        case ("history", _) where rest[0] == "check": return historyCheckArguments(after: rest.last ?? "")
        case ("lab", 0): return ["test", "workloads", "solutions"]
        case ("lab", _) where rest[0] == "test": return labTestArguments(rest.dropFirst())
        case ("run", _):
            guard let model = context.currentModel else { return [] }
            return assignments(for: model, context: context, used: rest[...])
        default: return []
        }
    }

    /// A workload, topology or nemesis after its flag; nothing after a flag that takes a number
    /// or a path; else the flags not given yet.
    private static func labTestArguments(_ words: ArraySlice<String>) -> [String] {
        switch words.last {
        case "-w", "--workload": return LabWorkloadKind.allCases.map(\.rawValue)
        case "--topology": return Topology.allCases.map(\.rawValue)
        case "--nemesis": return LabOptions.Nemesis.allCases.map(\.rawValue)
        case "--latency-dist": return LabOptions.LatencyShape.allCases.map(\.rawValue)
        case let flag? where LabCommandLine.flags.contains(flag) && flag != "--log-stderr": return []
        case "--svg", "--window": return []
        default:
            let display = ["--diagram", "--window", "--ascii", "--svg", "--json"]
            return (LabCommandLine.flags.filter { $0 != "-w" } + display).filter { !words.contains($0) }
        }
    }

    /// A model or format name after `--model` or `--format`, else the options.
    private static func historyCheckArguments(after previous: String) -> [String] {
        switch previous {
        case "--model": return ModelKind.allCases.map(\.name)
        case "--format": return HistoryFormat.allCases.map(\.name)
        case "--timeout", "--svg": return []
        default: return ["--model", "--format", "--timeout", "--svg", "--json"]
        }
    }

    private static func assignments(for model: String, context: CompletionContext, used: ArraySlice<String>)
        -> [String]
    {
        let taken = Set(used.compactMap { $0.split(separator: "=").first.map(String.init) })
        let names = (context.parametersByModel[model] ?? []) + ["seed"]
        return names.filter { !taken.contains($0) }.map { $0 + "=" }
    }
}
