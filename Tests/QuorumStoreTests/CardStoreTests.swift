import Foundation
import Testing

@testable import QuorumStore

@Suite struct CardStoreTests {
    func card(_ question: String, lesson: String, due: Double, lastReview: Double, stability: Double = 3) -> CardRecord
    {
        CardRecord(
            questionID: question, lessonID: lesson, state: .review, stability: stability, difficulty: 5, due: at(due),
            lastReview: at(lastReview), reps: 2)
    }

    func review(_ id: String, _ question: String, lesson: String, at seconds: Double) -> ReviewRecord {
        ReviewRecord(
            id: id, questionID: question, lessonID: lesson, rating: 3, reviewedAt: at(seconds), elapsedDays: 0,
            scheduledDays: 3, stateBefore: .learning)
    }

    /// Two lessons, two cards each with one logged review.
    func sampleStore() throws -> ProgressStore {
        let store = ProgressStore.inMemory()
        try store.saveStep(lessonID: "cap", step: 0, stepCount: 2, at: at(0))
        try store.record(
            card("cap-1", lesson: "cap", due: 500, lastReview: 100),
            review: review("r1", "cap-1", lesson: "cap", at: 100))
        try store.record(
            card("raft-1", lesson: "raft", due: 300, lastReview: 200),
            review: review("r2", "raft-1", lesson: "raft", at: 200))
        return store
    }

    @Test func aReviewSavesTheCardAndItsLogEntry() throws {
        let store = try sampleStore()
        #expect(try store.cards().map(\.questionID) == ["raft-1", "cap-1"])  // by due: 300 before 500
        #expect(try store.card(questionID: "cap-1") == card("cap-1", lesson: "cap", due: 500, lastReview: 100))
        #expect(try store.reviews().map(\.id) == ["r1", "r2"])
        #expect(try store.reviews(lessonID: "raft").map(\.id) == ["r2"])
        // A later review replaces the card and adds to the log.
        try store.record(
            card("cap-1", lesson: "cap", due: 900, lastReview: 600),
            review: review("r3", "cap-1", lesson: "cap", at: 600))
        #expect(try store.card(questionID: "cap-1")?.due == at(900))
        #expect(try store.reviews(lessonID: "cap").map(\.id) == ["r1", "r3"])
    }

    @Test func resettingALessonForgetsItsCardsAndReviewsOnly() throws {
        let store = try sampleStore()
        try store.reset(lessonID: "cap")
        #expect(try store.cards().map(\.questionID) == ["raft-1"])
        #expect(try store.reviews().map(\.id) == ["r2"])
        try store.reset(lessonID: nil)
        #expect(try store.cards().isEmpty)
        #expect(try store.reviews().isEmpty)
    }

    @Test func exportResetImportExportGivesTheSameDocument() throws {
        let store = try sampleStore()
        let before = try store.exportDocument(at: at(1000))
        try store.reset(lessonID: nil)
        #expect(try store.exportDocument(at: at(2000)).cards.isEmpty)

        try store.importDocument(try ProgressStore.decode(ProgressStore.encode(before)))

        var after = try store.exportDocument(at: at(3000))
        #expect(after.exportedAt == at(3000))
        after.exportedAt = before.exportedAt
        #expect(after == before)
        #expect(ProgressStore.encode(after) == ProgressStore.encode(before))
    }

    @Test func importingTheSameFileTwiceChangesNothing() throws {
        let source = try sampleStore()
        let document = try source.exportDocument(at: at(1000))
        let target = ProgressStore.inMemory()
        try target.importDocument(document)
        let once = try target.exportDocument(at: at(1000))

        let summary = try target.importDocument(document)

        #expect(summary.cardsTaken == 0)
        #expect(summary.reviewsAdded == 0 && summary.reviewsAlreadyPresent == 2)
        #expect(try target.exportDocument(at: at(1000)) == once)
    }

    /// Reviews keep their ids across machines, so a log that went from A to B and back holds each
    /// review once, and B's own reviews join A's.
    @Test func reviewLogsFromTwoMachinesAreUnitedByID() throws {
        let laptop = try sampleStore()
        let desktop = ProgressStore.inMemory()
        try desktop.importDocument(try laptop.exportDocument(at: at(1000)))
        try desktop.record(
            card("raft-1", lesson: "raft", due: 9000, lastReview: 1500),
            review: review("r-desktop", "raft-1", lesson: "raft", at: 1500))

        let summary = try laptop.importDocument(try desktop.exportDocument(at: at(2000)))

        #expect(summary.reviewsAdded == 1 && summary.reviewsAlreadyPresent == 2)
        #expect(try laptop.reviews().map(\.id) == ["r1", "r2", "r-desktop"])
        #expect(try laptop.card(questionID: "raft-1")?.lastReview == at(1500))
    }

    @Test func theCardReviewedLastWins() throws {
        let store = try sampleStore()
        let newer = card("cap-1", lesson: "cap", due: 5000, lastReview: 400, stability: 9)
        let older = card("raft-1", lesson: "raft", due: 100, lastReview: 50, stability: 1)
        let fresh = card("gossip-1", lesson: "gossip", due: 700, lastReview: 60)

        let summary = try store.importDocument(
            ProgressDocument(exportedAt: at(1000), lessons: [], attempts: [], cards: [newer, older, fresh]))

        #expect(summary.cards == 3 && summary.cardsTaken == 2)
        #expect(try store.card(questionID: "cap-1") == newer)
        #expect(try store.card(questionID: "raft-1") == card("raft-1", lesson: "raft", due: 300, lastReview: 200))
        #expect(try store.card(questionID: "gossip-1") == fresh)
    }

    /// The store's own checks stop a document built in code with a value no decoder lets through;
    /// the lesson and answer before it in the same import are rolled back with it.
    @Test func anImportThatFailsPartwayChangesNothing() throws {
        let store = try sampleStore()
        let before = try store.exportDocument(at: at(1000))
        let lesson = LessonState(
            lessonID: "paxos", currentStep: 1, stepCount: 3, completed: false, startedAt: at(10), updatedAt: at(20))
        let answer = Attempt(lessonID: "paxos", questionID: "p", answer: "a", correct: true, answeredAt: at(30))
        var broken = card("paxos-1", lesson: "paxos", due: 100, lastReview: 40)
        broken.stability = -1

        #expect(throws: StoreError.self) {
            try store.importDocument(
                ProgressDocument(exportedAt: at(50), lessons: [lesson], attempts: [answer], cards: [broken]))
        }
        #expect(try store.exportDocument(at: at(1000)) == before)
    }

    @Test(arguments: [
        #"{"format": "quorum-progress", "version": 3, "exportedAt": "2030-01-01T00:00:00.000Z"}"#,
        "{\"format\": \"quorum-progress\", \"version\": 2, \"exportedAt\": ",
        documentV2(cards: "[\(cardJSON(stability: "0"))]"),
    ])
    func aRefusedFileChangesNothing(json: String) throws {
        let store = try sampleStore()
        let before = try store.exportDocument(at: at(1000))
        #expect(throws: StoreError.self) { try store.importDocument(try ProgressStore.decode(json)) }
        #expect(try store.exportDocument(at: at(1000)) == before)
    }
}
