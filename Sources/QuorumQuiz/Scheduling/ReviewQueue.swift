import Foundation

/// Chooses which cards a review session asks, and in what order.
///
/// Only cards due by `now` are asked. Cards from one lesson are not asked in a row: lessons take
/// turns, the lesson with the most overdue card first, each giving its most overdue card, so a
/// session mixes topics (interleaving helps learners tell similar ideas apart). A limit keeps
/// the first cards of that order, so every lesson gets its share.
public enum ReviewQueue {
    /// What the queue needs to know about a card.
    public struct Entry: Sendable, Equatable {
        public var questionID: String
        public var lessonID: String
        public var due: Date

        public init(questionID: String, lessonID: String, due: Date) {
            self.questionID = questionID
            self.lessonID = lessonID
            self.due = due
        }
    }

    /// The due entries, interleaved across lessons; only `lessonID`'s when given; at most `limit`.
    public static func order(_ entries: [Entry], now: Date, lessonID: String? = nil, limit: Int? = nil) -> [Entry] {
        let due = entries.filter { $0.due <= now && (lessonID == nil || $0.lessonID == lessonID) }
        func earlier(_ a: Entry, _ b: Entry) -> Bool {
            a.due != b.due ? a.due < b.due : (a.questionID, a.lessonID) < (b.questionID, b.lessonID)
        }
        var groups: [[Entry]] = Dictionary(grouping: due, by: \.lessonID).values.map { $0.sorted(by: earlier) }
        groups.sort { a, b in
            guard let first = a.first, let second = b.first else { return a.count > b.count }
            return earlier(first, second)
        }
        var ordered: [Entry] = []
        var round = 0
        while ordered.count < due.count {
            for group in groups where round < group.count {
                ordered.append(group[round])
            }
            round += 1
        }
        if let limit { return Array(ordered.prefix(max(0, limit))) }
        return ordered
    }
}
