import Foundation

/// Where a card is in its life: never reviewed, in its first short steps, on day intervals, or
/// back in short steps after a lapse.
public enum CardState: String, CaseIterable, Sendable {
    case new, learning, review, relearning
}

/// One question's place in spaced repetition: its memory state and when it is due.
public struct Card: Sendable, Equatable {
    public var state: CardState
    /// The learning or relearning step the card is on (0-based); nil in the other states.
    public var step: Int?
    /// Days until recall falls to 90 %; nil until the first review.
    public var stability: Double?
    /// From 1 (easy) to 10 (hard); nil until the first review.
    public var difficulty: Double?
    public var due: Date
    public var lastReview: Date?
    /// Reviews so far.
    public var reps: Int
    /// Times the card was forgotten (Again) after it had graduated to day intervals.
    public var lapses: Int

    public init(
        state: CardState = .new, step: Int? = nil, stability: Double? = nil, difficulty: Double? = nil, due: Date,
        lastReview: Date? = nil, reps: Int = 0, lapses: Int = 0
    ) {
        self.state = state
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
        self.reps = reps
        self.lapses = lapses
    }

    /// A card never reviewed, due at once.
    public static func new(at date: Date) -> Card {
        Card(due: date)
    }
}
