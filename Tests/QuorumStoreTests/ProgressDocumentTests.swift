import Foundation
import Testing

@testable import QuorumStore

@Suite struct ProgressDocumentTests {
    /// One finished lesson, one in progress, three answers (a wrong one, a hinted right one, a
    /// skip), and the card of the first question after its two reviews, each logged.
    func sampleStore() throws -> ProgressStore {
        let store = ProgressStore.inMemory()
        try store.saveStep(lessonID: "replication", step: 0, stepCount: 3, at: at(0))
        try store.record(
            Attempt(lessonID: "replication", questionID: "rep-1", answer: "a", correct: false, answeredAt: at(60.5)))
        try store.record(
            Attempt(
                lessonID: "replication", questionID: "rep-1", answer: "b", correct: true, usedHint: true,
                answeredAt: at(75)))
        try store.markCompleted(lessonID: "replication", stepCount: 3, at: at(120))
        try store.saveStep(lessonID: "cap", step: 1, stepCount: 4, at: at(3600))
        try store.record(
            Attempt(
                lessonID: "cap", questionID: "cap-cp/minority", answer: "", correct: false, skipped: true,
                answeredAt: at(3661.001)))
        try store.record(
            CardRecord(
                questionID: "rep-1", lessonID: "replication", state: .learning, step: 0, stability: 0.25,
                difficulty: 6.5, due: at(120.5), lastReview: at(60.5), reps: 1),
            review: ReviewRecord(
                id: "review-1", questionID: "rep-1", lessonID: "replication", rating: 1, reviewedAt: at(60.5),
                elapsedDays: 0, scheduledDays: 0, stateBefore: .new))
        try store.record(
            sampleCard,
            review: ReviewRecord(
                id: "review-2", questionID: "rep-1", lessonID: "replication", rating: 2, reviewedAt: at(75),
                elapsedDays: 0, scheduledDays: 2, stateBefore: .learning))
        return store
    }

    /// rep-1 after its second review: graduated, due two days after it.
    let sampleCard = CardRecord(
        questionID: "rep-1", lessonID: "replication", state: .review, stability: 2.5, difficulty: 5.25,
        due: at(75 + 2 * 86_400), lastReview: at(75), reps: 2)

