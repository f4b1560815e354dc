import Foundation

/// One review in the log: which card, how it was rated, and the intervals around it.
public struct ReviewRecord: Codable, Sendable, Equatable {
    /// A random UUID given when the review happens, so the same review keeps its id in every
    /// export and import and a log merged from two machines holds each review once.
    public var id: String
    public var questionID: String
    public var lessonID: String
    /// 1 again, 2 hard, 3 good, 4 easy.
    public var rating: Int
    public var reviewedAt: Date
    /// Whole days since the card's previous review (0 for its first, and on the same day).
    public var elapsedDays: Int
    /// The interval this review gave, in whole days (0 for a learning step of minutes).
    public var scheduledDays: Int
    /// The card's state before this review.
    public var stateBefore: CardRecord.State

    public init(
        id: String = ReviewRecord.newID(), questionID: String, lessonID: String, rating: Int, reviewedAt: Date,
        elapsedDays: Int, scheduledDays: Int, stateBefore: CardRecord.State
    ) {
        self.id = id
        self.questionID = questionID
        self.lessonID = lessonID
        self.rating = rating
        self.reviewedAt = reviewedAt
        self.elapsedDays = elapsedDays
        self.scheduledDays = scheduledDays
        self.stateBefore = stateBefore
    }

    /// A fresh id: a random UUID in lower case.
    public static func newID() -> String {
        UUID().uuidString.lowercased()
    }

    private enum CodingKeys: String, CodingKey {
        case id, questionID, lessonID, rating, reviewedAt, elapsedDays, scheduledDays, stateBefore
    }

    /// Reads a review and refuses values no review could have.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        questionID = try container.decode(String.self, forKey: .questionID)
        lessonID = try container.decode(String.self, forKey: .lessonID)
        rating = try container.decode(Int.self, forKey: .rating)
        reviewedAt = try container.decode(Date.self, forKey: .reviewedAt)
        elapsedDays = try container.decode(Int.self, forKey: .elapsedDays)
        scheduledDays = try container.decode(Int.self, forKey: .scheduledDays)
        stateBefore = try container.decode(CardRecord.State.self, forKey: .stateBefore)
        func refuse(_ key: CodingKeys, _ rule: String) -> DecodingError {
            .dataCorruptedError(forKey: key, in: container, debugDescription: rule)
        }
        if id.isEmpty { throw refuse(.id, "an empty review id") }
        if !(1...4).contains(rating) { throw refuse(.rating, "a rating must be from 1 (again) to 4 (easy)") }
        if elapsedDays < 0 { throw refuse(.elapsedDays, "elapsed days must be 0 or more") }
        if scheduledDays < 0 { throw refuse(.scheduledDays, "scheduled days must be 0 or more") }
    }
}
