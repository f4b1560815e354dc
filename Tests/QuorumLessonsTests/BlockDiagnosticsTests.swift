import QuorumLessons
import Testing

/// Problems inside a lesson's body: fences, headings, sim and quiz blocks.
@Suite struct BlockDiagnosticsTests {
    func diagnostics(_ marked: MarkedText) -> [Diagnostic] {
        LessonParser.parse(marked.text, file: "lessons/sample.md").diagnostics
    }

    @Test func fenceThatNeverClosesPointsAtItsOpening() {
        let marked = MarkedText(sampleLesson("## Step\n\n1️⃣```swift\nlet x = 1\n\n## Not a step, still code\n"))
        let found = diagnostics(marked)
        expectDiagnostic(found, "code fence is never closed: add a '```' line", at: "1️⃣", in: marked)
        #expect(found.count == 1, "\(found.map(\.rendered))")
    }

    @Test func quizBlockBeforeTheFirstStepIsAnError() {
        let marked = MarkedText(sampleLesson("1️⃣```quiz\nid: q\n```\n\n## Step\n"))
        expectDiagnostic(diagnostics(marked), "a quiz block must be inside a step", at: "1️⃣", in: marked)
    }

    @Test func malformedYAMLInsideAFenceIsAtItsFilePosition() {
        let marked = MarkedText(sampleLesson("## Step\n\n```quiz\nid: q\nkind: choice\nprompt: 1️⃣: what?\n```\n"))
        expectDiagnostic(diagnostics(marked), "invalid YAML in quiz block", at: "1️⃣", in: marked)
    }

    @Test func duplicateKeyIsReportedAtItsSecondUse() {
        let marked = MarkedText(sampleLesson("## Step\n\n```sim\nmodel: request-reply\n1️⃣model: raft\n```\n"))
        expectDiagnostic(diagnostics(marked), "duplicate key 'model' in sim block", at: "1️⃣", in: marked)
    }

    @Test func missingRequiredQuizFieldPointsAtTheFence() {
        let marked = MarkedText(sampleLesson("## Step\n\n1️⃣```quiz\nid: q\nkind: truefalse\nanswer: true\n```\n"))
        expectDiagnostic(diagnostics(marked), "missing required field 'prompt' in quiz block", at: "1️⃣", in: marked)
    }

