import Foundation
import GRDB
import Testing

@testable import QuorumStore

@Suite struct SchemaTests {
    @Test func freshOpenCreatesTheSchema() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, notices) = ProgressStore.open(directory: directory.path)

        #expect(notices.isEmpty)
        #expect(store.isPersistent)
        #expect(store.databasePath == directory.file("progress.sqlite"))
        #expect(try store.tableNames() == ["attempt", "card", "lesson_state", "meta", "review_log"])
        #expect(try store.indexNames(on: "attempt") == ["attempt_on_lesson_id", "attempt_on_question_id"])
        #expect(try store.indexNames(on: "card") == ["card_on_due", "card_on_lesson_id"])
        #expect(
            try store.indexNames(on: "review_log") == ["review_log_on_question_id", "review_log_on_reviewed_at"])
    }

    @Test func theDatabaseRecordsExactlyTheMigrationsThisVersionKnows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = ProgressStore.open(directory: directory.path)

        #expect(try store.recordedMigrations() == ["v1-lessons-attempts", "v2-cards-reviews"])
        #expect(Schema.migrationIdentifiers == ["v1-lessons-attempts", "v2-cards-reviews"])
    }

    @Test func connectionsUseWALForeignKeysAndFullSync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = ProgressStore.open(directory: directory.path)

        #expect(try store.pragma("journal_mode") == "wal")
        #expect(try store.pragma("foreign_keys") == "1")
        #expect(try store.pragma("synchronous") == "2")  // FULL
        #expect(try store.pragma("busy_timeout") == "5000")
    }

    @Test func reopeningKeepsDataAndRunsNoMigrationTwice() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let (store, _) = ProgressStore.open(directory: directory.path)
            try store.saveStep(lessonID: "cap", step: 2, stepCount: 5, at: at(0))
            try store.record(Attempt(lessonID: "cap", questionID: "q1", answer: "b", correct: true, answeredAt: at(1)))
            try store.setMeta("last-lesson", "cap")
            try store.close()
        }
        let (reopened, notices) = ProgressStore.open(directory: directory.path)

        #expect(notices.isEmpty)
        #expect(try reopened.lessonState("cap")?.currentStep == 2)
        #expect(try reopened.attempts().map(\.answer) == ["b"])
        #expect(try reopened.meta("last-lesson") == "cap")
        #expect(try reopened.recordedMigrations() == ["v1-lessons-attempts", "v2-cards-reviews"])
    }

    /// A database written before cards existed (only "v1-lessons-attempts" applied) gains the
    /// card and review tables on open, and keeps every lesson, answer and setting.
    @Test func aVersionOneDatabaseIsMigratedAndKeepsItsData() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let queue = try DatabaseQueue(path: directory.file("progress.sqlite"))
            try Schema.migrator.migrate(queue, upTo: "v1-lessons-attempts")
            try queue.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO lesson_state (lesson_id, current_step, step_count, completed, started_at, updated_at)
                        VALUES ('cap', 2, 5, 0, '2025-01-01T00:00:00.000Z', '2025-01-01T00:10:00.000Z');
                        INSERT INTO attempt (lesson_id, question_id, answer, correct, answered_at)
                        VALUES ('cap', 'q1', 'b', 1, '2025-01-01T00:05:00.000Z');
                        INSERT INTO meta (key, value) VALUES ('last-lesson', 'cap');
                        """)
            }
            try queue.close()
        }

        let (store, notices) = ProgressStore.open(directory: directory.path)

        #expect(notices.isEmpty)
        #expect(try store.recordedMigrations() == ["v1-lessons-attempts", "v2-cards-reviews"])
        #expect(try store.lessonState("cap")?.currentStep == 2)
        #expect(try store.attempts().map(\.answer) == ["b"])
        #expect(try store.meta("last-lesson") == "cap")
        #expect(try store.cards().isEmpty)
        try store.record(
            CardRecord(
                questionID: "q1", lessonID: "cap", state: .learning, step: 0, stability: 2.3, difficulty: 2.1,
                due: at(600), lastReview: at(0), reps: 1),
            review: ReviewRecord(
                questionID: "q1", lessonID: "cap", rating: 3, reviewedAt: at(0), elapsedDays: 0, scheduledDays: 0,
                stateBefore: .new))
        #expect(try store.cards().map(\.questionID) == ["q1"])
    }

    @Test func theInMemoryStoreHasTheSameSchema() throws {
        let store = ProgressStore.inMemory()

        #expect(!store.isPersistent)
        #expect(store.databasePath == nil)
        #expect(try store.tableNames() == ["attempt", "card", "lesson_state", "meta", "review_log"])
        #expect(try store.recordedMigrations() == ["v1-lessons-attempts", "v2-cards-reviews"])
    }
}
