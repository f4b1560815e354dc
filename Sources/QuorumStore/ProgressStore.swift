import Foundation
import GRDB

/// The learner's progress: where they are in each lesson, every answer they gave, each question's
/// review card and the review log, and a few settings, kept in `progress.sqlite` in the data
/// directory.
///
/// Every write is its own committed transaction, so once a method returns, what it wrote survives
/// the process being killed. Several processes (two shells) may write the same database at once:
/// the database runs in WAL mode and a writer waits up to ``busyTimeout`` for another to finish.
/// Dates are kept to the millisecond; finer precision is rounded.
public final class ProgressStore: Sendable {
    /// How long a write waits for another process's write to finish before giving up.
    public static let busyTimeout: TimeInterval = 5

    let queue: DatabaseQueue
    /// The database file, or nil for a store that lives in memory and saves nothing.
    public let databasePath: String?

    /// Whether progress reaches the disk; false for ``inMemory()`` and for an `open` that fell back.
    public var isPersistent: Bool { databasePath != nil }

    init(queue: DatabaseQueue, databasePath: String?) {
        self.queue = queue
        self.databasePath = databasePath
    }

    /// A fresh store that keeps progress in memory only, with the same schema as a file.
    public static func inMemory() -> ProgressStore {
        do {
            let queue = try DatabaseQueue(configuration: configuration())
            try Schema.migrate(queue)
            return ProgressStore(queue: queue, databasePath: nil)
        } catch {
            // SQLite creates an in-memory database without touching the disk; only memory
            // exhaustion stops it, and then nothing else could run either.
            fatalError("internal error: cannot create an in-memory SQLite database: \(error)")
        }
    }