    @Test func exportHoldsEveryLessonAndAnswer() throws {
        let document = try sampleStore().exportDocument(at: at(7200))

        #expect(document.format == "quorum-progress")
        #expect(document.version == 2)
        #expect(document.exportedAt == at(7200))
        #expect(document.lessons.map(\.lessonID) == ["cap", "replication"])
        #expect(document.lessons[1].completed && document.lessons[1].completedAt == at(120))
        #expect(document.attempts.map(\.answer) == ["a", "b", ""])
        #expect(document.attempts.map(\.id) == [1, 2, 3])
        #expect(document.cards == [sampleCard])
        #expect(document.reviews.map(\.id) == ["review-1", "review-2"])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let json = ProgressStore.encode(try sampleStore().exportDocument(at: at(7200)))

        // Written from the inputs above: 2025-01-01T00:00:00Z plus each offset (the card is due
        // 2 days and 75 s after it); sorted keys; `null` for the unfinished lesson's `completedAt`
        // and the graduated card's `step`; slashes not escaped.
        let expected = """
            {
              "attempts" : [
                {
                  "answer" : "a",
                  "answeredAt" : "2025-01-01T00:01:00.500Z",
                  "correct" : false,
                  "id" : 1,
                  "lessonID" : "replication",
                  "questionID" : "rep-1",
                  "skipped" : false,
                  "usedHint" : false
                },
                {
                  "answer" : "b",
                  "answeredAt" : "2025-01-01T00:01:15.000Z",
                  "correct" : true,
                  "id" : 2,
                  "lessonID" : "replication",
                  "questionID" : "rep-1",
                  "skipped" : false,
                  "usedHint" : true
                },
                {
                  "answer" : "",
                  "answeredAt" : "2025-01-01T01:01:01.001Z",
                  "correct" : false,
                  "id" : 3,
                  "lessonID" : "cap",
                  "questionID" : "cap-cp/minority",
                  "skipped" : true,
                  "usedHint" : false
                }
              ],
              "cards" : [
                {
                  "difficulty" : 5.25,
                  "due" : "2025-01-03T00:01:15.000Z",
                  "lapses" : 0,
                  "lastReview" : "2025-01-01T00:01:15.000Z",
                  "lessonID" : "replication",
                  "questionID" : "rep-1",
                  "reps" : 2,
                  "stability" : 2.5,
                  "state" : "review",
                  "step" : null
                }
              ],
              "exportedAt" : "2025-01-01T02:00:00.000Z",
              "format" : "quorum-progress",
              "lessons" : [
                {
                  "completed" : false,
                  "completedAt" : null,
                  "currentStep" : 1,
                  "lessonID" : "cap",
                  "startedAt" : "2025-01-01T01:00:00.000Z",
                  "stepCount" : 4,
                  "updatedAt" : "2025-01-01T01:00:00.000Z"
                },
                {
                  "completed" : true,
                  "completedAt" : "2025-01-01T00:02:00.000Z",
                  "currentStep" : 2,
                  "lessonID" : "replication",
                  "startedAt" : "2025-01-01T00:00:00.000Z",
                  "stepCount" : 3,
                  "updatedAt" : "2025-01-01T00:02:00.000Z"
                }
              ],
              "reviews" : [
                {
                  "elapsedDays" : 0,
                  "id" : "review-1",
                  "lessonID" : "replication",
                  "questionID" : "rep-1",
                  "rating" : 1,
                  "reviewedAt" : "2025-01-01T00:01:00.500Z",
                  "scheduledDays" : 0,
                  "stateBefore" : "new"
                },
                {
                  "elapsedDays" : 0,
                  "id" : "review-2",
                  "lessonID" : "replication",
                  "questionID" : "rep-1",
                  "rating" : 2,
                  "reviewedAt" : "2025-01-01T00:01:15.000Z",
                  "scheduledDays" : 2,
                  "stateBefore" : "learning"
                }
              ],
              "version" : 2
            }

            """
        #expect(json == expected)
    }

    @Test func decodingTheEncodedJSONGivesTheSameDocument() throws {
        let document = try sampleStore().exportDocument(at: at(7200))
        #expect(try ProgressStore.decode(ProgressStore.encode(document)) == document)
    }

