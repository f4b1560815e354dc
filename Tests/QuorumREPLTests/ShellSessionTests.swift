import Foundation
import QuorumStore
import Testing

@testable import QuorumREPL

@Suite struct ShellSessionTests {
    @Test func aMistypedCommandGetsASuggestionAndTheShellGoesOn() throws {
        let session = try ScriptedSession()
        #expect(session.run("lesons") == .failed)
        #expect(session.transcript.error.contains("unknown command 'lesons' (did you mean 'lessons'?)"))
        #expect(session.run("lessons") == .ok)
        #expect(session.transcript.output.contains("First lesson"))
    }

    @Test func anUnclosedQuoteIsReportedNotCrashedOn() throws {
        let session = try ScriptedSession()
        #expect(session.run("search \"lost") == .failed)
        #expect(session.transcript.error.contains("opening \" with no closing one"))
    }

    @Test func lessonsListsTracksWithStatusAndEmptyTracks() throws {
        let session = try ScriptedSession()
        session.run("learn first")
        session.run("lessons")
        let out = session.transcript.output
        #expect(out.contains("Basics"))
        #expect(out.contains("step 1 of 3"))
        #expect(out.contains("new"))
        #expect(out.contains("(lessons coming later)"))
    }

    @Test func learnOpensAtTheFirstStepAndNextBackAndStepMove() throws {
        let session = try ScriptedSession()
        #expect(session.run("learn first") == .ok)
        #expect(session.transcript.output.contains("step 1 of 3"))
        #expect(session.transcript.output.contains("Messages get lost"))
        session.run("next")
        #expect(session.transcript.output.contains("step 2 of 3"))
        session.run("back")
        session.run("step 3")
        #expect(session.transcript.output.contains("Wrap-up"))
        #expect(session.run("step 9") == .failed)
        #expect(session.transcript.error.contains("from 1 to 3"))
        #expect(try session.store.lessonState("first")?.currentStep == 2)
    }

    @Test func theNextSessionReopensAtTheSavedStep() throws {
        let data = temporaryDirectory()
        let (store, _) = ProgressStore.open(directory: data)
        let first = try ScriptedSession(store: store)
        first.run("learn first")
        first.run("next")
        let (reopened, _) = ProgressStore.open(directory: data)
        let second = try ScriptedSession(store: reopened, courseDirectory: first.courseDirectory)
        second.run("learn first")
        #expect(second.transcript.output.contains("picking up at step 2 of 3"))
        #expect(second.transcript.output.contains("Retries"))
        #expect(!second.transcript.output.contains("Messages get lost"))
    }

    @Test func nextOnTheLastStepFinishesTheLessonAndPointsOnward() throws {
        let session = try ScriptedSession()
        session.run("learn first")
        session.run("step 3")
        session.run("next")
        #expect(session.transcript.output.contains("You finished First lesson"))
        #expect(session.transcript.output.contains("learn second"))
        #expect(try session.store.lessonState("first")?.completed == true)
    }

    @Test func runUsesTheLessonsParametersAndTheLearnersOverrides() throws {
        let session = try ScriptedSession()
        session.run("learn first")
        #expect(session.run("run") == .ok)
        #expect(session.transcript.output.contains("loss=0.3"))
        #expect(session.transcript.output.contains("success-rate"))
        #expect(session.run("run loss=1") == .ok)
        // With every message lost, nothing succeeds: the table must say 0 for success-rate.
        let lastRun = session.transcript.output.components(separatedBy: "▶ request-reply").last ?? ""
        #expect(lastRun.contains("loss=1"))
        #expect(lastRun.range(of: #"success-rate\s*│\s*0\b"#, options: .regularExpression) != nil)
    }

