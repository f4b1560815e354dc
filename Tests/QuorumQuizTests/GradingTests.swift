import QuorumQuiz
import Testing

private func right(_ understood: String) -> GradeOutcome { .graded(correct: true, understood: understood) }
private func wrong(_ understood: String) -> GradeOutcome { .graded(correct: false, understood: understood) }

@Suite struct ChoiceGradingTests {
    /// Unshuffled: a) Accepts..., b) Refuses... (right), c) Forwards..., d) Crashes.
    static let cases: [(String, GradeOutcome)] = [
        ("b", right("b")),
        ("B", right("b")),
        ("B)", right("b")),
        ("b.", right("b")),
        ("(b)", right("b")),
        ("  b  ", right("b")),
        ("2", right("b")),
        ("2)", right("b")),
        ("a", wrong("a")),
        ("4", wrong("d")),
        ("refuses requests it cannot serve consistently", right("b")),
        ("  Refuses requests it   cannot serve consistently. ", right("b")),
        ("crashes", wrong("d")),
        ("e", .unreadable("Type a letter from a to d.")),
        ("z)", .unreadable("Type a letter from a to d.")),
        ("5", .unreadable("Type a number from 1 to 4, or a letter from a to d.")),
        ("0", .unreadable("Type a number from 1 to 4, or a letter from a to d.")),
        ("99999999999999999999999", .unreadable("Type a number from 1 to 4, or a letter from a to d.")),
        ("ab", .unreadable("Pick one choice: type a letter from a to d.")),
        ("maybe", .unreadable("Type a letter from a to d.")),
        ("-1", .unreadable("Type a letter from a to d.")),
        ("", .unreadable("Type a letter from a to d.")),
        ("   ", .unreadable("Type a letter from a to d.")),
    ]

    @Test(arguments: cases)
    func readsLettersNumbersAndFullText(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.choice)) == expected)
    }

    /// Shown as a) Forwards..., b) Accepts..., c) Crashes, d) Refuses... (right).
    static let shuffledCases: [(String, GradeOutcome)] = [
        ("d", right("d")),
        ("4", right("d")),
        ("b", wrong("b")),
        ("Refuses requests it cannot serve consistently", right("d")),
        ("accepts writes and reconciles later", wrong("b")),
    ]

    @Test(arguments: shuffledCases)
    func readsDisplayedLabelsNotTheLessonsOrder(input: String, expected: GradeOutcome) {
        let shown = Presentation(question: Fixtures.choice, order: [2, 0, 3, 1])
        #expect(grade(input, shown) == expected)
    }

    @Test func oneOptionSaysWhichLetter() {
        let single = Question(id: "one", prompt: "Only one?", options: ["Yes"], answer: .choice(0))
        #expect(grade("b", Presentation(question: single)) == .unreadable("Type the letter a."))
        #expect(grade("a", Presentation(question: single)) == right("a"))
    }

    @Test func twoChoicesWithTheSameTextAreNotGuessedBetween() {
        let twins = Question(id: "twins", prompt: "?", options: ["Same", "same.", "Other"], answer: .choice(0))
        #expect(
            grade("same", Presentation(question: twins))
                == .unreadable("More than one choice reads like that. Type a letter from a to c."))
    }

    @Test func aQuestionWithoutChoicesCannotBeAnswered() {
        let empty = Question(id: "empty", prompt: "?", answer: .choice(0))
        #expect(grade("a", Presentation(question: empty)) == .unreadable("This question has no choices to pick from."))
    }

    @Test func anAnswerKeyNamingNoChoiceIsNeverRight() {
        let broken = Question(id: "broken", prompt: "?", options: ["x", "y"], answer: .choice(7))
        #expect(grade("a", Presentation(question: broken)) == wrong("a"))
        #expect(grade("b", Presentation(question: broken)) == wrong("b"))
    }

    @Test func labelsGoPastZ() {
        let many = Question(
            id: "many", prompt: "?", options: (0..<28).map { "option \($0)" }, answer: .choice(27))
        let shown = Presentation(question: many)
        #expect(shown.displayedOptions[25].label == "z")
        #expect(shown.displayedOptions[26].label == "aa")
        #expect(shown.displayedOptions[27].label == "ab")
        #expect(grade("AB)", shown) == right("ab"))
        #expect(grade("aa", shown) == wrong("aa"))
        #expect(grade("28", shown) == right("ab"))
        #expect(grade("ac", shown) == .unreadable("Pick one choice: type a letter from a to ab."))
    }
}

