import Foundation
import Testing

@testable import QuorumStore

@Suite struct ProgressStoreTests {
    let store = ProgressStore.inMemory()

    @Test func anUnknownLessonHasNoState() throws {
        #expect(try store.lessonState("cap") == nil)
        #expect(try store.lessonStates() == [])
    }

    @Test func firstSaveStartsTheLesson() throws {
        try store.saveStep(lessonID: "cap", step: 0, stepCount: 4, at: at(10))

        let expected = LessonState(
            lessonID: "cap", currentStep: 0, stepCount: 4, completed: false, startedAt: at(10), updatedAt: at(10),
            completedAt: nil)
        #expect(try store.lessonState("cap") == expected)
    }

    @Test func savingAgainMovesTheStepButKeepsTheStartDate() throws {
        try store.saveStep(lessonID: "cap", step: 0, stepCount: 4, at: at(10))
        try store.saveStep(lessonID: "cap", step: 2, stepCount: 5, at: at(70.5))

        let state = try #require(try store.lessonState("cap"))
        #expect(state.currentStep == 2)
        #expect(state.stepCount == 5)
        #expect(state.startedAt == at(10))
        #expect(state.updatedAt == at(70.5))
        #expect(try store.lessonStates().count == 1)
    }

    @Test func completingPutsTheLearnerOnTheLastStep() throws {
        try store.saveStep(lessonID: "cap", step: 1, stepCount: 4, at: at(10))
        try store.markCompleted(lessonID: "cap", stepCount: 4, at: at(20))

        let expected = LessonState(
            lessonID: "cap", currentStep: 3, stepCount: 4, completed: true, startedAt: at(10), updatedAt: at(20),
            completedAt: at(20))
        #expect(try store.lessonState("cap") == expected)
    }

    @Test func completionIsStickyAndKeepsTheFirstCompletionDate() throws {
        try store.markCompleted(lessonID: "cap", stepCount: 4, at: at(20))
        try store.saveStep(lessonID: "cap", step: 1, stepCount: 4, at: at(30))
        try store.markCompleted(lessonID: "cap", stepCount: 4, at: at(40))
        try store.saveStep(lessonID: "cap", step: 0, stepCount: 4, at: at(50))

        let state = try #require(try store.lessonState("cap"))
        #expect(state.completed)
        #expect(state.completedAt == at(20))
        #expect(state.startedAt == at(20))
        #expect(state.currentStep == 0)
        #expect(state.updatedAt == at(50))
    }

    @Test func lessonStatesAreOrderedByLessonID() throws {
        for id in ["raft", "cap", "gossip"] {
            try store.saveStep(lessonID: id, step: 0, stepCount: 3, at: at(0))
        }
        #expect(try store.lessonStates().map(\.lessonID) == ["cap", "gossip", "raft"])
    }

    @Test func recordingGivesEachAttemptAnIDAndKeepsEveryField() throws {
        let first = try store.record(
            Attempt(lessonID: "cap", questionID: "q1", answer: "a", correct: false, answeredAt: at(1)))
        let second = try store.record(
            Attempt(
                lessonID: "cap", questionID: "q1", answer: "b", correct: true, usedHint: true, skipped: false,
                answeredAt: at(2.125)))
        let skipped = try store.record(
            Attempt(lessonID: "cap", questionID: "q2", answer: "", correct: false, skipped: true, answeredAt: at(3)))

        let ids = [first.id, second.id, skipped.id].compactMap { $0 }
        #expect(ids.count == 3 && Set(ids).count == 3)
        #expect(try store.attempts() == [first, second, skipped])
        #expect(second.usedHint && second.correct && second.answeredAt == at(2.125))
        #expect(skipped.skipped && skipped.answer.isEmpty)
    }

    @Test func attemptsComeBackInAnswerOrderAndFilterByLesson() throws {
        try store.record(Attempt(lessonID: "raft", questionID: "r1", answer: "3", correct: true, answeredAt: at(5)))
        try store.record(Attempt(lessonID: "cap", questionID: "c1", answer: "b", correct: true, answeredAt: at(1)))
        try store.record(Attempt(lessonID: "cap", questionID: "c2", answer: "a", correct: false, answeredAt: at(9)))

        #expect(try store.attempts().map(\.questionID) == ["c1", "r1", "c2"])
        #expect(try store.attempts(lessonID: "cap").map(\.questionID) == ["c1", "c2"])
        #expect(try store.attempts(lessonID: "gossip") == [])
    }

    @Test func datesFinerThanAMillisecondAreRoundedOnceAndThenStable() throws {
        let precise = Date(timeIntervalSince1970: 1_735_689_600.123_456)
        let saved = try store.record(
            Attempt(lessonID: "cap", questionID: "q", answer: "a", correct: true, answeredAt: precise))

        #expect(saved.answeredAt == at(0.123))
        #expect(try store.attempts().first?.answeredAt == at(0.123))
    }

    @Test func resettingOneLessonLeavesTheOthers() throws {
        try store.saveStep(lessonID: "cap", step: 1, stepCount: 3, at: at(0))
        try store.saveStep(lessonID: "raft", step: 2, stepCount: 6, at: at(0))
        try store.record(Attempt(lessonID: "cap", questionID: "c1", answer: "b", correct: true, answeredAt: at(1)))
        try store.record(Attempt(lessonID: "raft", questionID: "r1", answer: "3", correct: true, answeredAt: at(2)))
        try store.setMeta("last-lesson", "cap")

        try store.reset(lessonID: "cap")

        #expect(try store.lessonState("cap") == nil)
        #expect(try store.lessonStates().map(\.lessonID) == ["raft"])
        #expect(try store.attempts().map(\.questionID) == ["r1"])
        #expect(try store.meta("last-lesson") == "cap")
    }

    @Test func resettingEverythingForgetsLessonsAttemptsAndSettings() throws {
        try store.saveStep(lessonID: "cap", step: 1, stepCount: 3, at: at(0))
        try store.record(Attempt(lessonID: "cap", questionID: "c1", answer: "b", correct: true, answeredAt: at(1)))
        try store.setMeta("last-lesson", "cap")

        try store.reset(lessonID: nil)

        #expect(try store.lessonStates() == [])
        #expect(try store.attempts() == [])
        #expect(try store.meta("last-lesson") == nil)
    }

    @Test func settingsCanBeSetReplacedAndRemoved() throws {
        #expect(try store.meta("last-lesson") == nil)
        try store.setMeta("last-lesson", "cap")
        try store.setMeta("last-lesson", "raft")
        #expect(try store.meta("last-lesson") == "raft")
        try store.setMeta("last-lesson", nil)
        #expect(try store.meta("last-lesson") == nil)
    }

    @Test func aClosedStoreReportsAnErrorInsteadOfCrashing() throws {
        try store.close()
        #expect(throws: StoreError.self) {
            try store.saveStep(lessonID: "cap", step: 0, stepCount: 1, at: at(0))
        }
    }
}
