import Foundation

/// The FSRS-6 memory model: how stability and difficulty change with each review, and how
/// likely a card is to be recalled after a while.
///
/// Pure arithmetic on the 21 weights; the formulas are those of the reference implementations
/// (py-fsrs, fsrs-rs). Stability `S` is the number of days after which recall falls to 90 %;
/// difficulty `D` runs from 1 (easy) to 10 (hard). Ratings use Again = 1 ... Easy = 4.
public struct MemoryModel: Sendable, Equatable {
    /// The 21 published FSRS-6 default weights.
    public static let defaultWeights: [Double] = [
        0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
        0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
    ]
    public static let minimumStability = 0.001
    public static let difficultyRange: ClosedRange<Double> = 1...10

    /// Exactly 21 weights (a wrong count falls back to the defaults rather than trapping).
    public let weights: [Double]
    /// The exponent of the forgetting curve, `-w[20]`.
    public let decay: Double
    /// Chosen so that `R(S, S) = 0.9`: `0.9^(1/decay) - 1`.
    public let factor: Double

    public init(weights: [Double] = MemoryModel.defaultWeights) {
        self.weights = weights.count == 21 ? weights : MemoryModel.defaultWeights
        decay = -self.weights[20]
        factor = pow(0.9, 1 / decay) - 1
    }

    /// The memory state after a review: stability in days and difficulty.
    public struct State: Sendable, Equatable {
        public var stability: Double
        public var difficulty: Double

        public init(stability: Double, difficulty: Double) {
            self.stability = stability
            self.difficulty = difficulty
        }
    }

    /// The probability of recall `elapsedDays` after the last review: `(1 + factor·t/S)^decay`.
    public func retrievability(elapsedDays: Double, stability: Double) -> Double {
        pow(1 + factor * max(0, elapsedDays) / max(stability, Self.minimumStability), decay)
    }

    /// The interval, in days, after which recall is expected to fall to `desiredRetention`
    /// (not rounded): `S/factor · (r^(1/decay) - 1)`.
    public func interval(stability: Double, desiredRetention: Double) -> Double {
        stability / factor * (pow(desiredRetention, 1 / decay) - 1)
    }

    /// Stability after the first review: `w[G-1]`.
    public func initialStability(_ rating: Rating) -> Double {
        max(weights[rating.rawValue - 1], Self.minimumStability)
    }

    /// Difficulty after the first review: `w[4] - e^(w[5]·(G-1)) + 1`, clamped to [1, 10].
    public func initialDifficulty(_ rating: Rating) -> Double {
        clampDifficulty(unclampedInitialDifficulty(rating.rawValue))
    }

    /// Difficulty after a later review: a linearly damped step `-w[6]·(G-3)·(10-D)/9`, then a
    /// pull of weight `w[7]` towards the initial difficulty of an Easy card.
    public func nextDifficulty(_ difficulty: Double, _ rating: Rating) -> Double {
        let delta = -weights[6] * Double(rating.rawValue - 3)
        let damped = difficulty + delta * (10 - difficulty) / 9
        let reverted = weights[7] * unclampedInitialDifficulty(4) + (1 - weights[7]) * damped
        return clampDifficulty(reverted)
    }

    /// Stability after a review on a later day, when recall probability had fallen to `retrievability`.
    public func nextStability(
        difficulty: Double, stability: Double, retrievability: Double, rating: Rating
    ) -> Double {
        let next =
            rating == .again
            ? forgetStability(difficulty: difficulty, stability: stability, retrievability: retrievability)
            : recallStability(
                difficulty: difficulty, stability: stability, retrievability: retrievability, rating: rating)
        return max(next, Self.minimumStability)
    }

    /// Stability after a successful recall (Hard, Good or Easy).
    func recallStability(difficulty: Double, stability: Double, retrievability: Double, rating: Rating) -> Double {
        let hardPenalty = rating == .hard ? weights[15] : 1
        let easyBonus = rating == .easy ? weights[16] : 1
        return stability
            * (1 + exp(weights[8]) * (11 - difficulty) * pow(stability, -weights[9])
                * (exp(weights[10] * (1 - retrievability)) - 1) * hardPenalty * easyBonus)
    }

    /// Stability after a lapse (Again): never more than the short-term formula would leave.
    func forgetStability(difficulty: Double, stability: Double, retrievability: Double) -> Double {
        let longTerm =
            weights[11] * pow(difficulty, -weights[12]) * (pow(stability + 1, weights[13]) - 1)
            * exp(weights[14] * (1 - retrievability))
        let shortTerm = stability / exp(weights[17] * weights[18])
        return min(longTerm, shortTerm)
    }

    /// Stability after a review on the same day as the previous one: `S·e^(w[17]·(G-3+w[18]))·S^(-w[19])`,
    /// where the growth factor is at least 1 for Hard and better, so a right answer never lowers it.
    public func shortTermStability(_ stability: Double, _ rating: Rating) -> Double {
        var growth = exp(weights[17] * (Double(rating.rawValue) - 3 + weights[18])) * pow(stability, -weights[19])
        if rating >= .hard { growth = max(growth, 1) }
        return max(stability * growth, Self.minimumStability)
    }

    /// One review in a history: its rating and the whole days since the review before it
    /// (0 for a review on the same day, which uses the short-term formula; ignored for the first).
    public struct PastReview: Sendable, Equatable {
        public var rating: Rating
        public var elapsedDays: Int

        public init(_ rating: Rating, elapsedDays: Int) {
            self.rating = rating
            self.elapsedDays = elapsedDays
        }
    }

    /// The memory state a review history leads to, as fsrs-rs computes it from `delta_t` values;
    /// nil for an empty history.
    public func memoryState(reviews: [PastReview]) -> State? {
        guard let first = reviews.first else { return nil }
        var state = State(stability: initialStability(first.rating), difficulty: initialDifficulty(first.rating))
        for review in reviews.dropFirst() {
            state = next(state, rating: review.rating, elapsedDays: review.elapsedDays)
        }
        return state
    }

    /// The state after one review that is not the first: short-term on the same day, else
    /// long-term at the retrievability the elapsed days give. Difficulty changes either way.
    public func next(_ state: State, rating: Rating, elapsedDays: Int) -> State {
        let stability =
            elapsedDays < 1
            ? shortTermStability(state.stability, rating)
            : nextStability(
                difficulty: state.difficulty, stability: state.stability,
                retrievability: retrievability(elapsedDays: Double(elapsedDays), stability: state.stability),
                rating: rating)
        return State(stability: stability, difficulty: nextDifficulty(state.difficulty, rating))
    }

    private func unclampedInitialDifficulty(_ grade: Int) -> Double {
        weights[4] - exp(weights[5] * Double(grade - 1)) + 1
    }

    private func clampDifficulty(_ difficulty: Double) -> Double {
        min(max(difficulty, Self.difficultyRange.lowerBound), Self.difficultyRange.upperBound)
    }
}