    @Test func unknownQuizFieldSuggestsTheNearestOne() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: truefalse\nprompt: P?\nanswer: true\n1️⃣explian: E\n```\n"))
        expectDiagnostic(
            diagnostics(marked), "unknown field 'explian' in quiz block (did you mean 'explain'?)", at: "1️⃣", in: marked)
    }

    @Test func unknownKindSuggestsTheNearestOne() {
        let marked = MarkedText(sampleLesson("## Step\n\n```quiz\nid: q\nkind: 1️⃣chioce\nprompt: P?\n```\n"))
        expectDiagnostic(
            diagnostics(marked), "unknown question kind 'chioce' (did you mean 'choice'?)", at: "1️⃣", in: marked)
    }

    @Test func promptThatIsAListIsAWrongType() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: truefalse\nprompt: 1️⃣[a, b]\nanswer: true\n```\n"))
        expectDiagnostic(diagnostics(marked), "'prompt' in quiz block must be text; found a list", at: "1️⃣", in: marked)
    }

    @Test func truefalseAnswerThatIsNotABooleanIsAWrongType() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: truefalse\nprompt: P?\nanswer: 1️⃣maybe\n```\n"))
        expectDiagnostic(diagnostics(marked), "must be true or false; found 'maybe'", at: "1️⃣", in: marked)
    }

    @Test(arguments: [
        ("answer: 1️⃣d", "answer 'd' names no choice: there are 3 (a to c, or 1 to 3)"),
        ("answer: 1️⃣4", "answer 4 names no choice: there are 3"),
        ("answer: 1️⃣Two", "answer 'Two' is a choice's text: write its letter, 'b'"),
    ])
    func choiceAnswerThatNamesNoChoiceIsReportedAtTheAnswer(answer: String, message: String) {
        let marked = MarkedText(
            sampleLesson(
                "## Step\n\n```quiz\nid: q\nkind: choice\nprompt: P?\nchoices: [One, Two, Three]\n\(answer)\n```\n"))
        expectDiagnostic(diagnostics(marked), message, at: "1️⃣", in: marked)
    }

    @Test func multiAnswerLetterOutOfRangeIsReportedAtThatLetter() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: multi\nprompt: P?\nchoices: [x, y]\nanswer: [a, 1️⃣e]\n```\n"))
        expectDiagnostic(diagnostics(marked), "answer 'e' names no choice", at: "1️⃣", in: marked)
    }

    @Test func orderAnswerMissingAnItemIsNotAPermutation() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: order\nprompt: P?\nitems: [x, y, z]\nanswer: 1️⃣[c, a]\n```\n")
        )
        expectDiagnostic(diagnostics(marked), "must list every item exactly once: b is missing", at: "1️⃣", in: marked)
    }

    @Test func orderAnswerRepeatingAnItemIsNotAPermutation() {
        let marked = MarkedText(
            sampleLesson(
                "## Step\n\n```quiz\nid: q\nkind: order\nprompt: P?\nitems: [x, y, z]\nanswer: [c, a, 1️⃣a, b]\n```\n"))
        expectDiagnostic(diagnostics(marked), "item 'a' appears twice", at: "1️⃣", in: marked)
    }

    @Test func duplicateQuestionIDInOneLessonPointsAtTheSecond() {
        let quiz = "kind: truefalse\nprompt: P?\nanswer: true\n```\n"
        let marked = MarkedText(sampleLesson("## Step\n\n```quiz\nid: q\n\(quiz)\n```quiz\nid: 1️⃣q\n\(quiz)"))
        expectDiagnostic(diagnostics(marked), "duplicate question id 'q' (first used at line 12)", at: "1️⃣", in: marked)
    }

    @Test func fieldAnotherKindUsesIsOnlyAWarning() {
        let marked = MarkedText(
            sampleLesson(
                "## Step\n\n```quiz\nid: q\nkind: truefalse\nprompt: P?\nanswer: true\n1️⃣choices: [a, b]\n```\n"))
        let (lesson, found) = LessonParser.parse(marked.text, file: "lessons/sample.md")
        expectDiagnostic(
            found, "'choices' is not used by a truefalse question", at: "1️⃣", in: marked, severity: .warning)
        #expect(lesson?.questions.count == 1)
    }

    @Test func negativeToleranceIsRejected() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```quiz\nid: q\nkind: numeric\nprompt: P?\nanswer: 3\ntolerance: 1️⃣-1\n```\n"))
        expectDiagnostic(diagnostics(marked), "'tolerance' must be a number that is not negative", at: "1️⃣", in: marked)
    }

    @Test func simParamsThatAreAListAreAWrongType() {
        let marked = MarkedText(sampleLesson("## Step\n\n```sim\nmodel: request-reply\nparams: 1️⃣[loss, 0.1]\n```\n"))
        expectDiagnostic(diagnostics(marked), "'params' must be a mapping of parameter values", at: "1️⃣", in: marked)
    }

    @Test func negativeSeedIsRejected() {
        let marked = MarkedText(sampleLesson("## Step\n\n```sim\nmodel: request-reply\nseed: 1️⃣-3\n```\n"))
        expectDiagnostic(diagnostics(marked), "'seed' must be a whole number from 0", at: "1️⃣", in: marked)
    }

    @Test func yamlAliasesAreRefusedBeforeParsing() {
        let marked = MarkedText(
            sampleLesson("## Step\n\n```sim\nmodel: &m request-reply\ncaption: 1️⃣*m\n```\n"))
        expectDiagnostic(diagnostics(marked), "YAML aliases ('*m') are not supported", at: "1️⃣", in: marked)
    }
}
