import Dispatch
import Foundation
import Testing

@testable import QuorumStore

/// Failures while the shell runs reach the learner as a `StoreError` sentence, not an SQLite dump.
@Suite struct StoreErrorTests {
    @Test func aFullDiskSaysSoAndWhatToDo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = ProgressStore.open(directory: directory.path)
        // SQLite reports a database that may not grow exactly as it reports a full disk.
        try store.execute("PRAGMA max_page_count = 8")

        let error = #expect(throws: StoreError.self) {
            for index in 0..<1000 {
                try store.record(
                    Attempt(
                        lessonID: "cap", questionID: "q\(index)", answer: String(repeating: "x", count: 500),
                        correct: true, answeredAt: at(0)))
            }
        }

        let path = directory.file("progress.sqlite")
        #expect(error == .diskFull(database: path))
        #expect(
            error?.description
                == "Could not save progress to \(path): the disk is full. Free some space and try again.")
    }

    @Test func aReadOnlyDatabaseSaysSo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (store, _) = ProgressStore.open(directory: directory.path)
        try store.execute("PRAGMA query_only = 1")

        #expect(throws: StoreError.readOnly(database: directory.file("progress.sqlite"))) {
            try store.saveStep(lessonID: "cap", step: 0, stepCount: 2, at: at(0))
        }
    }

    @Test func aWriterWaitsForAnotherShellsWriteToFinish() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let holder = ProgressStore.open(directory: directory.path).store
        let waiter = ProgressStore.open(directory: directory.path, busyTimeout: 5).store

        try holdWriteLock(in: holder, for: 0.3) {
            try waiter.record(Attempt(lessonID: "cap", questionID: "q1", answer: "b", correct: true, answeredAt: at(0)))
        }

        #expect(try holder.attempts().map(\.questionID) == ["q1"])
    }

    @Test func aWriterThatWaitsTooLongIsToldTheDatabaseIsLocked() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let holder = ProgressStore.open(directory: directory.path).store
        let impatient = ProgressStore.open(directory: directory.path, busyTimeout: 0.05).store
        let path = directory.file("progress.sqlite")

        try holdWriteLock(in: holder, for: 1) {
            #expect(throws: StoreError.locked(database: path)) {
                try impatient.setMeta("last-lesson", "cap")
            }
        }

        #expect(try impatient.meta("last-lesson") == nil)
    }

    @Test func anInMemoryStoreNamesItselfInMessages() throws {
        let store = ProgressStore.inMemory()
        try store.execute("PRAGMA query_only = 1")

        let error = #expect(throws: StoreError.self) { try store.setMeta("k", "v") }

        #expect(error == .readOnly(database: "the in-memory progress store"))
    }

    /// Runs `body` on this thread while `store` holds an open write transaction on another.
    private func holdWriteLock(in store: ProgressStore, for seconds: Double, _ body: () throws -> Void) throws {
        let locked = DispatchSemaphore(value: 0)
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            _ = try? store.write { _ in
                locked.signal()
                Thread.sleep(forTimeInterval: seconds)
            }
            released.signal()
        }
        locked.wait()
        defer { released.wait() }
        try body()
    }
}
