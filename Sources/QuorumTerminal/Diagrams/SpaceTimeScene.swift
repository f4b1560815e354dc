/// What a space-time (Lamport) diagram shows: lanes, messages between them, marks and bands.
///
/// A neutral description, independent of the engine that produced the run: the terminal
/// (`SpaceTimeDiagram`) and SVG (`SpaceTimeSVG`) renderers draw the same scene. Times are virtual
/// microseconds. Lanes are referred to by their index in `lanes`; an index out of range is drawn
/// as text only, never as a crash.
public struct SpaceTimeScene: Sendable, Equatable {
    /// Lane names in display order, e.g. `["c1", "n1", "n2", "n3"]`.
    public var lanes: [String]
    /// First instant of the window shown, in microseconds (inclusive).
    public var start: Int64
    /// Last instant of the window shown, in microseconds (inclusive).
    public var end: Int64
    public var messages: [SpaceTimeMessage]
    public var marks: [SpaceTimeMark]
    public var bands: [SpaceTimeBand]
    /// Events the producer cut off before `start`, for a footer hint.
    public var omittedBefore: Int = 0
    /// Events the producer cut off after `end`, for a footer hint.
    public var omittedAfter: Int = 0

    public init(
        lanes: [String], start: Int64, end: Int64, messages: [SpaceTimeMessage], marks: [SpaceTimeMark],
        bands: [SpaceTimeBand], omittedBefore: Int = 0, omittedAfter: Int = 0
    ) {
        self.lanes = lanes
        self.start = start
        self.end = end
        self.messages = messages
        self.marks = marks
        self.bands = bands
        self.omittedBefore = omittedBefore
        self.omittedAfter = omittedAfter
    }
}

/// A message from one lane to another and what became of it.
public struct SpaceTimeMessage: Sendable, Equatable {
    /// The id shown to the learner (`drop 12` refers to it).
    public var id: Int
    /// Index of the sending lane.
    public var from: Int
    /// Index of the receiving lane.
    public var to: Int
    public var sentAt: Int64
    public var fate: Fate
    /// Short text drawn with the arrow, e.g. `"vote? t2"`, `"append 3"`.
    public var label: String
    /// Longer text for hover titles, e.g. `"RequestVote(term: 2, lastLogIndex: 3)"`.
    public var detail: String

    public enum Fate: Sendable, Equatable {
        case delivered(at: Int64)
        case dropped(at: Int64, reason: String)
        /// Never arrived within the run.
        case inFlight
    }

    public init(id: Int, from: Int, to: Int, sentAt: Int64, fate: Fate, label: String, detail: String) {
        self.id = id
        self.from = from
        self.to = to
        self.sentAt = sentAt
        self.fate = fate
        self.label = label
        self.detail = detail
    }
}

/// Something that happened on one lane at one instant.
public struct SpaceTimeMark: Sendable, Equatable {
    /// Index of the lane.
    public var lane: Int
    public var time: Int64
    public var kind: Kind
    /// E.g. `"leader t2"`, `"timeout"`, `"crashed"`.
    public var text: String

    public enum Kind: Sendable, Equatable {
        /// The lane is down until its next `restart`.
        case crash
        case restart
        case pause
        case resume
        case timer
        case state
        case note
    }

    public init(lane: Int, time: Int64, kind: Kind, text: String) {
        self.lane = lane
        self.time = time
        self.kind = kind
        self.text = text
    }
}

/// A condition over a span of time, such as a network partition.
public struct SpaceTimeBand: Sendable, Equatable {
    public var start: Int64
    /// Nil when the condition lasts past the window.
    public var end: Int64?
    /// E.g. `"partition n1,n2 | n3"`.
    public var text: String
    /// Lanes on the cut-off side, for highlighting; may be empty.
    public var lanes: [Int]

    public init(start: Int64, end: Int64?, text: String, lanes: [Int]) {
        self.start = start
        self.end = end
        self.text = text
        self.lanes = lanes
    }
}
