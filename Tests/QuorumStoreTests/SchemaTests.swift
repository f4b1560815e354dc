import Foundation
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
        #expect(try store.tableNames() == ["attempt", "lesson_state", "meta"])
        #expect(try store.indexNames(on: "attempt") == ["attempt_on_lesson_id", "attempt_on_question_id"])
    }

    @Test func theDatabaseRecordsExactlyTheMigrationsThisVersionKnows() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = ProgressStore.open(directory: directory.path)

        #expect(try store.recordedMigrations() == ["v1-lessons-attempts"])
        #expect(Schema.migrationIdentifiers == ["v1-lessons-attempts"])
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
        #expect(try reopened.recordedMigrations() == ["v1-lessons-attempts"])
    }

    @Test func theInMemoryStoreHasTheSameSchema() throws {
        let store = ProgressStore.inMemory()

        #expect(!store.isPersistent)
        #expect(store.databasePath == nil)
        #expect(try store.tableNames() == ["attempt", "lesson_state", "meta"])
        #expect(try store.recordedMigrations() == ["v1-lessons-attempts"])
    }
}
