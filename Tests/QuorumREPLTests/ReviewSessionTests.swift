import Foundation
import QuorumStore
import Testing

@testable import QuorumREPL

/// Spaced repetition in the shell, on the review course (see `ReviewFixtureCourse`), with a
/// clock the test moves.
@Suite struct ReviewSessionTests {
    /// At 08:00 the learner answers every question once in a quiz:
    /// clocks-drift right (Good: second learning step, due in 10 min), clocks-ntp skipped
    /// (Again: first step, 1 min), ordering-lamport wrong (Again, 1 min), crashes-detect right
    /// after the hint (Hard: first step, 5.5 min).
    func sessionAfterQuizzes(interactive: Bool = true) throws -> ScriptedSession {
        let session = try ScriptedSession(
            replies: ["true", "skip", "false", "hint", "false"], courseDirectory: ReviewFixtureCourse.directory,
            interactive: interactive)
        session.run("quiz clocks")
        session.run("quiz ordering")
        session.run("quiz crashes")
        return session
    }

    @Test func everyQuizAnswerCreatesAndSchedulesACard() throws {
        let session = try sessionAfterQuizzes()
        let start = TestClock.start
        let cards = Dictionary(uniqueKeysWithValues: try session.store.cards().map { ($0.questionID, $0) })
        #expect(cards["clocks-drift"]?.due == start.addingTimeInterval(600))
        #expect(cards["clocks-drift"]?.step == 1)
        #expect(cards["clocks-ntp"]?.due == start.addingTimeInterval(60))
        #expect(cards["ordering-lamport"]?.due == start.addingTimeInterval(60))
        #expect(cards["crashes-detect"]?.due == start.addingTimeInterval(330))
        #expect(cards.values.allSatisfy { $0.state == .learning && $0.reps == 1 })
        // First reviews take S0 from the weights: Good 2.3065, Again 0.212, Hard 1.2931.
        #expect(cards["clocks-drift"]?.stability == 2.3065)
        #expect(cards["crashes-detect"]?.stability == 1.2931)
        // All four at the same instant, so compare them by question.
        let reviews = try session.store.reviews()
        let ratings = Dictionary(uniqueKeysWithValues: reviews.map { ($0.questionID, $0.rating) })
        #expect(ratings == ["clocks-drift": 3, "clocks-ntp": 1, "ordering-lamport": 1, "crashes-detect": 2])
        #expect(reviews.allSatisfy { $0.stateBefore == .new && $0.elapsedDays == 0 && $0.scheduledDays == 0 })
        // The quiz itself reads as before.
        #expect(session.transcript.output.contains("You got 1 of 1 right."))
        #expect(session.transcript.output.contains("✓ Right. (with help)"))
    }

    @Test func nothingIsDueUntilTheFirstStepHasPassed() throws {
        let session = try sessionAfterQuizzes()
        #expect(session.shell.prompt() == "quorum> ")
        #expect(session.run("review") == .ok)
        #expect(session.transcript.output.contains("Nothing is due for review. The next card comes back in 1m."))
    }

    /// Twenty minutes later all four are due. Lessons take turns, the most overdue first: clocks
    /// (clocks-ntp, due 08:01, before ordering-lamport at the same time by id), ordering, crashes
    /// (08:05:30), then clocks again, so the two clocks cards are not asked in a row.
    @Test func aReviewSessionAsksTheDueCardsInterleavedAndRatesThem() throws {
        let session = try sessionAfterQuizzes()
        session.clock.advance(by: 20 * 60)
        #expect(session.shell.prompt() == "quorum (4 due)> ")
        session.reader.add(["ntp", "", "true", "7", "4", "false", "", "false", ""])

        #expect(session.run("review") == .ok)

        let out = session.transcript.output.components(separatedBy: "Review: 4 cards due").last ?? ""
        #expect(out.hasPrefix(" from 3 lessons, mixed"))
        let headings = [
            "Question 1 of 4 · text · Clocks", "Question 2 of 4 · truefalse · Ordering",
            "Question 3 of 4 · truefalse · Crashes", "Question 4 of 4 · truefalse · Clocks",
        ]
        let positions = headings.compactMap { out.range(of: $0)?.lowerBound }
        #expect(positions.count == 4 && positions == positions.sorted())
        // A card on its first learning step (after Again, S = 0.212, or after Hard, S = 1.2931):
        // Again 1 min, Hard the mean of 1 and 10 min, Good the 10-minute step, Easy graduates on
        // the same-day stability S·e^(0.5425·1.0912)·S^-0.0658: 0.424 days, at least 1, for
        // the first two; 2.298 days for crashes-detect.
        #expect(out.contains("again 1m · hard 6m · good 10m · easy 1d\nEnter keeps good"))
        #expect(out.contains("again 1m · hard 6m · good 10m · easy 2d\nEnter keeps good"))
        // clocks-drift is on its last step (S = 2.3065): Hard repeats the 10-minute step; Good
        // graduates at S·max(1, e^(0.5425·0.0912)·S^-0.0658 ≈ 0.9945) = 2.3065 → 2 days; Easy at
        // S·e^(0.5425·1.0912)·S^-0.0658 ≈ 3.946 → 4 days. It was answered wrong, so Again is
        // suggested.
        #expect(out.contains("again 1m · hard 10m · good 2d · easy 4d\nEnter keeps again"))
        #expect(out.contains("Type 1, 2, 3 or 4 (again, hard, good, easy), or press Enter to keep good."))
        #expect(out.contains("Good: back in 10m."))
        #expect(out.contains("Easy: back in 1d."))
        #expect(out.contains("Again: back in 1m."))
        #expect(out.contains("Reviewed 4 cards: 3 answered right."))
        #expect(out.contains("Nothing else is due; the next card comes back in 1m."))

        let reviews = try session.store.reviews().dropFirst(4)
        let rated = Dictionary(uniqueKeysWithValues: reviews.map { ($0.questionID, [$0.rating, $0.scheduledDays]) })
        #expect(
            rated == [
                "clocks-ntp": [3, 0], "ordering-lamport": [4, 1], "crashes-detect": [3, 0], "clocks-drift": [1, 0],
            ])
        #expect(reviews.allSatisfy { $0.stateBefore == .learning && $0.elapsedDays == 0 })
        #expect(try session.store.card(questionID: "ordering-lamport")?.state == .review)
        // Each review answer is an answer too: 4 in the quizzes, 4 here.
        #expect(try session.store.attempts().count == 8)