    @Test func importingIntoAnEmptyStoreReproducesTheExport() throws {
        let document = try sampleStore().exportDocument(at: at(7200))
        let target = ProgressStore.inMemory()

        let summary = try target.importDocument(document)

        #expect(
            summary
                == ImportSummary(
                    lessons: 2, attemptsAdded: 3, attemptsAlreadyPresent: 0, cards: 1, cardsTaken: 1, reviewsAdded: 2,
                    reviewsAlreadyPresent: 0))
        #expect(try target.exportDocument(at: at(7200)) == document)
    }

    @Test func importingTwiceAddsNothingTheSecondTime() throws {
        let store = try sampleStore()
        let document = try store.exportDocument(at: at(7200))

        let summary = try store.importDocument(document)

        #expect(
            summary
                == ImportSummary(
                    lessons: 2, attemptsAdded: 0, attemptsAlreadyPresent: 3, cards: 1, cardsTaken: 0, reviewsAdded: 0,
                    reviewsAlreadyPresent: 2))
        #expect(try store.exportDocument(at: at(7200)) == document)
    }

    @Test func importMergesALessonKeepingEarliestStartAndLatestPosition() throws {
        let store = ProgressStore.inMemory()
        try store.saveStep(lessonID: "cap", step: 3, stepCount: 4, at: at(100))
        let imported = LessonState(
            lessonID: "cap", currentStep: 1, stepCount: 4, completed: true, startedAt: at(10), updatedAt: at(50),
            completedAt: at(40))

        try store.importDocument(ProgressDocument(exportedAt: at(200), lessons: [imported], attempts: []))

        let expected = LessonState(
            lessonID: "cap", currentStep: 3, stepCount: 4, completed: true, startedAt: at(10), updatedAt: at(100),
            completedAt: at(40))
        #expect(try store.lessonState("cap") == expected)
    }

    @Test func aDocumentFromANewerQuorumIsRefusedByVersion() {
        let json = #"{"format": "quorum-progress", "version": 3, "everything": "renamed"}"#
        #expect(throws: StoreError.unsupportedDocumentVersion(3)) { try ProgressStore.decode(json) }
        #expect(
            StoreError.unsupportedDocumentVersion(3).description
                == "This progress file has version 3, written by a newer quorum; this version reads versions 1 to 2. "
                + "Update quorum to import it.")
    }

    /// A file exported before cards existed still imports: its lessons and answers, no cards.
    @Test func aVersionOneDocumentStillReads() throws {
        let json = """
            {"format": "quorum-progress", "version": 1, "exportedAt": "2025-01-01T00:00:00.000Z",
             "lessons": [], "attempts": [{"id": 7, "lessonID": "cap", "questionID": "q", "answer": "b",
             "correct": true, "usedHint": false, "skipped": false, "answeredAt": "2025-01-01T00:00:01.000Z"}]}
            """
        let document = try ProgressStore.decode(json)
        #expect(document.version == 1)
        #expect(document.attempts.map(\.answer) == ["b"])
        #expect(document.cards.isEmpty && document.reviews.isEmpty)
    }

    @Test(arguments: [
        ("not json", "it is not valid JSON"),
        (#"{"format": "other", "version": 1}"#, #"its "format" is not "quorum-progress""#),
        (#"{"format": "quorum-progress"}"#, #"it has no valid "version""#),
        (
            #"{"format": "quorum-progress", "version": 1, "exportedAt": "2025-01-01T00:00:00.000Z", "lessons": []}"#,
            #""attempts" is missing at the top level"#
        ),
        (
            #"{"format": "quorum-progress", "version": 1, "exportedAt": "yesterday", "lessons": [], "attempts": []}"#,
            "'yesterday' is not a date like 2025-03-01T09:30:00.250Z at exportedAt"
        ),
        (
            #"{"format": "quorum-progress", "version": 2, "exportedAt": "2025-01-01T00:00:00.000Z", "lessons": [], "#
                + #""attempts": [], "reviews": []}"#,
            #""cards" is missing at the top level"#
        ),
        (
            documentV2(cards: "[\(cardJSON(state: "forgotten"))]"),
            "'forgotten' is not a card state (new, learning, review or relearning) at cards[0].state"
        ),
        (
            documentV2(cards: "[\(cardJSON(stability: "-1"))]"),
            "stability must be a number of days above 0 at cards[0].stability"
        ),
        (
            documentV2(reviews: "[\(reviewJSON(rating: 5))]"),
            "a rating must be from 1 (again) to 4 (easy) at reviews[0].rating"
        ),
    ])
    func invalidDocumentsSayWhatIsWrong(json: String, reason: String) {
        #expect(throws: StoreError.invalidDocument(reason: reason)) { try ProgressStore.decode(json) }
    }
}

/// A version 2 document with the given `cards` and `reviews` arrays (JSON text).
func documentV2(cards: String = "[]", reviews: String = "[]") -> String {
    #"{"format": "quorum-progress", "version": 2, "exportedAt": "2025-01-01T00:00:00.000Z", "lessons": [], "#
        + #""attempts": [], "cards": \#(cards), "reviews": \#(reviews)}"#
}

func cardJSON(state: String = "review", stability: String = "2.5") -> String {
    #"{"questionID": "q", "lessonID": "cap", "state": "\#(state)", "step": null, "stability": \#(stability), "#
        + #""difficulty": 5, "due": "2025-01-03T00:00:00.000Z", "lastReview": "2025-01-01T00:00:00.000Z", "#
        + #""reps": 1, "lapses": 0}"#
}

func reviewJSON(rating: Int) -> String {
    #"{"id": "r", "questionID": "q", "lessonID": "cap", "rating": \#(rating), "#
        + #""reviewedAt": "2025-01-01T00:00:00.000Z", "elapsedDays": 0, "scheduledDays": 2, "stateBefore": "new"}"#
}
