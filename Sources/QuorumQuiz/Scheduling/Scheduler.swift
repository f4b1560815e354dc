import Foundation

/// What a review did to a card, with what the review log keeps.
public struct ReviewResult: Sendable, Equatable {
    public var card: Card
    public var rating: Rating
    public var reviewedAt: Date
    /// The card's state before this review.
    public var stateBefore: CardState
    /// Whole days since the previous review (0 for the first, and on the same day).
    public var elapsedDays: Int
    /// The interval given, in seconds: a learning step of minutes, or whole days.
    public var interval: TimeInterval
    /// The interval in whole days (0 for a learning step).
    public var scheduledDays: Int {
        Int((interval / Scheduler.day).rounded(.down))
    }
}

/// Schedules reviews with FSRS-6 and Anki-style learning steps, as py-fsrs's `Scheduler` does.
///
/// A new card takes its first memory state from its first rating and goes through the learning
/// steps (1 min, 10 min); Good on the last step, or Easy at any step, graduates it to day
/// intervals chosen so that recall is expected to be `desiredRetention` when it comes due. A
/// graduated card rated Again goes back through the relearning step (10 min). Reviews on the
/// same day as the previous one use FSRS's short-term stability; later ones use the recall
/// probability at the elapsed whole days. Pure: the caller passes every date.
public struct Scheduler: Sendable, Equatable {
    /// Seconds in a day.
    public static let day: TimeInterval = 86_400

    /// Random spread of day intervals, so cards learned together drift apart.
    public enum Fuzz: Sendable, Equatable {
        case off
        /// Deterministic: the same seed, card and time give the same spread.
        case seeded(UInt64)
    }

    public var model: MemoryModel
    public var desiredRetention: Double
    public var learningSteps: [TimeInterval]
    public var relearningSteps: [TimeInterval]
    /// The longest interval, in days.
    public var maximumInterval: Int
    public var fuzz: Fuzz

    public init(
        model: MemoryModel = MemoryModel(), desiredRetention: Double = 0.9, learningSteps: [TimeInterval] = [60, 600],
        relearningSteps: [TimeInterval] = [600], maximumInterval: Int = 36_500, fuzz: Fuzz = .off
    ) {
        self.model = model
        self.desiredRetention = desiredRetention
        self.learningSteps = learningSteps
        self.relearningSteps = relearningSteps
        self.maximumInterval = maximumInterval
        self.fuzz = fuzz
    }

    /// The card after a review with `rating` at `date`.
    public func review(_ card: Card, rating: Rating, at date: Date) -> ReviewResult {
        var next = card
        let elapsedDays = card.lastReview.map { Self.wholeDays(from: $0, to: date) } ?? 0
        let interval: TimeInterval

        if card.state == .new || card.stability == nil || card.difficulty == nil {
            next.stability = model.initialStability(rating)
            next.difficulty = model.initialDifficulty(rating)
            next.state = .learning
            next.step = 0
        } else if let stability = card.stability, let difficulty = card.difficulty {
            let state = model.next(
                MemoryModel.State(stability: stability, difficulty: difficulty), rating: rating,
                elapsedDays: elapsedDays)
            next.stability = state.stability
            next.difficulty = state.difficulty
        }
        let stability = next.stability ?? MemoryModel.minimumStability

        switch next.state {
        case .new, .learning, .relearning:
            let steps = next.state == .relearning ? relearningSteps : learningSteps
            let step = next.step ?? 0
            if steps.isEmpty || (step >= steps.count && rating != .again) {
                interval = graduate(&next, stability: stability)
            } else {
                switch rating {
                case .again:
                    next.step = 0
                    interval = steps[0]
                case .hard:
                    if step == 0 {
                        interval = steps.count == 1 ? steps[0] * 1.5 : (steps[0] + steps[1]) / 2
                    } else {
                        interval = steps[min(step, steps.count - 1)]
                    }
                case .good:
                    if step + 1 >= steps.count {
                        interval = graduate(&next, stability: stability)
                    } else {
                        next.step = step + 1
                        interval = steps[step + 1]
                    }
                case .easy:
                    interval = graduate(&next, stability: stability)
                }
            }
        case .review:
            if rating == .again {
                next.lapses += 1
                if relearningSteps.isEmpty {
                    interval = dayInterval(stability)
                } else {
                    next.state = .relearning
                    next.step = 0
                    interval = relearningSteps[0]
                }
            } else {
                interval = dayInterval(stability)
            }
        }

        let fuzzed = next.state == .review ? fuzzed(interval, at: date, stability: stability) : interval
        next.reps += 1
        next.lastReview = date
        next.due = date.addingTimeInterval(fuzzed)
        return ReviewResult(
            card: next, rating: rating, reviewedAt: date, stateBefore: card.state, elapsedDays: elapsedDays,
            interval: fuzzed)
    }

