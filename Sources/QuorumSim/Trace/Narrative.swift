/// One moment worth telling the learner about ("1.204s  n3 became leader for term 2").
public struct NarrativeLine: Sendable, Equatable {
    public var time: SimTime
    public var text: String

    public init(time: SimTime, text: String) {
        self.time = time
        self.text = text
    }
}

/// The story of a run, kept short: the first `limit` moments, then a count of the rest.
public struct Narrative: Sendable, Equatable {
    public private(set) var kept: [NarrativeLine] = []
    public private(set) var omitted = 0
    public var limit: Int

    public init(limit: Int = 16) {
        self.limit = limit
    }

    public mutating func add(_ time: SimTime, _ text: String) {
        if kept.count < limit {
            kept.append(NarrativeLine(time: time, text: text))
        } else {
            omitted += 1
        }
    }

    /// The lines to show, with a closing count of what was left out.
    public func lines(endingAt time: SimTime) -> [NarrativeLine] {
        omitted == 0 ? kept : kept + [NarrativeLine(time: time, text: "… and \(omitted) more moments like these")]
    }
}
