import Foundation
import Testing

@testable import QuorumStore

@Suite struct ProgressDocumentTests {
    /// One finished lesson, one in progress, three answers (a wrong one, a hinted right one, a skip).
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
        return store
    }

    @Test func exportHoldsEveryLessonAndAnswer() throws {
        let document = try sampleStore().exportDocument(at: at(7200))

        #expect(document.format == "quorum-progress")
        #expect(document.version == 1)
        #expect(document.exportedAt == at(7200))
        #expect(document.lessons.map(\.lessonID) == ["cap", "replication"])
        #expect(document.lessons[1].completed && document.lessons[1].completedAt == at(120))
        #expect(document.attempts.map(\.answer) == ["a", "b", ""])
        #expect(document.attempts.map(\.id) == [1, 2, 3])
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let json = ProgressStore.encode(try sampleStore().exportDocument(at: at(7200)))

        // Written from the inputs above: 2025-01-01T00:00:00Z plus each offset; sorted keys;
        // `completedAt: null` for the unfinished lesson; slashes not escaped.
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
              "version" : 1
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

        #expect(summary == ImportSummary(lessons: 2, attemptsAdded: 3, attemptsAlreadyPresent: 0))
        #expect(try target.exportDocument(at: at(7200)) == document)
    }

    @Test func importingTwiceAddsNothingTheSecondTime() throws {
        let store = try sampleStore()
        let document = try store.exportDocument(at: at(7200))

        let summary = try store.importDocument(document)

        #expect(summary == ImportSummary(lessons: 2, attemptsAdded: 0, attemptsAlreadyPresent: 3))
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
        let json = #"{"format": "quorum-progress", "version": 2, "everything": "renamed"}"#
        #expect(throws: StoreError.unsupportedDocumentVersion(2)) { try ProgressStore.decode(json) }
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
    ])
    func invalidDocumentsSayWhatIsWrong(json: String, reason: String) {
        #expect(throws: StoreError.invalidDocument(reason: reason)) { try ProgressStore.decode(json) }
    }
}
