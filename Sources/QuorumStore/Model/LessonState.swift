import Foundation

/// Where the learner is in one lesson.
public struct LessonState: Codable, Sendable, Equatable {
    public var lessonID: String
    /// The step the learner is on, counted from 0.
    public var currentStep: Int
    /// How many steps the lesson had when this was saved (lessons can change between sessions).
    public var stepCount: Int
    /// Once true, stays true: revisiting a finished lesson does not un-finish it.
    public var completed: Bool
    public var startedAt: Date
    public var updatedAt: Date
    /// When the lesson was first completed.
    public var completedAt: Date?

    public init(
        lessonID: String, currentStep: Int, stepCount: Int, completed: Bool, startedAt: Date, updatedAt: Date,
        completedAt: Date? = nil
    ) {
        self.lessonID = lessonID
        self.currentStep = currentStep
        self.stepCount = stepCount
        self.completed = completed
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.completedAt = completedAt
    }

    private enum CodingKeys: String, CodingKey {
        case lessonID, currentStep, stepCount, completed, startedAt, updatedAt, completedAt
    }

    /// Writes every key, `completedAt` as `null` when unset, so the exported shape never varies.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(lessonID, forKey: .lessonID)
        try container.encode(currentStep, forKey: .currentStep)
        try container.encode(stepCount, forKey: .stepCount)
        try container.encode(completed, forKey: .completed)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(completedAt, forKey: .completedAt)
    }
}