@Suite struct MultiGradingTests {
    /// Unshuffled: a) Raft (right), b) Paxos (right), c) Gossip, d) Two-phase commit.
    static let help = "Type the letters of the right choices, from a to d, in any order (like a, c)."
    static let cases: [(String, GradeOutcome)] = [
        ("a,b", right("a, b")),
        ("b a", right("a, b")),
        ("ab", right("a, b")),
        ("BA", right("a, b")),
        ("A; B", right("a, b")),
        ("a and b", right("a, b")),
        ("a) b)", right("a, b")),
        ("a, b, a", right("a, b")),
        ("1, 2", right("a, b")),
        ("2 1", right("a, b")),
        ("a", wrong("a")),
        ("c, a, b", wrong("a, b, c")),
        ("dcba", wrong("a, b, c, d")),
        ("none", wrong("none")),
        ("a, e", .unreadable("There is no choice e. \(help)")),
        ("12", .unreadable("There is no choice 12. \(help)")),
        ("0", .unreadable("There is no choice 0. \(help)")),
        ("a, 2", .unreadable(help)),
        ("a, é", .unreadable(help)),
        (",;,", .unreadable(help)),
        ("", .unreadable(help)),
    ]

    @Test(arguments: cases)
    func readsLettersOrNumbersWithAnySeparators(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.multi)) == expected)
    }

    /// Shown as a) Two-phase commit, b) Gossip, c) Paxos (right), d) Raft (right).
    static let shuffledCases: [(String, GradeOutcome)] = [
        ("c, d", right("c, d")),
        ("dc", right("c, d")),
        ("a, b", wrong("a, b")),
    ]

    @Test(arguments: shuffledCases)
    func readsDisplayedLabels(input: String, expected: GradeOutcome) {
        let shown = Presentation(question: Fixtures.multi, order: [3, 2, 1, 0])
        #expect(grade(input, shown) == expected)
    }

    @Test func noneIsRightWhenNoChoiceIs() {
        let noneRight = Question(id: "none", prompt: "?", options: ["x", "y"], answer: .multi([]))
        #expect(grade("None.", Presentation(question: noneRight)) == right("none"))
        #expect(grade("a", Presentation(question: noneRight)) == wrong("a"))
        #expect(
            grade("c", Presentation(question: noneRight))
                == .unreadable(
                    "There is no choice c. Type the letters of the right choices, from a to b, in any order (like a, b)."
                ))
    }

    @Test func oneOptionSaysWhatToType() {
        let single = Question(id: "one", prompt: "?", options: ["x"], answer: .multi([0]))
        #expect(grade("b", Presentation(question: single)) == .unreadable("There is no choice b. Type a, or none."))
        #expect(grade("A", Presentation(question: single)) == right("a"))
    }
}

@Suite struct TrueFalseGradingTests {
    static let cases: [(String, GradeOutcome)] = [
        ("t", right("true")),
        ("T", right("true")),
        ("true", right("true")),
        ("TRUE", right("true")),
        ("yes", right("true")),
        ("Y", right("true")),
        (" yes. ", right("true")),
        ("f", wrong("false")),
        ("False", wrong("false")),
        ("no", wrong("false")),
        ("N", wrong("false")),
        ("maybe", .unreadable("Type true or false (or t/f, yes/no).")),
        ("1", .unreadable("Type true or false (or t/f, yes/no).")),
        ("", .unreadable("Type true or false (or t/f, yes/no).")),
    ]

    /// The right answer is true.
    @Test(arguments: cases)
    func readsTFTrueFalseYesNo(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.truefalse)) == expected)
    }
}

@Suite struct NumericGradingTests {
    static let help = "Type a number, like 0.5, 2/3 or 50%."

    /// Right answer 0.667 ± 0.01.
    static let cases: [(String, GradeOutcome)] = [
        ("0.667", right("0.667")),
        ("2/3", right("0.666667")),
        ("66.7%", right("0.667")),
        ("0.66", right("0.66")),
        ("0.677", right("0.677")),
        ("0.678", wrong("0.678")),
        ("0.5", wrong("0.5")),
        ("1/2", wrong("0.5")),
        ("abc", .unreadable(help)),
        ("1/0", .unreadable(help)),
        ("", .unreadable(help)),
    ]

    @Test(arguments: cases)
    func acceptsWithinAbsoluteTolerance(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.numeric)) == expected)
    }

    /// Right answer 1000, no tolerance: relative 1e-9, so anything within 1e-6.
    static let exactCases: [(String, GradeOutcome)] = [
        ("1000", right("1000")),
        ("1,000", right("1000")),
        ("1e3", right("1000")),
        ("1000.0000001", right("1000")),
        ("1001", wrong("1001")),
        ("999.99", wrong("999.99")),
    ]

    @Test(arguments: exactCases)
    func defaultToleranceIsEssentiallyExact(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.exactNumeric)) == expected)
    }

    /// Right answer 0.25: a percentage is read as a fraction, a bare 25 is not.
    static let percentageCases: [(String, GradeOutcome)] = [
        ("25%", right("0.25")),
        ("1/4", right("0.25")),
        ("25", wrong("25")),
    ]

    @Test(arguments: percentageCases)
    func percentagesMeanFractions(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.quarter)) == expected)
    }

    /// Right answer 200 ± 5%, so 190 to 210.
    static let relativeCases: [(String, GradeOutcome)] = [
        ("210", right("210")),
        ("190", right("190")),
        ("211", wrong("211")),
        ("189", wrong("189")),
    ]

    @Test(arguments: relativeCases)
    func acceptsWithinRelativeTolerance(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.relativeNumeric)) == expected)
    }
}

