import QuorumQuiz

/// Questions shared by the tests, one per kind, written so the right answer is easy to reason
/// about by hand.
enum Fixtures {
    /// Right answer: option 1, "Refuses requests it cannot serve consistently" (`b` unshuffled).
    static let choice = Question(
        id: "cap-cp-during-partition",
        prompt: "During a partition, what does a CP register do on the minority side?",
        options: [
            "Accepts writes and reconciles later",
            "Refuses requests it cannot serve consistently",
            "Forwards every request to the leader",
            "Crashes",
        ],
        answer: .choice(1)
    )

    /// Right answer: options 0 and 1, Raft and Paxos (`a, b` unshuffled).
    static let multi = Question(
        id: "consensus-protocols",
        prompt: "Which of these are consensus protocols?",
        options: ["Raft", "Paxos", "Gossip", "Two-phase commit"],
        answer: .multi([0, 1])
    )

    static let truefalse = Question(
        id: "partitions-happen",
        prompt: "A network partition can happen in a single data centre.",
        answer: .truefalse(true)
    )

    static let numeric = Question(
        id: "majority-fraction",
        prompt: "What fraction of a 3-node cluster is a majority?",
        answer: .numeric(0.667, .absolute(0.01))
    )

    /// No tolerance given: essentially exact.
    static let exactNumeric = Question(
        id: "requests-per-second",
        prompt: "How many requests per second?",
        answer: .numeric(1000, nil)
    )

    static let quarter = Question(id: "loss-rate", prompt: "What loss rate?", answer: .numeric(0.25, nil))

    static let relativeNumeric = Question(
        id: "latency-ms",
        prompt: "Median latency in ms?",
        answer: .numeric(200, .relative(0.05))
    )

    static let text = Question(
        id: "who-takes-writes",
        prompt: "Which node takes writes in Raft?",
        answer: .text(["leader", "leader node"])
    )

    /// Items in the lesson's order: Commit, Prepare, Collect votes. Right order: Prepare,
    /// Collect votes, Commit (options 1, 2, 0; `b → c → a` unshuffled).
    static let order = Question(
        id: "two-phase-commit-order",
        prompt: "Put the phases of two-phase commit in order.",
        options: ["Commit", "Prepare", "Collect votes"],
        answer: .order([1, 2, 0])
    )

    static let spec = PredictSpec(
        model: "request-reply",
        params: [SimParameter(name: "loss", value: "0.1")],
        seed: 7,
        metric: "retries"
    )

    static let predict = Question(
        id: "retries",
        prompt: "How many retries?",
        answer: .predict(spec, .absolute(1))
    )

    static let exactPredict = Question(id: "rounds", prompt: "How many rounds?", answer: .predict(spec, nil))
}