    @Test func aBadParameterIsNamedWithWhatItAccepts() throws {
        let session = try ScriptedSession()
        session.run("learn first")
        #expect(session.run("run los=0.5") == .failed)
        #expect(
            session.transcript.error.contains(
                "unknown parameter 'los' for model 'request-reply' (did you mean 'loss'?)"))
        #expect(session.run("run loss=2") == .failed)
        #expect(session.transcript.error.contains("invalid value '2' for 'loss': expected a number from 0 to 1"))
        #expect(session.run("run loss") == .failed)
        #expect(session.transcript.error.contains("write name=value"))
    }

    @Test func quizRecordsEachAnswerAsItIsGiven() throws {
        // The first step has one choice question; the learner answers with the text of a choice,
        // which is graded the same whatever order the choices were shuffled into.
        let session = try ScriptedSession(replies: ["hint", "Nothing certain about whether the server acted"])
        session.run("learn first")
        #expect(session.run("quiz") == .ok)
        let out = session.transcript.output
        #expect(out.contains("Hint: Think of the reply."))
        #expect(out.contains("✓ Right."))
        let attempts = try session.store.attempts()
        #expect(attempts.count == 1)
        #expect(attempts.first?.questionID == "first-lost-or-slow")
        #expect(attempts.first?.correct == true)
        #expect(attempts.first?.usedHint == true)
    }

    @Test func unreadableAnswersAreNotRecordedAndAWrongOneShowsTheAnswer() throws {
        let session = try ScriptedSession(replies: ["maybe", "", "false"])
        session.run("learn first")
        session.run("step 2")
        session.run("quiz")
        let attempts = try session.store.attempts()
        #expect(attempts.count == 1)
        #expect(attempts.first?.correct == false)
        #expect(session.transcript.output.contains("the answer is true"))
        #expect(session.transcript.output.contains("A retry after a lost reply repeats work"))
    }

    @Test func skipShowsTheAnswerAndRecordsASkip() throws {
        let session = try ScriptedSession(replies: ["skip"])
        session.run("quiz first")
        let attempts = try session.store.attempts()
        #expect(attempts.first?.skipped == true)
        #expect(session.transcript.output.contains("The answer:"))
        #expect(session.transcript.output.contains("Nothing certain about whether the server acted"))
    }

    @Test(arguments: [("0.49", true), ("0.9", false)])
    func predictAnswersComeFromTheSimulation(guess: String, right: Bool) throws {
        // One try succeeds when both request and reply get through: 0.7 × 0.7 = 0.49. Over 1000
        // requests the simulated fraction is within a few hundredths of that (the standard
        // deviation is 0.016), so 0.49 is inside the lesson's 0.05 tolerance and 0.9 is not.
        let session = try ScriptedSession(replies: ["true", guess])
        session.run("learn first")
        session.run("step 2")
        session.run("quiz")
        let predictions = try session.store.attempts().filter { $0.questionID == "first-predict" }
        #expect(predictions.map(\.correct) == [right])
        #expect(session.transcript.output.contains("The simulation gives"))
    }

    @Test func ctrlCLeavesTheQuizAndKeepsEarlierAnswers() throws {
        let session = try ScriptedSession(replies: ["true", nil])
        session.run("learn first")
        session.run("step 2")
        #expect(session.run("quiz") == .ok)
        #expect(session.transcript.output.contains("Quiz stopped"))
        #expect(try session.store.attempts().count == 1)
        #expect(session.run("steps") == .ok)
    }

    @Test func resetAsksFirstAndOnlyYesResets() throws {
        let session = try ScriptedSession(replies: ["no", "yes"])
        session.run("learn first")
        session.run("progress reset")
        #expect(session.transcript.output.contains("Nothing was reset."))
        #expect(try session.store.lessonState("first") != nil)
        session.run("progress reset first")
        #expect(try session.store.lessonState("first") == nil)
        session.run("learn second")
        #expect(session.run("progress reset --yes") == .ok)
        #expect(try session.store.lessonStates().isEmpty)
    }

    @Test func progressShowsLessonsAndAnswersAndJSONIsVersioned() throws {
        let session = try ScriptedSession(replies: ["true"])
        session.run("learn first")
        session.run("step 2")
        session.run("quiz")
        session.run("progress")
        #expect(session.transcript.output.contains("0 of 2 lessons done"))
        #expect(session.transcript.output.contains("1 of 3 questions answered right"))
        session.run("progress --json")
        let json = session.transcript.output.components(separatedBy: "\n{").last.map { "{" + $0 } ?? ""
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["version"] as? Int == 2)
        #expect((object?["attempts"] as? [Any])?.count == 1)
    }

    @Test func defineAndSearchFindTheCourse() throws {
        let session = try ScriptedSession()
        #expect(session.run("define partial failure") == .ok)
        #expect(session.transcript.output.contains("Some parts of a system fail"))
        #expect(session.run("define partal failure") == .failed)
        #expect(session.transcript.error.contains("did you mean 'partial failure'"))
        #expect(session.run("search quorums") == .ok)
        #expect(session.transcript.output.contains("(second · step 1)"))
    }

    @Test func commandsThatNeedAnOpenLessonSaySo() throws {
        let session = try ScriptedSession()
        for command in ["next", "back", "steps", "run", "step 1"] {
            #expect(session.run(command) == .failed)
        }
        #expect(session.transcript.error.contains("no lesson is open"))
    }

    @Test func simListInfoAndRunWorkOutsideLessons() throws {
        let session = try ScriptedSession()
        #expect(session.run("sim list") == .ok)
        #expect(session.transcript.output.contains("request-reply"))
        #expect(session.run("sim info request-reply") == .ok)
        #expect(session.transcript.output.contains("retries"))
        #expect(session.run("sim run request-reply retries=0 seed=3") == .ok)
        #expect(session.run("sim run request-replay") == .failed)
        #expect(session.transcript.error.contains("did you mean 'request-reply'"))
    }

    @Test func quitEndsTheSession() throws {
        let session = try ScriptedSession()
        #expect(session.run("quit") == .quit)
        #expect(session.run("exit") == .quit)
    }
}

/// A line ending in a backslash continues on the next, so a long command from a lesson can be
/// typed as the lesson shows it.
@Suite struct LineContinuationTests {
    @Test func aTrailingBackslashJoinsTheNextLine() throws {
        let session = try ScriptedSession(replies: ["define partial \\", "failure"])
        #expect(session.shell.runLoop() == 0)
        #expect(session.transcript.output.contains("Some parts of a system fail while others keep working."))
        #expect(session.transcript.error.isEmpty, "\(session.transcript.error)")
    }

    @Test func ctrlCOnAContinuationLineDropsTheWholeCommand() throws {
        let session = try ScriptedSession(replies: ["define partial \\", nil, "define partial failure"])
        #expect(session.shell.runLoop() == 0)
        // Only the last command ran: the definition appears once, and nothing complained.
        #expect(session.transcript.output.components(separatedBy: "Some parts of a system fail").count == 2)
        #expect(session.transcript.error.isEmpty, "\(session.transcript.error)")
    }
}
