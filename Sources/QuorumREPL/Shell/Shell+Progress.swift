import Foundation
import QuorumLessons
import QuorumStore
import QuorumTerminal

extension Shell {
    func progress(_ arguments: [String]) -> Outcome {
        switch arguments.first {
        case nil: return progressOverview()
        case "--json":
            guard arguments.count == 1 else {
                console.error("usage: progress --json")
                return .failed
            }
            do {
                let document = try store.exportDocument(at: now())
                console.line(ProgressStore.encode(document).trimmingCharacters(in: .newlines))
                return .ok
            } catch {
                console.error("could not read your progress: \(error)")
                return .failed
            }
        case "reset": return reset(Array(arguments.dropFirst()))
        case let other?:
            console.error(
                "unknown progress command '\(other)'; use `progress`, `progress --json` or `progress reset [lesson]`.")
            return .failed
        }
    }

    private func progressOverview() -> Outcome {
        let style = console.style
        let states = load("your progress", fallback: []) { try store.lessonStates() }
        let attempts = load("your answers", fallback: []) { try store.attempts() }
        let byLesson = Dictionary(states.map { ($0.lessonID, $0) }, uniquingKeysWith: { first, _ in first })
        let scores = quizScores()
        var out: [String] = [style.bold("Your progress")]
        if let course {
            let done = course.lessons.filter { byLesson[$0.id]?.completed == true }.count
            let questions = course.lessons.reduce(0) { $0 + $1.questions.count }
            let right = course.lessons.reduce(0) { $0 + scores[$1.id, default: 0] }
            out.append(
                "\(done) of \(plural(course.lessons.count, "lesson")) done · \(right) of \(plural(questions, "question")) answered right · \(plural(attempts.count, "answer")) given"
            )
            for track in course.tracks where !track.lessonIDs.isEmpty {
                out.append("")
                out.append(style.heading(track.title, level: 2))
                var table = TextTable(headers: ["", "lesson", "status", "quiz", "last studied"])
                for id in track.lessonIDs {
                    guard let lesson = course.lesson(id: id) else { continue }
                    let state = byLesson[id]
                    let (mark, status) = describe(state, lesson: lesson)
                    let total = lesson.questions.count
                    table.addRow([
                        mark, id, status, total == 0 ? "" : "\(scores[id, default: 0])/\(total)",
                        state.map { dayText($0.updatedAt) } ?? "",
                    ])
                }
                out.append(table.render(style: style, maxWidth: console.width))
            }
        } else {
            out.append("\(plural(states.count, "lesson")) started · \(plural(attempts.count, "answer")) given")
        }
        let wrong = attempts.filter { !$0.correct && !$0.skipped }.count
        if !attempts.isEmpty {
            out.append("")
            out.append(
                "Answers: \(attempts.count - wrong) right or skipped, \(wrong) wrong. `progress --json` prints every one."
            )
        }
        out.append(
            style.dim(
                store.databasePath.map { "Saved in \($0)." } ?? "Not saving this session (see the warning at start)."))
        console.page(out.joined(separator: "\n"))
        return .ok
    }

    private func dayText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    private func reset(_ arguments: [String]) -> Outcome {
        let confirmed = arguments.contains("--yes")
        let names = arguments.filter { $0 != "--yes" }
        guard names.count <= 1 else {
            console.error("usage: progress reset [lesson] [--yes]")
            return .failed
        }
        let lessonID = names.first
        if let lessonID, course?.lesson(id: lessonID) == nil,
            load("your progress", fallback: nil, { try store.lessonState(lessonID) }) == nil
        {
            console.error("no lesson '\(lessonID)' to reset. `progress` shows what you have done.")
            return .failed
        }
        let scope = lessonID.map { "your progress in '\($0)'" } ?? "ALL your progress"
        let answers = load("your answers", fallback: []) { try store.attempts(lessonID: lessonID) }.count
        if !confirmed {
            console.line("This forgets \(scope): your place and \(plural(answers, "answer")). It cannot be undone.")
            guard case .line(let reply) = reader.readLine(prompt: "Type yes to reset, anything else to keep it: "),
                reply.trimmingCharacters(in: .whitespaces).lowercased() == "yes"
            else {
                console.line("Nothing was reset.")
                return .ok
            }
        }
        do {
            try store.reset(lessonID: lessonID)
        } catch {
            console.error("could not reset: \(error). Nothing was changed.")
            return .failed
        }
        if lessonID == nil || position?.lesson.id == lessonID { position = nil }
        console.line("Reset \(scope).")
        return .ok
    }
}