    static func configuration(busyTimeout: TimeInterval = busyTimeout) -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        configuration.journalMode = .wal
        configuration.label = "quorum.progress"
        return configuration
    }

    // MARK: - Lessons

    /// The saved state of one lesson, or nil if the learner never opened it.
    public func lessonState(_ lessonID: String) throws -> LessonState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM lesson_state WHERE lesson_id = ?", arguments: [lessonID])
                .map(Self.lessonState(row:))
        }
    }

    /// Every lesson the learner has opened, ordered by lesson id.
    public func lessonStates() throws -> [LessonState] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM lesson_state ORDER BY lesson_id").map(Self.lessonState(row:))
        }
    }

    /// Records that the learner is on `step` (0-based) of a lesson with `stepCount` steps.
    ///
    /// The first save starts the lesson (`startedAt`); later saves keep that date, and a lesson
    /// already completed stays completed.
    public func saveStep(lessonID: String, step: Int, stepCount: Int, at date: Date) throws {
        let now = Timestamp.string(date)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO lesson_state (lesson_id, current_step, step_count, completed, started_at, updated_at)
                    VALUES (?, ?, ?, 0, ?, ?)
                    ON CONFLICT (lesson_id) DO UPDATE SET
                        current_step = excluded.current_step,
                        step_count = excluded.step_count,
                        updated_at = excluded.updated_at
                    """,
                arguments: [lessonID, max(step, 0), max(stepCount, 0), now, now])
        }
    }

    /// Records that the learner finished a lesson of `stepCount` steps: it is on its last step,
    /// completed, and `completedAt` is the first time this happened.
    public func markCompleted(lessonID: String, stepCount: Int, at date: Date) throws {
        let now = Timestamp.string(date)
        let lastStep = max(stepCount - 1, 0)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO lesson_state
                        (lesson_id, current_step, step_count, completed, started_at, updated_at, completed_at)
                    VALUES (?, ?, ?, 1, ?, ?, ?)
                    ON CONFLICT (lesson_id) DO UPDATE SET
                        current_step = excluded.current_step,
                        step_count = excluded.step_count,
                        completed = 1,
                        updated_at = excluded.updated_at,
                        completed_at = coalesce(lesson_state.completed_at, excluded.completed_at)
                    """,
                arguments: [lessonID, lastStep, max(stepCount, 0), now, now, now])
        }
    }

    // MARK: - Attempts

    /// Saves one answer and returns it with the id the store gave it (any id passed in is ignored).
    ///
    /// The answer is on disk when this returns.
    @discardableResult
    public func record(_ attempt: Attempt) throws -> Attempt {
        try write { db in
            try Self.insert(attempt, db)
            var saved = attempt
            saved.id = db.lastInsertedRowID
            saved.answeredAt = Timestamp.normalized(attempt.answeredAt)
            return saved
        }
    }

    /// Recorded answers, in answer order, for one lesson or (nil) all of them.
    public func attempts(lessonID: String? = nil) throws -> [Attempt] {
        try read { db in
            let rows =
                if let lessonID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM attempt WHERE lesson_id = ? ORDER BY answered_at, id",
                        arguments: [lessonID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM attempt ORDER BY answered_at, id")
                }
            return try rows.map(Self.attempt(row:))
        }
    }

    // MARK: - Reset and settings

    /// Forgets one lesson (its state, answers, cards and reviews) or, with nil, everything
    /// including settings; then answer ids start again from 1, so a record exported, reset and
    /// imported again reads as it did.
    public func reset(lessonID: String?) throws {
        try write { db in
            if let lessonID {
                for table in ["attempt", "lesson_state", "card", "review_log"] {
                    try db.execute(sql: "DELETE FROM \(table) WHERE lesson_id = ?", arguments: [lessonID])
                }
            } else {
                try db.execute(
                    sql: """
                        DELETE FROM attempt; DELETE FROM lesson_state; DELETE FROM card; DELETE FROM review_log;
                        DELETE FROM meta; DELETE FROM sqlite_sequence WHERE name = 'attempt'
                        """)
            }
        }
    }

    /// A saved setting, such as `last-lesson`.
    public func meta(_ key: String) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// Saves a setting; nil removes it.
    public func setMeta(_ key: String, _ value: String?) throws {
        try write { db in
            if let value {
                try db.execute(
                    sql:
                        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    arguments: [key, value])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
            }
        }
    }

    // MARK: - Access

    /// The name used in messages: the path, or a phrase for the in-memory store.
    var databaseName: String { databasePath ?? "the in-memory progress store" }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch {
            throw StoreError(error, database: databaseName)
        }
    }

    /// Runs `body` in its own immediate transaction, committed before this returns.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch {
            throw StoreError(error, database: databaseName)
        }
    }

    // MARK: - Rows

    static func insert(_ attempt: Attempt, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO attempt (lesson_id, question_id, answer, correct, used_hint, skipped, answered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                attempt.lessonID, attempt.questionID, attempt.answer, attempt.correct, attempt.usedHint,
                attempt.skipped, Timestamp.string(attempt.answeredAt),
            ])
    }

    static func lessonState(row: Row) throws -> LessonState {
        LessonState(
            lessonID: try row.decode(forColumn: "lesson_id"),
            currentStep: try row.decode(forColumn: "current_step"),
            stepCount: try row.decode(forColumn: "step_count"),
            completed: try row.decode(forColumn: "completed"),
            startedAt: try date(row, "started_at"),
            updatedAt: try date(row, "updated_at"),
            completedAt: try optionalDate(row, "completed_at"))
    }

    static func attempt(row: Row) throws -> Attempt {
        Attempt(
            id: try row.decode(forColumn: "id"),
            lessonID: try row.decode(forColumn: "lesson_id"),
            questionID: try row.decode(forColumn: "question_id"),
            answer: try row.decode(forColumn: "answer"),
            correct: try row.decode(forColumn: "correct"),
            usedHint: try row.decode(forColumn: "used_hint"),
            skipped: try row.decode(forColumn: "skipped"),
            answeredAt: try date(row, "answered_at"))
    }

    static func date(_ row: Row, _ column: String) throws -> Date {
        let text: String = try row.decode(forColumn: column)
        guard let date = Timestamp.parse(text) else { throw UnreadableDate(column: column, text: text) }
        return date
    }

    static func optionalDate(_ row: Row, _ column: String) throws -> Date? {
        let text: String? = try row.decode(forColumn: column)
        return try text.map { text in
            guard let date = Timestamp.parse(text) else { throw UnreadableDate(column: column, text: text) }
            return date
        }
    }
}

/// A date column holding text that is not a timestamp (edited by hand, or by a broken tool).
struct UnreadableDate: Error, CustomStringConvertible {
    var column: String
    var text: String
    var description: String { "unreadable date '\(text)' in column \(column)" }
}
