import Foundation

/// One question's spaced-repetition card as the store keeps it: its FSRS memory state and when
/// it is next due. The shell turns it into QuorumQuiz's `Card` to schedule it.
public struct CardRecord: Codable, Sendable, Equatable {
    /// new, learning, review or relearning (FSRS's card states).
    public enum State: String, Codable, Sendable, CaseIterable {
        case new, learning, review, relearning

        /// Reads a state, naming the four there are when the text is none of them.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let state = State(rawValue: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "'\(text)' is not a card state (new, learning, review or relearning)")
            }
            self = state
        }
    }

    /// The question's id from its lesson; one card per question.
    public var questionID: String
    public var lessonID: String
    public var state: State
    /// The learning or relearning step (0-based); nil in the other states.
    public var step: Int?
    /// Days until recall falls to 90 %; nil before the first review.
    public var stability: Double?
    /// From 1 to 10; nil before the first review.
    public var difficulty: Double?
    public var due: Date
    /// Nil before the first review. Import keeps, per card, the side reviewed last.
    public var lastReview: Date?
    public var reps: Int
    public var lapses: Int

    public init(
        questionID: String, lessonID: String, state: State, step: Int? = nil, stability: Double? = nil,
        difficulty: Double? = nil, due: Date, lastReview: Date? = nil, reps: Int = 0, lapses: Int = 0
    ) {
        self.questionID = questionID
        self.lessonID = lessonID
        self.state = state
        self.step = step
        self.stability = stability
        self.difficulty = difficulty
        self.due = due
        self.lastReview = lastReview
        self.reps = reps
        self.lapses = lapses
    }

    private enum CodingKeys: String, CodingKey {
        case questionID, lessonID, state, step, stability, difficulty, due, lastReview, reps, lapses
    }

    /// Reads a card and refuses values the scheduler could not use.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        questionID = try container.decode(String.self, forKey: .questionID)
        lessonID = try container.decode(String.self, forKey: .lessonID)
        state = try container.decode(State.self, forKey: .state)
        step = try container.decodeIfPresent(Int.self, forKey: .step)
        stability = try container.decodeIfPresent(Double.self, forKey: .stability)
        difficulty = try container.decodeIfPresent(Double.self, forKey: .difficulty)
        due = try container.decode(Date.self, forKey: .due)
        lastReview = try container.decodeIfPresent(Date.self, forKey: .lastReview)
        reps = try container.decode(Int.self, forKey: .reps)
        lapses = try container.decode(Int.self, forKey: .lapses)
        func refuse(_ key: CodingKeys, _ rule: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: rule)
        }
        if questionID.isEmpty { throw refuse(.questionID, "an empty question id") }
        if let step, step < 0 { throw refuse(.step, "a step must be 0 or more") }
        if let stability, !(stability > 0 && stability.isFinite) {
            throw refuse(.stability, "stability must be a number of days above 0")
        }
        if let difficulty, !(1...10).contains(difficulty) {
            throw refuse(.difficulty, "difficulty must be from 1 to 10")
        }
        if reps < 0 { throw refuse(.reps, "reps must be 0 or more") }
        if lapses < 0 { throw refuse(.lapses, "lapses must be 0 or more") }
    }

    /// Writes every key, `null` when unset, so the exported shape never varies.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(questionID, forKey: .questionID)
        try container.encode(lessonID, forKey: .lessonID)
        try container.encode(state, forKey: .state)
        try container.encode(step, forKey: .step)
        try container.encode(stability, forKey: .stability)
        try container.encode(difficulty, forKey: .difficulty)
        try container.encode(due, forKey: .due)
        try container.encode(lastReview, forKey: .lastReview)
        try container.encode(reps, forKey: .reps)
        try container.encode(lapses, forKey: .lapses)
    }
}