        // Two days on, everything is due again. One lesson, one card: clocks-drift (due 08:21)
        // comes before clocks-ntp (08:30).
        session.clock.advance(by: 2 * 86_400)
        #expect(session.shell.prompt() == "quorum (4 due)> ")
        session.reader.add(["true", ""])
        #expect(session.run("review --lesson clocks --limit 1") == .ok)
        let second = session.transcript.output.components(separatedBy: "Review: 1 card due").last ?? ""
        #expect(second.contains("Question 1 of 1 · truefalse · Clocks"))
        #expect(second.contains("Reviewed 1 card: 1 answered right."))
        #expect(second.contains("3 cards still due: type review to go on."))
        #expect(try session.store.reviews().last?.questionID == "clocks-drift")
        #expect(try session.store.reviews().last?.elapsedDays == 2)
        #expect(session.shell.prompt() == "quorum (3 due)> ")

        session.shell.welcome()
        #expect(session.transcript.output.contains("3 questions are due for review: type review."))

        // Three due now; clocks-drift comes back in 10 minutes, still today (UTC) and this week.
        // Reviews: 8 on the first day, none the next, 1 today: a streak of one day, and the
        // sparkline's last three days are the maximum, zero and one eighth of it.
        session.run("progress")
        let progress = session.transcript.output.components(separatedBy: "Your progress").last ?? ""
        #expect(progress.contains("Due: 3 now · 4 today · 4 within a week · type review"))
        #expect(progress.contains("Streak: 1 day in a row"))
        #expect(progress.contains("Reviews, last 30 days: " + String(repeating: "▁", count: 27) + "█▁▂ 9 in all"))
    }

    @Test func endOfInputAtTheRatingKeepsTheSuggestionAndStops() throws {
        let session = try sessionAfterQuizzes()
        session.clock.advance(by: 20 * 60)
        session.reader.add(["ntp"])
        #expect(session.run("review") == .ok)
        #expect(session.transcript.output.contains("Good: back in 10m."))
        #expect(session.transcript.output.contains("Reviewed 1 card: 1 answered right."))
        #expect(try session.store.reviews().last?.rating == 3)
    }

    @Test func reviewRefusesAnUnknownLessonAndABadLimit() throws {
        let session = try sessionAfterQuizzes()
        #expect(session.run("review --lesson clock") == .failed)
        #expect(session.transcript.error.contains("no lesson 'clock' (did you mean 'clocks'?)"))
        #expect(session.run("review --limit 0") == .failed)
        #expect(session.transcript.error.contains("--limit takes a whole number above 0 (got '0')"))
        #expect(session.run("review --lesson") == .failed)
        #expect(session.transcript.error.contains("--lesson needs a value"))
        #expect(session.run("review now") == .failed)
    }

    @Test func withoutCardsReviewSaysHowTheyAreMade() throws {
        let session = try ScriptedSession(courseDirectory: ReviewFixtureCourse.directory)
        #expect(session.run("review") == .ok)
        #expect(session.transcript.output.contains("Nothing to review yet."))
    }

    /// Mastery is the mean retrievability of a lesson's cards. A card reviewed exactly S days ago
    /// is at 90 % (R(S, S) = 0.9) and one reviewed just now at 100 %: clocks shows 95 %. The Time
    /// track holds the same two cards (ordering has none), so it shows 95 % too.
    @Test func progressShowsMasteryPerLessonAndTrack() throws {
        let session = try ScriptedSession(courseDirectory: ReviewFixtureCourse.directory)
        let now = TestClock.start
        try session.store.record(
            CardRecord(
                questionID: "clocks-drift", lessonID: "clocks", state: .review, stability: 2, difficulty: 5,
                due: now.addingTimeInterval(86_400), lastReview: now.addingTimeInterval(-2 * 86_400), reps: 3),
            review: ReviewRecord(
                questionID: "clocks-drift", lessonID: "clocks", rating: 3,
                reviewedAt: now.addingTimeInterval(-2 * 86_400),
                elapsedDays: 1, scheduledDays: 2, stateBefore: .review))
        try session.store.record(
            CardRecord(
                questionID: "clocks-ntp", lessonID: "clocks", state: .review, stability: 5, difficulty: 5,
                due: now.addingTimeInterval(5 * 86_400), lastReview: now, reps: 2),
            review: ReviewRecord(
                questionID: "clocks-ntp", lessonID: "clocks", rating: 3, reviewedAt: now, elapsedDays: 1,
                scheduledDays: 5, stateBefore: .review))

        session.run("progress")

        let out = session.transcript.output
        #expect(out.contains("Time · mastery 95%"))
        let clocksRow = out.split(separator: "\n").first { $0.contains(" clocks ") }.map(String.init) ?? ""
        #expect(clocksRow.contains("95%"))
        #expect(!out.contains("Faults · mastery"))
        // Reviews two days ago and today, none yesterday: the streak is today's alone.
        #expect(out.contains("Due: 0 now · 0 today · 2 within a week"))
        #expect(out.contains("Streak: 1 day in a row"))
    }

    @Test(arguments: [
        ([20, 19, 18], 20, 3), ([19, 18], 20, 2), ([20, 18], 20, 1), ([18], 20, 0), ([], 20, 0),
    ])
    func aStreakCountsDaysInARowEndingTodayOrYesterday(days: [Int], today: Int, streak: Int) throws {
        let session = try ScriptedSession()
        #expect(session.shell.studyStreak(days: Set(days), today: today) == streak)
    }

    @Test func exportResetImportExportGivesTheSameFile() throws {
        let session = try sessionAfterQuizzes(interactive: false)
        let directory = temporaryDirectory()
        let first = directory + "/first.json"
        let second = directory + "/second.json"
        #expect(session.run("progress export \(first)") == .ok)
        #expect(
            session.transcript.output.contains(
                "Exported your progress to \(first): 0 lessons, 4 answers, 4 cards and 4 reviews."))
        #expect(session.run("progress reset --yes") == .ok)
        #expect(try session.store.cards().isEmpty)

        session.clock.advance(by: 3600)
        #expect(session.run("progress import \(first)") == .ok)
        #expect(
            session.transcript.output.contains(
                "Imported \(first): 0 lessons merged; 4 answers added (0 already here); 4 cards taken (0 kept as they were); 4 reviews added (0 already here)."
            ))
        #expect(session.run("progress export \(second)") == .ok)

        let before = try String(contentsOfFile: first, encoding: .utf8)
        let after = try String(contentsOfFile: second, encoding: .utf8)
        #expect(after.contains(#""exportedAt" : "2027-01-15T09:00:00.000Z""#))
        #expect(withoutExportDate(after) == withoutExportDate(before))
        #expect(before != after)

        // The same file again changes nothing.
        #expect(session.run("progress import \(first)") == .ok)
        #expect(
            session.transcript.output.contains("0 cards taken (4 kept as they were); 0 reviews added (4 already here).")
        )
        #expect(session.run("progress export \(second)") == .ok)
        #expect(try String(contentsOfFile: second, encoding: .utf8) == after)
    }

    @Test(arguments: [
        ("{not json", "This is not a quorum progress file: it is not valid JSON."),
        (
            #"{"format": "quorum-progress", "version": 3, "exportedAt": "2030-01-01T00:00:00.000Z"}"#,
            "This progress file has version 3, written by a newer quorum"
        ),
    ])
    func aRefusedImportSaysWhyAndChangesNothing(contents: String, reason: String) throws {
        let session = try sessionAfterQuizzes(interactive: false)
        let file = temporaryDirectory() + "/progress.json"
        try Data(contents.utf8).write(to: URL(fileURLWithPath: file))
        let before = try session.store.exportDocument(at: TestClock.start)

        #expect(session.run("progress import \(file)") == .failed)

        #expect(session.transcript.error.contains("could not import \(file): \(reason)"))
        #expect(session.transcript.error.contains("Nothing was changed."))
        #expect(try session.store.exportDocument(at: TestClock.start) == before)
    }

    @Test func resettingALessonAlsoForgetsItsCards() throws {
        let session = try sessionAfterQuizzes(interactive: false)
        session.reader.add(["yes"])
        session.run("progress reset clocks")
        #expect(
            session.transcript.output.contains("your place, 2 answers and 2 review cards with their review history"))
        #expect(try session.store.cards().map(\.questionID).sorted() == ["crashes-detect", "ordering-lamport"])
        #expect(try session.store.reviews().map(\.lessonID).sorted() == ["crashes", "ordering"])
    }
}

private func withoutExportDate(_ json: String) -> String {
    json.split(separator: "\n").filter { !$0.contains("\"exportedAt\"") }.joined(separator: "\n")
}
