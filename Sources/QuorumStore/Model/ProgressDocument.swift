import Foundation

/// Everything the store knows about a learner, as exported by `progress export` and `progress --json`.
///
/// The JSON shape is versioned: ``format`` is always `"quorum-progress"` and ``version`` says which
/// shape follows. A newer quorum may add keys in the same version; removing or changing one means a
/// new version. Dates are ISO-8601 UTC text with milliseconds (`2025-03-01T09:30:00.250Z`).
///
/// Version 2 added ``cards`` and ``reviews``; a version 1 document still reads, with none of either.
public struct ProgressDocument: Codable, Sendable, Equatable {
    public static let formatName = "quorum-progress"
    public static let currentVersion = 2

    public var format: String
    public var version: Int
    public var exportedAt: Date
    /// Ordered by lesson id.
    public var lessons: [LessonState]
    /// In answer order.
    public var attempts: [Attempt]
    /// Spaced-repetition cards, ordered by question id.
    public var cards: [CardRecord]
    /// The review log, in review order.
    public var reviews: [ReviewRecord]

    public init(
        format: String = ProgressDocument.formatName, version: Int = ProgressDocument.currentVersion,
        exportedAt: Date, lessons: [LessonState], attempts: [Attempt], cards: [CardRecord] = [],
        reviews: [ReviewRecord] = []
    ) {
        self.format = format
        self.version = version
        self.exportedAt = exportedAt
        self.lessons = lessons
        self.attempts = attempts
        self.cards = cards
        self.reviews = reviews
    }

    private enum CodingKeys: String, CodingKey {
        case format, version, exportedAt, lessons, attempts, cards, reviews
    }

    /// Reads any version up to ``currentVersion``: `cards` and `reviews` are required from
    /// version 2 on and empty in a version 1 document.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        version = try container.decode(Int.self, forKey: .version)
        exportedAt = try container.decode(Date.self, forKey: .exportedAt)
        lessons = try container.decode([LessonState].self, forKey: .lessons)
        attempts = try container.decode([Attempt].self, forKey: .attempts)
        if version >= 2 {
            cards = try container.decode([CardRecord].self, forKey: .cards)
            reviews = try container.decode([ReviewRecord].self, forKey: .reviews)
        } else {
            cards = []
            reviews = []
        }
    }
}
