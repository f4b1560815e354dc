import Foundation

/// Everything the store knows about a learner, as exported by `progress export` and `progress --json`.
///
/// The JSON shape is versioned: ``format`` is always `"quorum-progress"` and ``version`` says which
/// shape follows. A newer quorum may add keys in the same version; removing or changing one means a
/// new version. Dates are ISO-8601 UTC text with milliseconds (`2025-03-01T09:30:00.250Z`).
public struct ProgressDocument: Codable, Sendable, Equatable {
    public static let formatName = "quorum-progress"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    public var exportedAt: Date
    /// Ordered by lesson id.
    public var lessons: [LessonState]
    /// In answer order.
    public var attempts: [Attempt]

    public init(
        format: String = ProgressDocument.formatName, version: Int = ProgressDocument.currentVersion,
        exportedAt: Date, lessons: [LessonState], attempts: [Attempt]
    ) {
        self.format = format
        self.version = version
        self.exportedAt = exportedAt
        self.lessons = lessons
        self.attempts = attempts
    }
}
