import Foundation
import QuorumLessons
import QuorumModels
import QuorumQuiz
import QuorumStore

extension Shell {
    /// `review [--lesson <id>] [--limit N]`: asks the due cards, interleaved across lessons, in the
    /// quiz's answer prompt; after each answer shows what each rating would schedule and lets the
    /// learner change the suggested one.
    func review(_ arguments: [String]) -> Outcome {
        guard let course = requireCourse() else { return .failed }
        guard let options = reviewOptions(arguments) else { return .failed }
        if let lessonID = options.lessonID, course.lesson(id: lessonID) == nil {
            var message = "no lesson '\(lessonID)'"
            if let suggestion = closestMatch(to: lessonID, in: course.lessons.map(\.id)) {
                message += " (did you mean '\(suggestion)'?)"
            }
            console.error(message + ". `lessons` lists them.")
            return .failed
        }
        let style = console.style
        let start = now()
        let cards = courseCards()
        let byQuestion = Dictionary(cards.map { ($0.record.questionID, $0) }, uniquingKeysWith: { first, _ in first })
        let queue = ReviewQueue.order(
            cards.map {
                ReviewQueue.Entry(questionID: $0.record.questionID, lessonID: $0.lesson.id, due: $0.record.due)
            },
            now: start, lessonID: options.lessonID, limit: options.limit
        ).compactMap { byQuestion[$0.questionID] }

        guard !queue.isEmpty else {
            let scope = options.lessonID.map { " in '\($0)'" } ?? ""
            if cards.isEmpty {
                console.line(
                    "Nothing to review yet. Every question you answer (`quiz`) becomes a card that comes back here "
                        + "just before you would forget it.")
            } else if let next = nextDueText(after: start) {
                console.line("Nothing is due for review\(scope). The next card comes back \(next).")
            } else {
                console.line("Nothing is due for review\(scope).")
            }
            return .ok
        }

        let lessons = Set(queue.map(\.lesson.id)).count
        console.line(
            style.bold("Review: \(plural(queue.count, "card")) due")
                + (lessons > 1 ? style.dim(" from \(lessons) lessons, mixed") : ""))
        var reviewed = 0
        var right = 0
        for (index, card) in queue.enumerated() {
            let result = ask(
                card.question, lessonID: card.lesson.id, number: index + 1, of: queue.count, source: card.lesson.title)
            if result == .stopped { break }
            guard let suggested = result.suggestedRating else { continue }
            let stop = rate(card, suggested: suggested, at: now())
            reviewed += 1
            if case .answered(true, _) = result { right += 1 }
            if stop { break }
        }
        console.line()
        console.line(style.bold("Reviewed \(plural(reviewed, "card")): \(right) answered right."))
        let remaining = dueCount(at: now())
        if remaining > 0 {
            console.line("\(plural(remaining, "card")) still due: type \(style.code("review")) to go on.")
        } else if let next = nextDueText(after: now()) {
            console.line("Nothing else is due; the next card comes back \(next).")
        }
        return .ok
    }

    /// Shows each rating's interval, reads the learner's choice (Enter keeps the suggestion),
    /// then schedules the card and logs the review. Returns true when input ended or Ctrl-C was
    /// pressed: the suggestion is kept and the session ends.
    private func rate(_ card: CourseCard, suggested: Rating, at date: Date) -> Bool {
        let style = console.style
        let saved = load("this question's review card", fallback: nil) {
            try store.card(questionID: card.record.questionID)
        }
        let preview = scheduler.preview(Self.card(from: saved ?? card.record), at: date)
        let line = preview.map { choice in
            let text = "\(choice.rating) \(IntervalText.short(choice.interval))"
            return choice.rating == suggested ? style.bold(text) : text
        }.joined(separator: " · ")
        console.line(line)
        console.line(
            style.dim("Enter keeps \(suggested); or type 1 again, 2 hard, 3 good, 4 easy."))
        var rating = suggested
        var stop = false
        reading: while true {
            switch reader.readLine(prompt: reader.isInteractive ? "rating [\(suggested.rawValue)]> " : "") {
            case .interrupted, .endOfInput:
                stop = true
                break reading
            case .line(let text):
                let typed = text.trimmingCharacters(in: .whitespaces).lowercased()
                if typed.isEmpty { break reading }
                if let number = Int(typed), let chosen = Rating(rawValue: number) {
                    rating = chosen
                    break reading
                }
                if let chosen = Rating.allCases.first(where: { $0.description == typed }) {
                    rating = chosen
                    break reading
                }
                console.line("Type 1, 2, 3 or 4 (again, hard, good, easy), or press Enter to keep \(suggested).")
            }
        }
        let result = schedule(card.question, lessonID: card.lesson.id, rating: rating, at: date)
        let when = IntervalText.short(result.interval)
        console.line(style.dim("\(rating.description.capitalized): back in \(when)."))
        return stop
    }

    private struct ReviewOptions {
        var lessonID: String?
        var limit: Int?
    }

    /// `--lesson <id>`, `--limit N` (also `--lesson=<id>`, `--limit=N`), in any order.
    private func reviewOptions(_ arguments: [String]) -> ReviewOptions? {
        let usage = "usage: review [--lesson <lesson>] [--limit N]"
        var options = ReviewOptions()
        var index = 0
        while index < arguments.count {
            var word = arguments[index]
            var value: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                value = String(word[word.index(after: equals)...])
                word = String(word[..<equals])
            } else if index + 1 < arguments.count, word == "--lesson" || word == "--limit" {
                index += 1
                value = arguments[index]
            }
            index += 1
            switch (word, value) {
            case ("--lesson", nil), ("--limit", nil), ("--lesson", ""):
                console.error("\(word) needs a value. \(usage)")
                return nil
            case ("--lesson", let lesson?):
                options.lessonID = lesson
            case ("--limit", let text?):
                guard let limit = Int(text), limit > 0 else {
                    console.error("--limit takes a whole number above 0 (got '\(text)'). \(usage)")
                    return nil
                }
                options.limit = limit
            default:
                console.error("unexpected '\(arguments[index - 1])'. \(usage)")
                return nil
            }
        }
        return options
    }
}
