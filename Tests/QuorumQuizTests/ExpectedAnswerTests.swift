import QuorumQuiz
import QuorumSim
import Testing

@Suite struct ExpectedAnswerTests {
    static let cases: [(Presentation, Double?, String)] = [
        (Presentation(question: Fixtures.choice), nil, "b) Refuses requests it cannot serve consistently"),
        // Shown as a) Forwards..., b) Accepts..., c) Crashes, d) Refuses...
        (
            Presentation(question: Fixtures.choice, order: [2, 0, 3, 1]), nil,
            "d) Refuses requests it cannot serve consistently"
        ),
        (Presentation(question: Fixtures.multi), nil, "a, b"),
        // Shown as a) Two-phase commit, b) Gossip, c) Paxos, d) Raft.
        (Presentation(question: Fixtures.multi, order: [3, 2, 1, 0]), nil, "c, d"),
        (Presentation(question: Fixtures.order), nil, "b → c → a"),
        // Shown as a) Collect votes, b) Commit, c) Prepare.
        (Presentation(question: Fixtures.order, order: [2, 0, 1]), nil, "c → a → b"),
        (Presentation(question: Fixtures.truefalse), nil, "true"),
        (Presentation(question: Fixtures.numeric), nil, "0.667 (± 0.01)"),
        (Presentation(question: Fixtures.relativeNumeric), nil, "200 (± 5%)"),
        (Presentation(question: Fixtures.exactNumeric), nil, "1000"),
        (Presentation(question: Fixtures.text), nil, "leader"),
        (Presentation(question: Fixtures.predict), 4, "4 (± 1)"),
        (Presentation(question: Fixtures.exactPredict), 3, "3"),
        (Presentation(question: Fixtures.predict), nil, "unknown (the simulation for this question could not be run)"),
    ]

    @Test(arguments: cases)
    func showsTheAnswerInDisplayedLabels(presentation: Presentation, computed: Double?, expected: String) {
        #expect(expectedAnswerText(presentation, computedAnswer: computed) == expected)
    }

    @Test func falseAndNoRightChoiceAreSpelledOut() {
        let no = Question(id: "no", prompt: "?", answer: .truefalse(false))
        let none = Question(id: "none", prompt: "?", options: ["x", "y"], answer: .multi([]))
        #expect(expectedAnswerText(Presentation(question: no)) == "false")
        #expect(expectedAnswerText(Presentation(question: none)) == "none")
    }

    @Test func anAnswerKeyNamingNoChoiceShowsAQuestionMark() {
        let broken = Question(id: "broken", prompt: "?", options: ["x", "y"], answer: .choice(7))
        #expect(expectedAnswerText(Presentation(question: broken)) == "?) ?")
    }

    /// Typing back what the key shows grades right, however the options were shuffled.
    @Test(arguments: [Fixtures.choice, Fixtures.multi, Fixtures.order])
    func typingTheExpectedAnswerBackIsRight(question: Question) {
        for seed: UInt64 in 0..<20 {
            var generator = SplitMix64(seed: seed)
            let shown = present(question, using: &generator)
            let expected = expectedAnswerText(shown)
            // A choice's key is "d) text": the label is what precedes ")".
            let typed = question.kind == .choice ? String(expected.prefix { $0 != ")" }) : expected
            #expect(grade(typed, shown) == .graded(correct: true, understood: typed), "seed \(seed)")
        }
    }
}
