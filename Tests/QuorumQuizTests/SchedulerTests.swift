import Foundation
import Testing

@testable import QuorumQuiz

/// 2022-11-29T12:30:00Z, where the reference implementations' test vectors start.
private let referenceStart = Date(timeIntervalSince1970: 1_669_725_000)
private let day: TimeInterval = 86_400

@Suite struct SchedulerTests {
    let scheduler = Scheduler()

    /// py-fsrs's `test_review_card` and fsrs-rs's interval history: review each time exactly when
    /// due, fuzz off. Good×6 takes the card through both learning steps (0 days: 10 min), then
    /// day intervals; Again×2 lapses it into the 10-minute relearning step twice; Good×5 rebuilds.
    @Test func theReferenceIntervalSequenceIsReproduced() {
        let ratings: [Rating] = [
            .good, .good, .good, .good, .good, .good, .again, .again, .good, .good, .good, .good, .good,
        ]
        var card = Card.new(at: referenceStart)
        var date = referenceStart
        var intervals: [Int] = []
        for rating in ratings {
            let result = scheduler.review(card, rating: rating, at: date)
            card = result.card
            intervals.append(Scheduler.wholeDays(from: date, to: card.due))
            date = card.due
        }
        #expect(intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21])
    }

    /// fsrs-rs's memory-state vector: `delta_t` 0, 0, 1, 3, 8, 21 days between reviews.
    @Test func theReferenceMemoryStateIsReproduced() throws {
        let reviews = zip([Rating.again, .good, .good, .good, .good, .good], [0, 0, 1, 3, 8, 21]).map {
            MemoryModel.PastReview($0, elapsedDays: $1)
        }
        let state = try #require(MemoryModel().memoryState(reviews: reviews))
        #expect(abs(state.stability - 53.62691) < 1e-4)
        #expect(abs(state.difficulty - 6.3574867) < 1e-4)
    }

    /// The same history through the scheduler, one review at each offset, as py-fsrs's
    /// `test_memo_state` does it, gives the same state: the scheduler and the pure replay agree.
    @Test func theSchedulerAgreesWithTheReplayedMemoryState() throws {
        var card = Card.new(at: referenceStart)
        var date = referenceStart
        for (rating, offset) in zip([Rating.again, .good, .good, .good, .good, .good], [0.0, 0, 1, 3, 8, 21]) {
            date = date.addingTimeInterval(offset * day)
            card = scheduler.review(card, rating: rating, at: date).card
        }
        #expect(abs(try #require(card.stability) - 53.62691) < 1e-4)
        #expect(abs(try #require(card.difficulty) - 6.3574867) < 1e-4)
    }

    @Test(arguments: zip(Rating.allCases, [0.212, 1.2931, 2.3065, 8.2956]))
    func aFirstReviewTakesItsStabilityFromTheWeights(rating: Rating, stability: Double) {
        let card = scheduler.review(Card.new(at: referenceStart), rating: rating, at: referenceStart).card
        #expect(card.stability == stability)
        #expect(card.reps == 1)
        #expect(card.lastReview == referenceStart)
    }

    /// D0(G) = w4 - e^(w5·(G-1)) + 1: for Again 6.4133 - 1 + 1; for Easy 6.4133 - e^2.5002 + 1
    /// = 7.4133 - 12.1851 < 1, so it is clamped to 1.
    @Test func initialDifficultyFollowsTheFormulaAndIsClamped() {
        let model = MemoryModel()
        #expect(abs(model.initialDifficulty(.again) - 6.4133) < 1e-12)
        #expect(model.initialDifficulty(.easy) == 1)
    }

    /// With desired retention 0.9 the interval formula gives exactly S days (R(S, S) = 0.9), so a
    /// first Easy graduates at once with round(8.2956) = 8 days. Again, Hard and Good stay in the
    /// learning steps: the first step (1 min), the mean of the two (5.5 min) and the second (10 min).
    @Test func aNewCardPreviewsEachRating() {
        let preview = scheduler.preview(Card.new(at: referenceStart), at: referenceStart)
        #expect(preview.map(\.rating) == [.again, .hard, .good, .easy])
        #expect(preview.map(\.interval) == [60, 330, 600, 8 * day])
        #expect(IntervalText.preview(preview) == "again 1m · hard 6m · good 10m · easy 8d")
    }

