import Foundation

/// One answer the learner gave to one question.
public struct Attempt: Codable, Sendable, Equatable {
    /// Assigned by the store when the attempt is recorded; nil before.
    public var id: Int64?
    public var lessonID: String
    public var questionID: String
    /// What the learner typed (empty when skipped).
    public var answer: String
    public var correct: Bool
    public var usedHint: Bool
    public var skipped: Bool
    public var answeredAt: Date

    public init(
        id: Int64? = nil, lessonID: String, questionID: String, answer: String, correct: Bool, usedHint: Bool = false,
        skipped: Bool = false, answeredAt: Date
    ) {
        self.id = id
        self.lessonID = lessonID
        self.questionID = questionID
        self.answer = answer
        self.correct = correct
        self.usedHint = usedHint
        self.skipped = skipped
        self.answeredAt = answeredAt
    }

    private enum CodingKeys: String, CodingKey {
        case id, lessonID, questionID, answer, correct, usedHint, skipped, answeredAt
    }

    /// Writes every key, `id` as `null` when unset, so the exported shape never varies.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(lessonID, forKey: .lessonID)
        try container.encode(questionID, forKey: .questionID)
        try container.encode(answer, forKey: .answer)
        try container.encode(correct, forKey: .correct)
        try container.encode(usedHint, forKey: .usedHint)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(answeredAt, forKey: .answeredAt)
    }
}
