import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumSim
import QuorumStore
import QuorumTerminal

extension Shell {
    /// How one question ended.
    enum QuestionResult: Equatable {
        /// `usedHint`: the learner asked for the hint or the explanation first.
        case answered(correct: Bool, usedHint: Bool)
        case skipped
        /// The question could not be asked (its simulation did not run); nothing was recorded.
        case unavailable
        /// Ctrl-C or the end of input: leave the quiz.
        case stopped

        /// The review rating the answer earns: wrong or skipped is Again, right after help is
        /// Hard, right is Good; nil when there was no answer.
        var suggestedRating: Rating? {
            switch self {
            case .answered(let correct, let usedHint): Rating.suggested(correct: correct, usedHelp: usedHint)
            case .skipped: .again
            case .unavailable, .stopped: nil
            }
        }
    }

    func quiz(_ arguments: [String]) -> Outcome {
        guard let course = requireCourse() else { return .failed }
        let lesson: Lesson
        let questions: [Question]
        switch arguments.count {
        case 0:
            guard let position else {
                console.error("usage: quiz <lesson>, or open a lesson with `learn <lesson>` and type `quiz`.")
                return .failed
            }
            lesson = position.lesson
            let answered = answeredQuestionIDs()
            let here = lesson.steps[position.step].questions.filter { !answered.contains($0.id) }
            let unanswered = lesson.questions.filter { !answered.contains($0.id) }
            questions = !here.isEmpty ? here : (!unanswered.isEmpty ? unanswered : lesson.questions)
        case 1:
            guard let found = course.lesson(id: arguments[0]) else {
                var message = "no lesson '\(arguments[0])'"
                if let suggestion = closestMatch(to: arguments[0], in: course.lessons.map(\.id)) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                console.error(message + ". `lessons` lists them.")
                return .failed
            }
            lesson = found
            questions = found.questions
        default:
            console.error("usage: quiz [lesson]")
            return .failed
        }
        guard !questions.isEmpty else {
            console.line("'\(lesson.id)' has no questions.")
            return .ok
        }
        var right = 0
        var answered = 0
        for (index, question) in questions.enumerated() {
            let result = ask(question, lessonID: lesson.id, number: index + 1, of: questions.count)
            if result == .stopped {
                console.line(console.style.dim("Quiz stopped. Every answer you gave is saved."))
                break
            }
            if let rating = result.suggestedRating {
                schedule(question, lessonID: lesson.id, rating: rating, at: now())
            }
            if case .answered(let correct, _) = result {
                answered += 1
                if correct { right += 1 }
            }
        }
        if answered > 0 { console.line(console.style.bold("You got \(right) of \(answered) right.")) }
        return .ok
    }

    /// Asks one question at the answer prompt, records the answer the moment it is graded, and
    /// teaches: the verdict, the right answer when it was missed, and the explanation.
    ///
    /// The caller schedules the question's review card from the result (`quiz` at once, `review`
    /// after the learner has seen the intervals). `source` names the lesson in the heading.
    func ask(_ question: Question, lessonID: String, number: Int, of total: Int, source: String? = nil)
        -> QuestionResult
    {
        let style = console.style
        let renderer = MarkdownRenderer(width: console.width, style: style)
        let previous = load("your earlier answers", fallback: []) { try store.attempts(lessonID: lessonID) }
            .filter { $0.questionID == question.id }.count
        // A new shuffle per attempt, the same in every process: a remembered letter is not a
        // remembered answer, and a test can predict the order.
        var generator = SplitMix64(seed: stableHash(question.id) &+ UInt64(previous))
        let presentation = present(question, using: &generator)
        var computed: Double?
        if case .predict(let spec, _) = question.answer {
            guard let value = predictedValue(spec) else { return .unavailable }
            computed = value
        }

        console.line()
        console.line(
            style.accent("Question \(number) of \(total)")
                + style.dim(" · \(question.kind.rawValue)" + (source.map { " · \($0)" } ?? "")))
        console.line(renderer.render(question.prompt))
        for option in presentation.displayedOptions {
            let lines = wrap(option.text, width: max(20, console.width - 6))
            for (index, line) in lines.enumerated() {
                console.line((index == 0 ? "  \(style.bold(option.label + ")")) " : "     ") + line)
            }
        }
        console.line(style.dim(instructions(for: presentation) + " (or hint, explain, skip)"))