    /// The interval each rating would give, Again to Easy, for a review at `date`.
    public func preview(_ card: Card, at date: Date) -> [(rating: Rating, interval: TimeInterval)] {
        Rating.allCases.map { rating in (rating, review(card, rating: rating, at: date).interval) }
    }

    /// How likely the learner is to recall the card at `date`, from 0 to 1 (fractional days
    /// count); 0 for a card never reviewed.
    public func retrievability(of card: Card, at date: Date) -> Double {
        guard let lastReview = card.lastReview, let stability = card.stability else { return 0 }
        let days = date.timeIntervalSince(lastReview) / Self.day
        return model.retrievability(elapsedDays: days, stability: stability)
    }

    /// Whole days from one date to a later one, never negative (a clock set back counts as 0).
    public static func wholeDays(from start: Date, to end: Date) -> Int {
        let days = (end.timeIntervalSince(start) / day).rounded(.down)
        guard days.isFinite, days > 0 else { return 0 }
        return days >= Double(Int32.max) ? Int(Int32.max) : Int(days)
    }

    private func graduate(_ card: inout Card, stability: Double) -> TimeInterval {
        card.state = .review
        card.step = nil
        return dayInterval(stability)
    }

    /// The next interval in seconds: whole days, at least 1 and at most `maximumInterval`.
    private func dayInterval(_ stability: Double) -> TimeInterval {
        let days = model.interval(stability: stability, desiredRetention: desiredRetention).rounded()
        let upper = max(1, maximumInterval)
        let clamped = days.isFinite ? min(max(days, 1), Double(upper)) : Double(upper)
        return clamped * Self.day
    }

    /// py-fsrs's fuzz: intervals of 2.5 days or more move by up to ±15 % (up to 7 days), ±10 %
    /// (up to 20) and ±5 % (beyond), drawn from a generator seeded by the seed, the review time
    /// and the card's stability.
    private func fuzzed(_ interval: TimeInterval, at date: Date, stability: Double) -> TimeInterval {
        guard case .seeded(let seed) = fuzz else { return interval }
        let days = (interval / Self.day).rounded(.down)
        guard days >= 2.5 else { return interval }
        let ranges: [(start: Double, end: Double, factor: Double)] = [
            (2.5, 7, 0.15), (7, 20, 0.1), (20, .infinity, 0.05),
        ]
        var delta = 1.0
        for range in ranges {
            delta += range.factor * max(min(days, range.end) - range.start, 0)
        }
        var low = Int((days - delta).rounded())
        let high = min(Int((days + delta).rounded()), maximumInterval)
        low = min(max(2, low), high)
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        var state = seed ^ stability.bitPattern
        if milliseconds.isFinite, abs(milliseconds) < 0x1p62 { state ^= UInt64(bitPattern: Int64(milliseconds)) }
        let draw = Double(Self.splitMix(&state) >> 11) * 0x1p-53
        let picked = min(Int((draw * Double(high - low + 1)).rounded(.down)) + low, maximumInterval)
        return Double(picked) * Self.day
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