    /// A graduated card with S = 10, D = 5, reviewed 10 days after the last review (R = 0.9):
    /// the recall formula's growth term is e^1.8722 · (11-5) · 10^-0.1666 · (e^(0.796·0.1) - 1)
    /// ≈ 6.5025 · 6 · 0.6814 · 0.0829 ≈ 2.2027, so Good gives 10·(1 + 2.2027) ≈ 32.0 days, Hard
    /// (× w15 = 0.6014) 10·(1 + 1.3247) ≈ 23.2 and Easy (× w16 = 1.8729) 10·(1 + 4.1254) ≈ 51.3;
    /// Again sends it to the 10-minute relearning step.
    @Test func aReviewCardPreviewsEachRating() {
        let lastReview = referenceStart
        let card = Card(
            state: .review, stability: 10, difficulty: 5, due: lastReview.addingTimeInterval(10 * day),
            lastReview: lastReview, reps: 3)
        let preview = scheduler.preview(card, at: card.due)
        #expect(IntervalText.preview(preview) == "again 10m · hard 23d · good 32d · easy 51d")
    }

    @Test func forgettingAGraduatedCardIsALapseIntoRelearning() {
        let card = Card(
            state: .review, stability: 10, difficulty: 5, due: referenceStart.addingTimeInterval(10 * day),
            lastReview: referenceStart, reps: 3)
        let result = scheduler.review(card, rating: .again, at: card.due)
        #expect(result.card.state == .relearning)
        #expect(result.card.step == 0)
        #expect(result.card.lapses == 1)
        #expect(result.card.reps == 4)
        #expect(result.stateBefore == .review)
        #expect(result.elapsedDays == 10)
        #expect(result.scheduledDays == 0)
        #expect(result.card.due == card.due.addingTimeInterval(600))
        // Good on the only relearning step graduates it again, on day intervals.
        let back = scheduler.review(result.card, rating: .good, at: result.card.due)
        #expect(back.card.state == .review)
        #expect(back.scheduledDays >= 1)
    }

    /// Easy drives difficulty down; ten quick Easy answers reach the floor of 1 (py-fsrs's
    /// `test_repeated_correct_reviews`). Again drives it up towards the fixed point of
    /// D = 0.999·(D + 6.0388·(10 - D)/9) + 0.001·D0(4), where D0(4) = 7.4133 - e^2.5002 ≈ -4.77:
    /// D ≈ 6.698 / 0.6713 ≈ 9.98, just under the ceiling.
    @Test func difficultyStaysWithinOneToTen() {
        var card = Card.new(at: referenceStart)
        for second in 0..<10 {
            card = scheduler.review(card, rating: .easy, at: referenceStart.addingTimeInterval(Double(second))).card
        }
        #expect(card.difficulty == 1)
        var hard = Card.new(at: referenceStart)
        for minute in 0..<50 {
            hard =
                scheduler.review(hard, rating: .again, at: referenceStart.addingTimeInterval(Double(minute) * 60)).card
        }
        #expect((9.95...10).contains(hard.difficulty ?? 0))
        #expect((hard.stability ?? 0) >= MemoryModel.minimumStability)
    }

    /// On the same day a right answer never lowers stability: the short-term growth factor is
    /// floored at 1 for Hard and better. For a large S the raw factor e^(0.5425·(G-3+0.0912))·S^-0.0658
    /// drops below 1 (for Hard at S = 100: e^(-0.4930)·0.7386 ≈ 0.45).
    @Test func aSameDayRightAnswerNeverLowersStability() {
        let model = MemoryModel()
        #expect(model.shortTermStability(100, .hard) == 100)
        #expect(model.shortTermStability(100, .good) == 100)
        #expect(model.shortTermStability(100, .again) < 100)
    }

    @Test func intervalsAreClampedToTheMaximum() {
        let capped = Scheduler(maximumInterval: 30)
        let card = Card(
            state: .review, stability: 10_000, difficulty: 1, due: referenceStart, lastReview: referenceStart)
        let result = capped.review(card, rating: .easy, at: referenceStart.addingTimeInterval(400 * day))
        #expect(result.scheduledDays == 30)
    }