        var usedHint = false
        while true {
            let input: String
            switch reader.readLine(prompt: reader.isInteractive ? "answer> " : "") {
            case .interrupted, .endOfInput: return .stopped
            case .line(let line): input = line.trimmingCharacters(in: .whitespaces)
            }
            switch input.lowercased() {
            case "":
                console.line(style.dim("Type your answer, or hint, explain or skip."))
            case "hint":
                usedHint = true
                console.line(question.hint.map { style.italic("Hint: ") + $0 } ?? "There is no hint for this one.")
            case "explain":
                usedHint = true
                if let explain = question.explain {
                    console.line(renderer.render(explain))
                    console.line(style.dim("Now your answer:"))
                } else {
                    console.line("There is no explanation for this one; `skip` shows the answer.")
                }
            case "skip":
                record(question, lessonID: lessonID, answer: "", correct: false, usedHint: usedHint, skipped: true)
                console.line("The answer: " + style.bold(expectedAnswerText(presentation, computedAnswer: computed)))
                explain(question, computed: computed)
                return .skipped
            default:
                switch grade(input, presentation, computedAnswer: computed) {
                case .unreadable(let help):
                    console.line(help)
                case .graded(let correct, let understood):
                    record(question, lessonID: lessonID, answer: understood, correct: correct, usedHint: usedHint)
                    if correct {
                        console.line(style.success("✓ Right.") + (usedHint ? style.dim(" (with help)") : ""))
                    } else {
                        console.line(
                            style.error("✗ Not quite.") + " You answered \(understood); the answer is "
                                + style.bold(expectedAnswerText(presentation, computedAnswer: computed)) + ".")
                    }
                    explain(question, computed: computed)
                    return .answered(correct: correct, usedHint: usedHint)
                }
            }
        }
    }

    private func explain(_ question: Question, computed: Double?) {
        if case .predict(let spec, _) = question.answer, let computed {
            let params = spec.params.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
            console.line(
                "The simulation gives \(formatMetric(computed)) for \(spec.metric). See it yourself: "
                    + console.style.code("sim run \(spec.model) \(params) seed=\(spec.seed)"))
        }
        if let explain = question.explain {
            console.line(MarkdownRenderer(width: console.width, style: console.style).render(explain))
        }
    }

    private func record(
        _ question: Question, lessonID: String, answer: String, correct: Bool, usedHint: Bool, skipped: Bool = false
    ) {
        let attempt = Attempt(
            lessonID: lessonID, questionID: question.id, answer: answer, correct: correct, usedHint: usedHint,
            skipped: skipped, answeredAt: now())
        save("this answer") { try store.record(attempt) }
    }

    /// Runs a predict question's simulation; its metric is the answer.
    func predictedValue(_ spec: PredictSpec) -> Double? {
        guard let model = registry.model(named: spec.model) else {
            console.error("this question's simulation names no known model '\(spec.model)'; skipping it.")
            return nil
        }
        do {
            let run = try model.run(overrides: spec.params.map { ($0.name, $0.value) }, seed: spec.seed, trace: .off)
            guard let value = run.metric(spec.metric) else {
                console.error("model '\(spec.model)' reports no metric '\(spec.metric)'; skipping this question.")
                return nil
            }
            return value
        } catch {
            console.error("this question's simulation could not run (\(error.description)); skipping it.")
            return nil
        }
    }

    private func instructions(for presentation: Presentation) -> String {
        let count = presentation.displayedOptions.count
        let last = presentation.displayedOptions.last?.label ?? "a"
        switch presentation.question.kind {
        case .choice: return "Type a letter (a–\(last))."
        case .multi: return "Type every letter that applies, like `a c`."
        case .truefalse: return "Type true or false."
        case .numeric: return "Type a number; fractions like 2/3 are fine."
        case .text: return "Type a word or a short phrase."
        case .order: return "Type the \(count) letters in order, like `c a b`."
        case .predict: return "Predict the number the simulation will report."
        }
    }
}
