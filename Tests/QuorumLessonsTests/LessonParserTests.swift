import Foundation
import QuorumLessons
import QuorumQuiz
import Testing

@Suite struct LessonParserTests {
    static let retries = """
        ---
        id: retries
        title: Retries and duplicates
        summary: Why a client cannot tell a lost request from a slow reply.
        minutes: 15
        requires: [intro]
        tags: [failure, retries]
        ---

        # Retries

        A client sends a request and waits.

        ## Losing messages

        Messages get **lost**.

        ```sim
        model: request-reply
        params: { loss: 0.3, timeout: 50ms, note: "a,b|c" }
        seed: 7
        caption: How many requests fail?
        ```

        Now a question.

        ```quiz
        id: retries-lost-or-slow
        kind: choice
        prompt: The client got no reply. What happened?
        choices:
          - The request was lost
          - The reply was lost
          - Either; the client cannot tell
        answer: c
        hint: What does the client see in each case?
        explain: Both look like silence.
        ```

        ## Code is not a step ##

        ```text
        ## not a heading
        ```

        ```quiz
        id: retries-predict
        kind: predict
        prompt: With half the messages lost, how many requests run twice?
        sim:
          model: request-reply
          params:
            loss: 0.5
            requests: 20
        metric: duplicate-executions
        tolerance: 2
        ```
        """

    @Test func frontMatterFillsTheLessonHeader() throws {
        let (lesson, diagnostics) = LessonParser.parse(Self.retries, file: "lessons/retries.md")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        let parsed = try #require(lesson)
        #expect(parsed.id == "retries")
        #expect(parsed.title == "Retries and duplicates")
        #expect(parsed.summary == "Why a client cannot tell a lost request from a slow reply.")
        #expect(parsed.minutes == 15)
        #expect(parsed.requires == ["intro"])
        #expect(parsed.tags == ["failure", "retries"])
        #expect(parsed.file == "lessons/retries.md")
        #expect(parsed.overview == "# Retries\n\nA client sends a request and waits.")
    }

    @Test func eachLevelTwoHeadingOutsideCodeStartsAStep() throws {
        let lesson = try #require(LessonParser.parse(Self.retries, file: "lessons/retries.md").lesson)
        #expect(lesson.steps.map(\.title) == ["Losing messages", "Code is not a step"])
        #expect(lesson.steps.map(\.line) == [14, 40])
        guard case .markdown(let code) = lesson.steps[1].blocks.first else {
            Issue.record("the second step should open with its code block")
            return
        }
        #expect(code == "```text\n## not a heading\n```")
    }

    @Test func blocksKeepTheirOrderWithinAStep() throws {
        let lesson = try #require(LessonParser.parse(Self.retries, file: "lessons/retries.md").lesson)
        let kinds = lesson.steps[0].blocks.map { block in
            switch block {
            case .markdown(let text): "markdown: \(text)"
            case .sim: "sim"
            case .quiz(let question): "quiz: \(question.id)"
            }
        }
        #expect(
            kinds == [
                "markdown: Messages get **lost**.", "sim", "markdown: Now a question.", "quiz: retries-lost-or-slow",
            ])
    }

    @Test func simBlockKeepsParameterValuesAsWritten() throws {
        let lesson = try #require(LessonParser.parse(Self.retries, file: "lessons/retries.md").lesson)
        guard case .sim(let sim) = lesson.steps[0].blocks[1] else {
            Issue.record("expected a sim block")
            return
        }
        #expect(sim.model == "request-reply")
        #expect(
            sim.params == [
                SimParameter(name: "loss", value: "0.3"), SimParameter(name: "timeout", value: "50ms"),
                SimParameter(name: "note", value: "a,b|c"),
            ])
        #expect(sim.seed == 7)
        #expect(sim.caption == "How many requests fail?")
        #expect(sim.location == SourceLocation(file: "lessons/retries.md", line: 18, column: 1))
    }

    @Test func quizBlocksBecomeQuestions() throws {
        let lesson = try #require(LessonParser.parse(Self.retries, file: "lessons/retries.md").lesson)
        #expect(lesson.questions.map(\.id) == ["retries-lost-or-slow", "retries-predict"])
        let choice = lesson.questions[0]
        #expect(choice.prompt == "The client got no reply. What happened?")
        #expect(choice.options == ["The request was lost", "The reply was lost", "Either; the client cannot tell"])
        #expect(choice.answer == .choice(2))
        #expect(choice.hint == "What does the client see in each case?")
        #expect(choice.explain == "Both look like silence.")
        let spec = PredictSpec(
            model: "request-reply",
            params: [SimParameter(name: "loss", value: "0.5"), SimParameter(name: "requests", value: "20")], seed: 1,
            metric: "duplicate-executions")
        #expect(lesson.questions[1].answer == .predict(spec, .absolute(2)))
    }

    @Test(arguments: [
        ("kind: multi\nchoices: [x, y, z]\nanswer: [c, a]", AnswerKey.multi([0, 2]), ["x", "y", "z"]),
        ("kind: choice\nchoices: [x, y, z]\nanswer: 2", .choice(1), ["x", "y", "z"]),
        ("kind: truefalse\nanswer: false", .truefalse(false), []),
        ("kind: numeric\nanswer: 2/3\ntolerance: 0.01", .numeric(2.0 / 3.0, .absolute(0.01)), []),
        ("kind: numeric\nanswer: 120\ntolerance: 5%", .numeric(120, .relative(0.05)), []),
        ("kind: numeric\nanswer: -0.5", .numeric(-0.5, nil), []),
        ("kind: text\nanswer: leader", .text(["leader"]), []),
        ("kind: text\nanswer: [leader, the leader]", .text(["leader", "the leader"]), []),
        (
            "kind: order\nitems: [propose, vote, commit]\nanswer: [c, a, b]", .order([2, 0, 1]),
            ["propose", "vote", "commit"]
        ),
    ])
    func eachKindsAnswerMapsToItsKey(fields: String, answer: AnswerKey, options: [String]) throws {
        let text = sampleLesson("## Step\n\n```quiz\nid: q\nprompt: Why?\n\(fields)\n```\n")
        let (lesson, diagnostics) = LessonParser.parse(text, file: "lessons/sample.md")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        let question = try #require(lesson?.questions.first)
        #expect(question.answer == answer)
        #expect(question.options == options)
    }

    @Test func crlfLineEndingsParseLikeLF() throws {
        let text = Self.retries.replacingOccurrences(of: "\n", with: "\r\n")
        let (lesson, diagnostics) = LessonParser.parse(text, file: "lessons/retries.md")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.rendered))")
        #expect(lesson?.questions.count == 2)
        #expect(lesson?.steps.first?.title == "Losing messages")
    }

    @Test func indentedFenceKeepsColumnsOfItsYAML() {
        let marked = MarkedText(
            sampleLesson(
                """
                ## Step

                  ```quiz
                  id: q
                  kind: choice
                  prompt: Which?
                  choices: [x, y]
                  answer: 1️⃣c
                  ```
                """))
        let diagnostics = LessonParser.parse(marked.text, file: "lessons/sample.md").diagnostics
        expectDiagnostic(diagnostics, "answer 'c' names no choice", at: "1️⃣", in: marked)
    }
}
