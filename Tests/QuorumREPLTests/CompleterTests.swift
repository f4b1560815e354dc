import Testing

@testable import QuorumREPL

@Suite struct CompleterTests {
    let context = CompletionContext(
        lessonIDs: ["what-is-a-distributed-system", "cap", "consensus"],
        modelNames: ["request-reply", "raft"],
        parametersByModel: ["request-reply": ["requests", "latency", "loss", "retries"]],
        glossaryTerms: ["quorum", "partial failure"],
        currentModel: "request-reply")

    @Test(arguments: [
        ("les", ["lessons"]),
        ("", CommandTable.commands.map(\.name)),
        ("learn c", ["cap", "consensus"]),
        ("learn what", ["what-is-a-distributed-system"]),
        ("quiz ", ["what-is-a-distributed-system", "cap", "consensus"]),
        ("sim ", ["list", "info", "run", "step", "sweep"]),
        ("sim run r", ["request-reply", "raft"]),
        ("sim run request-reply lo", ["loss="]),
        ("sim run request-reply loss=0.1 re", ["requests=", "retries="]),
        ("run loss=0.2 ", ["requests=", "latency=", "retries=", "seed="]),
        ("progress ", ["reset", "export", "import", "--json"]),
        ("review ", ["--lesson", "--limit"]),
        ("review --lesson c", ["cap", "consensus"]),
        ("review --lesson cap --l", ["--limit"]),
        ("help le", ["lessons", "learn"]),
        ("define q", ["quorum"]),
        ("steps ", []),
        ("history ", ["check"]),
        ("history check h.log --model c", ["cas-register"]),
        ("history check h.log --f", ["--format"]),
        ("history check h.log --format ", ["jepsen", "edn", "json"]),
        ("lab ", ["test", "workloads", "solutions"]),
        ("lab test -w ", ["echo", "unique-ids", "broadcast", "g-counter", "lin-kv"]),
        ("lab test -w g", ["g-counter"]),
        ("lab test -w echo --bin ./echo.py --node", ["--node-count"]),
        ("lab test -w echo --topology t", ["total", "tree2", "tree3", "tree4"]),
        ("lab test -w echo --rate ", []),
    ])
    func tabOffersWhatFitsTheWordBeforeTheCursor(line: String, expected: [String]) {
        #expect(Completer.candidates(beforeCursor: line, context: context) == expected)
    }

    @Test func runOffersNothingWithoutAnOpenSimulation() {
        var context = context
        context.currentModel = nil
        #expect(Completer.candidates(beforeCursor: "run ", context: context).isEmpty)
    }

    @Test func aliasesCompleteLikeTheirCommand() {
        #expect(Completer.candidates(beforeCursor: "open c", context: context) == ["cap", "consensus"])
    }

    @Test func commonPrefixIsWhatEveryCandidateShares() {
        #expect(commonPrefix(["requests=", "retries="]) == "re")
        #expect(commonPrefix(["lessons"]) == "lessons")
        #expect(commonPrefix([]) == "")
    }
}
