import Foundation
import GRDB

/// Spaced-repetition cards and the review log.
extension ProgressStore {
    /// One question's card, or nil before the learner first answers it.
    public func card(questionID: String) throws -> CardRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM card WHERE question_id = ?", arguments: [questionID])
                .map(Self.card(row:))
        }
    }

    /// Every card, or one lesson's, ordered by due date then question id.
    public func cards(lessonID: String? = nil) throws -> [CardRecord] {
        try read { db in
            let rows =
                if let lessonID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM card WHERE lesson_id = ? ORDER BY due, question_id",
                        arguments: [lessonID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM card ORDER BY due, question_id")
                }
            return try rows.map(Self.card(row:))
        }
    }

    /// The review log, or one lesson's, in review order.
    public func reviews(lessonID: String? = nil) throws -> [ReviewRecord] {
        try read { db in
            let rows =
                if let lessonID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM review_log WHERE lesson_id = ? ORDER BY reviewed_at, id",
                        arguments: [lessonID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM review_log ORDER BY reviewed_at, id")
                }
            return try rows.map(Self.review(row:))
        }
    }

    /// Saves a card as a review left it, with the review's log entry, in one transaction that is
    /// committed when this returns.
    public func record(_ card: CardRecord, review: ReviewRecord) throws {
        try write { db in
            try Self.upsert(card, db)
            try Self.insert(review, db)
        }
    }

    // MARK: - Rows

    static func upsert(_ card: CardRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO card
                    (question_id, lesson_id, state, step, stability, difficulty, due, last_review, reps, lapses)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                card.questionID, card.lessonID, card.state.rawValue, card.step, card.stability, card.difficulty,
                Timestamp.string(card.due), card.lastReview.map(Timestamp.string), card.reps, card.lapses,
            ])
    }

    /// Inserts a log entry unless one with its id is there already; true when it was inserted.
    @discardableResult
    static func insert(_ review: ReviewRecord, _ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO review_log
                    (id, question_id, lesson_id, rating, reviewed_at, elapsed_days, scheduled_days, state_before)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                review.id, review.questionID, review.lessonID, review.rating, Timestamp.string(review.reviewedAt),
                review.elapsedDays, review.scheduledDays, review.stateBefore.rawValue,
            ])
        return db.changesCount > 0
    }

    static func card(row: Row) throws -> CardRecord {
        CardRecord(
            questionID: try row.decode(forColumn: "question_id"),
            lessonID: try row.decode(forColumn: "lesson_id"),
            state: try state(row, "state"),
            step: try row.decode(forColumn: "step"),
            stability: try row.decode(forColumn: "stability"),
            difficulty: try row.decode(forColumn: "difficulty"),
            due: try date(row, "due"),
            lastReview: try optionalDate(row, "last_review"),
            reps: try row.decode(forColumn: "reps"),
            lapses: try row.decode(forColumn: "lapses"))
    }

    static func review(row: Row) throws -> ReviewRecord {
        ReviewRecord(
            id: try row.decode(forColumn: "id"),
            questionID: try row.decode(forColumn: "question_id"),
            lessonID: try row.decode(forColumn: "lesson_id"),
            rating: try row.decode(forColumn: "rating"),
            reviewedAt: try date(row, "reviewed_at"),
            elapsedDays: try row.decode(forColumn: "elapsed_days"),
            scheduledDays: try row.decode(forColumn: "scheduled_days"),
            stateBefore: try state(row, "state_before"))
    }

    private static func state(_ row: Row, _ column: String) throws -> CardRecord.State {
        let text: String = try row.decode(forColumn: column)
        guard let state = CardRecord.State(rawValue: text) else {
            throw UnreadableValue(column: column, text: text)
        }
        return state
    }
}

/// A column holding text the store never writes (edited by hand, or by a broken tool).
struct UnreadableValue: Error, CustomStringConvertible {
    var column: String
    var text: String
    var description: String { "unreadable value '\(text)' in column \(column)" }
}
