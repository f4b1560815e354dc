/// How well the learner remembered a card, as FSRS and Anki grade a review.
public enum Rating: Int, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case again = 1
    case hard = 2
    case good = 3
    case easy = 4

    /// The rating an answer earns: wrong (or skipped) is Again, right after a hint or the
    /// explanation is Hard, right on its own is Good. Easy is only ever the learner's choice.
    public static func suggested(correct: Bool, usedHelp: Bool) -> Rating {
        guard correct else { return .again }
        return usedHelp ? .hard : .good
    }

    /// "again", "hard", "good", "easy".
    public var description: String {
        switch self {
        case .again: "again"
        case .hard: "hard"
        case .good: "good"
        case .easy: "easy"
        }
    }

    public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rawValue < rhs.rawValue }
}
