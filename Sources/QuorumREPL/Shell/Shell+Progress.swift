import Foundation
import QuorumLessons
import QuorumQuiz
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
        case "export": return exportProgress(Array(arguments.dropFirst()))
        case "import": return importProgress(Array(arguments.dropFirst()))
        case "reset": return reset(Array(arguments.dropFirst()))
        case let other?:
            console.error(
                "unknown progress command '\(other)'; use `progress`, `progress --json`, `progress export [file]`, "
                    + "`progress import <file>` or `progress reset [lesson]`.")
            return .failed
        }
    }

    private func progressOverview() -> Outcome {
        let style = console.style
        let states = load("your progress", fallback: []) { try store.lessonStates() }
        let attempts = load("your answers", fallback: []) { try store.attempts() }
        let byLesson = Dictionary(states.map { ($0.lessonID, $0) }, uniquingKeysWith: { first, _ in first })
        let scores = quizScores()
        let date = now()
        let cards = courseCards()
        let cardsByLesson = Dictionary(grouping: cards, by: \.lesson.id)
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
                let trackCards = track.lessonIDs.flatMap { cardsByLesson[$0] ?? [] }
                out.append(
                    style.heading(track.title, level: 2)
                        + (mastery(trackCards, at: date).map { style.dim(" · mastery \($0)") } ?? ""))
                var table = TextTable(headers: ["", "lesson", "status", "quiz", "mastery", "last studied"])
                for id in track.lessonIDs {
                    guard let lesson = course.lesson(id: id) else { continue }
                    let state = byLesson[id]
                    let (mark, status) = describe(state, lesson: lesson)
                    let total = lesson.questions.count
                    table.addRow([
                        mark, id, status, total == 0 ? "" : "\(scores[id, default: 0])/\(total)",
                        mastery(cardsByLesson[id] ?? [], at: date) ?? "",
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
        out.append(contentsOf: reviewSummary(cards: cards, at: date))
        out.append(
            style.dim(
                store.databasePath.map { "Saved in \($0)." } ?? "Not saving this session (see the warning at start)."))
        console.page(out.joined(separator: "\n"))
        return .ok
    }

    /// Mean retrievability of the cards now, as "87%"; nil without cards.
    private func mastery(_ cards: [CourseCard], at date: Date) -> String? {
        guard !cards.isEmpty else { return nil }
        let total = cards.reduce(0.0) { $0 + scheduler.retrievability(of: Self.card(from: $1.record), at: date) }
        return "\(Int((total / Double(cards.count) * 100).rounded()))%"
    }

    /// What is due, the streak of study days and the reviews of the last 30 days. Days are UTC days.
    private func reviewSummary(cards: [CourseCard], at date: Date) -> [String] {
        let reviews = load("your reviews", fallback: []) { try store.reviews() }
        guard !cards.isEmpty || !reviews.isEmpty else { return [] }
        let style = console.style
        let today = utcDay(date)
        let endOfToday = Date(timeIntervalSince1970: Double(today + 1) * 86_400)
        let weekAhead = date.addingTimeInterval(7 * 86_400)
        let dueNow = cards.filter { $0.record.due <= date }.count
        let dueToday = cards.filter { $0.record.due < endOfToday }.count
        let dueWeek = cards.filter { $0.record.due <= weekAhead }.count
        var out = [
            "",
            style.heading("Review", level: 2),
            "Due: \(dueNow) now · \(dueToday) today · \(dueWeek) within a week"
                + (dueNow > 0 ? " · type \(style.code("review"))" : ""),
        ]
        let days = Set(reviews.map { utcDay($0.reviewedAt) })
        let streak = studyStreak(days: days, today: today)
        out.append(
            "Streak: \(plural(streak, "day")) in a row"
                + (streak > 0 && !days.contains(today) ? " (study today to keep it)" : ""))
        var perDay = [Double](repeating: 0, count: 30)
        for review in reviews {
            let offset = today - utcDay(review.reviewedAt)
            if (0..<30).contains(offset) { perDay[29 - offset] += 1 }
        }
        let recent = Int(perDay.reduce(0, +))
        out.append("Reviews, last 30 days: \(Sparkline.render(perDay)) \(recent) in all")
        return out
    }

    /// Consecutive study days ending today, or yesterday when today has no review yet.
    func studyStreak(days: Set<Int>, today: Int) -> Int {
        var day = days.contains(today) ? today : today - 1
        var streak = 0
        while days.contains(day) {
            streak += 1
            day -= 1
        }
        return streak
    }

    /// `progress export [file]`: the whole record as JSON, to the file or standard output.
    private func exportProgress(_ arguments: [String]) -> Outcome {
        guard arguments.count <= 1 else {
            console.error("usage: progress export [file]")
            return .failed
        }
        let document: ProgressDocument
        do {
            document = try store.exportDocument(at: now())
        } catch {
            console.error("could not read your progress: \(error)")
            return .failed
        }
        let json = ProgressStore.encode(document)
        guard let path = arguments.first else {
            console.line(json.trimmingCharacters(in: .newlines))
            return .ok
        }
        do {
            try Data(json.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            console.error("could not write \(path): \(error.localizedDescription)")
            return .failed
        }
        console.line(
            "Exported your progress to \(path): \(plural(document.lessons.count, "lesson")), "
                + "\(plural(document.attempts.count, "answer")), \(plural(document.cards.count, "card")) and "
                + "\(plural(document.reviews.count, "review")).")
        return .ok
    }

    /// `progress import <file>`: merges an exported file; a file that cannot be read changes nothing.
    private func importProgress(_ arguments: [String]) -> Outcome {
        guard arguments.count == 1, let path = arguments.first else {
            console.error("usage: progress import <file>")
            return .failed
        }
        let text: String
        do {
            text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        } catch {
            console.error("could not read \(path): \(error.localizedDescription)")
            return .failed
        }
        let summary: ImportSummary
        do {
            summary = try store.importDocument(try ProgressStore.decode(text))
        } catch {
            console.error("could not import \(path): \(error) Nothing was changed.")
            return .failed
        }
        console.line(
            "Imported \(path): \(plural(summary.lessons, "lesson")) merged; "
                + "\(plural(summary.attemptsAdded, "answer")) added (\(summary.attemptsAlreadyPresent) already here); "
                + "\(plural(summary.cardsTaken, "card")) taken (\(summary.cards - summary.cardsTaken) kept as they were); "
                + "\(plural(summary.reviewsAdded, "review")) added (\(summary.reviewsAlreadyPresent) already here).")
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
        let cards = load("your review cards", fallback: []) { try store.cards(lessonID: lessonID) }.count
        if !confirmed {
            console.line(
                "This forgets \(scope): your place, \(plural(answers, "answer")) and \(plural(cards, "review card")) "
                    + "with their review history. It cannot be undone.")
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