@Suite struct TextGradingTests {
    /// Accepted: "leader", "leader node".
    static let cases: [(String, GradeOutcome)] = [
        ("leader", right("leader")),
        ("The Leader", right("leader")),
        ("  the   leader. ", right("leader")),
        ("a leader", right("leader")),
        ("LEADER NODE", right("leader node")),
        ("leader  node!", right("leader node")),
        ("follower", wrong("follower")),
        ("leaders", wrong("leaders")),
        ("theleader", wrong("theleader")),
        ("", .unreadable("Type a word or phrase.")),
        ("the", .unreadable("Type a word or phrase.")),
        ("?!", .unreadable("Type a word or phrase.")),
    ]

    @Test(arguments: cases)
    func ignoresCaseSpacingPunctuationAtTheEndsAndArticles(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.text)) == expected)
    }
}

@Suite struct OrderGradingTests {
    static let help = "Type each letter from a to c once, in your order (like c, b, a)."

    /// Unshuffled: a) Commit, b) Prepare, c) Collect votes; right order b → c → a.
    static let cases: [(String, GradeOutcome)] = [
        ("b, c, a", right("b → c → a")),
        ("bca", right("b → c → a")),
        ("B C A", right("b → c → a")),
        ("b → c → a", right("b → c → a")),
        ("b > c > a", right("b → c → a")),
        ("2 3 1", right("b → c → a")),
        ("a, b, c", wrong("a → b → c")),
        ("c b a", wrong("c → b → a")),
        ("b, c", .unreadable("You left out a. \(help)")),
        ("b", .unreadable("You left out a and c. \(help)")),
        ("b, c, a, a", .unreadable("You typed a more than once. \(help)")),
        ("b, c, d", .unreadable("There is no item d. \(help)")),
        ("b, c, 1", .unreadable(help)),
        ("", .unreadable(help)),
    ]

    @Test(arguments: cases)
    func readsAPermutationOfTheLabels(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.order)) == expected)
    }

    /// Shown as a) Collect votes, b) Commit, c) Prepare; right order c → a → b.
    static let shuffledCases: [(String, GradeOutcome)] = [
        ("c, a, b", right("c → a → b")),
        ("b, c, a", wrong("b → c → a")),
    ]

    @Test(arguments: shuffledCases)
    func readsDisplayedLabels(input: String, expected: GradeOutcome) {
        let shown = Presentation(question: Fixtures.order, order: [2, 0, 1])
        #expect(grade(input, shown) == expected)
    }
}

@Suite struct PredictGradingTests {
    /// The simulation says 4; tolerance 1.
    static let cases: [(String, GradeOutcome)] = [
        ("4", right("4")),
        ("5", right("5")),
        ("3", right("3")),
        ("4.5", right("4.5")),
        ("6", wrong("6")),
        ("x", .unreadable("Type a number, like 0.5, 2/3 or 50%.")),
        ("", .unreadable("Type a number, like 0.5, 2/3 or 50%.")),
    ]

    @Test(arguments: cases)
    func acceptsWithinToleranceOfTheComputedAnswer(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.predict), computedAnswer: 4) == expected)
    }

    /// The simulation says 3; no tolerance: exact, give or take 1e-9.
    static let exactCases: [(String, GradeOutcome)] = [
        ("3", right("3")),
        ("3.0000000001", right("3")),
        ("3.1", wrong("3.1")),
        ("2", wrong("2")),
    ]

    @Test(arguments: exactCases)
    func defaultToleranceIsExact(input: String, expected: GradeOutcome) {
        #expect(grade(input, Presentation(question: Fixtures.exactPredict), computedAnswer: 3) == expected)
    }

    @Test(arguments: [nil, Double.nan, Double.infinity])
    func withoutASimulationResultNothingCanBeGraded(computed: Double?) {
        #expect(
            grade("4", Presentation(question: Fixtures.predict), computedAnswer: computed)
                == .unreadable("The simulation for this question could not be run."))
    }
}

@Suite struct GradingTotalityTests {
    static let questions: [Question] = [
        Fixtures.choice, Fixtures.multi, Fixtures.truefalse, Fixtures.numeric, Fixtures.text, Fixtures.order,
        Fixtures.predict,
    ]
    static let strangeInputs: [String] = [
        "\u{0}", "👍", "e\u{301}", "٣", "½", "-", "/", "%", "1/", "/2", "a/b", "((", "))", ".", "→",
        String(repeating: "a", count: 10_000), String(repeating: "9", count: 400), "1e999999", "-0", "\n\t",
        "a\u{0}b", "ＡＢ",
    ]

    /// Whatever is typed, the learner gets either a grade or a non-empty message.
    @Test(arguments: questions)
    func everyInputGetsAGradeOrAMessage(question: Question) {
        for input in Self.strangeInputs {
            switch grade(input, Presentation(question: question), computedAnswer: 4) {
            case .graded(_, let understood): #expect(!understood.isEmpty, "\(input.debugDescription)")
            case .unreadable(let message): #expect(!message.isEmpty, "\(input.debugDescription)")
            }
        }
    }
}
