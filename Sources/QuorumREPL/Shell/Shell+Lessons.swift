import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumStore
import QuorumTerminal

extension Shell {
    func requireCourse() -> Course? {
        if course == nil {
            console.error(
                "no course is loaded. Start quorum with --course DIR, or set QUORUM_COURSE to a course folder.")
        }
        return course
    }

    func listLessons(_ arguments: [String]) -> Outcome {
        guard expectNoArguments(arguments, usage: "lessons"), let course = requireCourse() else { return .failed }
        let states = Dictionary(
            load("your progress", fallback: []) { try store.lessonStates() }.map { ($0.lessonID, $0) },
            uniquingKeysWith: { first, _ in first })
        let scores = quizScores()
        let style = console.style
        var out: [String] = [style.bold(course.title)]
        for track in course.tracks {
            out.append("")
            out.append(style.heading(track.title, level: 2))
            if track.lessonIDs.isEmpty {
                out.append("  " + style.dim("(lessons coming later)"))
                continue
            }
            for id in track.lessonIDs {
                guard let lesson = course.lesson(id: id) else {
                    out.append("  " + style.warning("! \(id): this lesson has errors; `quorum lint` shows them"))
                    continue
                }
                let (mark, status) = describe(states[id], lesson: lesson)
                let total = lesson.questions.count
                let right = total == 0 ? status : "\(status) · quiz \(scores[id, default: 0])/\(total)"
                out.append(spread("  \(mark) " + style.bold(lesson.title), right))
                out.append("    " + style.dim("learn \(id) · \(lesson.minutes) min"))
            }
        }
        out.append("")
        out.append("Open one with \(command("learn <lesson>")).")
        console.page(out.joined(separator: "\n"))
        return .ok
    }

    /// `left` and `right` on one line, `right` flush with the terminal's edge when it fits.
    func spread(_ left: String, _ right: String) -> String {
        let gap = console.width - visibleWidth(left) - visibleWidth(right)
        return left + String(repeating: " ", count: max(2, gap)) + right
    }

    /// A command the learner can type: highlighted in colour, in backticks without it.
    func command(_ text: String) -> String {
        console.style.colorEnabled ? console.style.code(text) : "`\(text)`"
    }

    /// The number of each lesson's questions whose latest answer was right.
    func quizScores() -> [String: Int] {
        var latest: [String: Attempt] = [:]
        for attempt in load("your answers", fallback: [], { try store.attempts() }) where !attempt.skipped {
            latest[attempt.questionID] = attempt
        }
        var scores: [String: Int] = [:]
        for attempt in latest.values where attempt.correct { scores[attempt.lessonID, default: 0] += 1 }
        return scores
    }

    func describe(_ state: LessonState?, lesson: Lesson) -> (mark: String, status: String) {
        let style = console.style
        guard let state else { return ("·", "new") }
        if state.completed { return (style.success("✓"), "done") }
        return (style.accent("◐"), "step \(state.currentStep + 1) of \(lesson.steps.count)")
    }

