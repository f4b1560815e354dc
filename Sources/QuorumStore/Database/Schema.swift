import GRDB

/// The database schema, as an append-only list of named migrations.
///
/// A released migration is never edited: a change to the schema is a new migration at the end
/// (cards and the review log came that way, in "v2-cards-reviews"). A database that records a
/// migration missing from this list was written by a newer quorum, and this version leaves it alone.
enum Schema {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-lessons-attempts") { db in
            // Dates are ISO-8601 UTC text with milliseconds (see Timestamp): readable in the sqlite3
            // shell, and ordered like time.
            try db.execute(
                sql: """
                    CREATE TABLE lesson_state (
                        lesson_id TEXT NOT NULL PRIMARY KEY,
                        current_step INTEGER NOT NULL CHECK (current_step >= 0),
                        step_count INTEGER NOT NULL CHECK (step_count >= 0),
                        completed BOOLEAN NOT NULL DEFAULT 0,
                        started_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        completed_at TEXT
                    );
                    CREATE TABLE attempt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        lesson_id TEXT NOT NULL,
                        question_id TEXT NOT NULL,
                        answer TEXT NOT NULL,
                        correct BOOLEAN NOT NULL,
                        used_hint BOOLEAN NOT NULL DEFAULT 0,
                        skipped BOOLEAN NOT NULL DEFAULT 0,
                        answered_at TEXT NOT NULL
                    );
                    CREATE INDEX attempt_on_lesson_id ON attempt (lesson_id);
                    CREATE INDEX attempt_on_question_id ON attempt (question_id);
                    CREATE TABLE meta (
                        key TEXT NOT NULL PRIMARY KEY,
                        value TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-cards-reviews") { db in
            // One card per question. Its lesson is kept so a lesson's cards can be reset and
            // counted without the course at hand.
            try db.execute(
                sql: """
                    CREATE TABLE card (
                        question_id TEXT NOT NULL PRIMARY KEY,
                        lesson_id TEXT NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('new', 'learning', 'review', 'relearning')),
                        step INTEGER CHECK (step >= 0),
                        stability REAL CHECK (stability > 0),
                        difficulty REAL CHECK (difficulty BETWEEN 1 AND 10),
                        due TEXT NOT NULL,
                        last_review TEXT,
                        reps INTEGER NOT NULL DEFAULT 0 CHECK (reps >= 0),
                        lapses INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0)
                    );
                    CREATE INDEX card_on_due ON card (due);
                    CREATE INDEX card_on_lesson_id ON card (lesson_id);
                    CREATE TABLE review_log (
                        id TEXT NOT NULL PRIMARY KEY,
                        question_id TEXT NOT NULL,
                        lesson_id TEXT NOT NULL,
                        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
                        reviewed_at TEXT NOT NULL,
                        elapsed_days INTEGER NOT NULL CHECK (elapsed_days >= 0),
                        scheduled_days INTEGER NOT NULL CHECK (scheduled_days >= 0),
                        state_before TEXT NOT NULL
                            CHECK (state_before IN ('new', 'learning', 'review', 'relearning'))
                    );
                    CREATE INDEX review_log_on_question_id ON review_log (question_id);
                    CREATE INDEX review_log_on_reviewed_at ON review_log (reviewed_at);
                    """)
        }
        return migrator
    }()

    /// Migration identifiers this version knows, in order.
    static var migrationIdentifiers: [String] { migrator.migrations }

    /// Runs the migrations this database lacks.
    ///
    /// Each migration checks what is applied and then runs in its own transaction, so two processes
    /// opening a fresh database at once can both decide to run the same migration; the loser fails
    /// on a table that now exists. When that happens and the database turns out fully migrated,
    /// the other process did the work and there is nothing to report.
    static func migrate(_ queue: DatabaseQueue) throws {
        do {
            try migrator.migrate(queue)
        } catch {
            let migrated = try? queue.read { db in try migrator.hasCompletedMigrations(db) }
            if migrated != true { throw error }
        }
    }

    /// Migrations recorded in the database that this version does not know, in no particular order.
    static func unknownMigrations(_ db: Database) throws -> [String] {
        let known = Set(migrator.migrations)
        return try migrator.appliedIdentifiers(db).filter { !known.contains($0) }.sorted()
    }
}