    /// In the reference sequence the fourth Good gives 46 days. With fuzz, 46 days may move by
    /// 1 + 0.15·4.5 + 0.1·13 + 0.05·26 = 4.275 days: 42 to 50. (The first three reviews are made
    /// without fuzz, which would otherwise move the fourth review's date and so its interval.)
    @Test func fuzzIsOffByDefaultAndSeededWhenOn() {
        var card = Card.new(at: referenceStart)
        var date = referenceStart
        for _ in 0..<3 {
            card = Scheduler().review(card, rating: .good, at: date).card
            date = card.due
        }
        func fourthInterval(_ scheduler: Scheduler) -> Int {
            scheduler.review(card, rating: .good, at: date).scheduledDays
        }
        #expect(fourthInterval(Scheduler()) == 46)
        let fuzzed = (0..<20).map { fourthInterval(Scheduler(fuzz: .seeded($0))) }
        #expect(fuzzed.allSatisfy { (42...50).contains($0) })
        #expect(Set(fuzzed).count > 1)
        #expect(fuzzed == (0..<20).map { fourthInterval(Scheduler(fuzz: .seeded($0))) })
    }

    @Test func retrievabilityIsNinetyPercentAfterStabilityDays() {
        let card = Card(state: .review, stability: 7, difficulty: 5, due: referenceStart, lastReview: referenceStart)
        #expect(abs(scheduler.retrievability(of: card, at: referenceStart.addingTimeInterval(7 * day)) - 0.9) < 1e-12)
        #expect(scheduler.retrievability(of: card, at: referenceStart) == 1)
        #expect(scheduler.retrievability(of: Card.new(at: referenceStart), at: referenceStart) == 0)
    }
}

@Suite struct RatingTests {
    static let answers: [(Bool, Bool, Rating)] = [
        (false, false, .again), (false, true, .again), (true, true, .hard), (true, false, .good),
    ]

    @Test(arguments: answers)
    func anAnswerSuggestsARating(correct: Bool, usedHelp: Bool, rating: Rating) {
        #expect(Rating.suggested(correct: correct, usedHelp: usedHelp) == rating)
    }

    static let intervals: [(TimeInterval, String)] = [
        (60, "1m"), (330, "6m"), (600, "10m"), (5 * 3600, "5h"), (2 * day, "2d"), (364 * day, "364d"),
        (365 * day, "1y"), (498 * day, "1.4y"),
    ]

    /// 5.5 minutes round to 6; 498 days are 1.36 years, shown to one decimal.
    @Test(arguments: intervals)
    func intervalsReadLikeAnkisButtons(seconds: TimeInterval, text: String) {
        #expect(IntervalText.short(seconds) == text)
    }
}

@Suite struct ReviewQueueTests {
    let now = referenceStart

    func entry(_ id: String, _ lesson: String, hoursAgo: Double) -> ReviewQueue.Entry {
        ReviewQueue.Entry(questionID: id, lessonID: lesson, due: now.addingTimeInterval(-hoursAgo * 3600))
    }

    /// Lesson a has the most overdue card (3 h), then b (2.5 h), then c (0.5 h): they take turns
    /// in that order, each giving its most overdue card; c2 is due only in an hour.
    var entries: [ReviewQueue.Entry] {
        [
            entry("a3", "a", hoursAgo: 1), entry("c2", "c", hoursAgo: -1), entry("a1", "a", hoursAgo: 3),
            entry("b1", "b", hoursAgo: 2.5), entry("a2", "a", hoursAgo: 2), entry("c1", "c", hoursAgo: 0.5),
        ]
    }

    @Test func dueCardsAreInterleavedAcrossLessons() {
        #expect(ReviewQueue.order(entries, now: now).map(\.questionID) == ["a1", "b1", "c1", "a2", "a3"])
    }

    @Test func aLimitKeepsEveryLessonsShare() {
        #expect(ReviewQueue.order(entries, now: now, limit: 3).map(\.questionID) == ["a1", "b1", "c1"])
    }

    @Test func oneLessonCanBeChosen() {
        #expect(ReviewQueue.order(entries, now: now, lessonID: "a").map(\.questionID) == ["a1", "a2", "a3"])
        #expect(ReviewQueue.order(entries, now: now, lessonID: "c").map(\.questionID) == ["c1"])
    }

    @Test func aCardDueExactlyNowIsDue() {
        let exact = [ReviewQueue.Entry(questionID: "x", lessonID: "x", due: now)]
        #expect(ReviewQueue.order(exact, now: now).count == 1)
        #expect(ReviewQueue.order(exact, now: now.addingTimeInterval(-1)).isEmpty)
    }
}
