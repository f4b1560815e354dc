import QuorumQuiz
import QuorumSim
import Testing

@Suite struct PresentationTests {
    private func presented(_ question: Question, seed: UInt64) -> Presentation {
        var generator = SplitMix64(seed: seed)
        return present(question, using: &generator)
    }

    @Test func theSameSeedGivesTheSameOrder() {
        for seed: UInt64 in [0, 7, 42, 1 << 63] {
            #expect(presented(Fixtures.choice, seed: seed) == presented(Fixtures.choice, seed: seed))
        }
    }

    @Test func differentSeedsGiveDifferentOrders() {
        let orders = Set((0..<50).map { presented(Fixtures.choice, seed: $0).order })
        #expect(orders.count > 1)
    }

    @Test(arguments: [Fixtures.choice, Fixtures.multi, Fixtures.order])
    func everyOptionIsShownExactlyOnce(question: Question) {
        for seed: UInt64 in 0..<50 {
            let shown = presented(question, seed: seed)
            #expect(shown.order.sorted() == Array(question.options.indices))
            #expect(shown.displayedOptions.map(\.text).sorted() == question.options.sorted())
        }
    }

    @Test(arguments: [Fixtures.truefalse, Fixtures.numeric, Fixtures.text, Fixtures.predict])
    func otherKindsAreNotShuffledAndDrawNothing(question: Question) {
        var generator = SplitMix64(seed: 3)
        let shown = present(question, using: &generator)
        var untouched = SplitMix64(seed: 3)
        #expect(shown == Presentation(question: question))
        #expect(generator.next() == untouched.next())
    }

    @Test func anOrderQuestionIsNeverShownAlreadySolved() {
        // The right order is options 1, 2, 0; showing exactly that would make "a b c" right.
        for seed: UInt64 in 0..<100 {
            #expect(presented(Fixtures.order, seed: seed).order != [1, 2, 0])
        }
    }

    @Test func displayedOptionsFollowTheOrderWithLettersInSequence() {
        let shown = Presentation(question: Fixtures.multi, order: [3, 2, 1, 0])
        #expect(shown.displayedOptions.map(\.label) == ["a", "b", "c", "d"])
        #expect(shown.displayedOptions.map(\.text) == ["Two-phase commit", "Gossip", "Paxos", "Raft"])
        #expect(shown.label(forOption: 0) == "d")
        #expect(shown.label(forOption: 3) == "a")
        #expect(shown.label(forOption: 4) == "?")
        #expect(shown.label(forOption: -1) == "?")
    }

    @Test func anOrderThatIsNoPermutationShowsTheLessonsOrder() {
        let shown = Presentation(question: Fixtures.choice, order: [0, 0, 1, 2])
        #expect(shown.displayedOptions.map(\.text) == Fixtures.choice.options)
        #expect(grade("b", shown) == .graded(correct: true, understood: "b"))
    }

    @Test func afterAShuffleTheLetterShowingTheRightTextIsRight() throws {
        // Find a seed that moves the right answer (lesson option 1, "b" unshuffled) elsewhere.
        let moved = try #require(
            (0..<50).lazy.map { presented(Fixtures.choice, seed: $0) }.first { $0.order[1] != 1 })
        let rightLabel = moved.label(forOption: 1)
        #expect(rightLabel != "b")
        #expect(grade(rightLabel, moved) == .graded(correct: true, understood: rightLabel))
        #expect(grade("b", moved) == .graded(correct: false, understood: "b"))
        let rightText = try #require(moved.displayedOptions.first { $0.label == rightLabel }).text
        #expect(rightText == "Refuses requests it cannot serve consistently")
    }

    /// For every presentation of a choice question, exactly one label grades correct, and it
    /// is the one `label(forOption:)` names.
    @Test(arguments: 0..<50)
    func exactlyOneLabelIsRight(seed: Int) {
        let shown = presented(Fixtures.choice, seed: UInt64(seed))
        let rightLabels = shown.displayedOptions.map(\.label).filter {
            grade($0, shown) == .graded(correct: true, understood: $0)
        }
        #expect(rightLabels == [shown.label(forOption: 1)])
    }
}
