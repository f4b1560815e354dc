import Foundation
import QuorumLessons
import QuorumQuiz
import QuorumStore

/// Review cards: the bridge between the pure scheduler (QuorumQuiz) and the store.
extension Shell {
    /// A card whose question is in the loaded course.
    struct CourseCard {
        var record: CardRecord
        var lesson: Lesson
        var question: Question
    }

    /// Every question in the course by id, with its lesson.
    func questionsByID() -> [String: (lesson: Lesson, question: Question)] {
        var found: [String: (lesson: Lesson, question: Question)] = [:]
        for lesson in course?.lessons ?? [] {
            for question in lesson.questions where found[question.id] == nil {
                found[question.id] = (lesson, question)
            }
        }
        return found
    }

    /// The saved cards whose questions the course still asks (a card for a question since
    /// removed from its lesson is kept, but never shown).
    func courseCards() -> [CourseCard] {
        let questions = questionsByID()
        return load("your review cards", fallback: []) { try store.cards() }.compactMap { record in
            questions[record.questionID].map { CourseCard(record: record, lesson: $0.lesson, question: $0.question) }
        }
    }

    /// How many course cards are due at `date`.
    func dueCount(at date: Date) -> Int {
        courseCards().filter { $0.record.due <= date }.count
    }

    /// Reviews a question's card with `rating` at `date` (creating the card on its first
    /// answer) and saves the card with the review's log entry at once.
    @discardableResult
    func schedule(_ question: Question, lessonID: String, rating: Rating, at date: Date) -> ReviewResult {
        let saved = load("this question's review card", fallback: nil) { try store.card(questionID: question.id) }
        let result = scheduler.review(saved.map(Self.card(from:)) ?? Card.new(at: date), rating: rating, at: date)
        let record = Self.record(from: result.card, questionID: question.id, lessonID: lessonID)
        let review = ReviewRecord(
            questionID: question.id, lessonID: lessonID, rating: rating.rawValue, reviewedAt: date,
            elapsedDays: result.elapsedDays, scheduledDays: result.scheduledDays,
            stateBefore: CardRecord.State(rawValue: result.stateBefore.rawValue) ?? .new)
        save("this review") { try store.record(record, review: review) }
        return result
    }

    /// The scheduler's card for a saved one.
    static func card(from record: CardRecord) -> Card {
        Card(
            state: CardState(rawValue: record.state.rawValue) ?? .new, step: record.step, stability: record.stability,
            difficulty: record.difficulty, due: record.due, lastReview: record.lastReview, reps: record.reps,
            lapses: record.lapses)
    }

    static func record(from card: Card, questionID: String, lessonID: String) -> CardRecord {
        CardRecord(
            questionID: questionID, lessonID: lessonID, state: CardRecord.State(rawValue: card.state.rawValue) ?? .new,
            step: card.step, stability: card.stability, difficulty: card.difficulty, due: card.due,
            lastReview: card.lastReview, reps: card.reps, lapses: card.lapses)
    }

    /// When the next card not yet due comes back, as "in 10m", or nil when none is waiting.
    func nextDueText(after date: Date) -> String? {
        guard let next = courseCards().map(\.record.due).filter({ $0 > date }).min() else { return nil }
        return "in " + IntervalText.short(next.timeIntervalSince(date))
    }
}

/// The UTC day a date falls on, counted from 1970-01-01.
func utcDay(_ date: Date) -> Int {
    let days = (date.timeIntervalSince1970 / 86_400).rounded(.down)
    guard days.isFinite, abs(days) < 1e12 else { return 0 }
    return Int(days)
}