    func learn(_ arguments: [String]) -> Outcome {
        guard let course = requireCourse() else { return .failed }
        guard arguments.count == 1, let id = arguments.first else {
            console.error("usage: learn <lesson>. `lessons` lists them.")
            return .failed
        }
        guard let lesson = course.lesson(id: id) else {
            if course.broken[id] != nil {
                console.error("lesson '\(id)' has errors and was not loaded; `quorum lint` shows them.")
            } else {
                var message = "no lesson '\(id)'"
                if let suggestion = closestMatch(to: id, in: course.lessons.map(\.id)) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                console.error(message + ". `lessons` lists them.")
            }
            return .failed
        }
        guard !lesson.steps.isEmpty else {
            console.error("lesson '\(id)' has no steps.")
            return .failed
        }
        let state = load("your place in this lesson", fallback: nil) { try store.lessonState(id) }
        let step = min(max(0, state?.currentStep ?? 0), lesson.steps.count - 1)
        let style = console.style
        console.line(style.heading(lesson.title, level: 1))
        if let state, !state.completed, step > 0 {
            console.line(style.dim("Welcome back: picking up at step \(step + 1) of \(lesson.steps.count)."))
        } else {
            if !lesson.summary.isEmpty { console.paragraph(style.italic(lesson.summary)) }
            if !lesson.overview.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                console.line()
                console.line(MarkdownRenderer(width: console.width, style: style).render(lesson.overview))
            }
        }
        show(lesson, step: step)
        return .ok
    }

    func move(by delta: Int, _ arguments: [String]) -> Outcome {
        guard expectNoArguments(arguments, usage: delta > 0 ? "next" : "back"), let position = requireOpenLesson()
        else { return .failed }
        let target = position.step + delta
        if target < 0 {
            console.line("This is the first step. `steps` lists them all.")
            return .ok
        }
        if target >= position.lesson.steps.count {
            finish(position.lesson)
            return .ok
        }
        warnAboutUnanswered(in: position)
        show(position.lesson, step: target)
        return .ok
    }

    func jump(_ arguments: [String]) -> Outcome {
        guard let position = requireOpenLesson() else { return .failed }
        let count = position.lesson.steps.count
        guard arguments.count == 1, let number = Int(arguments[0]), (1...count).contains(number) else {
            console.error("usage: step <n>, where n is from 1 to \(count). `steps` lists them.")
            return .failed
        }
        show(position.lesson, step: number - 1)
        return .ok
    }

    func listSteps(_ arguments: [String]) -> Outcome {
        guard expectNoArguments(arguments, usage: "steps"), let position = requireOpenLesson() else { return .failed }
        let style = console.style
        console.line(style.bold(position.lesson.title))
        for (index, step) in position.lesson.steps.enumerated() {
            let marker = index == position.step ? style.accent("▶") : " "
            console.line("\(marker) \(String(index + 1).leftPadded(to: 2)). \(step.title)")
        }
        console.line("Jump with \(command("step <n>")).")
        return .ok
    }

    func requireOpenLesson() -> (lesson: Lesson, step: Int)? {
        guard let position else {
            console.error("no lesson is open. Open one with `learn <lesson>`; `lessons` lists them.")
            return nil
        }
        return position
    }

    /// Shows one step and saves it as the learner's place, committed before anything else happens.
    func show(_ lesson: Lesson, step index: Int) {
        position = (lesson, index)
        save("your place in '\(lesson.id)'") {
            try store.saveStep(lessonID: lesson.id, step: index, stepCount: lesson.steps.count, at: now())
            try store.setMeta("last-lesson", lesson.id)
        }
        let style = console.style
        let step = lesson.steps[index]
        let renderer = MarkdownRenderer(width: console.width, style: style)
        var out: [String] = [
            "",
            style.dim("── \(lesson.id) · step \(index + 1) of \(lesson.steps.count) ──"),
            style.heading(step.title, level: 2),
            "",
        ]
        let answered = answeredQuestionIDs()
        var questionNumber = 0
        for block in step.blocks {
            switch block {
            case .markdown(let text):
                let rendered = renderer.render(text)
                if !rendered.isEmpty { out.append(rendered) }
            case .sim(let sim):
                out.append(contentsOf: simulationCard(sim))
            case .quiz(let question):
                questionNumber += 1
                let mark = answered.contains(question.id) ? style.success(" ✓ answered") : ""
                out.append(style.accent("? Question \(questionNumber) · \(question.kind.rawValue)") + mark)
                out.append(renderer.render(question.prompt))
            }
            out.append("")
        }
        out.append(footer(for: lesson, step: index, answered: answered))
        console.page(out.joined(separator: "\n"))
    }

    private func simulationCard(_ sim: SimBlock) -> [String] {
        let style = console.style
        let params = sim.params.map { "\($0.name)=\($0.value)" }.joined(separator: " ")
        var lines = [style.accent("▶ Simulation: \(sim.model)") + style.dim(" \(params) seed=\(sim.seed)")]
        if let caption = sim.caption {
            lines += wrap(caption, width: console.width - 2).map { "  " + $0 }
        }
        let example = registry.model(named: sim.model)?.parameters.first.map { " or `run \($0.name)=…`" } ?? ""
        lines.append(style.dim("  type `run` to run it\(example) to change a parameter"))
        return lines
    }

    private func footer(for lesson: Lesson, step index: Int, answered: Set<String>) -> String {
        var parts: [String] = []
        let pending = lesson.steps[index].questions.filter { !answered.contains($0.id) }.count
        if pending > 0 {
            parts.append("\(command("quiz")) answers \(pending == 1 ? "this question" : "these \(pending) questions")")
        }
        if lesson.steps[index].hasSimulation { parts.append("\(command("run")) runs the simulation") }
        parts.append("\(command("next")) " + (index + 1 < lesson.steps.count ? "goes on" : "finishes the lesson"))
        if index > 0 { parts.append("\(command("back")) goes back") }
        return wrap(parts.joined(separator: " · "), width: console.width).joined(separator: "\n")
    }

    private func warnAboutUnanswered(in position: (lesson: Lesson, step: Int)) {
        let answered = answeredQuestionIDs()
        let pending = position.lesson.steps[position.step].questions.filter { !answered.contains($0.id) }
        guard !pending.isEmpty else { return }
        console.line(
            console.style.dim(
                "(You left \(plural(pending.count, "question")) unanswered on step \(position.step + 1); \(command("quiz \(position.lesson.id)")) will ask \(pending.count == 1 ? "it" : "them") later.)"
            ))
    }

    func answeredQuestionIDs() -> Set<String> {
        Set(load("your answers", fallback: []) { try store.attempts() }.map(\.questionID))
    }

    private func finish(_ lesson: Lesson) {
        save("that you finished '\(lesson.id)'") {
            try store.markCompleted(lessonID: lesson.id, stepCount: lesson.steps.count, at: now())
        }
        let style = console.style
        let total = lesson.questions.count
        let right = quizScores()[lesson.id, default: 0]
        console.line(style.success("✓ You finished \(lesson.title)."))
        if total > 0 {
            console.line(
                "Questions: \(right) of \(total) right."
                    + (right < total ? " \(command("quiz \(lesson.id)")) asks the rest again." : ""))
        }
        if let next = nextLesson(after: lesson) {
            console.line("Next: \(next.title) — type \(command("learn \(next.id)")).")
        } else {
            console.line("That was the last lesson in the course so far. `progress` shows what you have done.")
        }
    }

    func nextLesson(after lesson: Lesson) -> Lesson? {
        guard let course, let index = course.lessons.firstIndex(where: { $0.id == lesson.id }),
            index + 1 < course.lessons.count
        else { return nil }
        return course.lessons[index + 1]
    }
}

extension Step {
    var questions: [Question] {
        blocks.compactMap { if case .quiz(let question) = $0 { question } else { nil } }
    }

    var simulations: [SimBlock] {
        blocks.compactMap { if case .sim(let sim) = $0 { sim } else { nil } }
    }

    var hasSimulation: Bool { !simulations.isEmpty }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }

    func rightPadded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
